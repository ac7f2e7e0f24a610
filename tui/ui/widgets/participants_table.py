"""The participants pane: every participant, one line each, drawn only where it is visible.

Built on Textual's public Line API (a :class:`~textual.scroll_view.ScrollView` whose
:meth:`render_line` draws one screen line; the design follows Textualize/toolong's log view)
rather than on ``DataTable``: a DataTable keeps a row object per participant and re-renders
through caches that its own ``clear``/``remove_row``/``sort`` throw away, so typing one filter
letter at 1,000 people removed ~1,000 rows one by one (~3 s). Here the table is three plain
structures:

* ``_rows``: participant id → :data:`~tui.model.conference.Row` of cells, for *everyone*
  (the filter does not rebuild rows), rebuilt only for participants whose inputs changed;
* ``_keys``: participant id → its sort key under the current sort;
* ``_order``: the ids shown, filtered and sorted.

A filter keystroke or a sort is one pass over ``_keys`` and a sort of plain tuples; a
presence change rebuilds one row and moves it only if it is out of order with its
neighbours. A frame renders the ~30 visible lines, each cached per participant until that
row (or the cursor, or the column widths) changes.

Rows stay put under the pointer: while the mouse is over the table, presence-driven moves
(re-sorts, joins sorted in, leaves closing gaps) are *held* — a joiner is added at the bottom,
a leaver's row stays, dimmed, until the order catches up — and the status of the pane says
"order held". The order catches up when the pointer leaves, or after :data:`HOLD_IDLE`
seconds without a mouse event. The moderator's own sort, filter and hands-first apply at once.
A click acts on whom the press was on (see :meth:`ParticipantsTable.click_row`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from tui.model.conference import Conference
from tui.model.room_numbers import column_order
from tui.ui.pending_view import PendingView
from tui.ui.widgets import row_order, table_lines
from tui.ui.widgets.participant_rows import (
    COLUMNS,
    INDEX,
    ME_MARK,
    SELECTED_MARK,
    SORTABLE,
    Cell,
    Row,
)
from tui.ui.widgets.row_source import RowSource

__all__ = ["COLUMNS", "ME_MARK", "SELECTED_MARK", "SORTABLE", "Cell", "ParticipantsTable"]

HOLD_IDLE = 5.0
"""Seconds without a mouse event after which a held order catches up anyway (a terminal does
not say when the pointer leaves its window, so "over the table" cannot last forever)."""

GONE_STYLE = Style(dim=True, strike=True)
"""A leaver's row while the order is held."""


