"""The broadcast dialog: one message, to every room or to a checklist of chosen rooms at once.

"All rooms" is ticked by default; ticking a room narrows the broadcast to the rooms ticked. The
console occupies each breakout room beside the main room, so nobody moves to send.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.model.conference import Conference
from tui.model.intents import Broadcast
from tui.ui.screens.modal import ConsoleModal
from tui.ui.text import literal

ALL_ROOMS = ""
"""The checklist value of the "All rooms" line (room ids are never empty)."""


class BroadcastDialog(ConsoleModal[Broadcast | None]):
    """Write a message and choose rooms; dismisses with the :class:`Broadcast`, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", id="broadcast.send"),
    ]

    DEFAULT_CSS = """
    BroadcastDialog SelectionList {
        height: auto;
        max-height: 12;
    }
    """

    AUTO_FOCUS = "#broadcast-text"

    def __init__(self, conference: Conference, text: str = "") -> None:
        """Offer every room of ``conference``; ``text`` is already typed in."""
        super().__init__()
        self._conference = conference
        self._initial_text = text

    def compose(self) -> ComposeResult:
        """The text, the checklist of rooms and a hint."""
        choices: list[Selection[str]] = [
            Selection(Text("All rooms", style="bold"), ALL_ROOMS, True)
        ]
        for room in self._conference.rooms.values():
            label = literal(room.label)
            label.append(f" ({len(room.members)})", style="dim")
            choices.append(Selection(label, room.id, False))
        with self.frame():
            yield Label(Text("Broadcast a message", style="bold"))
            yield Input(self._initial_text, placeholder="message…", id="broadcast-text")
            yield Label(Text("Send to (space ticks):", style="dim"))
            yield SelectionList[str](*choices, id="broadcast-rooms")
            yield Label(Text("Enter in the message or Ctrl+S sends · Escape cancels", style="dim"))

    @property
    def rooms(self) -> SelectionList[str]:
        """The checklist."""
        return self.query_one(SelectionList)

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[str]
    ) -> None:
        """Ticking a room unticks "All rooms"; ticking "All rooms" unticks the rooms."""
        event.stop()
        rooms: SelectionList[str] = self.rooms
        value = event.selection.value
        if value not in rooms.selected:
            return
        if value == ALL_ROOMS:
            for room_id in self._conference.rooms:
                rooms.deselect(room_id)
        else:
            rooms.deselect(ALL_ROOMS)

    def chosen(self) -> tuple[str, ...] | None:
        """The rooms ticked: ``()`` for all rooms, ``None`` when nothing is ticked."""
        selected = self.rooms.selected
        if ALL_ROOMS in selected or not selected:
            return () if ALL_ROOMS in selected else None
        order = list(self._conference.rooms)
        return tuple(sorted(selected, key=order.index))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the message sends."""
        event.stop()
        self.action_send()

    def action_send(self) -> None:
        """Send to the rooms ticked (refused here only when no room is ticked)."""
        rooms = self.chosen()
        if rooms is None:
            self.notify("tick at least one room (or All rooms)", severity="error")
            return
        text = self.query_one("#broadcast-text", Input).value
        self.dismiss(Broadcast(text, rooms))
