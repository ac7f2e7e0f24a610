"""Jitsi's own Prosody modules, quirks included, against the console (real Prosody, stand-ins).

The lobby module drops the IQ result of a kick in the lobby room (it lets only presences,
disco#info and messages from the lobby domain through to clients), so a deny is confirmed by
the knocker's unavailable presence, never by an answer that cannot come.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.conftest import until
from tests.e2e.test_moderation import _knock, meeting
from tests.stack.focus import JitsiStack
from tui.jitsi import actions
from tui.model.commands import Command
from tui.model.conference import ConnectionState
from tui.model.events import ConnectionChanged
from tui.model.intents import Deny, EndMeeting, SetLobby
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
