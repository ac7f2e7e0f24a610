"""The participants pane: a keyed, sortable, filterable table updated by diff.

Row keys are participant ids, so a presence change touches only that row's cells
(``update_cell``), a join adds one row and a leave removes one; nothing is rebuilt. Cells are
:class:`Cell` objects that carry their own sort key, so sorting never re-reads the model.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

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


def hand_ranks(conference: Conference) -> dict[str, int]:
    """Participant id → 1-based position among raised hands, earliest first."""
    raised = sorted(
        (p.hand_raised_at, p.id)
        for p in conference.participants.values()
        if p.hand_raised_at is not None
    )
    return {pid: rank for rank, (_, pid) in enumerate(raised, start=1)}


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

    def _rows(self, conference: Conference) -> dict[str, Row]:
        rooms = conference.rooms
        order = {room_id: i for i, room_id in enumerate(rooms)}
        ranks = hand_ranks(conference)
        moves = self._pending.moves
        muting: dict[str, set[Media]] = {}
        for pid, media in self._pending.muting:
            muting.setdefault(pid, set()).add(media)
        rows: dict[str, Row] = {}
        for pid, person in conference.participants.items():
            room = rooms.get(person.room)
            label = clean(room.label) if room else person.room
            if not self._matches(person, label):
                continue
            target = moves.get(pid)
            target_room = rooms.get(target) if target else None
            pending_label = None
            if target is not None:
                pending_label = clean(target_room.label) if target_room else target
            key = (
                person,
                label,
                order.get(person.room, len(order)),
                pending_label,
                pid in self.selected,
                ranks.get(pid),
                pid == conference.me,
                frozenset(muting.get(pid, ())),
            )
            cached = self._cache.get(pid)
            if cached is not None and cached[0] == key:
                rows[pid] = cached[1]
                continue
            row = build_row(
                person,
                me=key[6],
                room_label=label,
                room_order=key[2],
                pending_label=pending_label,
                selected=key[4],
                rank=key[5],
                muting=key[7],
            )
            self._cache[pid] = (key, row)
            rows[pid] = row
        for gone in self._cache.keys() - conference.participants.keys():
            del self._cache[gone]
        return rows

    def _sync(self) -> None:
        if self._conference is None:
            return
        wanted = self._rows(self._conference)
        cursor = self.cursor_pid
        reorder = False
        sort_index = _INDEX[self.sort_column]
        hand_index = _INDEX["hand"]
        with self.app.batch_update():
            for pid in [pid for pid in self._shown if pid not in wanted]:
                self.remove_row(pid)
                del self._shown[pid]
            for pid, row in wanted.items():
                old = self._shown.get(pid)
                if old is None:
                    self.add_row(*row, key=pid, height=1)
                    reorder = True
                elif old is not row:
                    for column, before, after in zip(COLUMNS, old, row, strict=True):
                        if before != after:
                            self.update_cell(pid, column.key, after)
                    reorder = reorder or (
                        old[sort_index].sort != row[sort_index].sort
                        or old[hand_index].sort != row[hand_index].sort
                    )
                self._shown[pid] = row
            if reorder:
                self._resort(cursor)

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
