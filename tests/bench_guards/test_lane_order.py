"""Presences that take the lane are applied in wire order among the stanzas slixmpp handles.

A presence between a message and an IQ result must reach the model after the message and
before the IQ's answer is acted on, as when everything went through slixmpp. The frames go
through the transport itself (:class:`~tui.jitsi.websocket.WebSocketTransport` reading a
scripted socket), so the wiring of the lane in production is what is tested.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from bench.harness import SETTINGS, NullTransport
from bench.stream import MUC, OPEN_FRAME, ROOM, people, presence
from tui.jitsi.client import JitsiClient
from tui.jitsi.websocket import WebSocketTransport
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.events import ParticipantLeft, ParticipantPresent, SubjectChanged

ME = "console-1234@meet.jitsi/Cons0le"
CROWD = people(2)


def subject(text: str) -> str:
    return (
        f'<message xmlns="jabber:client" type="groupchat" from="{ROOM}@{MUC}" to="{ME}">'
        f"<subject>{text}</subject></message>"
    )


def result(iq_id: str) -> str:
    return f'<iq xmlns="jabber:client" type="result" id="{iq_id}" from="meet.jitsi" to="{ME}"/>'


def leave(nick: str) -> str:
    return (
        f'<presence xmlns="jabber:client" type="unavailable" from="{ROOM}@{MUC}/{nick}" '
        f'to="{ME}"><x xmlns="http://jabber.org/protocol/muc#user">'
        f'<item affiliation="none" role="none"/></x></presence>'
    )


WIRE = [
    subject("first"),
    presence(CROWD[0], seq=1),
    result("q1"),
    presence(CROWD[0], audio_muted=False, seq=2),
    subject("second"),
    presence(CROWD[1], seq=3),
    result("q2"),
    leave(CROWD[0].nick),
]
EXPECTED = [
    ("subject", "first"),
    ("present", CROWD[0].nick, True),
    ("iq", "q1"),
    ("present", CROWD[0].nick, False),
    ("subject", "second"),
    ("present", CROWD[1].nick, True),
    ("iq", "q2"),
    ("left", CROWD[0].nick),
]


class ScriptedSocket:
    """The part of ``aiohttp.ClientWebSocketResponse`` the transport uses: frames from a list."""

    def __init__(self, frames: list[str]) -> None:
        self.frames = frames
        self.sent: list[str] = []
        self.close_code = 1000

    def __aiter__(self) -> ScriptedSocket:
        return self

    async def __anext__(self) -> aiohttp.WSMessage:
        await asyncio.sleep(0)  # one frame per read, as a socket delivers them
        if not self.frames:
            raise StopAsyncIteration
        return aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, self.frames.pop(0), None)

    async def send_str(self, data: str) -> None:
        self.sent.append(data)

    async def close(self) -> None:
        self.frames.clear()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default


class NoSession:
    async def close(self) -> None:
        pass


async def wire_order(*, lane: bool) -> tuple[list[tuple[Any, ...]], int]:
    """What the console did, in order, with the frames read off a socket; and lane takes."""
    order: list[tuple[Any, ...]] = []

    def sink(event: Any) -> None:
        if isinstance(event, SubjectChanged):
            order.append(("subject", event.name))
        elif isinstance(event, ParticipantPresent):
            order.append(("present", event.participant.id, event.participant.audio_muted))
        elif isinstance(event, ParticipantLeft):
            order.append(("left", event.id))

    xmpp = WebSocketXMPP("meet.jitsi", endpoint="ws://127.0.0.1:1/xmpp-websocket", room=ROOM)
    client = JitsiClient(xmpp, SETTINGS, sink)
    client.nick = "cons0le0"
    taken = [0]
    take = xmpp.presence_lane
    assert take is not None

    def counting(elem: Any) -> bool:
        took = take(elem)
        taken[0] += took
        return took

    xmpp.presence_lane = counting if lane else None
    xmpp.connection_made(NullTransport(), send_event=False)  # type: ignore[arg-type]
    for iq_id in ("q1", "q2"):
        iq = xmpp.make_iq_get(queryxmlns="urn:xmpp:ping", ito="meet.jitsi")
        iq["id"] = iq_id
        iq.send(callback=lambda reply: order.append(("iq", reply["id"])))
    socket = ScriptedSocket([OPEN_FRAME, *WIRE])
    transport = WebSocketTransport(
        xmpp,
        NoSession(),  # type: ignore[arg-type]
        socket,  # type: ignore[arg-type]
        domain="meet.jitsi",
        url="ws://127.0.0.1:1/xmpp-websocket",
        lane=xmpp.presence_frame,
    )
    transport.start()
    await asyncio.wait_for(transport.closed.wait(), 10)
    return order, taken[0]


@pytest.mark.parametrize("lane", [False, True], ids=["slixmpp", "lane"])
async def test_a_presence_between_a_message_and_an_iq_result_is_applied_between_them(
    lane: bool,
) -> None:
    order, taken = await wire_order(lane=lane)
    assert order == EXPECTED
    assert taken == (4 if lane else 0)
