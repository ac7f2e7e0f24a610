"""A modal list of rooms to move the selected participants to (the keyboard's drag and drop)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.model.conference import Conference
from tui.ui.text import literal


class RoomPicker(ModalScreen[str | None]):
    """Pick a room; dismisses with its id, or ``None`` on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    DEFAULT_CSS = """
    RoomPicker {
        align: center middle;
    }
    RoomPicker > Vertical {
        width: 50;
        max-width: 90%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    RoomPicker OptionList {
        height: auto;
        max-height: 20;
    }
    """

    def __init__(self, conference: Conference, who: str) -> None:
        """Offer every room of ``conference``; ``who`` names the people being moved."""
        super().__init__()
        self._conference = conference
        self._who = who

    def compose(self) -> ComposeResult:
        """A heading and the list of rooms."""
        with Vertical():
            yield Label(self._heading())
            yield OptionList(*self._options())

    def offer(self, conference: Conference, who: str) -> None:
        """Offer ``conference``'s rooms for ``who`` again.

        The console keeps one picker: a new screen each time cost a compose and a style pass
        on every ``m``.
        """
        self._conference = conference
        self._who = who
        if not self.is_mounted:
            return
        self.query_one(Label).update(self._heading())
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = 0

    def _heading(self) -> Text:
        return Text.assemble("Move ", literal(self._who, "bold"), " to:")

    def _options(self) -> list[Option]:
        options = []
        for room in self._conference.rooms.values():
            number = self._conference.room_number(room.id)  # the digit key's, for the room's life
            key = f"{number} " if number is not None and number <= 9 else "  "
            prompt = Text(key, style="bold")
            prompt.append_text(literal(room.label))
            prompt.append(f" ({len(room.members)})", style="dim")
            options.append(Option(prompt, id=room.id))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or click on a room picks it."""
        event.stop()
        self.dismiss(event.option.id)
