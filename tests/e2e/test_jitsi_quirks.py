"""Jitsi's own Prosody modules, quirks included, against the console (real Prosody, stand-ins).

The lobby module drops the IQ result of a kick in the lobby room (it lets only presences,
disco#info and messages from the lobby domain through to clients), so a deny is confirmed by
the knocker's unavailable presence, never by an answer that cannot come.

The breakout-rooms, AV-moderation and end-conference components answer a refused command with
nothing of their own: Prosody bounces it as service-unavailable (PROTOCOL.md §5.10), which the
console must report as that command's failure at once, not as "not confirmed" later.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.conftest import until
from tests.e2e.test_moderation import _knock, meeting
from tests.stack.focus import JitsiStack
from tests.stack.muc_admin import set_affiliation
from tui.jitsi import actions
from tui.model.commands import Command
from tui.model.conference import ConnectionState, Media
from tui.model.events import ConnectionChanged
from tui.model.intents import AddRoom, Deny, EndMeeting, SetAvModeration, SetLobby, SetModerator
from tui.model.progress import NOT_CONFIRMED
from tui.model.reduce import plan
from tui.session import Change

pytestmark = pytest.mark.stack

IQ_WAIT = 1.0
"""A short IQ timeout for the test, so waiting past it is quick."""


async def test_deny_is_confirmed_and_never_reported_failed_later(
    jitsi_stack: JitsiStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "IQ_TIMEOUT", IQ_WAIT)
    async with meeting(jitsi_stack, 0) as m:
        outcome = await m.session.perform(SetLobby(True))
        assert outcome.ok, outcome
        bob = await _knock(m, "Bob")
        failed: list[tuple[Command, str]] = []

        def listen(change: Change) -> None:
            failed.extend(change.failed)

        m.session.subscribe(listen)
        outcome = await m.session.perform(Deny((bob.nick,)))
        assert outcome.ok, outcome
        await bob.wait_for(lambda: bob.kicked)
        assert bob.nick not in m.session.conference.knocking
        await asyncio.sleep(3 * IQ_WAIT)  # well past the moment an unanswered IQ gives up
        assert failed == [], "the deny worked and was confirmed; nothing may call it failed"


async def test_a_fresh_join_after_the_meeting_ended(jitsi_stack: JitsiStack) -> None:
    """What the banner's retry key does: the same gateway joins again from scratch."""
    async with meeting(jitsi_stack, 1) as m:
        outcome = await m.session.perform(EndMeeting())
        assert outcome.ok, outcome
        assert m.session.conference.connection is ConnectionState.ENDED
        m.session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "retrying"))
        await m.session.connect()
        await until(m.session, lambda: m.session.conference.connection is ConnectionState.CONNECTED)
        gateway: Any = m.session.gateway
        assert gateway.client is not None and gateway.xmpp is not None


async def test_a_command_the_component_refuses_fails_at_once_with_its_reason(
    jitsi_stack: JitsiStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A moderator demotes the console as it sends: the component refuses, the user is told."""
    async with meeting(jitsi_stack, 1) as m:
        [alice] = m.guests
        outcome = await m.session.perform(SetModerator(alice.nick))
        assert outcome.ok, outcome
        await alice.wait_for(lambda: alice.role == "moderator")
        # The race, made certain: the console plans with the picture from before the demotion.
        believed = m.session.conference
        monkeypatch.setattr(m.session, "plan", lambda intent: plan(believed, intent))
        gateway: Any = m.session.gateway
        await set_affiliation(alice, m.main_jid, str(gateway.xmpp.boundjid.bare), "member")
        await until(m.session, lambda: not m.session.conference.am_moderator)
        failed: list[tuple[Command, str]] = []
        m.session.subscribe(lambda change: failed.extend(change.failed))

        outcomes = await asyncio.gather(
            m.session.perform(AddRoom("Refused")),
            m.session.perform(SetAvModeration(Media.AUDIO, True)),
        )

        reasons = [reason for outcome in outcomes for _, reason in outcome.failed]
        assert reasons == [
            "the breakout-rooms component refused: service-unavailable (not a moderator of this "
            "meeting, or a command it does not know)",
            "the AV-moderation component refused: service-unavailable (not a moderator of this "
            "meeting, or a command it does not know)",
        ]
        assert set(m.session.conference.rooms) == {m.session.conference.main_room}
        # Told once each, when the bounce came: without it both would wait out the
        # confirmation deadline and end as NOT_CONFIRMED.
        assert [reason for _, reason in failed] == reasons
        assert NOT_CONFIRMED not in str(failed)
