"""Every console action in one table: its key, footer label, help text and binding id.

The main screen's bindings, the command palette and the help screen are all built from
:data:`ACTIONS`, so a key can never exist without a palette entry or a line of help.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import key_to_character


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
        slug: The second part of its binding id where the action's name is not unique (one
            action with different arguments: the digits, the cursor moves).
    """

    action: str
    key: str
    label: str
    help: str
    show: bool = True
    scope: str = "console"
    slug: str = ""

    @property
    def name(self) -> str:
        """The action's method name (no namespace, no arguments)."""
        return self.action.split("(")[0].removeprefix("app.")

    @property
    def changes_meeting(self) -> bool:
        """Whether it asks the server to change something (refused in read-only mode)."""
        return self.scope == "console" and self.name not in LOOKING

    @property
    def binding_id(self) -> str:
        """Stable id users remap in ``[keys]`` (:mod:`tui.ui.user_keys`); never rename one."""
        return f"{self.scope}.{self.slug or self.name}"

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


LOOKING = frozenset(
    {
        "participant_menu",  # its lines that change something say why (read-only mode)
        "toggle_select",
        "clear_selection",
        "filter",
        "cycle_sort",
        "hands_first",
        "chat",  # panels: their own changes are refused as they are made
        "lobby",
        "hands",
        "av_moderation",
        "invite",
        "help",
        "quit",
        "toggle_read_only",
    }
)
"""The console's actions that only look or open a panel; every other one changes the meeting."""

READ_ONLY_KEY = "ctrl+r"
"""Leaves read-only mode (after asking), or enters it."""

ACTIONS: tuple[ConsoleAction, ...] = (
    ConsoleAction(
        "move",
        "m",
        "Move to…",
        "Move the selection (or the cursor row) to a room picked from a list",
    ),
    ConsoleAction(
        "participant_menu",
        "o",
        "Actions…",
        "Actions for the cursor row, by the same keys as here: move, mute, message, kick, rights",
    ),
    ConsoleAction(
        "toggle_select", "space", "Select", "Add the participant under the cursor to the selection"
    ),
    ConsoleAction("clear_selection", "u", "Unselect", "Empty the selection", show=False),
    ConsoleAction("filter", "slash", "Filter", "Show only names (or rooms) containing some text"),
    ConsoleAction("cycle_sort", "s", "Sort", "Sort participants by the next column"),
    ConsoleAction(
        "reverse_sort", "I", "Invert sort", "Invert the sort (or click the sorted column's header)"
    ),
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
        "Remove the room under the rooms cursor (asks first when people are inside)",
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
    ConsoleAction("chat", "t", "Chat", "Read and write the meeting chat (private lines marked)"),
    ConsoleAction("lobby", "l", "Lobby", "See who waits in the lobby; admit or deny them"),
    *(  # moderation: in the palette and the help screen, not in the crowded footer
        ConsoleAction(action, key, label, help, show=False)
        for action, key, label, help in (
            ("mute_audio", "x", "Mute", "Mute the selection's (or the cursor row's) microphone"),
            ("mute_video", "X", "Mute video", "Turn off the selection's (or cursor row's) camera"),
            ("stop_share", "S", "Stop sharing", "Stop the cursor row's screen sharing"),
            ("private_message", "w", "Message…", "Send a private message to the cursor row"),
            ("kick", "K", "Kick…", "Remove the cursor row from the meeting (asks first)"),
            # R ("rights"), not g: g and G move the table's cursor to the top and the bottom.
            ("toggle_moderator", "R", "Moderator", "Make the cursor row a moderator, or revoke"),
            ("lower_hand", "L", "Lower hand", "Lower the cursor row's raised hand"),
            (
                "allow_unmute",
                "U",
                "Allow unmute",
                "Under AV moderation: allow the cursor row to unmute, or take it back",
            ),
            (
                "allow_camera",
                "ctrl+u",
                "Allow camera",
                "Under video moderation: allow the cursor row's camera, or take it back",
            ),
            ("hands", "H", "Hands", "The raised hands queue, first raised first; lower hands"),
            (
                "av_moderation",
                "v",
                "Ask to unmute",
                "AV moderation on/off per media, and who asks to speak (approve, revoke)",
            ),
            ("mute_everyone", "M", "Mute everyone", "Mute everyone's microphone (asks first)"),
            (
                "mute_everyone_video",
                "V",
                "Everyone's video off",
                "Turn off everyone's camera (asks first)",
            ),
            ("toggle_lobby", "ctrl+l", "Lobby on/off", "Switch the lobby on or off"),
            ("password", "p", "Password…", "Lock the meeting with a password (typed masked)"),
            ("clear_password", "P", "Remove password", "Unlock the meeting (remove the password)"),
            (
                "broadcast",
                "B",
                "Broadcast…",
                "Send one message to all rooms, or to chosen breakout rooms, at once",
            ),
            ("end_meeting", "E", "End meeting", "End the meeting for everyone (asks first)"),
            (
                "timer",
                "T",
                "Timer…",
                "Breakout timer: start (warning, recall at zero), extend or stop it",
            ),
            ("notices", "N", "Notices…", "Scheduled notices to all or chosen rooms: add, cancel"),
            (
                "lockdown",
                "O",
                "Lockdown/open-up",
                "Apply the lockdown preset (lobby, password, AV moderation), or open up again",
            ),
        )
    ),
    ConsoleAction(
        "app.invite",
        "i",
        "Invite…",
        "Write an invitation to this meeting (Outlook HTML, text or .ics) to copy or save",
    ),
    ConsoleAction(
        "app.plan",
        "n",
        "Plan…",
        "Breakout plan: apply one from a CSV or TOML file, see who is matched or waiting; stop",
        show=False,
    ),
    ConsoleAction(
        "app.toggle_read_only",
        READ_ONLY_KEY,
        "Read-only",
        "Watch only, nothing is sent (--read-only); leaving read-only asks first",
        show=False,
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
        slug=f"quick_move_{digit}",
    )
    for digit in range(10)
)
"""Digits 0-9: 0 is the main room, 1-9 the breakout room with that number (kept for its life)."""

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