class ParticipantsTable(ScrollView, can_focus=True):
    """Every participant, one row each, keyed by participant id.

    Attributes:
        selected: Ids in the multi-selection (space toggles).
        sort_column: Key of the column rows are ordered by.
        hands_first: Whether raised hands come first, in raise order.
        filter_text: Case-insensitive substring a name or room must contain to be shown.
        cursor_row: Display index of the cursor row.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor(-1)", "Cursor up", show=False),
        Binding("down", "cursor(1)", "Cursor down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "participants-table--header",
        "participants-table--cursor",
        "participants-table--hover",
    }

    # The looks of Textual's DataTable (row cursor, no zebra), which this table replaced.
    DEFAULT_CSS = """
    ParticipantsTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
        & > .participants-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .participants-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .participants-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .participants-table--hover {
            background: $block-hover-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .participants-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .participants-table--header {
                background-tint: $foreground 5%;
            }
        }
    }
    """

    ALLOW_SELECT: ClassVar[bool] = False

    class RowSelected(Message):
        """Enter, or a click on the cursor row: open that participant's actions."""

        def __init__(self, pid: str) -> None:
            """For participant ``pid``."""
            super().__init__()
            self.pid = pid

    class OrderHeld(Message):
        """The order started (``held``) or stopped being held under the pointer."""

        def __init__(self, held: bool) -> None:
            """``held``: whether presence-driven moves now wait."""
            super().__init__()
            self.held = held

    def __init__(self, *, id: str | None = None) -> None:
        """An empty table; :meth:`show` fills it."""
        super().__init__(id=id)
        self.selected: set[str] = set()
        self.sort_column = "name"
        self.hands_first = False
        self.filter_text = ""
        self.cursor_row = 0
        self._conference: Conference | None = None
        self._pending = PendingView()
        self._rows: dict[str, Row] = {}
        self._keys: dict[str, tuple[object, ...]] = {}
        self._hay: dict[str, str] = {}  # casefolded "name\nroom" the filter searches
        self._order: list[str] = []
        self._index: dict[str, int] | None = {}  # None: stale, rebuilt on demand
        self._gone: dict[str, Row] = {}  # left while the order was held: their last row
        self._source = RowSource()
        self._widths = table_lines.column_widths(120)
        self._lines: dict[str, tuple[Row, str, Strip]] = {}  # pid → (row, look, strip)
        self._header: tuple[tuple[object, ...], Strip] | None = None
        self._looks: tuple[Style, ...] = ()
        self._hover: str | None = None
        self._held = False
        self._stale_order = False
        self._pointer_at = 0.0
        self._idle_timer: Timer | None = None
        self._quiet = False  # a presence-driven change: _sync repaints only the lines it changed
        # Work counter for the complexity guards (tests/ui/test_scaling.py): what a change
        # caused, not how long it took (rows built: see RowSource.built).
        self.lines_drawn = 0
        self.lines_repainted = 0  # lines a presence-driven change asked to repaint
        self.layouts_skipped = 0  # row count changes that needed no screen layout

    # -- what the screen calls ------------------------------------------------------------

    def show(self, conference: Conference, pending: PendingView) -> None:
        """Bring the rows in line with ``conference`` by diff."""
        self._conference = conference
        self._pending = pending
        self.selected &= conference.participants.keys()
        self._sync()

    @property
    def rows_built(self) -> int:
        """Rows built so far (a work count for the complexity guards)."""
        return self._source.built

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self._order)

    @property
    def cursor_pid(self) -> str | None:
        """Id of the participant under the cursor, if any."""
        if not self._order:
            return None
        return self._order[min(max(self.cursor_row, 0), len(self._order) - 1)]

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the rows in display order."""
        return list(self._order)

    @property
    def order_held(self) -> bool:
        """Whether presence-driven moves wait because the pointer is over the table."""
        return self._held

    def get_cell(self, pid: str, column: str) -> Cell:
        """The cell of ``pid``'s row in ``column`` (``KeyError`` if there is no such row)."""
        return self._rows[pid][INDEX[column]]

    def get_row_index(self, pid: str) -> int:
        """Display index of ``pid``'s row (``KeyError`` when not shown)."""
        return self._positions()[pid]

    def column_x(self, column: str) -> int:
        """Offset inside the table of ``column``'s first cell (its left padding)."""
        return table_lines.column_starts(self._widths)[column]

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Put the cursor on display row ``row`` (clamped), scrolling it into view if asked."""
        last = len(self._order) - 1
        row = max(0, min(row, last)) if last >= 0 else 0
        if row != self.cursor_row:
            self.cursor_row = row
            self.refresh()
        if scroll:
            self._scroll_to_cursor()

    def toggle_selected(self) -> None:
        """Add the cursor row to the selection, or take it out."""
        pid = self.cursor_pid
        if pid is None:
            return
        self.selected ^= {pid}
        self._sync()
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def clear_selection(self) -> None:
        """Empty the selection."""
        self.selected.clear()
        self._sync()

    def cycle_sort(self) -> None:
        """Order by the next sortable column."""
        index = SORTABLE.index(self.sort_column) if self.sort_column in SORTABLE else -1
        self.sort_by(SORTABLE[(index + 1) % len(SORTABLE)])

    def sort_by(self, column: str) -> None:
        """Order rows by ``column``."""
        self.sort_column = column
        self._rekey()
        self._rebuild_order()

    def toggle_hands_first(self) -> None:
        """Put raised hands first (in raise order), or stop doing so."""
        self.hands_first = not self.hands_first
        self._rekey()
        self._rebuild_order()

    def set_filter(self, text: str) -> None:
        """Show only rows whose name or room contains ``text`` (any case)."""
        self.filter_text = text
        self._rebuild_order()

    # -- keys -----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor ``step`` rows."""
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, pages: int) -> None:
        """Move the cursor and the view a page (the visible rows) up or down."""
        page = max(1, self.size.height - 1)
        self.scroll_to(y=self.scroll_offset.y + pages * page, animate=False, force=True)
        self.move_cursor(row=self.cursor_row + pages * page)

    def action_first(self) -> None:
        """Cursor to the first row."""
        self.move_cursor(row=0)

    def action_last(self) -> None:
        """Cursor to the last row."""
        self.move_cursor(row=len(self._order) - 1)

    def action_select_cursor(self) -> None:
        """Open the cursor row's actions."""
        pid = self.cursor_pid
        if pid is not None:
            self.post_message(self.RowSelected(pid))

    # -- mouse ----------------------------------------------------------------------------

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hold the order while the pointer is here; show which row it is over."""
        self._pointer()
        pid = event.style.meta.get("pid")
        if pid != self._hover:
            self._hover = pid if isinstance(pid, str) else None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press is the pointer being here."""
        self._pointer()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Scrolling over the table is the pointer being here."""
        self._pointer()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Scrolling over the table is the pointer being here."""
        self._pointer()

    def on_leave(self, event: events.Leave) -> None:
        """The pointer left: let the order catch up."""
        self._hover = None
        self._release()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A header click sorts by that column.

        Clicks on rows do not come here: the screen arms a drag on every press on a row and
        holds the mouse, so Textual hands the click to the screen, which calls
        :meth:`click_row` with whom the press was on.
        """
        self._pointer()
        header = event.style.meta.get("header")
        if isinstance(header, str) and header in SORTABLE:
            self.sort_by(header)

    def click_row(self, pid: str) -> None:
        """A click on ``pid``'s row: the cursor goes there; on the cursor row, its actions."""
        position = self._positions().get(pid)
        if position is None:
            return
        if pid == self.cursor_pid:
            self.post_message(self.RowSelected(pid))
            return
        self.move_cursor(row=position)

    def pid_at(self, y: int) -> str | None:
        """Id of the participant drawn on line ``y`` of the table (``None`` for the header)."""
        index = round(self.scroll_offset.y) + y - 1
        if y < 1 or not 0 <= index < len(self._order):
            return None
        return self._order[index]

    # -- the held order -------------------------------------------------------------------

    def _pointer(self) -> None:
        self._pointer_at = time.monotonic()
        if self._held:
            return
        self._held = True
        self.post_message(self.OrderHeld(True))
        if self._idle_timer is None:
            self._idle_timer = self.set_interval(HOLD_IDLE / 5, self._check_idle, name="hold")

    def _check_idle(self) -> None:
        if self._held and time.monotonic() - self._pointer_at >= HOLD_IDLE:
            self._release()

    def _release(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        if not self._held:
            return
        self._held = False
        self.post_message(self.OrderHeld(False))
        if self._stale_order:
            self._rebuild_order()

    # -- rendering ------------------------------------------------------------------------

    def on_resize(self) -> None:
        """Share the width between name and room so every column fits without scrolling."""
        widths = table_lines.column_widths(self.size.width)
        if widths != self._widths:
            self._widths = widths
            self._lines.clear()
            self._header = None
        self._resize_virtual()
        self.refresh()

    def _resize_virtual(self) -> None:
        """Give the scroll view the rows' size.

        Textual lays out the whole screen on every ``virtual_size`` change (it can show or hide
        a scrollbar): ~half of each filter keystroke's frame at 1,000 people. Only a change of
        whether the rows overflow the pane needs that; otherwise the size is set without a
        layout and the scrollbar told its new range.
        """
        width = sum(w + 2 * table_lines.PADDING for w in self._widths.values())
        size = Size(width, len(self._order) + 1)
        old = self.virtual_size
        if size == old:
            return
        height = self.container_size.height
        if not self.is_mounted or (old.height > height) != (size.height > height):
            self.virtual_size = size
            return
        self.layouts_skipped += 1
        self.set_reactive(ScrollView.virtual_size, size)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = size.height
            bar.position = self.scroll_y
            bar.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Resolve the styles once per frame (a focus or theme change drops cached lines)."""
        looks = (
            self.rich_style,
            self.get_component_rich_style("participants-table--header"),
            self.get_component_rich_style("participants-table--cursor"),
            self.get_component_rich_style("participants-table--hover"),
        )
        if looks != self._looks:
            self._looks = looks
            self._lines.clear()
            self._header = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Screen line ``y``: the header on top, then the rows from the scroll offset."""
        width = self.size.width
        base, header_style, cursor_style, hover_style = self._looks
        console = self.app.console
        if y == 0:
            key = (self.sort_column, self.hands_first, width)
            if self._header is None or self._header[0] != key:
                labels = table_lines.header_labels(self.sort_column, self.hands_first)
                strip = table_lines.header_line(
                    console, labels, widths=self._widths, width=width, style=base + header_style
                )
                self._header = (key, strip)
            return self._header[1]
        index = round(self.scroll_offset.y) + y - 1
        if not 0 <= index < len(self._order):
            return Strip.blank(width, base)
        pid = self._order[index]
        row = self._rows.get(pid)
        gone = row is None
        if row is None:
            row = self._gone.get(pid)
        look = "cursor" if index == self.cursor_row else "hover" if pid == self._hover else ""
        if gone:
            look += "-gone"
        cached = self._lines.get(pid)
        if cached is not None and cached[0] is row and cached[1] == look:
            return cached[2]
        if row is None:
            return Strip.blank(width, base)
        style = base
        if look.startswith("cursor"):
            style = base + cursor_style
        elif look.startswith("hover"):
            style = base + hover_style
        if gone:
            style += GONE_STYLE
        strip = table_lines.row_line(
            console, pid, row, widths=self._widths, width=width, style=style
        )
        self.lines_drawn += 1
        self._lines[pid] = (row, look, strip)
        return strip

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, force=True)

    # -- order ----------------------------------------------------------------------------

    def _order_key(self, row: Row) -> tuple[object, ...]:
        first = row[INDEX["hand"]].sort if self.hands_first else ()
        return (*first, *row[INDEX[self.sort_column]].sort, *row[INDEX["name"]].sort)

    def _rekey(self) -> None:
        key = self._order_key
        self._keys = {pid: key(row) for pid, row in self._rows.items()}

    def _matches(self, pid: str) -> bool:
        needle = self.filter_text.casefold()
        return not needle or needle in self._hay[pid]

    def _positions(self) -> dict[str, int]:
        if self._index is None:
            self._index = {pid: i for i, pid in enumerate(self._order)}
        return self._index

    def _rebuild_order(self) -> None:
        """Filter and sort everyone again: one pass and a sort of cached keys."""
        cursor = self.cursor_pid
        shown = row_order.filtered(self._rows, self._hay, self.filter_text)
        shown.sort(key=self._keys.__getitem__)
        self._set_order(shown, cursor)

    def _set_order(self, order: list[str], cursor: str | None) -> None:
        self._order = order
        self._index = None
        self._gone.clear()
        self._stale_order = False
        if cursor is not None and cursor in self._rows:
            position = self._positions().get(cursor)
            if position is not None:
                self.cursor_row = position
        self.cursor_row = max(0, min(self.cursor_row, len(order) - 1))
        self._resize_virtual()
        if not self._quiet:
            self.refresh()

    def _place(self, moved: Iterable[str]) -> None:
        """Put rows whose key, filter match or presence changed where they belong."""
        moved = list(moved)
        positions = self._positions()
        if self._held:
            # Nothing shown moves under the pointer: joiners go to the bottom, leavers stay
            # (dimmed) until the order catches up.
            for pid in moved:
                if pid not in positions and self._shown_now(pid):
                    positions[pid] = len(self._order)
                    self._order.append(pid)
            self._stale_order = True
            self._resize_virtual()
            return
        if len(moved) * 8 > len(self._order) or self._stale_order:
            self._rebuild_order()
            return
        cursor = self.cursor_pid
        row_order.move(self._order, moved, positions, self._keys, self._shown_now)
        self._set_order(self._order, cursor)

    def _shown_now(self, pid: str) -> bool:
        return pid in self._rows and self._matches(pid)

    def _in_order(self, pids: Iterable[str]) -> bool:
        return row_order.in_order(pids, self._order, self._positions(), self._keys)

    def _sync(self) -> None:
        conference = self._conference
        if conference is None:
            return
        before = self._on_screen()
        self._quiet = True
        try:
            rebuilt = self._apply_changes(conference)
        finally:
            self._quiet = False
        if rebuilt:
            self._repaint_changed(before, rebuilt)

    def _on_screen(self) -> tuple[int, list[tuple[str, bool]]]:
        """The scroll offset, and per row line whose row it shows and whether it is the cursor."""
        top = round(self.scroll_offset.y)
        visible = self._order[top : top + max(0, self.size.height - 1)]
        return top, [(pid, top + i == self.cursor_row) for i, pid in enumerate(visible)]

    def _repaint_changed(
        self, before: tuple[int, list[tuple[str, bool]]], rebuilt: set[str]
    ) -> None:
        """Repaint only the lines that now show someone else, or a rebuilt row.

        At 1,000 people most presences change rows off screen; a whole-table repaint per
        refresh was most of the full app's CPU.
        """
        after = self._on_screen()
        if after[0] != before[0]:
            self.refresh()
            return
        width = self.size.width
        for line in table_lines.changed_lines(before[1], after[1], rebuilt):
            self.lines_repainted += 1
            self.refresh(Region(0, line + 1, width, 1))

    def _apply_changes(self, conference: Conference) -> set[str]:
        """Fold the changes into rows and order; the ids whose row or place changed."""
        source, selected, pending = self._source, self.selected, self._pending
        changed = source.changed(conference, selected, pending, self._rows)
        room_order = column_order(conference)  # the number each room keeps for its life
        moved: list[str] = []  # rows added, gone, or whose order key or filter match changed
        rekeyed: list[str] = []
        touched: list[str] = []  # rows rebuilt
        redraw = False
        positions = self._positions()
        for pid in changed:
            built = source.row(conference, pid, room_order, selected, pending)
            old = self._rows.get(pid)
            if built is None:
                source.forget(pid)
                if old is not None:
                    del self._rows[pid], self._keys[pid], self._hay[pid]
                    self._lines.pop(pid, None)
                    self._gone[pid] = old  # drawn (dimmed) while the order is held
                    moved.append(pid)
                continue
            row, hay = built
            self._gone.pop(pid, None)
            if old is row:
                continue
            redraw = redraw or pid in positions
            touched.append(pid)
            key = self._order_key(row)
            was_shown = pid in positions
            self._rows[pid], self._hay[pid] = row, hay
            if old is None or was_shown != self._matches(pid):
                self._keys[pid] = key
                moved.append(pid)
            elif self._keys[pid] != key:
                self._keys[pid] = key
                rekeyed.append(pid)
        if rekeyed and not self._in_order(rekeyed):
            moved.extend(rekeyed)
        if moved:
            self._place(moved)
            redraw = True
        return {*moved, *rekeyed, *touched} if redraw else set()
