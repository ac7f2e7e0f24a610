"""The scheduled notices dialog (``N``): what is waiting, add one, cancel one.

It speaks the ``notice`` control verb (:mod:`tui.workshop.notices`), like ``jitsi-tui ctl
notice``. Room names come from the server and are shown as literal text.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.ui.screens.modal import ConsoleModal
from tui.ui.text import literal
from tui.workshop.notices import ScheduledNotices

__all__ = ["NoticesDialog", "notice_line"]


def notice_line(notice: dict[str, Any]) -> Text:
    """One pending notice: "14:30:00  Room 2: 5 minutes left"."""
    at = time.strftime("%H:%M:%S", time.localtime(float(notice["at"])))
    rooms = ", ".join(str(r) for r in notice["rooms"]) or "every room"
    return Text.assemble((f"{at}  ", "bold"), literal(rooms, "dim"), ": ", literal(notice["text"]))


class NoticesDialog(ConsoleModal[None]):
    """Pending notices (Delete cancels the highlighted one) and a form to add one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "cancel_notice", "Cancel notice", id="notices.cancel"),
    ]

    DEFAULT_CSS = """
    NoticesDialog OptionList { height: auto; max-height: 8; }
    NoticesDialog Horizontal { height: auto; }
    NoticesDialog Horizontal > Label { padding: 1 1 0 0; width: 10; }
    NoticesDialog Input { width: 1fr; }
    NoticesDialog #notice-error { color: $error; }
    """

    def __init__(self, notices: ScheduledNotices) -> None:
        """A dialog over ``notices``."""
        super().__init__()
        self._scheduled = notices

    def compose(self) -> ComposeResult:
        """The list, then the form."""
        with self.frame():
            yield Label(Text("Scheduled notices", style="bold"))
            yield OptionList(id="notice-list")
            with Horizontal():
                yield Label("Message")
                yield Input(placeholder="5 minutes left", id="notice-text")
            with Horizontal():
                yield Label("When")
                yield Input(placeholder="10m (from now) or 14:30", id="notice-when")
            with Horizontal():
                yield Label("Rooms")
                yield Input(
                    placeholder="2, Group A (empty: every room)",
                    id="notice-rooms",
                )
            yield Button("Add", id="notice-add", variant="primary")
            yield Label("", id="notice-error")
            yield Label(Text("Enter adds · Delete in the list cancels · Esc closes", style="dim"))

    def on_mount(self) -> None:
        """List what is waiting; the message field has the focus."""
        self._list(self._scheduled.listing())
        self.query_one("#notice-text", Input).focus()

    def _list(self, notices: list[dict[str, Any]]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        if not notices:
            options.add_option(Option(Text("nothing scheduled", style="dim"), disabled=True))
        for notice in notices:
            options.add_option(Option(notice_line(notice), id=str(notice["id"])))
        options.highlighted = 0 if notices else None

    def _error(self, text: str) -> None:
        self.query_one("#notice-error", Label).update(Text(text))

    async def _ask(self, request: dict[str, Any]) -> bool:
        answer = await self._scheduled.op(request)
        if not answer.get("ok"):
            self._error(str(answer.get("error", "")))
            return False
        self._error("")
        self._list(list(answer.get("notices", [])))
        return True

    def request(self) -> dict[str, Any]:
        """The ``notice add`` request from the form ("14:30" is a time of day, else a delay)."""
        when = self.query_one("#notice-when", Input).value.strip()
        rooms = [r.strip() for r in self.query_one("#notice-rooms", Input).value.split(",")]
        request: dict[str, Any] = {
            "op": "notice",
            "action": "add",
            "text": self.query_one("#notice-text", Input).value,
            "rooms": [r for r in rooms if r],
        }
        request["at" if ":" in when else "in"] = when
        return request

    async def action_add(self) -> None:
        """Schedule what the form says; the form empties when it worked."""
        if await self._ask(self.request()):
            for field in ("#notice-text", "#notice-when", "#notice-rooms"):
                self.query_one(field, Input).value = ""
            self.query_one("#notice-text", Input).focus()

    async def action_cancel_notice(self) -> None:
        """Cancel the highlighted notice."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None:
            return
        option = options.get_option_at_index(index)
        if option.id is not None:
            await self._ask({"op": "notice", "action": "cancel", "id": int(option.id)})

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Add."""
        event.stop()
        await self.action_add()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field adds."""
        event.stop()
        await self.action_add()
