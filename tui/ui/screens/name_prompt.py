"""A modal asking for one line of text: a room name, a kick reason, a private message."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from tui.ui.screens.modal import ConsoleModal


class NamePrompt(ConsoleModal[str | None]):
    """Ask for a line; dismisses with the text entered, or ``None`` on Escape."""

    def __init__(
        self, question: Text, value: str = "", placeholder: str = "", *, select: bool = True
    ) -> None:
        """Ask ``question``, with ``value`` already typed in (selected, unless not ``select``)."""
        super().__init__()
        self._question = question
        self._value = value
        self._select = select
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The question and the input."""
        with self.frame():
            yield Label(self._question)
            yield Input(self._value, placeholder=self._placeholder, select_on_focus=self._select)
            yield Label(Text("Enter to confirm, Escape to cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter confirms."""
        event.stop()
        self.dismiss(event.value)
