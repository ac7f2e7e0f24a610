"""Drawing the participants table one screen line at a time (Textual's Line API).

Each line is a :class:`~textual.strip.Strip` built from the cells' :class:`~rich.text.Text`
(never markup: the texts come from :mod:`tui.ui.widgets.participant_rows`, which cleans every
string). Every segment of a line carries Rich style *meta* naming what it shows — ``pid`` on a
participant's row, ``header`` (a column key) on the header — so mouse handlers learn who or
what is under the pointer from the frame itself, not from a row index that a re-sort could
have changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip

from tui.ui.widgets.participant_rows import COLUMNS, FLEXIBLE, NAME_WIDTH, ROOM_WIDTH, Column, Row

PADDING = 1
"""Blank cells on each side of every column."""

NAME_MIN = 10
ROOM_MIN = 5
"""The narrowest the name and room columns get ("0 Ro…": a room's number stays readable)."""


def column_widths(table_width: int) -> dict[str, int]:
    """Width of every column's text for a table ``table_width`` cells wide.

    Name and room share what the fixed columns leave (names get 3/5, up to their widths in
    :data:`COLUMNS`). On a narrow table names come first: they keep up to 16 cells while the
    room (also on its card in the rooms pane) shrinks to its number and a letter. On a wide one
    the room takes what a name at its widest leaves (a long room name whole, not cut beside
    empty columns).
    """
    widths = {column.key: column.width for column in COLUMNS}
    rigid = sum(w + 2 * PADDING for key, w in widths.items() if key not in FLEXIBLE)
    spare = table_width - rigid - 2 * PADDING * len(FLEXIBLE) - 2
    name = max(spare * 3 // 5, min(16, spare - ROOM_MIN))
    widths["name"] = max(NAME_MIN, min(NAME_WIDTH, name))
    room = spare - widths["name"]
    widths["room"] = max(ROOM_MIN, room if widths["name"] == NAME_WIDTH else min(ROOM_WIDTH, room))
    return widths


def column_starts(widths: Mapping[str, int]) -> dict[str, int]:
    """The x offset where each column (its left padding) starts."""
    starts: dict[str, int] = {}
    x = 0
    for column in COLUMNS:
        starts[column.key] = x
        x += widths[column.key] + 2 * PADDING
    return starts


def fitted(console: Console, text: Text, width: int, *, pad: bool = True) -> list[Segment]:
    """``text`` as segments at most ``width`` cells wide (cut with an ellipsis), in its styles.

    ``Text.render`` drops a text's own (base) style when it has no spans, so the base style
    becomes the first span here (a bold "on" stays bold; spans on top still win).
    """
    copy = text.copy()
    copy.end = ""
    copy.no_wrap = True
    if copy.style:
        copy.spans.insert(0, Span(0, len(copy), copy.style))
        copy.style = ""
    copy.truncate(width, overflow="ellipsis", pad=pad)
    return list(copy.render(console))


def _cell_segments(console: Console, text: Text, width: int) -> list[Segment]:
    pad = Segment(" " * PADDING)
    return [pad, *fitted(console, text, width), pad]


def line(
    console: Console,
    texts: Sequence[Text],
    *,
    widths: Mapping[str, int],
    width: int,
    style: Style,
) -> Strip:
    """One line of ``texts`` (one per column), ``width`` cells wide, over ``style``.

    ``style`` goes *under* the texts' own styles (a bold name stays bold on the cursor row)
    and carries the line's meta.
    """
    segments: list[Segment] = []
    for column, text in zip(COLUMNS, texts, strict=True):
        segments.extend(_cell_segments(console, text, widths[column.key]))
    styled = list(Segment.apply_style(segments, style))
    return Strip(styled).adjust_cell_length(width, style)


def row_line(
    console: Console,
    pid: str,
    row: Row,
    *,
    widths: Mapping[str, int],
    width: int,
    style: Style,
) -> Strip:
    """Participant ``pid``'s row; every segment's meta names ``pid``."""
    meta = Style.from_meta({"pid": pid})
    texts = [cell.text for cell in row]
    return line(console, texts, widths=widths, width=width, style=style + meta)


def header_line(
    console: Console,
    labels: Mapping[str, Text],
    *,
    widths: Mapping[str, int],
    width: int,
    style: Style,
) -> Strip:
    """The header; each column's cells carry ``header`` meta with that column's key."""
    segments: list[Segment] = []
    for column in COLUMNS:
        meta = style + Style.from_meta({"header": column.key})
        # A label may use its right padding, so "Mic▼" and "Hand▼" show their arrow whole.
        label = fitted(console, labels[column.key], widths[column.key] + PADDING)
        cells = [Segment(" " * PADDING), *label]
        segments.extend(Segment.apply_style(cells, meta))
    return Strip(segments).adjust_cell_length(width, style)


ASCENDING = "▼"
"""Marks the sort column running first to last down the table (A to Z, first hand first)."""

DESCENDING = "▲"
"""Marks the sort column running backwards (Z to A from the top)."""


def header_labels(sort: tuple[str, bool], hands_first: bool) -> dict[str, Text]:
    """Column labels: an arrow on the sort column, ``Hand⇧`` while hands come first.

    ``sort`` is the sort column and whether it runs backwards (▲) rather than down (▼).
    """
    sort_column, descending = sort
    labels: dict[str, Text] = {}
    for column in COLUMNS:
        label = Text(column.label)
        if column.key == sort_column:
            label.append(DESCENDING if descending else ASCENDING, style="bold")
        if column.key == "hand" and hands_first:
            label = Text("Hand⇧", style="bold")
        labels[column.key] = label
    return labels


__all__ = [
    "ASCENDING",
    "DESCENDING",
    "PADDING",
    "Column",
    "column_starts",
    "column_widths",
    "fitted",
    "header_labels",
    "header_line",
    "line",
    "row_line",
]


def changed_lines(
    was: Sequence[tuple[str, bool]], now: Sequence[tuple[str, bool]], rebuilt: Set[str]
) -> list[int]:
    """Row lines (0 = first under the header) that look different from ``was``.

    A line differs when it shows another participant or cursor state, or a row in ``rebuilt``.
    """
    lines = []
    for line in range(max(len(was), len(now))):
        old = was[line] if line < len(was) else None
        new = now[line] if line < len(now) else None
        if old != new or (new is not None and new[0] in rebuilt):
            lines.append(line)
    return lines


GONE_STYLE = Style(dim=True, strike=True)
"""A leaver's row while the order is held."""


class DrawnLines:
    """The table's lines as last drawn, kept per participant until what they show changes.

    A line is drawn again only when its row, its look (cursor, hover, gone), the column
    widths or the table's styles changed.

    Attributes:
        widths: Width of every column's text.
        drawn: Row lines drawn so far (a work count the complexity guards read).
    """

    def __init__(self) -> None:
        """Nothing drawn yet, widths for a 120-cell table."""
        self.widths = column_widths(120)
        self.drawn = 0
        self._lines: dict[str, tuple[Row, str, Strip]] = {}  # pid → (row, look, strip)
        self._header: tuple[tuple[object, ...], Strip] | None = None
        self._looks: tuple[Style, ...] = (Style(),) * 4

    def fit(self, table_width: int) -> None:
        """Share a table ``table_width`` cells wide between the columns."""
        widths = column_widths(table_width)
        if widths != self.widths:
            self.widths = widths
            self.clear()

    def use_looks(self, base: Style, header: Style, cursor: Style, hover: Style) -> None:
        """The table's styles now (a focus or theme change drops every line)."""
        looks = (base, header, cursor, hover)
        if looks != self._looks:
            self._looks = looks
            self.clear()

    def clear(self) -> None:
        """Draw every line again."""
        self._lines.clear()
        self._header = None

    def forget(self, pid: str) -> None:
        """Drop ``pid``'s line (they left)."""
        self._lines.pop(pid, None)

    def header(
        self, console: Console, sort: tuple[str, bool], hands_first: bool, width: int
    ) -> Strip:
        """The header line for this sort (column, descending)."""
        key = (sort, hands_first, width)
        if self._header is None or self._header[0] != key:
            base, header_style = self._looks[:2]
            labels = header_labels(sort, hands_first)
            strip = header_line(
                console, labels, widths=self.widths, width=width, style=base + header_style
            )
            self._header = (key, strip)
        return self._header[1]

    def blank(self, width: int) -> Strip:
        """An empty line below the rows."""
        return Strip.blank(width, self._looks[0])

    def row(
        self, console: Console, pid: str, row: Row, width: int, *, look: str, gone: bool
    ) -> Strip:
        """``pid``'s line showing ``row`` with ``look`` ("cursor", "hover", ""), dim if ``gone``."""
        if gone:
            look += "-gone"
        cached = self._lines.get(pid)
        if cached is not None and cached[0] is row and cached[1] == look:
            return cached[2]
        base, _header, cursor_style, hover_style = self._looks
        style = base
        if look.startswith("cursor"):
            style = base + cursor_style
        elif look.startswith("hover"):
            style = base + hover_style
        if gone:
            style += GONE_STYLE
        strip = row_line(console, pid, row, widths=self.widths, width=width, style=style)
        self.drawn += 1
        self._lines[pid] = (row, look, strip)
        return strip
