"""The participants pane: every participant, one line each, drawn only where it is visible.

Built on Textual's public Line API (a :class:`~textual.scroll_view.ScrollView` whose
:meth:`render_line` draws one screen line; the design follows Textualize/toolong's log view)
rather than on ``DataTable``: a DataTable keeps a row object per participant and re-renders
through caches that its own ``clear``/``remove_row``/``sort`` throw away, so typing one filter
letter at 1,000 people removed ~1,000 rows one by one (~3 s). Here the table is plain
structures: a row of cells per participant, rebuilt only for participants whose inputs
changed (:class:`~tui.ui.widgets.row_source.RowSource`), and their sort keys and the ids shown
(:class:`~tui.ui.widgets.row_order.RowOrder`).

A filter keystroke or a sort is one pass over ``_keys`` and a sort of plain tuples; a
presence change rebuilds one row and moves it only if it is out of order with its
neighbours. A frame renders the ~30 visible lines, each cached per participant until that
row (or the cursor, or the column widths) changes.

Rows stay put under the pointer (:mod:`tui.ui.widgets.pointer_hold`): while the mouse is over
the table, presence-driven moves are *held* — a joiner is added at the bottom, a leaver's row
stays, dimmed, until the order catches up — and the pane says "order held". A click acts on
whom the press was on (see :meth:`ParticipantsTable.click_row`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.conference import Conference
from tui.ui.keymap import TABLE_ACTIONS
from tui.ui.pending_view import PendingView
from tui.ui.widgets import table_lines
from tui.ui.widgets.participant_rows import (
    COLUMNS,
    INDEX,
    ME_MARK,
    SELECTED_MARK,
    SORTABLE,
    Cell,
)
from tui.ui.widgets.pointer_hold import PointerHold
from tui.ui.widgets.row_order import RowOrder
from tui.ui.widgets.row_source import RowSource
from tui.ui.widgets.scroll_fit import fit_virtual_size
from tui.ui.widgets.table_messages import CountsChanged, OrderHeld, RowSelected, counts_title

__all__ = [
    "COLUMNS",
    "ME_MARK",
    "SELECTED_MARK",
    "SORTABLE",
    "Cell",
    "ParticipantsTable",
    "counts_title",
]


class ParticipantsTable(ScrollView, can_focus=True):
    """Every participant, one row each, keyed by participant id.

    Attributes:
        selected: Ids in the multi-selection (space toggles).
        cursor_row: Display index of the cursor row.
    """

    # From tui.ui.keymap, with binding ids: the user may remap them in [keys].
    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in TABLE_ACTIONS]

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

    def __init__(self, *, id: str | None = None) -> None:
        """An empty table; :meth:`show` fills it."""
        super().__init__(id=id)
        self.selected: set[str] = set()
        self.cursor_row = 0
        self._conference: Conference | None = None
        self._pending = PendingView()
        self._rows = RowOrder()
        self._source = RowSource()
        self._drawn = table_lines.DrawnLines()
        self._hover: str | None = None
        self._hold = PointerHold(self, self._hold_changed)
        self._counts = ""
        self._quiet = False  # a presence-driven change: _sync repaints only the lines it changed
        # Work counter for the complexity guards (tests/ui/test_scaling.py): what a change
        # caused, not how long it took (rows built: see RowSource.built).
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
    def sort_column(self) -> str:
        """Key of the column rows are ordered by."""
        return self._rows.sort_column

    @property
    def descending(self) -> bool:
        """Whether the sort column runs backwards."""
        return self._rows.descending

    @property
    def hands_first(self) -> bool:
        """Whether raised hands come first, in raise order."""
        return self._rows.hands_first

    @property
    def filter_text(self) -> str:
        """Case-insensitive substring a name or room must contain to be shown."""
        return self._rows.filter_text

    @property
    def lines_drawn(self) -> int:
        """Row lines drawn so far (a work count for the complexity guards)."""
        return self._drawn.drawn

    @property
    def rows_built(self) -> int:
        """Rows built so far (a work count for the complexity guards)."""
        return self._source.built

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self._rows.order)

    @property
    def cursor_pid(self) -> str | None:
        """Id of the participant under the cursor, if any."""
        order = self._rows.order
        if not order:
            return None
        return order[min(max(self.cursor_row, 0), len(order) - 1)]

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the rows in display order."""
        return list(self._rows.order)

    @property
    def order_held(self) -> bool:
        """Whether presence-driven moves wait because the pointer is over the table."""
        return self._hold.held

    def get_cell(self, pid: str, column: str) -> Cell:
        """The cell of ``pid``'s row in ``column`` (``KeyError`` if there is no such row)."""
        return self._rows.rows[pid][INDEX[column]]

    def get_row_index(self, pid: str) -> int:
        """Display index of ``pid``'s row (``KeyError`` when not shown)."""
        return self._rows.positions()[pid]

    def column_width(self, column: str) -> int:
        """Cells ``column``'s text may take now (the table shares its width out)."""
        return self._drawn.widths[column]

    def column_x(self, column: str) -> int:
        """Offset inside the table of ``column``'s first cell (its left padding)."""
        return table_lines.column_starts(self._drawn.widths)[column]

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Put the cursor on display row ``row`` (clamped), scrolling it into view if asked."""
        last = len(self._rows.order) - 1
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
        """Order rows by ``column``, first to last."""
        self._rows.sort_column = column
        self._rows.descending = False
        self._rows.rekey()
        self._rebuild_order()

    def reverse_sort(self) -> None:
        """Run the sort column the other way."""
        self._rows.descending = not self._rows.descending
        self._rows.rekey()
        self._rebuild_order()

    def toggle_hands_first(self) -> None:
        """Put raised hands first (in raise order), or stop doing so."""
        self._rows.hands_first = not self._rows.hands_first
        self._rows.rekey()
        self._rebuild_order()

    def set_filter(self, text: str) -> None:
        """Show only rows whose name or room contains ``text`` (any case)."""
        self._rows.filter_text = text
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
        self.move_cursor(row=len(self._rows.order) - 1)

    def action_select_cursor(self) -> None:
        """Open the cursor row's actions."""
        pid = self.cursor_pid
        if pid is not None:
            self.post_message(RowSelected(pid))

    # -- mouse ----------------------------------------------------------------------------

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hold the order while the pointer is here; show which row it is over."""
        self._hold.pointer()
        pid = event.style.meta.get("pid")
        if pid != self._hover:
            self._hover = pid if isinstance(pid, str) else None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press is the pointer being here."""
        self._hold.pointer()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Scrolling over the table is the pointer being here."""
        self._hold.pointer()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Scrolling over the table is the pointer being here."""
        self._hold.pointer()

    def on_leave(self, event: events.Leave) -> None:
        """The pointer left: let the order catch up."""
        self._hover = None
        self._hold.release()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A header click sorts by that column; on the sorted column, reverses it.

        Clicks on rows do not come here: the screen arms a drag on every press on a row and
        holds the mouse, so Textual hands the click to the screen, which calls
        :meth:`click_row` with whom the press was on.
        """
        self._hold.pointer()
        header = event.style.meta.get("header")
        if isinstance(header, str) and header == self.sort_column:
            self.reverse_sort()
        elif isinstance(header, str) and header in SORTABLE:
            self.sort_by(header)

    def click_row(self, pid: str) -> None:
        """A click on ``pid``'s row: the cursor goes there; on the cursor row, its actions."""
        position = self._rows.positions().get(pid)
        if position is None:
            return
        if pid == self.cursor_pid:
            self.post_message(RowSelected(pid))
            return
        self.move_cursor(row=position)

    def pid_at(self, y: int) -> str | None:
        """Id of the participant drawn on line ``y`` of the table (``None`` for the header)."""
        index = round(self.scroll_offset.y) + y - 1
        order = self._rows.order
        if y < 1 or not 0 <= index < len(order):
            return None
        return order[index]

    # -- the held order -------------------------------------------------------------------

    def _hold_changed(self, held: bool) -> None:
        self.post_message(OrderHeld(held))
        if not held and self._rows.stale:
            self._rebuild_order()

    # -- rendering ------------------------------------------------------------------------

    def on_resize(self) -> None:
        """Share the width between name and room so every column fits without scrolling."""
        self._drawn.fit(self.size.width)
        self._resize_virtual()
        self.refresh()

    def _resize_virtual(self) -> None:
        """Give the scroll view the rows' size (a screen layout only when the overflow flips)."""
        width = sum(w + 2 * table_lines.PADDING for w in self._drawn.widths.values())
        if fit_virtual_size(self, Size(width, len(self._rows.order) + 1)):
            self.layouts_skipped += 1

    def render_lines(self, crop: Region) -> list[Strip]:
        """Resolve the styles once per frame (a focus or theme change drops cached lines)."""
        self._drawn.use_looks(
            self.rich_style,
            self.get_component_rich_style("participants-table--header"),
            self.get_component_rich_style("participants-table--cursor"),
            self.get_component_rich_style("participants-table--hover"),
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Screen line ``y``: the header on top, then the rows from the scroll offset."""
        width = self.size.width
        drawn, rows = self._drawn, self._rows
        if y == 0:
            sort = (rows.sort_column, rows.descending)
            return drawn.header(self.app.console, sort, rows.hands_first, width)
        index = round(self.scroll_offset.y) + y - 1
        shown = rows.at(index)
        if shown is None:
            return drawn.blank(width)
        pid, row, gone = shown
        look = "cursor" if index == self.cursor_row else "hover" if pid == self._hover else ""
        return drawn.row(self.app.console, pid, row, width, look=look, gone=gone)

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, force=True)

    # -- order ----------------------------------------------------------------------------

    def _rebuild_order(self) -> None:
        """Filter and sort everyone again; the cursor stays on whom it was on."""
        cursor = self.cursor_pid
        self._rows.rebuild()
        self._reordered(cursor)
        self._count()

    def _reordered(self, cursor: str | None) -> None:
        """The order changed: the cursor follows ``cursor``, the scroll range the row count."""
        rows = self._rows
        if cursor is not None and cursor in rows.rows:
            position = rows.positions().get(cursor)
            if position is not None:
                self.cursor_row = position
        self.cursor_row = max(0, min(self.cursor_row, len(rows.order) - 1))
        self._resize_virtual()
        if not self._quiet:
            self.refresh()

    def _place(self, moved: Iterable[str]) -> None:
        """Put rows whose key, filter match or presence changed where they belong."""
        cursor = self.cursor_pid
        self._rows.place(moved, held=self._hold.held)
        if self._hold.held:
            self._resize_virtual()  # joiners were added at the bottom
        else:
            self._reordered(cursor)

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
        self._count()

    def _count(self) -> None:
        """Tell the pane the counts when they changed ("Participants 37 of 1,013 · 2 selected")."""
        title = counts_title(self._rows.shown_here(), len(self._rows.rows), len(self.selected))
        if title != self._counts:
            self._counts = title
            self.post_message(CountsChanged(title))

    def _on_screen(self) -> tuple[int, list[tuple[str, bool]]]:
        top = round(self.scroll_offset.y)
        return top, self._rows.lines(top, self.size.height - 1, self.cursor_row)

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
        rows = self._rows
        moved, changed, redraw = rows.absorb(conference, self._source, self.selected, self._pending)
        for pid in moved:
            if pid not in rows.rows:
                self._drawn.forget(pid)  # they left
        if moved:
            self._place(moved)
            redraw = True
        return changed if redraw else set()
