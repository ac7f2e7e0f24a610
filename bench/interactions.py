"""What a moderator does, timed from the key or mouse event to the first frame showing its result.

The app renders into :class:`FrameDriver` (Textual's headless driver with rendering on, as
:mod:`bench.ui` does); every ``write`` is stripped of escape sequences and offered to the
sample's check, which passes only when the written text shows the *result* (the filtered
rows, the re-sorted rows, the opened picker, the highlighted drop target), not the echo of the
key. Input enters through ``Driver.process_message``, the path a terminal driver's input
thread uses. The meeting arrives through slixmpp as real presence stanzas, and presences keep
arriving at the configured rate (mute toggles, hands going up) while the samples run.

Each configuration is one app: 1,000 and 5,000 people with 20 presences a second, and two
floors doing the same interactions: the same meeting with no presences arriving, and a
10-person meeting. ``python -m bench.interactions [--quick]`` prints the table;
:func:`markdown` gives the lines ``bench/run.py`` puts into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyte
from textual import events
from textual.drivers.headless_driver import HeadlessDriver
from textual.widget import Widget

from bench.gateway import BenchGateway
from bench.harness import console_xmpp, feed
from bench.stream import MUC, ROOM, join_storm, people, presence
from tui.model.conference import Conference, Role
from tui.model.events import RoomsSnapshot, SnapshotMember, SnapshotRoom
from tui.ui.app import ConsoleApp
from tui.ui.screens.console import ConsoleScreen
from tui.ui.screens.room_picker import RoomPicker
from tui.ui.text import clean
from tui.ui.widgets.participants_table import COLUMNS, SORTABLE, ParticipantsTable

SIZE = (120, 36)
"""The terminal the figures are for (the size the issue was reported at)."""

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


class FrameDriver(HeadlessDriver):
    """A headless driver that lets the app render; what it writes lands on a pyte screen.

    Writes are queued and fed to the emulated terminal only when a sample looks (feeding is
    slow pure Python, and must not load the app between samples).
    """

    probe: Callable[[float], None] | None = None

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        now = time.perf_counter()
        queue = self.__dict__.setdefault("queue", [])
        queue.append(data)
        if self.probe is not None:
            self.probe(now)

    def terminal(self) -> pyte.Screen:
        """The terminal as the writes so far left it."""
        if "screen" not in self.__dict__:
            self.screen = pyte.Screen(*SIZE)
            self.stream = pyte.Stream(self.screen)
        queue = self.__dict__.setdefault("queue", [])
        for data in queue:
            self.stream.feed(data)
        queue.clear()
        return self.screen


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
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


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


def _name(conference: Conference, pid: str) -> str:
    person = conference.participants[pid]
    return clean(person.name or person.id)[:10]


def _name_order(conference: Conference, needle: str = "") -> list[str]:
    """Ids the filtered table should show by name, computed from the model (not the table)."""
    rooms = conference.rooms
    shown = []
    for pid, person in conference.participants.items():
        room = rooms.get(person.room)
        label = clean(room.label) if room else person.room
        if (
            needle
            and needle not in clean(person.name).casefold()
            and needle not in label.casefold()
        ):
            continue
        shown.append(((clean(person.name or person.id).casefold(), pid), pid))
    return [pid for _, pid in sorted(shown)]


class Session:
    """One app, one meeting, presences arriving; runs the interactions and keeps the samples."""

    def __init__(self, app: ConsoleApp, driver: FrameDriver, rng: random.Random) -> None:
        self.app = app
        self.driver = driver
        self.rng = rng

    @property
    def screen(self) -> ConsoleScreen:
        screen = self.app.get_default_screen()
        assert isinstance(screen, ConsoleScreen)
        return screen

    @property
    def table(self) -> ParticipantsTable:
        return self.screen.table

    @property
    def conference(self) -> Conference:
        return self.app.conference

    def names(self, pids: Iterable[str]) -> list[str]:
        return [_name(self.conference, pid) for pid in pids]

    def lines(self, widget: Widget) -> list[str]:
        """The terminal's lines where ``widget`` is, cropped to it (what the user sees there)."""
        region = widget.region
        display = self.driver.terminal().display
        return [line[region.x : region.right] for line in display[region.y : region.bottom]]

    def rows(self) -> list[str]:
        """The table's lines under its header."""
        return self.lines(self.table)[1:]

    async def timed(self, event: events.Event, shown: Callable[[], bool]) -> float:
        """Seconds from handing ``event`` to the driver until the terminal passes ``shown``."""
        painted = asyncio.Event()
        began = [0.0]
        result = [0.0]
        self.driver.terminal()  # catch up with what was written before the sample

        def probe(now: float) -> None:
            if not painted.is_set() and shown():
                result[0] = now - began[0]
                painted.set()

        self.driver.probe = probe
        began[0] = time.perf_counter()
        self.driver.process_message(event)
        try:
            await asyncio.wait_for(painted.wait(), 20)
        except TimeoutError:
            screen = "\n".join(self.driver.terminal().display)
            print(f"no frame showed the result of {event!r}:\n{screen}", file=sys.__stderr__)
            raise
        finally:
            self.driver.probe = None
        await asyncio.sleep(self.rng.uniform(0.02, 0.06))  # a person's pace, not a flood
        return result[0]

    async def untimed(self, event: events.Event, done: Callable[[], bool]) -> None:
        """Hand ``event`` over and wait until ``done()`` (setup between samples)."""
        self.driver.process_message(event)
        for _ in range(2000):
            if done():
                await asyncio.sleep(0.03)
                return
            await asyncio.sleep(0.01)
        raise TimeoutError(f"setup step {event!r} never finished")

    # -- the interactions -------------------------------------------------------------------

    def _top_rows(self, names: Sequence[str]) -> bool:
        """Whether the table's first lines show ``names`` from its scroll offset on, in order."""
        top = round(self.table.scroll_offset.y)
        expected = names[top : top + 3]
        rows = self.rows()
        return len(rows) >= len(expected) and all(
            name in row for name, row in zip(expected, rows, strict=False)
        )

    def _table_order_shown(self) -> bool:
        return self._top_rows(
            self.names(self.table.shown_ids[: round(self.table.scroll_offset.y) + 3])
        )

    async def filter_and_clear(self, count: int) -> tuple[list[float], list[float]]:
        """``/``, three letters of someone's name (one sample each), Escape (a clear sample).

        The result of a letter: the table's lines show the matching people in name order
        (computed here from the model, not read from the table). Of Escape: everyone again.
        """
        typed: list[float] = []
        cleared: list[float] = []
        table = self.table
        while len(typed) < count:
            await self.untimed(key("slash", "/"), lambda: self.screen.focused is not table)
            others = [pid for pid in self.conference.participants if pid != self.conference.me]
            word = clean(self.conference.participants[self.rng.choice(others)].name).casefold()
            needle = ""
            for letter in word[:3]:
                needle += letter
                want = needle
                order = self.names(_name_order(self.conference, want))

                def shown(want: str = want, order: list[str] = order) -> bool:
                    return table.filter_text == want and self._top_rows(order)

                typed.append(await self.timed(key(letter, letter), shown))
            everyone = self.names(_name_order(self.conference))

            def all_back(everyone: list[str] = everyone) -> bool:
                return table.filter_text == "" and self._top_rows(everyone)

            cleared.append(await self.timed(key("escape", "\x1b"), all_back))
        return typed, cleared

    def _header_says(self, mark: str) -> bool:
        return mark in self.lines(self.table)[0]

    async def sort_changes(self, count: int) -> list[float]:
        """``s`` cycles the sort column; the result: its ▼ and the rows in the new order."""
        labels = {c.key: c.label for c in COLUMNS}
        table = self.table
        samples = []
        for _ in range(count):
            after = SORTABLE[(SORTABLE.index(table.sort_column) + 1) % len(SORTABLE)]
            arrow = f"{labels[after]}▼"

            def shown(after: str = after, arrow: str = arrow) -> bool:
                return (
                    table.sort_column == after
                    and self._header_says(arrow)
                    and self._table_order_shown()
                )

            samples.append(await self.timed(key("s", "s"), shown))
        await self._back_to_name_order()
        return samples

    async def _back_to_name_order(self) -> None:
        table = self.table
        while table.sort_column != "name":
            await self.untimed(key("s", "s"), lambda: True)
        if table.hands_first:
            await self.untimed(key("h", "h"), lambda: not table.hands_first)

    async def hands_first(self, count: int) -> list[float]:
        """``h`` toggles raised hands on top; the result: Hand⇧ (or not) and the new top rows."""
        table = self.table
        samples = []
        for _ in range(count):
            want = not table.hands_first

            def shown(want: bool = want) -> bool:
                return (
                    table.hands_first == want
                    and self._header_says("Hand⇧") == want
                    and self._table_order_shown()
                )

            samples.append(await self.timed(key("h", "h"), shown))
        await self._back_to_name_order()
        return samples

    def _cursor_look(self, line: int) -> tuple[str, str]:
        region = self.table.region
        char = self.driver.terminal().buffer[region.y + 1 + line][region.x + 3]
        return (char.fg, char.bg)

    def _cursor_shown(self, row: int, look: tuple[str, str]) -> Callable[[], bool]:
        """The cursor's look on line ``row`` (its name there), nowhere else visible."""
        table = self.table

        def shown() -> bool:
            if table.cursor_row != row:
                return False
            line = row - round(table.scroll_offset.y)
            rows = self.rows()
            if not 0 <= line < len(rows) or self.names([table.shown_ids[row]])[0] not in rows[line]:
                return False
            return self._cursor_look(line) == look

        return shown

    async def paging(self, count: int) -> tuple[list[float], list[float]]:
        """Page down to the end; End and Home in between (the end/home samples)."""
        table = self.table
        await self.untimed(key("home", None), lambda: table.cursor_row == 0)
        await asyncio.sleep(0.1)
        look = self._cursor_look(0)
        pages: list[float] = []
        ends: list[float] = []
        while len(pages) < count or len(ends) < count:
            last = table.row_count - 1
            if table.cursor_row >= last or len(pages) >= count:
                target = 0 if table.cursor_row == last else last
                name = "home" if target == 0 else "end"
                ends.append(await self.timed(key(name, None), self._cursor_shown(target, look)))
                continue
            page = max(1, table.size.height - 1)
            target = min(last, table.cursor_row + page)
            shown = self._cursor_shown(target, look)
            pages.append(await self.timed(key("pagedown", None), shown))
        await self.untimed(key("home", None), lambda: table.cursor_row == 0)
        return pages[:count], ends[:count]

    async def select_rows(self, count: int) -> list[float]:
        """Space on one row after the other, 100 at a time, then ``u`` and back to the top.

        The result: the row's selection mark changed on screen.
        """
        table = self.table
        samples: list[float] = []
        while len(samples) < count:
            for _ in range(min(100, count - len(samples))):
                if table.cursor_row >= table.row_count - 1:
                    await self.untimed(key("home", None), lambda: table.cursor_row == 0)
                pid = table.cursor_pid
                assert pid is not None
                was = pid in table.selected
                mark = " " if was else "●"
                name = self.names([pid])[0]

                def shown(
                    pid: str = pid, name: str = name, mark: str = mark, was: bool = was
                ) -> bool:
                    if (pid in table.selected) == was:
                        return False
                    return any(name in row and row[1] == mark for row in self.rows())

                samples.append(await self.timed(key("space", " "), shown))
            await self.untimed(key("u", "u"), lambda: not table.selected)
            await self.untimed(key("home", None), lambda: table.cursor_row == 0)
        return samples

    async def room_picker(self, count: int) -> list[float]:
        """``m`` opens the list of rooms; Escape closes it (not timed)."""
        samples = []
        for _ in range(count):

            def shown() -> bool:
                if not isinstance(self.app.screen, RoomPicker):
                    return False
                display = self.driver.terminal().display
                heading = any("Move " in line and " to:" in line for line in display)
                return heading and any("1 Room 1 (" in line for line in display)

            samples.append(await self.timed(key("m", "m"), shown))
            await self.untimed(
                key("escape", "\x1b"), lambda: not isinstance(self.app.screen, RoomPicker)
            )
        return samples

    async def open_main_card(self, count: int) -> list[float]:
        """Enter on the main room's card lists everyone in it; Enter again cuts it short.

        The result: the card shows its ninth member (hidden while cut short).
        """
        pane = self.screen.rooms
        pane.focus()
        card = pane.cards[0]
        samples = []
        for _ in range(count):
            members = self.conference.rooms[self.conference.main_room].members
            ninth = _name(self.conference, members[8])

            def shown(ninth: str = ninth) -> bool:
                return len(card.view.lines) > 9 and any(ninth in line for line in self.lines(pane))

            samples.append(await self.timed(key("enter", "\r"), shown))
            await self.untimed(key("enter", "\r"), lambda: len(card.view.lines) <= 10)
        self.table.focus()
        await asyncio.sleep(0.05)
        return samples

    async def drag_hover(self, count: int) -> list[float]:
        """Press on a row, drag past the threshold, then hover card after card.

        The result: the status line names the room under the pointer.
        """
        table = self.table
        pane = self.screen.rooms
        samples: list[float] = []
        region = table.region
        x, y = region.x + 6, region.y + 2
        await self.untimed(mouse(events.MouseMove, x, y, button=0), lambda: True)
        await self.untimed(mouse(events.MouseDown, x, y), lambda: self.screen._drag is not None)
        await self.untimed(
            mouse(events.MouseMove, x + 4, y),
            lambda: bool(self.screen._drag and self.screen._drag.active),
        )
        cards = [card for card in pane.cards[1:] if pane.region.contains_region(card.region)]
        status = self.screen.status
        for i in range(count):
            card = cards[i % len(cards)]
            title = card.view.title.plain
            spot = card.region

            def shown(card: Widget = card, title: str = title) -> bool:
                line = self.lines(status)[0]
                return pane._drop_target is card and "Dragging" in line and f"→ {title}" in line

            event = mouse(events.MouseMove, spot.x + 3, spot.y + spot.height // 2)
            samples.append(await self.timed(event, shown))
        await self.untimed(key("escape", "\x1b"), lambda: self.screen._drag is None)
        return samples


def key(name: str, character: str | None) -> events.Key:
    """A key as a terminal driver posts it."""
    return events.Key(name, character)


def mouse(kind: type[events.MouseEvent], x: int, y: int, button: int = 1) -> events.MouseEvent:
    """A mouse event at screen cell (x, y); a move with ``button`` held is a drag (as terminals
    report it: a move without a button while one is down means it was released)."""
    return kind(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y)


async def _run(setting: Setting, count: int, only: str = "") -> list[Row]:
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
        await asyncio.sleep(0.5)
        stop = asyncio.Event()

        async def presences() -> None:
            seq = n
            while not stop.is_set():
                who = crowd[rng.randrange(n)]
                seq += 1
                hand = seq if rng.random() < 0.2 else 0
                feed(xmpp, [presence(who, audio_muted=rng.random() < 0.5, hand=hand)])
                sent[0] += 1
                await asyncio.sleep(1 / setting.rate)

        ticker = asyncio.create_task(presences() if setting.rate else stop.wait())
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
                if only and not any(only in name for name in names):
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


def measure(setting: Setting, count: int, only: str = "") -> list[Row]:
    """Every interaction (or those named with ``only``) ``count`` times in ``setting``'s meeting."""
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
        "ends at the first terminal write whose text shows the result (`bench/interactions.py`"
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
            if row.failed or not row.samples:
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
    parser.add_argument("--only", default="", help="interactions whose name contains this")
    args = parser.parse_args(argv)
    if args.people:
        count = args.samples or (20 if args.quick else 200)
        rows = measure(Setting(args.people, 20), count, args.only)
        rows += measure(Setting(args.people, 0), count, args.only)
    else:
        rows = measure_all(args.quick, args.samples)
    print("\n".join(markdown(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
