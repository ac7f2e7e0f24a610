"""The console's UI under load, measured where the user sees it: at the terminal write.

:class:`RecordingDriver` is Textual's headless driver with the headless flag off, so the app
renders and writes frames exactly as on a terminal; every ``write`` is timestamped and offered
to a probe. Keys enter through ``Driver.process_message``, the path a real driver's input
thread uses. Figures:

* :func:`ui_ingest` — (d): a join storm fed to slixmpp in TCP-read-sized chunks; time from the
  last stanza until the participants table holds all N, and until that frame is written.
* :func:`interactivity` — keypress → written frame latency while presences keep arriving.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from textual import events
from textual.drivers.headless_driver import HeadlessDriver

from bench.gateway import BenchGateway
from bench.harness import console_xmpp, feed, p95, presence_changes
from bench.stream import MUC, ROOM, join_storm, people
from tui.model.conference import Role
from tui.model.events import RoomsSnapshot, SnapshotMember, SnapshotRoom
from tui.ui.app import ConsoleApp
from tui.ui.widgets.participants_table import ParticipantsTable

SIZE = (120, 40)
CHUNK = 16
"""Frames handed over per event-loop turn (what one socket read typically carries)."""


class RecordingDriver(HeadlessDriver):
    """A headless driver that lets the app render, and timestamps what it writes."""

    probe: Callable[[float], None] | None = None

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        now = time.perf_counter()
        self.written = getattr(self, "written", 0) + len(data)
        if self.probe is not None:
            self.probe(now)


def _app(gateway: BenchGateway) -> ConsoleApp:
    app = ConsoleApp(gateway, serve_control=False)
    app.driver_class = RecordingDriver
    return app


async def _table(app: ConsoleApp) -> ParticipantsTable:
    from textual.css.query import NoMatches

    for _ in range(500):
        try:
            return app.screen.query_one(ParticipantsTable)
        except NoMatches:
            await asyncio.sleep(0.01)
    raise TimeoutError("the participants table never appeared")


def _driver(app: ConsoleApp) -> RecordingDriver:
    driver = app._driver
    assert isinstance(driver, RecordingDriver)
    return driver


@dataclass
class IngestResult:
    """(d) figures, seconds after the last stanza was handed to slixmpp."""

    feed: float = 0.0
    table: float = 0.0
    painted: float = 0.0


async def _ui_ingest(n: int) -> IngestResult:
    frames = join_storm(n)
    gateway = BenchGateway()
    app = _app(gateway)
    result = IngestResult()
    done = asyncio.Event()

    async def scenario(pilot: object) -> None:
        await gateway.connected.wait()
        table = await _table(app)
        xmpp, _client = console_xmpp(gateway.deliver)  # with the presence lane, as in production
        driver = _driver(app)
        marks: dict[str, float] = {}

        def probe(now: float) -> None:
            if "last" in marks and table.row_count == n and "painted" not in marks:
                marks["painted"] = now
                done.set()

        def refreshed() -> None:
            original()
            if table.row_count == n and "table" not in marks:
                marks["table"] = time.perf_counter()

        original = app._refresh_panes
        app._refresh_panes = refreshed  # type: ignore[method-assign]
        await asyncio.sleep(0.2)  # first paint and layout out of the way
        driver.probe = probe
        start = time.perf_counter()
        for i in range(0, n, CHUNK):
            feed(xmpp, frames[i : i + CHUNK])
            await asyncio.sleep(0)
        marks["last"] = time.perf_counter()
        gateway.joined()
        if table.row_count == n:
            marks.setdefault("table", marks["last"])
        await asyncio.wait_for(done.wait(), 60)
        result.feed = marks["last"] - start
        result.table = marks["table"] - marks["last"]
        result.painted = marks["painted"] - marks["last"]
        app.exit()

    await app.run_async(size=SIZE, auto_pilot=scenario)  # type: ignore[arg-type]
    return result


def ui_ingest(n: int) -> IngestResult:
    """(d) for a join storm of ``n``."""
    return asyncio.run(_ui_ingest(n))


def rooms_snapshot(n: int, rooms: int) -> RoomsSnapshot:
    """``n`` participants spread over the main room and ``rooms - 1`` breakout rooms."""
    crowd = people(n)
    buckets: list[list[SnapshotMember]] = [[] for _ in range(rooms)]
    for i, p in enumerate(crowd):
        buckets[i % rooms].append(SnapshotMember(p.nick, p.real_jid, p.name, Role.PARTICIPANT))
    snap = [
        SnapshotRoom(
            id=ROOM if i == 0 else f"room-{i:03d}",
            jid=f"{ROOM}@{MUC}" if i == 0 else f"room-{i:03d}@breakout.meet.jitsi",
            name="" if i == 0 else f"Room {i}",
            is_main=i == 0,
            members=tuple(members),
        )
        for i, members in enumerate(buckets)
    ]
    return RoomsSnapshot(tuple(snap), rooms - 1)


@dataclass
class Latency:
    """Keypress → written frame, seconds."""

    samples: list[float] = field(default_factory=list)
    presences: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return p95(self.samples)


async def _interactivity(n: int, rooms: int, rate: float, presses: int, hands: float) -> Latency:
    gateway = BenchGateway()
    app = _app(gateway)
    latency = Latency()
    rng = random.Random(3)

    async def scenario(pilot: object) -> None:
        await gateway.connected.wait()
        table = await _table(app)
        xmpp, _client = console_xmpp(gateway.deliver)
        crowd = people(n)
        feed(xmpp, join_storm(n))
        gateway.deliver(rooms_snapshot(n, rooms))
        gateway.joined()  # connect() returns now, as after a real join: gc.freeze() runs here
        while table.row_count < n:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        stop = asyncio.Event()

        def counted() -> None:
            latency.presences += 1

        ticker = asyncio.create_task(
            presence_changes(xmpp, crowd, rng, rate, stop, hands=hands, sent=counted)
            if rate > 0
            else stop.wait()
        )
        driver = _driver(app)
        for i in range(presses):
            key = "down" if i % 20 < 10 else "up"
            before = table.cursor_row
            want = before + (1 if key == "down" else -1)
            painted = asyncio.Event()
            began = [0.0]

            def probe(
                now: float,
                want: int = want,
                painted: asyncio.Event = painted,
                began: list[float] = began,
            ) -> None:
                if table.cursor_row == want and not painted.is_set():
                    latency.samples.append(now - began[0])
                    painted.set()

            driver.probe = probe
            began[0] = time.perf_counter()
            driver.process_message(events.Key(key, None))
            await asyncio.wait_for(painted.wait(), 10)
            driver.probe = None
            await asyncio.sleep(rng.uniform(0.05, 0.15))  # a person's key repeat, not a flood
        stop.set()
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker
        app.exit()

    await app.run_async(size=SIZE, auto_pilot=scenario)  # type: ignore[arg-type]
    return latency


def interactivity(
    n: int = 1000, rooms: int = 50, rate: float = 20.0, presses: int = 40, hands: float = 0.2
) -> Latency:
    """Keypress → repaint with ``n`` people in ``rooms`` rooms and ``rate`` presences a second."""
    return asyncio.run(_interactivity(n, rooms, rate, presses, hands))
