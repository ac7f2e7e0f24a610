"""The command palette's provider: every action of the console or the invite pane by name.

Each title carries the action's key as bound now (the user's ``[keys]``, else the default).
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.ui.keymap import (
    ACTIONS,
    CHAT_ACTIONS,
    HANDS_ACTIONS,
    INVITE_ACTIONS,
    LOBBY_ACTIONS,
    QUICK_MOVES,
    ConsoleAction,
)
from tui.ui.user_keys import user_keys


class ConsoleCommands(Provider):
    """Offers the actions of the screen the palette was opened from (console or a panel)."""

    def _actions(self) -> tuple[ConsoleAction, ...]:
        from tui.ui.screens.chat import ChatScreen
        from tui.ui.screens.console import ConsoleScreen
        from tui.ui.screens.hands import HandsScreen
        from tui.ui.screens.invite import InviteScreen
        from tui.ui.screens.lobby import LobbyScreen

        if isinstance(self.screen, ConsoleScreen):
            return (*ACTIONS, QUICK_MOVES[0])
        panels: dict[type, tuple[ConsoleAction, ...]] = {
            InviteScreen: INVITE_ACTIONS,
            ChatScreen: CHAT_ACTIONS,
            LobbyScreen: LOBBY_ACTIONS,
            HandsScreen: HANDS_ACTIONS,
        }
        return panels.get(type(self.screen), ())

    def _title(self, action: ConsoleAction) -> str:
        return f"{action.label} ({user_keys(self.app).label(action)})"

    async def discover(self) -> Hits:
        """All actions, for the empty query."""
        for action in self._actions():
            yield DiscoveryHit(
                self._title(action),
                partial(self.screen.run_action, action.action),
                help=action.help,
            )

    async def search(self, query: str) -> Hits:
        """Actions whose title or help matches ``query``."""
        matcher = self.matcher(query)
        for action in self._actions():
            title = self._title(action)
            score = max(matcher.match(title), matcher.match(action.help) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.screen.run_action, action.action),
                    help=action.help,
                )
