"""Ingest of a presence join storm: bare parser (a), slixmpp (b), the console (c).

All three do the same work on the same frames: read N presence stanzas and hand each one to
one consumer.

(a) a bare ``xml.etree`` pull parser reading the stanzas: the floor of any Python client, and
    the figure the goal is set against (the console ≤ 3× (a)).
(b) a stock slixmpp ``ClientXMPP`` (no plugins) dispatching every presence to one event
    handler: what the library costs before any application code.
(c) the console's path from frames to model, as in production: its ``WebSocketXMPP`` with the
    transport's presence lane (``tui.jitsi.websocket.receive_frame``), ``JitsiClient``,
    ``parse_presence``, ``ConsoleSession.handle`` → ``apply``.
(c0) (c) with the lane switched off: every frame through slixmpp (the console before the lane).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from xml.etree.ElementTree import Element, XMLPullParser

from bench.gateway import BenchGateway
from bench.harness import console_xmpp, feed, offline_xmpp
from bench.stream import OPEN_FRAME
from tui.jitsi.websocket import inbound_frame
from tui.session import ConsoleSession


async def _drain() -> None:
    # coroutine event handlers slixmpp scheduled: let them run, they are part of the cost
    for _ in range(3):
        await asyncio.sleep(0)


def floor_parser(frames: list[str]) -> float:
    """(a) Seconds to pull-parse the stream into N stanza elements."""
    data = [f.encode() for f in frames]
    start = time.perf_counter()
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    parser.feed(inbound_frame(OPEN_FRAME).encode())
    depth = 0
    stanzas = 0
    for chunk in data:
        parser.feed(chunk)
        # typeshed's read_events also yields the 1-tuples of events not asked for here; the
        # floor's loop stays as it is (no per-event check), hence the ignore
        for event, elem in parser.read_events():  # type: ignore[misc]
            if event == "start":
                depth += 1
            else:
                depth -= 1
                if depth == 1:
                    stanzas += 1
                    elem.clear()  # type: ignore[union-attr]
    elapsed = time.perf_counter() - start
    assert stanzas == len(frames), stanzas
    return elapsed


async def slixmpp_alone(frames: list[str]) -> float:
    """(b) Seconds for stock slixmpp to dispatch every presence to one handler."""
    xmpp = offline_xmpp()
    seen: list[object] = []
    xmpp.add_event_handler("presence", seen.append)
    start = time.perf_counter()
    feed(xmpp, frames)
    await _drain()
    elapsed = time.perf_counter() - start
    assert len(seen) == len(frames), len(seen)
    return elapsed


async def console_model(frames: list[str], *, lane: bool = True) -> float:
    """(c) Seconds from frames to the console's model holding all N participants."""
    session = ConsoleSession(BenchGateway())
    xmpp, _client = console_xmpp(session.handle)
    start = time.perf_counter()
    feed(xmpp, frames, lane=lane)
    await _drain()
    elapsed = time.perf_counter() - start
    assert len(session.conference.participants) == len(frames)
    return elapsed


def best(runs: int, measure: Callable[[], float]) -> float:
    """The fastest of ``runs`` measurements (others are noise: GC, the other core)."""
    results = []
    for _ in range(runs):
        gc.collect()
        results.append(measure())
    return min(results)
