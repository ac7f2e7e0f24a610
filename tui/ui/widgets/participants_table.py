"""The participants pane: a keyed, sortable, filterable table updated by diff.

Row keys are participant ids, so a presence change touches only that row's cells
(``update_cell``), a join adds one row and a leave removes one; nothing is rebuilt. Cells are
:class:`Cell` objects that carry their own sort key, so sorting never re-reads the model.

Work per refresh is proportional to what changed, not to the meeting's size:

* Only participants whose :class:`~tui.model.conference.Participant` object changed (the model
  shares unchanged ones, so an identity check finds them), whose selection, pending move or
  mute, or hand rank changed are looked at again; everything else keeps its row.
* A changed cell evicts only its own cached render and its row's assembled lines (see
  :meth:`ParticipantsTable.update_cell`), so a mute re-renders one cell, not every visible one.
* Rows are re-sorted only when a changed row is out of order with its neighbours.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowDoesNotExist, RowKey

from tui.model.conference import Conference, Kind, Media, Participant, Role
from tui.ui.pending_view import PendingView
from tui.ui.text import clean, literal

ME_MARK = "★ "
"""Prefix marking the console's own row."""

SELECTED_MARK = "●"
"""Shown in the first column of selected rows."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the table."""

    key: str
    label: str
    width: int


NAME_WIDTH = 24
ROOM_WIDTH = 18
FLEXIBLE = ("name", "room")
"""Columns that shrink on narrow terminals (widest at 120 columns and up)."""

COLUMNS: tuple[Column, ...] = (
    Column("sel", " ", 1),
    Column("name", "Name", NAME_WIDTH),
    Column("room", "Room", ROOM_WIDTH),
    Column("role", "Role", 5),
    Column("mic", "Mic", 3),
    Column("cam", "Cam", 3),
    Column("hand", "Hand", 4),
)
SORTABLE: tuple[str, ...] = ("name", "room", "role", "mic", "cam", "hand")
"""Columns the sort key cycles through, in order."""

_INDEX = {column.key: i for i, column in enumerate(COLUMNS)}
_KEYS = {column.key: ColumnKey(column.key) for column in COLUMNS}
_ROLE_ORDER = {Role.MODERATOR: 0, Role.PARTICIPANT: 1, Role.VISITOR: 2, Role.NONE: 3}


class Cell:
    """A table cell: the text to show and the key to sort it by."""

    __slots__ = ("sort", "text")

    def __init__(self, text: Text, sort: tuple[object, ...]) -> None:
        """Show ``text``; order by ``sort``."""
        self.text = text
        self.sort = sort

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render as the text."""
        yield self.text

    def _identity(self) -> tuple[object, ...]:
        return (self.text.plain, str(self.text.style), tuple(self.text.spans), self.sort)

    def __eq__(self, other: object) -> bool:
        """Equal when shown and sorted the same (so unchanged cells are not re-sent)."""
        return isinstance(other, Cell) and self._identity() == other._identity()

    def __hash__(self) -> int:
        """Hash of what is shown."""
        return hash(self.text.plain)


Row = tuple[Cell, ...]


def _flag(on: bool, label: str, muting: bool = False) -> Text:
    if on and muting:
        return Text(f"{label}…", style="italic dim")  # a mute is on its way
    return Text(label, style="bold") if on else Text("·", style="dim")


def _ranks(raised: Mapping[str, int]) -> dict[str, int]:
    order = sorted((at, pid) for pid, at in raised.items())
    return {pid: rank for rank, (_, pid) in enumerate(order, start=1)}


def _role_label(person: Participant) -> str:
    if person.kind is Kind.JIGASI:
        return "phone"
    if person.kind.is_bot:
        return person.kind.value[:5]
    return {Role.MODERATOR: "mod", Role.VISITOR: "visit"}.get(person.role, "")


def build_row(
    person: Participant,
    *,
    me: bool,
    room_label: str,
    room_order: int,
    pending_label: str | None,
    selected: bool,
    rank: int | None,
    muting: frozenset[Media] = frozenset(),
) -> Row:
    """The cells of one participant's row (``muting``: media whose mute is in flight)."""
    name = person.name or person.id
    name_text = literal(name, "" if person.name else "dim")
    if me:
        name_text = Text.assemble((ME_MARK, "bold"), name_text, no_wrap=True, end="")
        name_text.stylize("bold")
    name_key = (clean(name).casefold(), person.id)
    if pending_label is None:
        room_text = literal(f"{room_order} {room_label}" if room_order <= 9 else room_label)
    else:
        room_text = literal(f"→ {pending_label}", "italic dim")
    hand_raised_at = person.hand_raised_at
    hand_sort: tuple[object, ...] = (0, hand_raised_at) if hand_raised_at is not None else (1, 0)
    return (
        Cell(Text(SELECTED_MARK if selected else " ", style="bold"), (not selected,)),
        Cell(name_text, name_key),
        Cell(room_text, (room_order, *name_key)),
        Cell(Text(_role_label(person)), (_ROLE_ORDER.get(person.role, 9), *name_key)),
        Cell(
            _flag(not person.audio_muted, "on", Media.AUDIO in muting),
            (person.audio_muted, *name_key),
        ),
        Cell(
            _flag(not person.video_muted, "on", Media.VIDEO in muting),
            (person.video_muted, *name_key),
        ),
        Cell(Text(f"✋{rank}" if rank else ""), hand_sort),
    )


