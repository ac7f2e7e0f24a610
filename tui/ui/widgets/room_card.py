"""One room in the breakout pane: its name and count as the border title, one member per line.

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

from tui.ui.widgets.table_lines import fitted


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
    """

    key: str
    room_id: str | None
    title: Text
    members: tuple[str, ...]
    lines: Sequence[Text]
    pending: bool = False


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
        if self._clock is None:
            return self.view.title
        return Text.assemble(self.view.title, (f" ⏱ {self._clock}", "bold"), end="")

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

    def _apply(self, view: RoomView) -> None:
        self.border_title = self._title()
        self.set_class(view.pending, "-pending")
        if len(self._strips) > len(view.lines):
            self._strips.clear()
