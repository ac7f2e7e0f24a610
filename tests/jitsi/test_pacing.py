"""The live client paces bulk actions to the deployment's c2s limit and reports each send."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from slixmpp import ClientXMPP
from slixmpp.xmlstream.tostring import tostring

from tui.jitsi.client import ClientSettings, JitsiClient
from tui.model.commands import SendMove
from tui.model.events import CommandsSent
from tui.model.pacing import BURST, C2S_RATE, PACED_RATE, websocket_frame_bytes

BREAKOUT = "breakout.meet.jit.si"


class _Wire:
    """Records what the client writes, at the fake time it writes it."""

    def __init__(self) -> None:
        self.client: JitsiClient | None = None
        self.now = 0.0
        self.writes: list[tuple[float, int]] = []
        self.order: list[str] = []

    async def sleep(self, seconds: float) -> None:
        self.now += seconds

    def send_xml(self, element: Element) -> None:
        self.writes.append((self.now, websocket_frame_bytes(len(tostring(element).encode()))))
        self.order.append("wire:" + element[0].get("participantJid", ""))
        # The component's update shows the move done at once: the in-flight window stays open.
        client = self.client
        assert client is not None
        room = element[0].get("roomJid", "").lower()
        members = client.actions._members_by_room.get(room, frozenset())
        client.actions._members_by_room[room] = members | {element[0].get("participantJid", "")}


def _client(wire: _Wire, sink: Callable[[Any], None]) -> JitsiClient:
    xmpp = ClientXMPP("meet.jit.si", "")
    xmpp.register_plugin("xep_0030")
    client = JitsiClient(
        xmpp, ClientSettings(domain="meet.jit.si", muc="conference.x", room="r"), sink
    )
    client.components.addresses["breakout_rooms"] = BREAKOUT
    client.xmpp.send_xml = wire.send_xml  # type: ignore[method-assign]
    client.actions._now = lambda: wire.now
    client.actions._sleep = wire.sleep
    wire.client = client
    return client


def _moves(count: int) -> list[SendMove]:
    room = f"{uuid.uuid4()}@{BREAKOUT}"
    return [
        SendMove(f"{i:08x}", f"{uuid.uuid4()}@meet.jit.si/Tm3ydEDCjkKm", "room", room)
        for i in range(count)
    ]


async def test_1000_moves_go_out_under_the_limit_and_no_slower() -> None:
    wire, events = _Wire(), []
    moves = _moves(1000)

    def sink(event: Any) -> None:
        events.append(event)
        if isinstance(event, CommandsSent):
            wire.order += ["sent:" + c.participant_jid for c in event.commands]  # type: ignore[union-attr]

    client = _client(wire, sink)
    await client.send(moves)

    # Each is reported sent right after it was written, in order.
    expected = [
        x for m in moves for x in ("wire:" + m.participant_jid, "sent:" + m.participant_jid)
    ]
    assert wire.order == expected
    # Never more than one read's burst plus the paced rate: Prosody never has to stop reading.
    total = 0
    for index, (at, size) in enumerate(wire.writes):
        total += size
        assert total <= BURST + PACED_RATE * at + 1, f"write {index} at {at:.2f} s is early"
    assert PACED_RATE < C2S_RATE
    # And no slower than that: the last move leaves when the budget first allows it.
    last = wire.writes[-1][0]
    assert last <= (total - BURST) / PACED_RATE + 0.05
    assert 28 < last < 32  # ~284 bytes a move at 9.5 kB/s


def test_the_simulation_counts_breakout_stanzas_as_the_live_client_writes_them() -> None:
    from tui.jitsi.breakout import BreakoutCommand, command_element
    from tui.model.commands import SendAddRoom, SendRemoveRoom, SendRenameRoom
    from tui.model.pacing import stanza_bytes

    room = f"{uuid.uuid4()}@{BREAKOUT}"
    commands: tuple[BreakoutCommand, ...] = (
        *_moves(3),
        SendAddRoom("Breakout room #12", frozenset()),
        SendRemoveRoom("r", room),
        SendRenameRoom("r", room, "Team Ö"),
    )
    for command in commands:
        live = websocket_frame_bytes(len(tostring(command_element(command, BREAKOUT)).encode()))
        assert stanza_bytes(command, BREAKOUT) == live, command
