"""The help screen: every key and gesture, built from :mod:`tui.ui.keymap`."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.ui.keymap import (
    ACTIONS,
    CHAT_ACTIONS,
    HANDS_ACTIONS,
    LOBBY_ACTIONS,
    OTHER_KEYS,
    ConsoleAction,
    key_label,
)
from tui.ui.screens.modal import ConsoleModal

PANELS: tuple[tuple[str, tuple[ConsoleAction, ...]], ...] = (
    ("Chat (t)", CHAT_ACTIONS),
    ("Lobby (l)", LOBBY_ACTIONS),
    ("Raised hands / ask to unmute (H, v)", HANDS_ACTIONS),
)
"""The panels' own keys, each under a heading."""


def help_table() -> Table:
    """Keys on the left, what they do on the right; then each panel's keys."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for action in ACTIONS:
        table.add_row(key_label(action.key), action.help)
    for keys, what in OTHER_KEYS:
        table.add_row(keys, what)
    for heading, actions in PANELS:
        table.add_row("", "")
        table.add_row("", Text(heading, style="bold underline"))
        for action in actions:
            table.add_row(key_label(action.key), action.help)
    return table


class HelpScreen(ConsoleModal[None]):
    """Lists keys; any of Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss(None)", "Close"),
    ]

    def compose(self) -> ComposeResult:
        """The key table."""
        with self.scrolling_frame() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Escape closes"
            yield Static(
                Text("★ marks this console; ● marks selected people; → a move in flight.\n")
            )
            yield Static(help_table())
