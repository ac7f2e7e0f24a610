"""The list of rooms to move the selected participants to (the keyboard's drag and drop).

It is not a screen of its own: it stays mounted on the console screen, on a layer above the
panes, hidden until ``m``. A pushed modal screen cost every ``m`` a layout of a new screen and
a render of the *whole* console behind it, tinted cell by cell (Textual draws a translucent
modal's backdrop from the screen below), and closing it repainted the whole console; at
1,000 people its p95 was twice the 50 ms goal. Shown in place, opening lays out the console
screen once and paints the picker's own cells in one frame.

It still behaves as a modal, through :meth:`RoomPicker.take`, which the app asks first about
every input event while the picker is open: the picker's keys (the option list's own, Escape,
and the digit written beside a room, which picks it) act on it, every other key but the app's
quit and palette keys goes nowhere, and so does the pointer outside it. The keyboard focus
stays where it was (the table keeps its looks and its lines: a focus change repainted the
whole pane in a frame of its own).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.model.conference import Conference
from tui.ui.text import literal

Picked = Callable[[str | None], None]
"""Called with the chosen room's id, or ``None`` when the picker was cancelled."""

PASSED_KEYS = frozenset({"ctrl+q", "ctrl+p"})
"""Keys that still reach the app while the picker is open (quit and the command palette:
the app's priority keys, which worked over the modal screen the picker was)."""


class RoomList(OptionList, can_focus=False):
    """The rooms, drawn as a focused option list; the picker hands it its keys."""

    DEFAULT_CSS = """
    RoomList {
        height: auto;
        max-height: 20;
        border: tall $border;
        background-tint: $foreground 5%;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """


KEYS: dict[str, str] = {
    key.strip(): binding.action
    for binding in OptionList.BINDINGS
    if not isinstance(binding, tuple)
    for key in binding.key.split(",")
}
"""The option list's own keys (arrows, pages, home/end, Enter) and their actions."""


class RoomPicker(Vertical):
    """A heading and the rooms; Enter or a click picks one, Escape cancels."""

    # The looks of the modal it replaced (centred by the console screen's alignment).
    DEFAULT_CSS = """
    RoomPicker {
        layer: picker;
        visibility: hidden;
        width: 50;
        max-width: 90%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """A hidden picker; :meth:`open` shows it."""
        super().__init__(id=id)
        self._picked: Picked | None = None
        self._digits: dict[str, str] = {}  # "2" → the id of the room numbered 2

    def compose(self) -> ComposeResult:
        """A heading and the list of rooms."""
        yield Label()
        yield RoomList()

    @property
    def is_open(self) -> bool:
        """Whether the picker is on screen."""
        return self._picked is not None

    @property
    def rooms(self) -> RoomList:
        """The list of rooms."""
        return self.query_one(RoomList)

    def open(self, conference: Conference, who: str, picked: Picked) -> None:
        """Offer ``conference``'s rooms for ``who``; ``picked`` gets the answer."""
        self._close(None)
        self.query_one(Label).update(_heading(who))
        rooms = self.rooms
        rooms.clear_options()
        rooms.add_options(_options(conference))
        rooms.highlighted = 0
        self._digits = {
            str(number): room
            for room in conference.rooms
            if (number := conference.room_number(room)) is not None and number <= 9
        }
        self._picked = picked
        self.visible = True

    async def take(self, event: events.Event) -> bool:
        """Handle ``event`` as a modal would; ``True`` when it must go no further."""
        if not self.is_open:
            return False
        if isinstance(event, events.MouseEvent):
            return not self.region.contains_point(event.screen_offset)
        if not isinstance(event, events.Key) or event.key in PASSED_KEYS:
            return False
        if event.key == "escape":
            self._close(None)
        elif event.key in self._digits:  # the digit written beside the room, as in the menu
            self._close(self._digits[event.key])
        elif event.key in KEYS:
            await self.rooms.run_action(KEYS[event.key])
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or click on a room picks it."""
        event.stop()
        self._close(event.option.id)

    def _close(self, room: str | None) -> None:
        picked, self._picked = self._picked, None
        if picked is None:
            return
        self.visible = False
        picked(room)


def _heading(who: str) -> Text:
    return Text.assemble("Move ", literal(who, "bold"), " to:")


def _options(conference: Conference) -> list[Option]:
    options = []
    for room in conference.rooms.values():
        number = conference.room_number(room.id)  # the digit key's, for the room's life
        key = f"{number} " if number is not None and number <= 9 else "  "
        prompt = Text(key, style="bold")
        prompt.append_text(literal(room.label))
        prompt.append(f" ({len(room.members):,})", style="dim")
        options.append(Option(prompt, id=room.id))
    return options
