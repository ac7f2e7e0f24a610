"""A modal asking for the meeting password, masked as it is typed.

The password is never drawn (the input shows bullets), never put in a notification and never
logged; it goes straight into a :class:`~tui.model.intents.SetPassword`, whose repr hides it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from tui.ui.screens.modal import ConsoleModal


class PasswordPrompt(ConsoleModal[str | None]):
    """Ask for a password; dismisses with it, or ``None`` on Escape or an empty entry."""

    def __init__(self, locked: bool, question: str = "", hint: str = "") -> None:
        """Ask for a password; ``locked`` says whether one is set already.

        ``question`` and ``hint`` replace the wording for other uses (joining a locked room).
        """
        super().__init__()
        self._locked = locked
        self._question = question
        self._hint = hint

    def compose(self) -> ComposeResult:
        """The question and a masked input."""
        question = self._question or (
            "Change the meeting password:" if self._locked else "Lock the meeting with:"
        )
        with self.frame():
            yield Label(Text(question, style="bold"))
            yield Input(password=True, placeholder="password", id="password")
            yield Label(
                Text(
                    self._hint
                    or "Enter sets it, Escape cancels · P removes the password · "
                    "tell people through another channel",
                    style="dim",
                )
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter sets the password; an empty one changes nothing (P removes)."""
        event.stop()
        self.dismiss(event.value or None)
