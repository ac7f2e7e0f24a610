"""What a moderator does, timed from the key or mouse event to the first frame showing its result.

The app renders into :class:`~bench.interaction_steps.FrameDriver` (Textual's headless driver
with rendering on, as :mod:`bench.ui` does); what it writes is fed to a pyte terminal, and at
every write the sample's check reads that terminal: it passes only when the screen shows the
*result* (the filtered rows in order, the re-sorted rows, the opened picker, the drop target
named in the status line), not the echo of the key. Input enters through
``Driver.process_message``, the path a terminal driver's input thread uses. The meeting
arrives through slixmpp as real presence stanzas, and presences keep arriving at the
configured rate (mute toggles, hands going up) while the samples run.

Each configuration is one app: 1,000 and 5,000 people with 20 presences a second, and two
floors doing the same interactions: the same meeting with no presences arriving, and a
10-person meeting; floors carry no target. ``python -m bench.interactions [--quick]`` prints
the table (``--people N --only NAME`` for development);
:func:`markdown` gives the lines ``bench/run.py`` puts into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from bench.gateway import BenchGateway
from bench.harness import console_xmpp, feed, p95, presence_changes
from bench.interaction_steps import SIZE, FrameDriver, Session
from bench.stream import MUC, ROOM, join_storm, people
from tui.model.conference import Role
from tui.model.events import RoomsSnapshot, SnapshotMember, SnapshotRoom
from tui.ui.app import ConsoleApp

BREAKOUT_ROOMS = 9
"""Empty breakout rooms next to the main room (drop targets; the main room holds everyone)."""

INTERACTIONS = (
    "filter keystroke",
    "clear the filter",
    "sort change (s)",
    "hands first (h)",
    "page down",
    "end / home",
    "select a row (space)",
    "open the room picker (m)",
    "open the main room card",
    "drag hover over a room card",
)


@dataclass
class Row:
    """One line of the table: an interaction in one configuration."""

    interaction: str
    setting: str
    samples: list[float] = field(default_factory=list)
    presences: int = 0
    failed: bool = False
    """No frame showed the result within 20 s (the interaction did not work)."""

    @property
    def count(self) -> int:
        return len(self.samples)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return p95(self.samples)


@dataclass(frozen=True)
class Setting:
    """A meeting size and a presence rate."""

    people: int
    rate: float

    @property
    def label(self) -> str:
        if self.rate:
            return f"{self.people:,} people, {self.rate:g} presences/s"
        return f"floor: {self.people:,} people, no presences"


def snapshot(n: int) -> RoomsSnapshot:
    """Everyone in the main room, next to :data:`BREAKOUT_ROOMS` empty breakout rooms."""
    crowd = people(n)
    members = tuple(SnapshotMember(p.nick, p.real_jid, p.name, Role.PARTICIPANT) for p in crowd)
    rooms = [SnapshotRoom(ROOM, f"{ROOM}@{MUC}", "", True, members)]
    for i in range(1, BREAKOUT_ROOMS + 1):
        rooms.append(
            SnapshotRoom(
                f"room-{i:03d}", f"room-{i:03d}@breakout.meet.jitsi", f"Room {i}", False, ()
            )
        )
    return RoomsSnapshot(tuple(rooms), BREAKOUT_ROOMS)


async def _run(setting: Setting, count: int, only: Sequence[str] = ()) -> list[Row]:
    gateway = BenchGateway()
    app = ConsoleApp(gateway, serve_control=False)
    app.driver_class = FrameDriver
    rng = random.Random(7)
    rows = {name: Row(name, setting.label) for name in INTERACTIONS}
    sent = [0]

    async def scenario(pilot: object) -> None:
        await gateway.connected.wait()
        n = setting.people
        xmpp, _client = console_xmpp(gateway.deliver)
        crowd = people(n)
        feed(xmpp, join_storm(n))
        gateway.deliver(snapshot(n))
        session = Session(app, app._driver, rng)  # type: ignore[arg-type]
        for _ in range(3000):
            with contextlib.suppress(Exception):
                if session.table.row_count >= n:
                    break
            await asyncio.sleep(0.02)
        gateway.joined()  # connect returns now, as in production: the app then freezes the GC
        await asyncio.sleep(0.5)
        stop = asyncio.Event()

        def counted() -> None:
            sent[0] += 1

        ticker = asyncio.create_task(
            presence_changes(xmpp, crowd, rng, setting.rate, stop, hands=0.2, sent=counted)
            if setting.rate
            else stop.wait()
        )
        steps: list[tuple[tuple[str, ...], Callable[[int], Awaitable[object]]]] = [
            (("filter keystroke", "clear the filter"), session.filter_and_clear),
            (("sort change (s)",), session.sort_changes),
            (("hands first (h)",), session.hands_first),
            (("page down", "end / home"), session.paging),
            (("select a row (space)",), session.select_rows),
            (("open the room picker (m)",), session.room_picker),
            (("open the main room card",), session.open_main_card),
            (("drag hover over a room card",), session.drag_hover),
        ]
        try:
            for names, step in steps:
                if only and not any(part in name for part in only for name in names):
                    continue
                try:
                    result = await step(count)
                except TimeoutError as error:
                    print(f"{names}: {error}", file=sys.__stderr__)
                    for name in names:
                        rows[name].failed = True
                    continue
                samples = result if isinstance(result, tuple) else (result,)
                for name, got in zip(names, samples, strict=True):
                    rows[name].samples = list(got)
        finally:
            stop.set()
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            app.exit()

    await app.run_async(size=SIZE, auto_pilot=scenario)  # type: ignore[arg-type]
    for row in rows.values():
        row.presences = sent[0]
    return list(rows.values())


def measure(setting: Setting, count: int, only: Sequence[str] = ()) -> list[Row]:
    """Every interaction ``count`` times in ``setting``'s meeting.

    With ``only``, just the interactions whose name contains one of its strings (in the usual
    order: what ran before an interaction can change its figure).
    """
    return asyncio.run(_run(setting, count, only))


def settings(quick: bool = False) -> list[Setting]:
    """The configurations, floors next to what they are floors of."""
    sizes = (1000,) if quick else (1000, 5000)
    result = [Setting(10, 0)]
    for n in sizes:
        result += [Setting(n, 20), Setting(n, 0)]
    return result


def measure_all(quick: bool = False, samples: int | None = None) -> list[Row]:
    """The whole table: 200 samples per row (20 with ``quick``)."""
    count = samples or (20 if quick else 200)
    rows: list[Row] = []
    for setting in settings(quick):
        rows += measure(setting, count)
    return rows


def _target(setting: str) -> float | None:
    if setting.startswith("floor"):
        return None
    return 0.1 if setting.startswith("5,000") else 0.05


def markdown(rows: Sequence[Row]) -> list[str]:
    """The interaction section of ``bench/RESULTS.md``."""
    lines = [
        "## Interactions: key or mouse event → first frame showing the result",
        "",
        f"Terminal {SIZE[0]}x{SIZE[1]}. The meeting arrives as presence stanzas through "
        "slixmpp; everyone is in the main room next to "
        f"{BREAKOUT_ROOMS} empty breakout rooms. Input enters through the driver; a sample "
        "ends at the first terminal write whose text shows the result (`bench/interaction_steps.py`"
        " says what each checks). Targets: p95 ≤ 50 ms at 1,000 people, ≤ 100 ms at 5,000, "
        "with 20 presence changes a second.",
        "",
        "| interaction | meeting | samples | p50 | p95 | target | presences sent |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for name in INTERACTIONS:
        for row in rows:
            if row.interaction != name:
                continue
            if not row.failed and not row.samples:
                continue  # not run (``--only``)
            if row.failed:
                lines.append(f"| {name} | {row.setting} | 0 | — | — | no result shown | |")
                continue
            target = _target(row.setting)
            verdict = "floor" if target is None else ("met" if row.p95 <= target else "**not met**")
            lines.append(
                f"| {name} | {row.setting} | {row.count} | {row.p50 * 1e3:.1f} ms "
                f"| {row.p95 * 1e3:.1f} ms | {verdict} | {row.presences} |"
            )
    lines.append("")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.interactions", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 samples, 1,000 people only")
    parser.add_argument("--samples", type=int, default=None, help="samples per row")
    parser.add_argument("--people", type=int, default=None, help="one meeting size only")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="interactions whose name contains this (repeat for more; they run in table order)",
    )
    parser.add_argument(
        "--rate", type=float, default=None, help="with --people: only this presence rate (0: floor)"
    )
    args = parser.parse_args(argv)
    if args.people:
        count = args.samples or (20 if args.quick else 200)
        rates = (20.0, 0.0) if args.rate is None else (args.rate,)
        rows = []
        for rate in rates:
            rows += measure(Setting(args.people, rate), count, args.only)
    else:
        rows = measure_all(args.quick, args.samples)
    print("\n".join(markdown(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
