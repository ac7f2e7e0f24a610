"""Textual's footer, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` recomposes every key widget whenever the screen's
bindings are refreshed: on every focus change and every return from another screen. Each
rebuild mounts some twenty keys and restyles each (~80 ms at 1,000 people on this machine's
profile), so opening the filter, closing it, or coming back from the room picker paid for a
footer that looked exactly as before. This one compares what it would show and rebuilds only
when that differs.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A :class:`~textual.widgets.Footer` that skips rebuilds showing the same keys."""

    def __init__(self, *, id: str | None = None) -> None:
        """A footer for the screen it is mounted on."""
        super().__init__(id=id)
        self._shown: tuple[tuple[str, str, bool], ...] | None = None
        # Work counter for the guards (tests/ui): rebuilds that changed what is shown.
        self.rebuilds = 0

    def _keys(self, screen: Screen[object]) -> tuple[tuple[str, str, bool], ...]:
        return tuple(
            (binding.key, binding.description, enabled)
            for (_, binding, enabled, _tip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild when the keys to show differ from those shown."""
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            super().bindings_changed(screen)
            return
        keys = self._keys(screen)
        if keys == self._shown:
            return
        self._shown = keys
        self.rebuilds += 1
        super().bindings_changed(screen)