CHAT_ACTIONS: tuple[ConsoleAction, ...] = (
    ConsoleAction(
        "broadcast", "ctrl+b", "Broadcast…", "Send to all or chosen rooms at once", scope="chat"
    ),
    ConsoleAction("close", "escape", "Close", "Back to the participants", scope="chat"),
)
"""The chat screen's keys: control keys, because its input takes every printable one."""

LOBBY_ACTIONS: tuple[ConsoleAction, ...] = (
    ConsoleAction(
        "admit", "a,enter", "Admit", "Let the knocker under the cursor in", scope="lobby"
    ),
    ConsoleAction("deny", "d", "Deny", "Turn the knocker under the cursor away", scope="lobby"),
    ConsoleAction("admit_all", "A", "Admit all", "Let everyone waiting in", scope="lobby"),
    ConsoleAction("deny_all", "D", "Deny all", "Turn everyone waiting away", scope="lobby"),
    ConsoleAction("toggle_lobby", "t", "Lobby on/off", "Switch the lobby on or off", scope="lobby"),
    ConsoleAction("close", "escape", "Close", "Back to the participants", scope="lobby"),
)
"""The lobby panel's keys."""

HANDS_ACTIONS: tuple[ConsoleAction, ...] = (
    ConsoleAction(
        "lower_hand", "l,enter", "Lower hand", "Lower the hand under the cursor", scope="hands"
    ),
    ConsoleAction(
        "allow_audio",
        "a",
        "Allow mic",
        "Under audio moderation: allow the cursor row to unmute, or take it back",
        scope="hands",
    ),
    ConsoleAction(
        "allow_video",
        "c",
        "Allow camera",
        "Under video moderation: allow the cursor row's camera, or take it back",
        scope="hands",
    ),
    ConsoleAction(
        "toggle_audio",
        "A",
        "Audio moderation",
        "Switch audio moderation (ask to unmute) on or off",
        scope="hands",
    ),
    ConsoleAction(
        "toggle_video",
        "C",
        "Video moderation",
        "Switch video moderation on or off",
        scope="hands",
    ),
    ConsoleAction("close", "escape", "Close", "Back to the participants", scope="hands"),
)
"""The raised-hands / ask-to-unmute panel's keys."""