class ParticipantsTable(DataTable[Cell]):
    """Every participant, one row each, keyed by participant id.

    Attributes:
        selected: Ids in the multi-selection (space toggles).
        sort_column: Key of the column rows are ordered by.
        hands_first: Whether raised hands come first, in raise order.
        filter_text: Case-insensitive substring a name or room must contain to be shown.
    """

    DEFAULT_CSS = """
    ParticipantsTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    ALLOW_SELECT: ClassVar[bool] = False

    def __init__(self, *, id: str | None = None) -> None:
        """An empty table; :meth:`show` fills it."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.selected: set[str] = set()
        self.sort_column = "name"
        self.hands_first = False
        self.filter_text = ""
        self._conference: Conference | None = None
        self._pending = PendingView()
        self._shown: dict[str, Row] = {}
        self._cache: dict[str, tuple[tuple[object, ...], Row]] = {}
        self._stale_cells: set[tuple[RowKey, ColumnKey]] = set()
        # What the shown rows were built from, to find what changed since (see _changed_ids).
        self._seen: Mapping[str, Participant] | None = None
        self._row_context: tuple[object, ...] = ()
        self._seen_selected: frozenset[str] = frozenset()
        self._seen_moves: dict[str, str] = {}
        self._seen_muting: frozenset[tuple[str, Media]] = frozenset()
        self._raised: dict[str, int] = {}
        self._ranks: dict[str, int] = {}

    def on_mount(self) -> None:
        """Create the columns."""
        for column in COLUMNS:
            self.add_column(column.label, width=column.width, key=column.key)
        self._label_columns()

    def on_resize(self) -> None:
        """Share the width between name and room so every column fits without scrolling."""
        fixed = sum(c.width + 2 * self.cell_padding for c in COLUMNS if c.key not in FLEXIBLE)
        spare = self.size.width - fixed - 2 * self.cell_padding * len(FLEXIBLE) - 2
        name = max(10, min(NAME_WIDTH, spare * 3 // 5))
        room = max(6, min(ROOM_WIDTH, spare - name))
        changed = False
        for key, width in (("name", name), ("room", room)):
            column = self.columns[ColumnKey(key)]
            if column.width != width:
                column.width = width
                changed = True
        if changed:
            # DataTable has no public "resize column": drop its render caches and let it
            # recompute its virtual width on the next idle (rows and keys are untouched).
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh(layout=True)

    # -- what the screen calls ------------------------------------------------------------

    def show(self, conference: Conference, pending: PendingView) -> None:
        """Bring the rows in line with ``conference`` by diff."""
        self._conference = conference
        self._pending = pending
        self.selected &= conference.participants.keys()
        self._sync()

    @property
    def cursor_pid(self) -> str | None:
        """Id of the participant under the cursor, if any."""
        if not self.row_count:
            return None
        row = min(max(self.cursor_row, 0), self.row_count - 1)
        return str(self.ordered_rows[row].key.value)

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the rows in display order."""
        return [str(row.key.value) for row in self.ordered_rows]

    def pid_at_row(self, row_index: int) -> str | None:
        """Id of the participant on display row ``row_index`` (``None`` for the header)."""
        if 0 <= row_index < self.row_count:
            return str(self.ordered_rows[row_index].key.value)
        return None

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
        self._label_columns()
        self._resort(self.cursor_pid)

    def toggle_hands_first(self) -> None:
        """Put raised hands first (in raise order), or stop doing so."""
        self.hands_first = not self.hands_first
        self._label_columns()
        self._resort(self.cursor_pid)

    def set_filter(self, text: str) -> None:
        """Show only rows whose name or room contains ``text`` (any case)."""
        self.filter_text = text
        self._sync()

    # -- internals ------------------------------------------------------------------------

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A header click sorts by that column."""
        event.stop()
        key = str(event.column_key.value)
        if key in SORTABLE:
            self.sort_by(key)

    def _label_columns(self) -> None:
        for column in COLUMNS:
            label = Text(column.label)
            if column.key == self.sort_column:
                label.append("▼", style="bold")
            if column.key == "hand" and self.hands_first:
                label = Text("Hand⇧", style="bold")
            self.columns[ColumnKey(column.key)].label = label
        self.refresh()

    def _matches(self, person: Participant, room_label: str) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.casefold()
        return needle in clean(person.name).casefold() or needle in room_label.casefold()

    def _changed_ids(self, conference: Conference) -> Iterable[str]:
        """Ids whose row may differ from what is shown, in meeting order when it is all of them.

        Everything is looked at again only when something every row depends on changed (room
        names or order, the filter, who "me" is); otherwise the changed participants (by
        identity: the model shares unchanged ``Participant`` objects), changed selection,
        pending moves and mutes, and people whose hand rank moved.
        """
        people = conference.participants
        rooms = tuple((room_id, room.label) for room_id, room in conference.rooms.items())
        context = (conference.me, self.filter_text, rooms)
        selected = frozenset(self.selected)
        moves = dict(self._pending.moves)
        muting = self._pending.muting
        before = self._seen
        self._seen = people
        if before is None or context != self._row_context:
            self._row_context = context
            self._seen_selected, self._seen_moves, self._seen_muting = selected, moves, muting
            self._raised = {
                pid: p.hand_raised_at for pid, p in people.items() if p.hand_raised_at is not None
            }
            self._ranks = _ranks(self._raised)
            return [*people, *(pid for pid in self._shown if pid not in people)]
        changed: set[str] = set()
        if before is not people:
            seen = before.get
            changed = {pid for pid, person in people.items() if seen(pid) is not person}
            joined = sum(1 for pid in changed if pid not in before)
            if len(before) + joined != len(people):  # someone left
                changed.update(pid for pid in before if pid not in people)
        changed |= selected ^ self._seen_selected
        if moves != self._seen_moves:
            changed.update(
                pid
                for pid in moves.keys() | self._seen_moves.keys()
                if moves.get(pid) != self._seen_moves.get(pid)
            )
        changed.update(pid for pid, _ in muting ^ self._seen_muting)
        self._seen_selected, self._seen_moves, self._seen_muting = selected, moves, muting
        raised = self._raised
        hands_moved = False
        for pid in changed:
            person = people.get(pid)
            at = person.hand_raised_at if person is not None else None
            if raised.get(pid) != at:
                hands_moved = True
                if at is None:
                    del raised[pid]
                else:
                    raised[pid] = at
        if hands_moved:
            ranks = _ranks(raised)
            changed.update(
                pid
                for pid in ranks.keys() | self._ranks.keys()
                if ranks.get(pid) != self._ranks.get(pid)
            )
            self._ranks = ranks
        return changed

    def _row(self, conference: Conference, pid: str, order: Mapping[str, int]) -> Row | None:
        """The row ``pid`` should have now, ``None`` when absent or filtered out."""
        person = conference.participants.get(pid)
        if person is None:
            return None
        rooms = conference.rooms
        room = rooms.get(person.room)
        label = clean(room.label) if room else person.room
        if not self._matches(person, label):
            return None
        target = self._pending.moves.get(pid)
        target_room = rooms.get(target) if target else None
        pending_label = None
        if target is not None:
            pending_label = clean(target_room.label) if target_room else target
        muting = frozenset(media for who, media in self._pending.muting if who == pid)
        key = (
            person,
            label,
            order.get(person.room, len(order)),
            pending_label,
            pid in self.selected,
            self._ranks.get(pid),
            pid == conference.me,
            muting,
        )
        cached = self._cache.get(pid)
        if cached is not None and cached[0] == key:
            return cached[1]
        row = build_row(
            person,
            me=key[6],
            room_label=label,
            room_order=key[2],
            pending_label=pending_label,
            selected=key[4],
            rank=key[5],
            muting=muting,
        )
        self._cache[pid] = (key, row)
        return row

    def _sync(self) -> None:
        conference = self._conference
        if conference is None:
            return
        changed = self._changed_ids(conference)
        order = {room_id: i for i, room_id in enumerate(conference.rooms)}
        cursor = self.cursor_pid
        sort_index = _INDEX[self.sort_column]
        hand_index = _INDEX["hand"]
        # The hand column decides the order only when hands come first (or it is the sort
        # column, covered by sort_index): a hand going up while sorted by name moves nothing.
        order_by_hand = self.hands_first
        placed: list[str] = []  # rows added or whose order key changed
        with self.app.batch_update():
            for pid in changed:
                row = self._row(conference, pid, order)
                old = self._shown.get(pid)
                if row is None:
                    self._cache.pop(pid, None)
                    if old is not None:
                        self.remove_row(pid)
                        del self._shown[pid]
                    continue
                if old is None:
                    self.add_row(*row, key=pid, height=1)
                    placed.append(pid)
                elif old is not row:
                    for column, before, after in zip(COLUMNS, old, row, strict=True):
                        if before != after:
                            self.update_cell(pid, column.key, after)
                    if old[sort_index].sort != row[sort_index].sort or (
                        order_by_hand and old[hand_index].sort != row[hand_index].sort
                    ):
                        placed.append(pid)
                self._shown[pid] = row
            if placed and not self._in_order(placed):
                self._resort(cursor)

    def _order_key(self, cells: Mapping[ColumnKey, Cell]) -> tuple[object, ...]:
        first = cells[_KEYS["hand"]].sort if self.hands_first else ()
        return (*first, *cells[_KEYS[self.sort_column]].sort, *cells[_KEYS["name"]].sort)

    def _in_order(self, pids: Collection[str]) -> bool:
        """Whether the table is still sorted, given that only ``pids`` changed their keys.

        The rows were in order before, so only pairs of neighbours involving a changed row
        need checking: O(changed), not a sort of every row (which would also drop every
        cached render).
        """
        if len(pids) * 4 > self.row_count:
            return False  # cheaper to sort than to probe
        locations = self._row_locations
        last = self.row_count - 1
        data = self._data
        for pid in pids:
            index = locations.get(RowKey(pid))
            if index is None:
                return False
            key = self._order_key(data[RowKey(pid)])
            above = locations.get_key(index - 1) if index > 0 else None
            if above is not None and self._order_key(data[above]) > key:
                return False
            below = locations.get_key(index + 1) if index < last else None
            if below is not None and key > self._order_key(data[below]):
                return False
        return True

    def _resort(self, cursor: str | None) -> None:
        """Re-order rows, keeping the cursor on participant ``cursor`` (if given)."""
        sort_index = _INDEX[self.sort_column]
        hand_index = _INDEX["hand"]
        name_index = _INDEX["name"]

        def key(cells: tuple[Cell, ...]) -> tuple[object, ...]:
            first = cells[hand_index].sort if self.hands_first else ()
            return (*first, *cells[sort_index].sort, *cells[name_index].sort)

        self.sort(key=key)
        if cursor is not None:
            with contextlib.suppress(RowDoesNotExist):
                self.move_cursor(row=self.get_row_index(cursor), scroll=False)

    # -- cell-local cache invalidation -----------------------------------------------------
    #
    # Textual's DataTable.update_cell bumps ``_update_count``, which is part of the key of
    # every cached render (cells, row lines, renderables, screen lines). One changed mic cell
    # then makes the next frame re-render every visible cell (~270 at 120x40, ~0.25 ms each):
    # that frame, not the update, is what a keypress waited behind under load. Cell values
    # here change but row order and heights do not, so only the changed cells' renders and
    # their rows' assembled lines are stale. This relies on DataTable internals of the
    # pinned Textual (8.2.8): ``_data``, ``_row_locations``, ``_column_locations``, the four
    # render caches and their key layouts. tests/ui/test_table_internals.py fails if they
    # change.

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Cell,
        *,
        update_width: bool = False,
    ) -> None:
        """Set one cell, marking only its cached renders stale (not the whole table's).

        Args:
            row_key: The row (participant id).
            column_key: The column.
            value: The new cell.
            update_width: Whether the column may need to grow (never here: widths are fixed).

        Raises:
            CellDoesNotExist: When there is no such row or column.
        """
        row = row_key if isinstance(row_key, RowKey) else RowKey(row_key)
        column = column_key if isinstance(column_key, ColumnKey) else ColumnKey(column_key)
        if row not in self._row_locations or column not in self._column_locations:
            raise CellDoesNotExist(f"No cell exists for row_key={row!r}, column_key={column!r}.")
        if update_width:  # not used by this table; keep DataTable's behaviour if asked
            super().update_cell(row, column, value, update_width=True)
            return
        self._data[row][column] = value
        self._stale_cells.add((row, column))
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Drop the changed cells' cached renders (one pass per frame), then render."""
        if self._stale_cells:
            self._evict_stale_cells()
        return super().render_lines(crop)

    def _evict_stale_cells(self) -> None:
        stale = self._stale_cells
        rows = {row for row, _ in stale}
        # Cell keys start (row key, column key), row-line keys start with the row key. Only the
        # changed cells are rendered again (a hand rank renumbering many rows re-renders their
        # hand cells alone); their rows' lines are re-assembled from the cached cells.
        # LRUCache is not iterable, hence keys().
        cells = self._cell_render_cache
        for cell_key in [key for key in tuple(cells.keys()) if (key[0], key[1]) in stale]:
            cells.discard(cell_key)
        lines = self._row_render_cache
        for line_key in [key for key in tuple(lines.keys()) if key[0] in rows]:
            lines.discard(line_key)
        for row in rows:
            index = self._row_locations.get(row)
            if index is not None:
                self._row_renderable_cache.discard((self._update_count, index))
        self._line_cache.clear()  # keyed by screen line, cheap to rebuild from row renders
        stale.clear()
