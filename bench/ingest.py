"""Ingest of a presence join storm: floor (a), slixmpp (b), console (c), fast lane (c'), UI (d).

(a) a bare ``xml.etree`` pull parser reading the stanzas: the floor of any Python client.
(b) a stock slixmpp ``ClientXMPP`` with xep_0045 (MUC) fed the same frames: the library floor.
(c) the console's path from bytes to model: its ``WebSocketXMPP`` (plugins as in production),
    ``JitsiClient`` handlers, ``parse_presence``, ``ConsoleSession.handle`` → ``apply``.
(c') (c) with the prototype presence lane of :mod:`bench.fastpath`.
(d) the headless app fed the same frames: until the participants table lists all N, and until
    the next frame is written (see :mod:`bench.ui`).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from xml.etree.ElementTree import XMLPullParser

from bench.fastpath import FastPresenceXMPP, install
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
    parser = XMLPullParser(events=("start", "end"))
    parser.feed(inbound_frame(OPEN_FRAME).encode())
    depth = 0
    stanzas = 0
    for chunk in data:
        parser.feed(chunk)
        for event, elem in parser.read_events():
            if event == "start":
                depth += 1
            else:
                depth -= 1
                if depth == 1:
                    stanzas += 1
                    elem.clear()
    elapsed = time.perf_counter() - start
    assert stanzas == len(frames), stanzas
    return elapsed


async def slixmpp_muc(frames: list[str]) -> float:
    """(b) Seconds for stock slixmpp + xep_0045 to dispatch every presence."""
    xmpp = offline_xmpp(muc=True)
    seen: list[object] = []
    xmpp.add_event_handler("groupchat_presence", seen.append)
    start = time.perf_counter()
    feed(xmpp, frames)
    await _drain()
    elapsed = time.perf_counter() - start
    assert len(seen) == len(frames), len(seen)
    return elapsed


async def console_model(frames: list[str], *, fast: bool = False) -> float:
    """(c) Seconds from bytes to the console's model holding all N participants."""
    session = ConsoleSession(BenchGateway())
    cls = FastPresenceXMPP if fast else None
    xmpp, client = console_xmpp(session.handle, **({"cls": cls} if cls else {}))
    if fast:
        install(xmpp, client)  # type: ignore[arg-type]
    start = time.perf_counter()
    feed(xmpp, frames)
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


def run_async(factory: Callable[[], object]) -> float:
    return asyncio.run(factory())  # type: ignore[arg-type]
