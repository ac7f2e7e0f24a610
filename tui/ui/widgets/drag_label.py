"""A small label that follows the pointer during a drag: who is dragged, and to which room."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Offset
from textual.widgets import Static

MAX_WIDTH = 40
"""Widest the label gets, in cells (long names are cut)."""


class DragLabel(Static):
    """Floats on its own layer next to the pointer; hidden when no drag is in progress."""

    DEFAULT_CSS = """
    DragLabel {
        layer: drag;
        position: absolute;
        display: none;
        width: auto;
        max-width: 40;
        height: 1;
        padding: 0 1;
        background: $accent;
        color: $text;
        text-style: bold;
    }
    """

    def follow(self, text: Text, pointer: Offset) -> None:
        """Show ``text`` just right of ``pointer`` (screen coordinates), kept on screen.

        A text wider than the label ends in "…" (cut bare, "→ 1 Breakout" read as a room's name).
        """
        text = text.copy()
        text.truncate(MAX_WIDTH - 2, overflow="ellipsis")  # 2: the padding
        self.update(text)
        width = min(text.cell_len + 2, MAX_WIDTH)
        x = max(0, min(pointer.x + 2, self.screen.size.width - width))
        self.styles.offset = (x, pointer.y + 1)
        self.display = True

    def hide(self) -> None:
        """Take the label off the screen."""
        self.display = False
