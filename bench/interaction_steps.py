"""The interactions :mod:`bench.interactions` times, and the terminal it reads the result from.

Each :class:`Session` method runs one interaction ``count`` times and returns the samples: the
seconds from handing the event to the driver until the emulated terminal shows the result
(the check is said on each method). Setup steps between samples are not timed.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence

import pyte
from textual import events
from textual.drivers.headless_driver import HeadlessDriver
from textual.widget import Widget

from tui.model.conference import Conference
from tui.ui.app import ConsoleApp
from tui.ui.screens.console import ConsoleScreen
from tui.ui.text import clean
from tui.ui.widgets.participants_table import COLUMNS, SORTABLE, ParticipantsTable

SIZE = (120, 36)
"""The terminal the figures are for (the size the issue was reported at)."""


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
        """``/``, up to three letters of a name (one sample each), Escape (a clear sample).

        The result of a letter: the table's lines show the matching people in name order
        (computed here from the model, not read from the table). Of Escape: everyone again.
        """
        typed: list[float] = []
        cleared: list[float] = []
        table = self.table
        while len(typed) < count or len(cleared) < count:  # both rows get ``count`` samples
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
                if not self.screen.picker.is_open:
                    return False
                display = self.driver.terminal().display
                heading = any("Move " in line and " to:" in line for line in display)
                return heading and any("1 Room 1 (" in line for line in display)

            samples.append(await self.timed(key("m", "m"), shown))
            await self.untimed(key("escape", "\x1b"), lambda: not self.screen.picker.is_open)
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
