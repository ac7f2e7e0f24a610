"""The transport's presence lane yields exactly the events slixmpp's path yields.

Both consoles are the production one (``WebSocketXMPP`` + ``JitsiClient``) fed the same frames
through :func:`tui.jitsi.websocket.receive_frame`; one with the lane, one with every frame
going into slixmpp (what the console did before the lane). The lane must also really be taken,
or the comparison would prove nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any
from xml.etree.ElementTree import Element

import pytest

import tui.jitsi.client as client_module
from bench.harness import console_xmpp, feed
from bench.stream import MUC, ROOM, join_storm, people, presence
from tui.model.events import Event

ME = "console-1234@meet.jitsi/Cons0le"


def stream() -> list[str]:
    crowd = people(5)
    return [
        *join_storm(5),
        presence(crowd[1], audio_muted=False, hand=1767225600123),
        f'<presence xmlns="jabber:client" type="unavailable" from="{ROOM}@{MUC}/{crowd[2].nick}" '
        f'to="{ME}"><x xmlns="http://jabber.org/protocol/muc#user">'
        f'<item affiliation="none" role="none"/></x></presence>',
        # not from the MUC: neither lane may turn it into an event
        f'<presence xmlns="jabber:client" from="friend@meet.jitsi/x" to="{ME}"/>',
        f'<message xmlns="jabber:client" type="groupchat" from="{ROOM}@{MUC}">'
        f"<subject>Standup</subject></message>",
    ]


async def run(frames: list[str], *, lane: bool) -> tuple[list[Event], int, Any]:
    """Events the console emits, how many frames the lane took, and the slixmpp client."""
    seen: list[Event] = []
    xmpp, _client = console_xmpp(seen.append)
    taken = [0]
    take = xmpp.presence_lane
    assert take is not None, "JitsiClient did not install the presence lane"

    def counting(elem: Element) -> bool:
        took = take(elem)
        taken[0] += took
        return took

    xmpp.presence_lane = counting
    feed(xmpp, frames, lane=lane)
    for _ in range(3):
        await asyncio.sleep(0)
    return seen, taken[0], xmpp


async def test_the_lane_and_slixmpp_give_the_same_events() -> None:
    (slow, slow_taken, _), (fast, fast_taken, _) = (
        await run(stream(), lane=False),
        await run(stream(), lane=True),
    )
    assert len(slow) == 8  # 5 joins, 1 change, 1 leave, 1 subject
    assert fast == slow
    assert slow_taken == 0
    assert fast_taken == 7  # every room presence; the foreign one and the message are not


async def test_the_lane_keeps_occupants_out_of_slixmpps_roster() -> None:
    """slixmpp's roster grew by every occupant although nothing reads it."""
    _, _, slow = await run(join_storm(50), lane=False)
    _, _, fast = await run(join_storm(50), lane=True)

    def occupants(xmpp: Any) -> int:
        owner = xmpp.roster[ME.split("/", maxsplit=1)[0]]
        return len(owner[f"{ROOM}@{MUC}"].resources) if f"{ROOM}@{MUC}" in owner else 0

    assert occupants(slow) == 50
    assert occupants(fast) == 0


async def test_a_second_presence_listener_turns_the_lane_off() -> None:
    """Anything else listening to presences must not miss them: the lane stands aside."""
    heard: list[Any] = []
    seen: list[Event] = []
    xmpp, _client = console_xmpp(seen.append)
    xmpp.add_event_handler("presence", heard.append)
    feed(xmpp, join_storm(3))
    assert len(heard) == 3
    assert len(seen) == 3


async def test_a_failing_handler_is_logged_and_the_stream_reads_on(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As slixmpp does with a handler that raises: log it, carry on with the next frame."""
    seen: list[Event] = []
    xmpp, _client = console_xmpp(seen.append)
    calls = [0]

    def broken(elem: Element, **_: object) -> None:
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError("a bug")
        return None

    monkeypatch.setattr(client_module, "lobby_presence", broken)
    feed(xmpp, join_storm(3))
    assert len(seen) == 2
    assert "the presence handler failed" in caplog.text
