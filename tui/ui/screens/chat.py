"""The chat screen: the transcript, newest at the bottom, and a line to write to the main room.

Private lines are marked; lines posted in breakout rooms (a broadcast's echoes) name their room.
Ctrl+B opens the broadcast dialog. Chat needs no moderator rights, so it works read-only too.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.model.conference import Conference
from tui.model.intents import Broadcast, SendChat
from tui.ui.host import ConferenceHost
from tui.ui.keymap import CHAT_ACTIONS
from tui.ui.pending_view import PendingView
from tui.ui.screens.broadcast import BroadcastDialog
from tui.ui.sending import send_or_explain
from tui.ui.text import literal
from tui.ui.widgets.chat_log import ChatLog


class ChatScreen(Screen[None]):
    """Room chat and private lines; Enter sends to the main room, Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in CHAT_ACTIONS]

    DEFAULT_CSS = """
    ChatScreen #chat-title {
        height: 1;
        padding: 0 1;
        background: $primary-background;
    }
    ChatScreen #chat-input {
        height: 3;
    }
    """

    AUTO_FOCUS = "#chat-input"

    def __init__(self, host: ConferenceHost) -> None:
        """The chat of ``host``'s conference."""
        super().__init__()
        self._host = host

    def compose(self) -> ComposeResult:
        """Title, transcript, input and footer."""
        yield Static(id="chat-title")
        yield ChatLog(id="chat-log")
        yield Input(placeholder="message to everyone in the main room…", id="chat-input")
        yield Footer()

    @property
    def log_view(self) -> ChatLog:
        """The transcript widget."""
        return self.query_one(ChatLog)

    def on_mount(self) -> None:
        """Show what was said so far."""
        self.follow(self._host.conference, PendingView())

    def follow(self, conference: Conference, pending: PendingView) -> None:
        """Append new lines; the title names the meeting."""
        title = Text.assemble(
            ("Chat · ", "bold"),
            literal(conference.name or conference.main.label, "bold"),
            ("  Enter sends to the main room · Ctrl+B broadcasts · Escape closes", "dim"),
            no_wrap=True,
            overflow="ellipsis",
        )
        self.query_one("#chat-title", Static).update(title)
        self.log_view.follow(self._host.transcript, conference)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Send the line to the main room; keep it in the box if it was refused."""
        event.stop()
        if send_or_explain(self._host, self, SendChat(event.value)):
            event.input.value = ""

    def action_broadcast(self) -> None:
        """Open the broadcast dialog, carrying over what was typed."""
        box = self.query_one("#chat-input", Input)
        dialog = BroadcastDialog(self._host.conference, box.value)
        self.app.push_screen(dialog, self._broadcast)

    def _broadcast(self, intent: Broadcast | None) -> None:
        if intent is not None and send_or_explain(self._host, self, intent):
            self.query_one("#chat-input", Input).value = ""

    def action_close(self) -> None:
        """Back to the participants."""
        self.dismiss(None)
