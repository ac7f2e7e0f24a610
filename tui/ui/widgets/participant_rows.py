"""The participants table's rows: one :class:`Cell` per column, each carrying its sort key.

Rows are built from the model only (a :class:`~tui.model.conference.Participant` and what the
console knows about it: room, pending move, selection, hand rank, mutes in flight), so the
table can rebuild exactly the rows whose inputs changed and sort without re-reading the model.
Every shown string goes through :func:`tui.ui.text.literal` (hostile text is never markup).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from tui.model.conference import Kind, Media, Participant, Role
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


NAME_WIDTH = 48
"""The widest a name gets (a wide terminal shows long names whole)."""
ROOM_WIDTH = 32
"""The widest a room name gets until names are at their widest (then it takes the rest)."""
FLEXIBLE = ("name", "room")
"""Columns that shrink on narrow terminals and grow on wide ones, up to their widths."""

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

INDEX = {column.key: i for i, column in enumerate(COLUMNS)}
"""Column key → position in a :data:`Row`."""
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


def ranks(raised: Mapping[str, int]) -> dict[str, int]:
    """Hand rank (1 = raised first) of every id in ``raised`` (id → raise time)."""
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
        _hand_cell(rank, hand_sort),
    )


def _hand_cell(rank: int | None, sort: tuple[object, ...]) -> Cell:
    return Cell(Text(f"✋{rank}" if rank else ""), sort)


def with_rank(row: Row, rank: int | None) -> Row:
    """``row`` with its hand cell showing ``rank``, the rest shared.

    A hand lowered moves every later hand up one rank: rebuilding only that cell keeps the
    cost of a lowered hand in a meeting with many raised off the whole rows.
    """
    at = INDEX["hand"]
    return (*row[:at], _hand_cell(rank, row[at].sort), *row[at + 1 :])
