"""Against the real Prosody of the test stack, room presences take the lane.

The lane needs Prosody's framing (each stanza in a frame of its own, naming ``jabber:client``);
if the server framed stanzas otherwise, the lane would silently never be taken and the console
would lose the speed the ingest benchmark shows. Here the console, joined as a user would be,
watches people come in and change, and the lane must have carried their presences.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

import pytest

from tests.e2e.conftest import fresh_room, open_console, until
from tests.stack.focus import JitsiStack
from tests.stack.webclient import leave_all, spawn

pytestmark = pytest.mark.stack


async def test_prosodys_room_presences_take_the_lane(jitsi_stack: JitsiStack) -> None:
    room = fresh_room("lane")
    session = await open_console(jitsi_stack.prosody, room)
    xmpp = session.gateway.xmpp  # type: ignore[attr-defined]
    take = xmpp.presence_lane
    assert take is not None
    taken: list[str] = []

    def counting(elem: Element) -> bool:
        took: bool = take(elem)
        if took:
            taken.append(elem.get("from", ""))
        return took

    xmpp.presence_lane = counting
    guests = await spawn(jitsi_stack.prosody, room, 3)
    try:
        await until(
            session,
            lambda: all(g.nick in session.conference.participants for g in guests),
            timeout=10,
        )
        assert {f"{room}@{jitsi_stack.prosody.muc}/{g.nick}" for g in guests} <= set(taken)
    finally:
        await leave_all(guests)
        await session.disconnect()
