"""The console's footer: the keys that work now, drawn as one line.

Textual's :class:`~textual.widgets.Footer` is a widget per key, recomposed whenever the
screen's bindings are refreshed: on every focus change (``/`` into the filter, Escape out of
it) and every return from another screen. Mounting some twenty keys lays out the whole screen
(~20 ms at 1,000 people, more under load), and that layout landed in the frame of the next
key: the first filter letter, or the next ``m``. This footer is one widget of fixed size that
draws the same keys, styles and clicks as one line of text, so showing other keys is a repaint
of one line and never a layout; it redraws only when the keys to show differ.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from tui.ui.user_keys import BY_ID

Key = tuple[str, str, str, bool]
"""(key, how it is displayed, description, enabled)."""

_ORDER: dict[str, int] = {binding_id: index for index, binding_id in enumerate(BY_ID)}
"""Binding id → its place in :mod:`tui.ui.keymap`'s tables: the footer's order."""


class SteadyFooter(Widget):
    """Every shown binding of the focused chain, one action once, the palette key on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "steady-footer--key",
        "steady-footer--description",
    }

    DEFAULT_CSS = """
    SteadyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .steady-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .steady-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        """A footer for the screen it is mounted on."""
        super().__init__(id=id)
        self._shown: tuple[Key, ...] = ()
        self._palette: Key | None = None
        self._spots: list[tuple[int, int, str]] = []  # (from x, to x, key) as last drawn
        # Work counter for the guards (tests/ui): redraws because the keys shown changed.
        self.rebuilds = 0

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        app = self.app
        found: list[tuple[int, Key]] = []
        actions: set[str] = set()
        palette: Key | None = None
        for key, (_node, binding, enabled, _tip) in screen.active_bindings.items():
            entry = (binding.key, app.get_key_display(binding), binding.description, enabled)
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # like Footer: one key per action
                found.append((_ORDER.get(binding.id or "", len(_ORDER)), entry))
        # In the order of the keymap's tables, not of the keys: Textual puts a binding the user
        # remapped after all others, and the footer (cut at the right) would lose it.
        found.sort(key=lambda item: item[0])
        shown = tuple(entry for _order, entry in found)
        if (shown, palette) == (self._shown, self._palette):
            return
        self._shown, self._palette = shown, palette
        self.rebuilds += 1
        self.refresh()

    def _entry(self, entry: Key, key_style: Style, description_style: Style) -> Text:
        _key, display, description, enabled = entry
        text = Text.assemble((f" {display} ", key_style))
        if description:
            text.append(f"{description} ", description_style)
        if not enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        """The keys from the left that fit whole, the palette key on the right."""
        key_style = self.get_component_rich_style("steady-footer--key", partial=True)
        description_style = self.get_component_rich_style(
            "steady-footer--description", partial=True
        )
        right: Text | None = None
        room = self.size.width
        if self._palette is not None:
            right = Text("▏", style=Style(dim=True))
            right.append_text(self._entry(self._palette, key_style, description_style)[1:])
            room = max(0, room - right.cell_len)
        line = Text(no_wrap=True, overflow="crop", end="")
        spots: list[tuple[int, int, str]] = []
        for entry in self._shown:
            start = line.cell_len
            text = self._entry(entry, key_style, description_style)
            if start + text.cell_len > room:
                break  # a key cut in its label ("I Invert so") reads as another word
            line.append_text(text)
            spots.append((start, line.cell_len, entry[0]))
        if self._palette is not None and right is not None:
            line.pad_right(room - line.cell_len)
            spots.append((room, room + right.cell_len, self._palette[0]))
            line.append_text(right)
        self._spots = spots
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as on Textual's footer."""
        for start, end, key in self._spots:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
