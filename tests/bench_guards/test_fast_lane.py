"""The benchmark's presence lane (bench/fastpath.py) yields exactly slixmpp's events.

It is a prototype for tui/jitsi/client.py; this keeps the numbers it produces honest.
"""

from __future__ import annotations

import asyncio

from bench.fastpath import FastPresenceXMPP, install
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


async def events(fast: bool) -> list[Event]:
    seen: list[Event] = []
    if fast:
        xmpp, client = console_xmpp(seen.append, cls=FastPresenceXMPP)
        assert isinstance(xmpp, FastPresenceXMPP)
        install(xmpp, client)
    else:
        xmpp, client = console_xmpp(seen.append)
    feed(xmpp, stream())
    for _ in range(3):
        await asyncio.sleep(0)
    return seen


async def test_fast_lane_and_slixmpp_give_the_same_events() -> None:
    slow, fast = await events(False), await events(True)
    assert len(slow) == 8  # 5 joins, 1 change, 1 leave, 1 subject
    assert fast == slow
