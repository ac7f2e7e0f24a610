"""One room in the breakout pane: its name and count as the border title, one member per line.

A card is a drop target for drags and can tell which member sits on a given content line, so a
drag can start from inside a room too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class RoomView:
    """What one card shows.

    Attributes:
        key: Stable identity of the card: the room id, or ``pending:<n>`` for a room being added.
        room_id: The room's id; ``None`` while the room is only asked for.
        title: Border title, e.g. ``[1] Room A (3)``.
        members: Participant ids, one per line, in the order of ``lines``.
        lines: One line of text per member (or a single placeholder line when empty).
        pending: The room is being added or removed and cannot be used yet.
    """

    key: str
    room_id: str | None
    title: Text
    members: tuple[str, ...]
    lines: tuple[Text, ...]
    pending: bool = False


class RoomCard(Static):
    """A room and its members; see :class:`RoomView` for what it shows."""

    DEFAULT_CSS = """
    RoomCard {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
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
        self._apply(view, layout=relayout)

    def member_at_line(self, line: int) -> str | None:
        """Id of the member drawn on content line ``line`` (0-based), if any."""
        members = self.view.members
        return members[line] if 0 <= line < len(members) else None

    def _apply(self, view: RoomView, *, layout: bool = True) -> None:
        self.border_title = view.title
        self.set_class(view.pending, "-pending")
        body = Text("\n", end="").join(view.lines)
        body.no_wrap = True  # one member per line: drags map content lines to members
        self.update(body, layout=layout)
