"""A full-screen, read-only view of a text, for terminals that ignore the clipboard sequence.

Lines are never wrapped (a wrapped URL would be copied in pieces); long ones scroll sideways.
The user can select the text with the terminal's own mouse selection (shift+drag in most
terminals while the app has the mouse) or read it off the screen. The invite pane prefers the
plain terminal (``App.suspend``) and uses this view only where the app cannot be suspended.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from tui.invite.render import inert


class TextView(Screen[None]):
    """Shows ``text`` as it is (no markup, no highlighting); Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Close", id="text_view.close"),
    ]

    # No border: a calendar line may be 75 characters and should not wrap at 80 columns.
    DEFAULT_CSS = """
    TextView #text-view-title {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    TextView TextArea, TextView TextArea:focus {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    """

    def __init__(self, text: str, title: str) -> None:
        """Show ``text`` under ``title``."""
        super().__init__()
        # CRs of the .ics line ends would show as odd glyphs; control characters as U+FFFD.
        self._text = inert(text.replace("\r\n", "\n"))
        self._title = title

    def compose(self) -> ComposeResult:
        """A title line, the text and the footer."""
        title = Text.assemble((self._title, "bold"), ("  read only · Escape closes", "dim"))
        yield Static(title, id="text-view-title")
        yield TextArea(self._text, read_only=True, soft_wrap=False, show_line_numbers=False)
        yield Footer()
