"""The console's own client (tui.jitsi.client.JitsiClient) against the stand-ins, unchanged.

It must not be able to tell them from a Jitsi deployment: discovery, the conference request
(with retry), auto-owner, Jingle acks and the breakout updates.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.stack.focus import JitsiStack
from tests.stack.waiting import wait_until
from tests.stack.webclient import WebParticipant
from tui.jitsi.client import ClientSettings, JitsiClient
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.conference import Feature, Role
from tui.model.events import Joined, ParticipantPresent, RoomsSnapshot

pytestmark = pytest.mark.stack


class Console:
    """A JitsiClient over WebSocket with a list as its event sink."""

    def __init__(self, stack: JitsiStack, room: str) -> None:
        prosody = stack.prosody
        self.events: list[Any] = []
        self.xmpp = WebSocketXMPP(prosody.domain, endpoint=prosody.ws_url, room=room)
        self.client = JitsiClient(
            self.xmpp,
            ClientSettings(domain=prosody.domain, muc=prosody.muc, room=room),
            self.events.append,
        )

    def me(self) -> ParticipantPresent | None:
        """The newest presence event about the console itself."""
        mine = [
            e
            for e in self.events
            if isinstance(e, ParticipantPresent) and e.participant.id == self.client.nick
        ]
        return mine[-1] if mine else None


@pytest.fixture
async def console(jitsi_stack: JitsiStack) -> AsyncIterator[Console]:
    made = Console(jitsi_stack, f"console-{secrets.token_hex(4)}")
    await made.xmpp.start_session(timeout=10)
    try:
        yield made
    finally:
        made.xmpp.disconnect()
        await made.xmpp.disconnected


async def _until(condition: Any, timeout: float = 5.0) -> Any:
    # The sink is a plain list filled by the client's callbacks: poll it, bounded.
    return await wait_until(condition, timeout, "console event")


async def test_console_discovers_joins_and_becomes_moderator(
    console: Console, jitsi_stack: JitsiStack
) -> None:
    await console.client.join()
    joined = next(e for e in console.events if isinstance(e, Joined))
    assert Feature.BREAKOUT in joined.features and Feature.RENAME in joined.features
    assert console.client.components.breakout == jitsi_stack.prosody.breakout_muc
    await _until(lambda: (me := console.me()) and me.participant.role is Role.MODERATOR)


async def test_console_acks_jingle_and_never_accepts(
    console: Console, jitsi_stack: JitsiStack
) -> None:
    await console.client.join()
    room = console.client.settings.room
    guest = WebParticipant(jitsi_stack.prosody, room, "Guest")
    await guest.join()
    try:
        focus = jitsi_stack.focus
        room_jid = console.client.settings.room_jid
        offers = await focus.wait_for(
            lambda: [
                o for o in focus.offers_to(room_jid, console.client.nick) if o.outcome != "pending"
            ]
        )
        assert [o.outcome for o in offers] == ["result"]
        assert offers[0].sid in console.client.jingle_sessions
        assert not [
            r for r in focus.jingle_received if r.room == room_jid and r.action == "session-accept"
        ]
    finally:
        await guest.leave()


async def test_console_retries_when_the_focus_is_not_ready(
    console: Console, jitsi_stack: JitsiStack
) -> None:
    room_jid = console.client.settings.room_jid
    jitsi_stack.focus.answer_not_ready(room_jid, 1)
    await console.client.join()
    answers = [r.answer for r in jitsi_stack.focus.requests if r.room == room_jid]
    assert answers == ["not-ready", "ready"]


async def test_console_receives_breakout_updates(console: Console, jitsi_stack: JitsiStack) -> None:
    await console.client.join()
    await _until(lambda: (me := console.me()) and me.participant.role is Role.MODERATOR)
    console.xmpp.send_raw(
        f'<message xmlns="jabber:client" to="{jitsi_stack.prosody.breakout_muc}">'
        '<breakout_rooms type="features/breakout-rooms/add" subject="Group A"/></message>'
    )
    snapshot = await _until(
        lambda: [e for e in console.events if isinstance(e, RoomsSnapshot)], 1.5
    )
    assert [r.name for r in snapshot[-1].rooms] == ["", "Group A"]


async def test_console_sees_a_web_participants_hand_and_microphone(
    console: Console, jitsi_stack: JitsiStack
) -> None:
    await console.client.join()
    guest = WebParticipant(jitsi_stack.prosody, console.client.settings.room, "Guest")
    await guest.join()
    try:

        def seen() -> Any:
            found = [
                e.participant
                for e in console.events
                if isinstance(e, ParticipantPresent) and e.participant.id == guest.nick
            ]
            return found[-1] if found else None

        first = await _until(seen)
        assert (first.name, first.audio_muted, first.hand_raised_at) == ("Guest", True, None)
        assert first.jid == guest.jid
        await guest.set_hand(True)
        await guest.set_muted(audio=False)
        latest = await _until(lambda: (p := seen()) and not p.audio_muted and p)
        assert latest.hand_raised_at == guest.hand_raised_at > 0
        await guest.set_hand(False)
        await _until(lambda: (p := seen()) and p.hand_raised_at is None)
    finally:
        await guest.leave()
