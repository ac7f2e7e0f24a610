"""The breakout timer dialog (``T``): start one (duration, warning, recall), or extend or stop it.

It speaks the ``timer`` control verb (:mod:`tui.workshop.timer`), so the screen and
``jitsi-tui ctl timer`` take the same path and get the same refusals; a refusal is shown in the
dialog, which stays open to correct it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label

from tui.model.durations import format_duration
from tui.model.timer import left_text
from tui.ui.screens.modal import ConsoleModal
from tui.workshop.timer import SessionTimer

__all__ = ["TimerDialog"]


class TimerDialog(ConsoleModal[dict[str, Any] | None]):
    """Start, extend or stop the breakout timer; dismisses with the verb's answer, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "primary", "Start / extend", id="timer.primary"),
    ]

    DEFAULT_CSS = """
    TimerDialog Horizontal { height: auto; }
    TimerDialog Horizontal > Label { padding: 1 1 0 0; width: 22; }
    TimerDialog Input { width: 1fr; }
    TimerDialog #timer-buttons Button { margin-right: 1; }
    TimerDialog #timer-error { color: $error; }
    """

    def __init__(self, timer: SessionTimer) -> None:
        """A dialog for ``timer``: the start form when none runs, else extend and stop."""
        super().__init__()
        self._session_timer = timer
        self._started = timer.running

    def compose(self) -> ComposeResult:
        """The form that fits the timer's state."""
        with self.frame():
            yield Label(Text("Breakout timer", style="bold"))
            if self._started:
                left = self._session_timer.left() or 0.0
                yield Label(Text(f"⏱ {left_text(left)}", style="bold"), id="timer-left")
                with Horizontal():
                    yield Label("Extend by")
                    yield Input("5m", id="timer-extend")
                with Horizontal(id="timer-buttons"):
                    yield Button("Extend", id="extend", variant="primary")
                    yield Button("Stop timer", id="stop", variant="error")
            else:
                with Horizontal():
                    yield Label("Duration")
                    yield Input("15m", id="timer-duration")
                with Horizontal():
                    yield Label("Warn before the end")
                    yield Input(format_duration(self._session_timer.default_warn), id="timer-warn")
                yield Checkbox("Call everyone back at zero", True, id="timer-recall")
                with Horizontal(id="timer-buttons"):
                    yield Button("Start", id="start", variant="primary")
            yield Label("", id="timer-error")
            yield Label(Text("15m, 90s, 1h30m · Enter or Ctrl+S · Escape closes", style="dim"))

    def on_mount(self) -> None:
        """The first field has the focus."""
        self.query_one(Input).focus()

    def request(self, action: str) -> dict[str, Any]:
        """The ``timer`` request for ``action`` from what is typed."""
        if action == "extend":
            return {"op": "timer", "action": action, "duration": self._value("#timer-extend")}
        if action == "start":
            return {
                "op": "timer",
                "action": action,
                "duration": self._value("#timer-duration"),
                "warn": self._value("#timer-warn") or "0s",
                "recall": self.query_one("#timer-recall", Checkbox).value,
            }
        return {"op": "timer", "action": action}

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    async def _run(self, action: str) -> None:
        answer = await self._session_timer.op(self.request(action))
        if answer.get("ok"):
            self.dismiss(answer)
        else:
            self.query_one("#timer-error", Label).update(Text(str(answer.get("error", ""))))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start, extend or stop."""
        event.stop()
        await self._run(str(event.button.id))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field does the dialog's main thing."""
        event.stop()
        await self.action_primary()

    async def action_primary(self) -> None:
        """Start a timer, or extend the running one."""
        await self._run("extend" if self._started else "start")
