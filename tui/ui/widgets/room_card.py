"""One room in the breakout pane: its name and count as the border title, one member per line.

A narrow card cuts the room's name, never its count (issue 13's walk-through: "0 Demo meeting
(100…" for 1,001 people read as a hundred).

A card is a drop target for drags and can tell which member sits on a given content line, so a
drag can start from inside a room too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from tui.model.conference import Participant, Room
from tui.ui.pending_view import PendingView
from tui.ui.text import literal
from tui.ui.widgets.participant_rows import ME_MARK, SELECTED_MARK
from tui.ui.widgets.table_lines import fitted

TITLE_FRAME = 6
"""Cells of a card's top border that are not its title: ``╭─ `` and `` ─╮``."""


@dataclass(frozen=True, slots=True)
class RoomView:
    """What one card shows.

    Attributes:
        key: Stable identity of the card: the room id, or ``pending:<n>`` for a room being added.
        room_id: The room's id; ``None`` while the room is only asked for.
        title: Border title, e.g. ``[1] Room A (3)``.
        members: Participant ids, one per line, in the order of ``lines``.
        lines: One line of text per member (or a single placeholder line when empty); for an
            opened card of a big room, a sequence that builds a line when it is drawn.
        pending: The room is being added or removed and cannot be used yet.
        title_keep: Characters at the end of ``title`` (the count, what is pending) that a
            narrow card keeps whole, cutting the name before them instead.
    """

    key: str
    room_id: str | None
    title: Text
    members: tuple[str, ...]
    lines: Sequence[Text]
    pending: bool = False
    title_keep: int = 0


def card_title(room: Room, number: int | None, pending: PendingView) -> tuple[Text, int]:
    """``room``'s card title ("1 Grupp A (3)") and how many characters at its end to keep."""
    title = Text(no_wrap=True, end="")
    if number is not None and number <= 9:
        title.append(f"{number} ", style="bold")
    title.append_text(literal(room.label))
    name_end = len(title.plain)
    title.append(f" ({len(room.members):,})")
    if room.id in pending.removed:
        title.append(" removing…", style="italic")
    elif room.id in pending.renamed:
        title.append_text(literal(f" → {pending.renamed[room.id]}", "italic"))
    return title, len(title.plain) - name_end


def member_line(
    person: Participant,
    *,
    me: bool,
    selected: bool,
    pending_label: str | None,
) -> Text:
    """One member's line in a room card."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(SELECTED_MARK if selected else " ", style="bold")
    if me:
        line.append(ME_MARK, style="bold")
    line.append_text(literal(person.name or person.id, "bold" if me else ""))
    if person.hand_raised:
        line.append(" ✋")
    if pending_label is not None:
        line.stylize("italic dim")
        line.append_text(literal(f" → {pending_label}", "italic dim"))
    return line


def fit_title(view: RoomView, width: int) -> Text:
    """``view``'s title for a card ``width`` cells wide (border included): the name is cut first."""
    title, room = view.title, width - TITLE_FRAME
    if title.cell_len <= room or not view.title_keep or room <= 0:
        return title  # fits, or nothing to keep: Textual cuts it at the end
    split = len(title.plain) - view.title_keep
    head, tail = title[:split], title[split:]
    head.truncate(max(room - tail.cell_len, 1), overflow="ellipsis")
    return Text.assemble(head, tail, no_wrap=True, end="")


class RoomCard(Widget):
    """A room and its members; see :class:`RoomView` for what it shows.

    Drawn a line at a time (Textual's Line API): a card listing everyone in a room of 1,000
    draws the members that fit on screen, not a 1,000-line text (as a ``Static`` did: opening
    it took ~300 ms, and every presence in the room rendered it all again).
    """

    DEFAULT_CSS = """
    RoomCard {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text;
        padding: 0 1;
    }
    RoomCard.-cursor {
        border: round $accent;
        border-title-style: bold;
    }
    RoomCard.-pending {
        border: dashed $panel-lighten-2;
        color: $text-muted;
        text-style: italic;
    }
    RoomCard.-drop-target {
        border: double $success;
        background: $success 20%;
    }
    """

    ALLOW_SELECT: ClassVar[bool] = False

    def __init__(self, view: RoomView) -> None:
        """A card showing ``view``."""
        super().__init__()
        self.view = view
        self._strips: dict[int, tuple[Text, int, Style, Strip]] = {}
        self._clock: str | None = None
        self._apply(view)

    @property
    def room_id(self) -> str | None:
        """Id of the room shown, ``None`` for a room still being added."""
        return self.view.room_id

    def show(self, view: RoomView) -> None:
        """Show ``view``, touching the screen only if something changed."""
        if view is self.view or view == self.view:
            return
        # Same number of lines, same height: repaint the card alone. A layout would lay out
        # the whole screen again, on nearly every refresh of a busy meeting.
        relayout = len(view.lines) != len(self.view.lines)
        self.view = view
        self._apply(view)
        self._repaint(layout=relayout)

    def show_clock(self, text: str | None) -> None:
        """Show the breakout timer's time left (``"12:04"``) after the title; ``None``: none."""
        if text != self._clock:
            self._clock = text
            self.border_title = self._title()

    def _title(self) -> Text:
        """The view's title cut to the card's width, the timer's time left after it."""
        width = self.outer_size.width
        clock = Text(f" ⏱ {self._clock}", style="bold") if self._clock is not None else Text()
        if not width:
            return Text.assemble(self.view.title, clock, end="")
        return Text.assemble(fit_title(self.view, width - clock.cell_len), clock, end="")

    def member_at_line(self, line: int) -> str | None:
        """Id of the member drawn on content line ``line`` (0-based), if any."""
        members = self.view.members
        return members[line] if 0 <= line < len(members) else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per member (or placeholder)."""
        return len(self.view.lines)

    def render_line(self, y: int) -> Strip:
        """Content line ``y``: one member, cut with an ellipsis (never wrapped).

        Drags map content lines to members, so a line is never wrapped onto two.
        """
        width = self.size.width
        style = self.rich_style
        lines = self.view.lines
        if not 0 <= y < len(lines):
            return Strip.blank(width, style)
        text = lines[y]
        cached = self._strips.get(y)
        if cached is not None and cached[0] is text and cached[1] == width and cached[2] == style:
            return cached[3]
        line = fitted(self.app.console, text, width, pad=False)
        segments = Segment.apply_style(line, style)
        strip = Strip(list(segments)).adjust_cell_length(width, style)
        self._strips[y] = (text, width, style, strip)
        return strip

    def _repaint(self, *, layout: bool) -> None:
        self.refresh(layout=layout)

    def on_resize(self) -> None:
        """A new width may cut the title elsewhere."""
        self.border_title = self._title()

    def _apply(self, view: RoomView) -> None:
        self.border_title = self._title()
        self.set_class(view.pending, "-pending")
        if len(self._strips) > len(view.lines):
            self._strips.clear()