TABLE_ACTIONS: tuple[ConsoleAction, ...] = tuple(
    ConsoleAction(action, key, label, help, show=False, scope="table", slug=slug)
    for slug, action, key, label, help in (
        ("cursor_up", "cursor(-1)", "up", "Cursor up", "Move the table's cursor up a row"),
        ("cursor_down", "cursor(1)", "down", "Cursor down", "Move the table's cursor down a row"),
        ("page_up", "page(-1)", "pageup", "Page up", "Move the table's cursor up a page"),
        ("page_down", "page(1)", "pagedown", "Page down", "Move the table's cursor down a page"),
        ("first", "first", "home,ctrl+home,g", "First", "Move the table's cursor to the first row"),
        ("last", "last", "end,ctrl+end,G", "Last", "Move the table's cursor to the last row"),
        (
            "select_cursor",
            "select_cursor",
            "enter",
            "Actions…",
            "Actions for the cursor row (like o)",
        ),
    )
)
"""The participants table's own keys (it has the focus most of the time)."""

HELP_ACTIONS: tuple[ConsoleAction, ...] = tuple(
    ConsoleAction(action, key, label, help, show=False, scope="help", slug=slug)
    for slug, action, key, label, help in (
        ("up", "scroll(-1)", "up", "Up", "Scroll the key list up a line"),
        ("down", "scroll(1)", "down", "Down", "Scroll the key list down a line"),
        ("page_up", "page(-1)", "pageup", "Page up", "Scroll the key list up a page"),
        ("page_down", "page(1)", "pagedown,space", "Page down", "Scroll the key list down a page"),
        ("first", "first", "home,g", "Top", "Go to the top of the key list"),
        ("last", "last", "end,G", "End", "Go to the end of the key list"),
        ("close", "dismiss(None)", "escape,q,question_mark", "Close", "Close the key list"),
    )
)
"""The help screen's keys."""

OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("0-9", "Move the selection to the main room (0) or the room numbered 1-9 on its card"),
    ("tab / shift+tab", "Switch between the participants table and the rooms pane"),
    ("up / down (rooms pane)", "Move the room cursor"),
    ("click a header", "Sort by that column"),
    ("drag a name onto a room", "Move them there (the whole selection if they are selected)"),
    ("escape", "Cancel a drag, or clear the filter"),
    ("ctrl+p", "Command palette: every action by name"),
    ("enter (rooms pane)", "List every member of a long room, or cut it short again"),
    ("click the cursor row", "Actions for that participant (like o)"),
    ("right-click a name", "Actions for that participant, in the table or a room card"),
    ("unmute", "Not possible remotely: ask them, or allow them under AV moderation (v)"),
)
"""Keys and gestures the help screen lists besides :data:`ACTIONS`."""


def key_label(key: str) -> str:
    """How a binding's key (or comma-separated keys) is written on the help screen."""
    names = {"question_mark": "?", "slash": "/", "space": "space", "delete": "del"}
    return " / ".join(names.get(k, _character(k)) for k in key.split(","))


def _character(key: str) -> str:
    """``exclamation_mark`` as ``!`` (a user's key may be any character's name); else ``key``."""
    character = key_to_character(key)
    return character if character and character.isprintable() and character != " " else key
