"""A yes/no modal for actions that disturb people (close all rooms, kick, mute all, end)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Label

from tui.ui.screens.modal import DANGER, ConsoleModal


class ConfirmDialog(ConsoleModal[bool]):
    """Ask a question; dismisses with ``True`` only on an explicit yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]

    DEFAULT_CSS = """
    ConfirmDialog Label {
        width: 1fr;
    }
    ConfirmDialog Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ConfirmDialog Button {
        margin: 1 0 0 1;
    }
    """

    def __init__(self, question: Text) -> None:
        """Ask ``question``."""
        super().__init__(classes=DANGER)
        self._question = question

    @property
    def question(self) -> str:
        """What is asked, as plain text."""
        return self._question.plain

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with self.frame():
            yield Label(self._question)
            with Horizontal():
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", variant="default", id="no")

    def on_mount(self) -> None:
        """Focus "No", so a stray Enter does nothing harmful."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        self.dismiss(event.button.id == "yes")
