"""Every console action in one table: its key, footer label, help text and binding id.

The main screen's bindings, the command palette and the help screen are all built from
:data:`ACTIONS`, so a key can never exist without a palette entry or a line of help.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class ConsoleAction:
    """One thing the moderator can do.

    Attributes:
        action: Textual action string run on the console screen.
        key: Key (or comma-separated keys) bound to it.
        label: Short footer label.
        help: One sentence for the palette and the help screen.
        show: Whether the footer lists it.
        scope: The screen it belongs to; the first part of its binding id.
    """

    action: str
    key: str
    label: str
    help: str
    show: bool = True
    scope: str = "console"

    @property
    def binding_id(self) -> str:
        """Stable id users can remap through Textual's keymap."""
        return f"{self.scope}." + self.action.split("(")[0].removeprefix("app.")

    def binding(self) -> Binding:
        """The Textual binding for this action."""
        return Binding(
            self.key,
            self.action,
            self.label,
            show=self.show,
            tooltip=self.help,
            id=self.binding_id,
        )


ACTIONS: tuple[ConsoleAction, ...] = (
    ConsoleAction(
        "move",
        "m",
        "Move to…",
        "Move the selection (or the cursor row) to a room picked from a list",
    ),
    ConsoleAction(
        "toggle_select", "space", "Select", "Add the participant under the cursor to the selection"
    ),
    ConsoleAction("clear_selection", "u", "Unselect", "Empty the selection", show=False),
    ConsoleAction("filter", "slash", "Filter", "Show only names (or rooms) containing some text"),
    ConsoleAction("cycle_sort", "s", "Sort", "Sort participants by the next column"),
    ConsoleAction(
        "hands_first", "h", "Hands first", "Put raised hands on top, in the order they went up"
    ),
    ConsoleAction("add_room", "a", "Add room", "Create a breakout room"),
    ConsoleAction("rename_room", "r", "Rename", "Rename the room under the rooms cursor"),
    ConsoleAction(
        "close_room", "c", "Close room", "Send everyone in the room under the cursor back to main"
    ),
    ConsoleAction(
        "remove_room",
        "delete,d",
        "Remove room",
        "Remove the room under the rooms cursor (its people go back to main)",
    ),
    ConsoleAction(
        "close_all",
        "C",
        "Close all",
        "Close every breakout room and remove them all (asks first)",
    ),
    ConsoleAction(
        "auto_assign", "A", "Auto-assign", "Spread everyone evenly over the breakout rooms"
    ),
    ConsoleAction(
        "call_back", "b", "Call back", "Bring everyone in a breakout room back to the main room"
    ),
    ConsoleAction(
        "app.invite",
        "i",
        "Invite…",
        "Write an invitation to this meeting (Outlook HTML, text or .ics) to copy or save",
    ),
    ConsoleAction("help", "question_mark", "Help", "List every key"),
    ConsoleAction("app.quit", "q", "Quit", "Leave the console (the meeting goes on)"),
)

QUICK_MOVES: tuple[ConsoleAction, ...] = tuple(
    ConsoleAction(
        f"quick_move({digit})",
        str(digit),
        "Main room" if digit == 0 else f"Room {digit}",
        "Move the selection to the main room"
        if digit == 0
        else f"Move the selection to breakout room {digit}",
        show=False,
    )
    for digit in range(10)
)
"""Digits 0-9: 0 is the main room, 1-9 the breakout rooms in order."""

INVITE_ACTIONS: tuple[ConsoleAction, ...] = (
    ConsoleAction(
        "copy",
        "ctrl+y",
        "Copy",
        "Copy the invitation to your clipboard (OSC 52; pyperclip on a local desktop)",
        scope="invite",
    ),
    ConsoleAction(
        "show",
        "ctrl+o",
        "Show",
        "Show the whole invitation full-screen, for terminals that ignore OSC 52",
        scope="invite",
    ),
    ConsoleAction(
        "save", "ctrl+s", "Save…", "Save the invitation to a file you name", scope="invite"
    ),
    ConsoleAction("close", "escape", "Close", "Close the invite pane", scope="invite"),
)
"""The invite pane's keys: control keys, because its text fields take every printable one."""

OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("0-9", "Move the selection to the main room (0) or breakout room 1-9"),
    ("tab / shift+tab", "Switch between the participants table and the rooms pane"),
    ("up / down", "Move the cursor (in the rooms pane: the room cursor)"),
    ("click a header", "Sort by that column"),
    ("drag a name onto a room", "Move them there (the whole selection if they are selected)"),
    ("escape", "Cancel a drag, or clear the filter"),
    ("ctrl+p", "Command palette: every action by name"),
    ("enter (rooms pane)", "List every member of a long room, or cut it short again"),
)
"""Keys and gestures the help screen lists besides :data:`ACTIONS`."""


def key_label(key: str) -> str:
    """How a binding's key is written on the help screen."""
    names = {"question_mark": "?", "slash": "/", "space": "space", "delete": "del"}
    return " / ".join(names.get(k, k) for k in key.split(","))
