"""The command palette's provider: every console action by name (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.ui.keymap import ACTIONS, QUICK_MOVES, ConsoleAction, key_label


def _palette_actions() -> tuple[ConsoleAction, ...]:
    return (*ACTIONS, QUICK_MOVES[0])


class ConsoleCommands(Provider):
    """Offers the actions of the console screen the palette was opened from."""

    def _usable(self) -> bool:
        from tui.ui.screens.console import ConsoleScreen

        return isinstance(self.screen, ConsoleScreen)

    def _title(self, action: ConsoleAction) -> str:
        return f"{action.label} ({key_label(action.key)})"

    async def discover(self) -> Hits:
        """All actions, for the empty query."""
        if not self._usable():
            return
        for action in _palette_actions():
            yield DiscoveryHit(
                self._title(action),
                partial(self.screen.run_action, action.action),
                help=action.help,
            )

    async def search(self, query: str) -> Hits:
        """Actions whose title or help matches ``query``."""
        if not self._usable():
            return
        matcher = self.matcher(query)
        for action in _palette_actions():
            title = self._title(action)
            score = max(matcher.match(title), matcher.match(action.help) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.screen.run_action, action.action),
                    help=action.help,
                )
