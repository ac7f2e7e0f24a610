"""The help screen: every key and gesture, built from :mod:`tui.ui.keymap`, with the user's keys.

The keys shown are the ones in force (``[keys]`` of the config file, :mod:`tui.ui.user_keys`),
not the defaults: a moderator who moved "Move to…" to ``n`` reads ``n`` here.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.ui.keymap import (
    ACTIONS,
    CHAT_ACTIONS,
    HANDS_ACTIONS,
    HELP_ACTIONS,
    LOBBY_ACTIONS,
    OTHER_KEYS,
    TABLE_ACTIONS,
    ConsoleAction,
)
from tui.ui.screens.modal import ConsoleModal
from tui.ui.user_keys import UserKeys, user_keys

PANELS: tuple[tuple[str, tuple[ConsoleAction, ...]], ...] = (
    ("Chat (t)", CHAT_ACTIONS),
    ("Lobby (l)", LOBBY_ACTIONS),
    ("Raised hands / ask to unmute (H, v)", HANDS_ACTIONS),
    ("This key list", HELP_ACTIONS),
)
"""The panels' own keys, each under a heading."""


def help_table(keys: UserKeys | None = None) -> Table:
    """Keys on the left, what they do on the right; then each panel's keys."""
    keys = keys or UserKeys()
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for action in (*ACTIONS, *TABLE_ACTIONS):
        table.add_row(keys.label(action), action.help)
    for other, what in OTHER_KEYS:
        table.add_row(other, what)
    for heading, actions in PANELS:
        table.add_row("", "")
        table.add_row("", Text(heading, style="bold underline"))
        for action in actions:
            table.add_row(keys.label(action), action.help)
    return table


class HelpScreen(ConsoleModal[None]):
    """Lists keys; Escape, q or ? closes it; Home/End, g/G and the page keys move in it.

    The screen moves the list itself (the scroll area takes no focus): a focused scroll area
    would take Home/End first, and g/G and the user's keys would not reach the same actions.
    """

    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in HELP_ACTIONS]

    def compose(self) -> ComposeResult:
        """The key table."""
        with self.scrolling_frame() as scroll:
            scroll.can_focus = False
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Escape closes · End: to the end"
            yield Static(
                Text("★ marks this console; ● marks selected people; → a move in flight.\n")
            )
            yield Static(help_table(user_keys(self.app)))

    @property
    def _scroll(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        """Up or down ``lines``."""
        self._scroll.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        """Up or down ``pages`` screens."""
        scroll = self._scroll
        page = max(1, scroll.scrollable_content_region.height - 1)
        scroll.scroll_relative(y=pages * page, animate=False)

    def action_first(self) -> None:
        """To the top."""
        self._scroll.scroll_home(animate=False)

    def action_last(self) -> None:
        """To the end."""
        self._scroll.scroll_end(animate=False)
