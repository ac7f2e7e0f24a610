"""The main screen: participants table, rooms pane, status line, footer, and drag and drop.

Every action here ends in an intent posted as :class:`~tui.ui.messages.IntentRequested`; the
screen plans it against the current snapshot (``plan``), shows a refusal's reason, or hands the
commands to its host (the app), which sends and tracks them.
"""

from __future__ import annotations

import random
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Input

from tui.model.conference import Conference
from tui.model.intents import (
    AddRoom,
    AutoAssign,
    CallEveryoneBack,
    CloseAllRooms,
    CloseRoom,
    MoveParticipants,
    RemoveRoom,
    RenameRoom,
)
from tui.model.text import every, plural, word
from tui.ui.drag import Drag
from tui.ui.host import ConferenceHost
from tui.ui.keymap import ACTIONS, QUICK_MOVES
from tui.ui.messages import IntentRequested
from tui.ui.pending_view import PendingView
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.moderation import ModerationScreen
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.sending import send_or_explain
from tui.ui.text import clean, literal
from tui.ui.widgets.drag_label import DragLabel
from tui.ui.widgets.failure_banner import FailureBanner
from tui.ui.widgets.filter_input import FilterInput
from tui.ui.widgets.participants_table import ParticipantsTable
from tui.ui.widgets.room_card import RoomCard
from tui.ui.widgets.room_picker import RoomPicker
from tui.ui.widgets.rooms_pane import RoomsPane
from tui.ui.widgets.status_line import StatusLine
from tui.ui.widgets.steady_footer import SteadyFooter
from tui.ui.widgets.table_messages import CountsChanged, OrderHeld, RowSelected

__all__ = ["ConferenceHost", "ConsoleScreen"]

ORDER_HELD = "order held under the pointer"
"""The participants pane's border while re-sorts wait for the pointer to leave."""


class ConsoleScreen(ModerationScreen):
    """Participants on the left, rooms on the right; every action by key, mouse or palette.

    The moderator actions that are not about rooms live in the base class.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(action.binding() for action in ACTIONS),
        *(action.binding() for action in QUICK_MOVES),
        ("escape", "escape", "Cancel"),
    ]

    AUTO_FOCUS = "#participants"

    def __init__(self, host: ConferenceHost, title: str) -> None:
        """A screen showing ``host``'s conference, called ``title`` until it has a name."""
        super().__init__()
        self._host = host
        self._title = title
        self._pending = PendingView()
        self._drag: Drag | None = None
        self._ready = False
        self._picker: RoomPicker | None = None

    def compose(self) -> ComposeResult:
        """The (hidden) room picker, status line, the two panes, footer, and the drag label."""
        # The picker comes first: Textual numbers the screen's children for drawing order
        # from the last one, so a child shown after the others renumbers every widget and
        # the frame showing it repaints the whole screen.
        self._picker = RoomPicker(id="picker")  # kept at hand: every input event asks it
        yield self._picker
        yield StatusLine(id="status")
        yield FailureBanner(id="failure")
        with Horizontal(id="panes"):
            with Vertical(id="people") as people:
                people.border_title = "Participants"
                yield FilterInput(placeholder="filter names or rooms…", id="filter")
                yield ParticipantsTable(id="participants")
            yield RoomsPane(id="rooms")
        yield SteadyFooter()
        yield DragLabel(id="drag-label")

    @property
    def table(self) -> ParticipantsTable:
        """The participants table."""
        return self.query_one(ParticipantsTable)

    @property
    def rooms(self) -> RoomsPane:
        """The rooms pane."""
        return self.query_one(RoomsPane)

    @property
    def picker(self) -> RoomPicker:
        """The room picker (hidden unless open)."""
        if self._picker is None:
            raise NoMatches("the console screen is not composed yet")
        return self._picker

    async def take(self, event: events.Event) -> bool:
        """Whether an open room picker took ``event`` (see :meth:`RoomPicker.take`)."""
        picker = self._picker
        return (
            picker is not None
            and picker.is_open
            and self.app.screen is self
            and await picker.take(event)
        )

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def show(self, conference: Conference, pending: PendingView) -> None:
        """Bring every pane in line with ``conference`` and the commands in flight."""
        self._pending = pending
        if not self._ready:
            return  # on_mount draws whatever is current by then
        try:
            status, table, rooms = self.status, self.table, self.rooms
        except NoMatches:
            return  # shutting down: the panes are already gone
        with self.app.batch_update():
            status.show(self._title, conference, pending, read_only=self._host.read_only)
            table.show(conference, pending)
            rooms.show(conference, pending, table.selected)
        self.sub_title = conference.name

    def on_mount(self) -> None:
        """Draw the state as it is now; the breakout timer's time left once a second."""
        self._ready = True
        self._redraw()
        self.set_interval(1.0, self.show_clock, name="breakout-timer")

    def show_clock(self) -> None:
        """The time left in the status line and on the breakout room cards (only those)."""
        text = self.clock_text()
        try:
            status, rooms = self.status, self.rooms
        except NoMatches:
            return
        status.show_timer(text)
        rooms.show_clock(None if text is None else text.removesuffix(" left"))

    def _redraw(self) -> None:
        self.show(self._host.conference, self._pending)

    # -- intents --------------------------------------------------------------------------

    def on_intent_requested(self, message: IntentRequested) -> None:
        """Plan the intent; refuse with a reason, or send and mark the effect pending."""
        message.stop()
        if not send_or_explain(self._host, self, message.intent):
            return
        if isinstance(message.intent, MoveParticipants) and self.table.selected:
            self.table.clear_selection()
            self._redraw()

    def _targets(self) -> tuple[str, ...]:
        table = self.table
        if table.selected:
            order = {pid: i for i, pid in enumerate(table.shown_ids)}
            return tuple(sorted(table.selected, key=lambda pid: order.get(pid, len(order))))
        pid = table.cursor_pid
        return (pid,) if pid is not None else ()

    def _cursor_pid(self) -> str | None:
        return self.table.cursor_pid

    def on_participants_table_counts_changed(self, event: CountsChanged) -> None:
        """The pane's title counts who is shown and selected."""
        self.query_one("#people").border_title = event.title

    def on_participants_table_row_selected(self, event: RowSelected) -> None:
        """Enter, or a click on the cursor row, opens that participant's actions."""
        event.stop()
        self.open_menu(event.pid)

    def on_participants_table_order_held(self, event: OrderHeld) -> None:
        """Say on the pane's border that rows wait for the pointer to leave."""
        event.stop()
        people = self.query_one("#people")
        people.border_subtitle = ORDER_HELD if event.held else None

    def _move(self, ids: tuple[str, ...], room: str | None) -> None:
        if ids and room is not None:
            self._post_intent(MoveParticipants(ids, room))

    # -- actions --------------------------------------------------------------------------

    def action_move(self) -> None:
        """Pick a room from a list for the selection (or the cursor row)."""
        ids = self._targets()
        if not ids:
            self.notify("nobody to move: the table is empty", severity="error")
            return
        self.ask_move(ids)

    def ask_move(self, ids: tuple[str, ...]) -> None:
        """Pick a room from a list for ``ids`` (the participant menu's Move to… too)."""
        self.picker.open(self._host.conference, self._who(ids), lambda room: self._move(ids, room))

    def action_quick_move(self, number: int) -> None:
        """Move the selection to room ``number`` (0 is the main room; a room keeps its number)."""
        room = self._host.conference.room_with_number(number)
        if room is None:
            self.notify(f"there is no room {number}", severity="error")
            return
        ids = self._targets()
        if not ids:
            self.notify("nobody to move: the table is empty", severity="error")
            return
        self._move(ids, room.id)

    def action_toggle_select(self) -> None:
        """Toggle the cursor row in the selection."""
        self.table.toggle_selected()
        self._redraw()

    def action_clear_selection(self) -> None:
        """Empty the selection."""
        self.table.clear_selection()
        self._redraw()

    def action_filter(self) -> None:
        """Open the filter input."""
        box = self.query_one("#filter", Input)
        box.add_class("-open")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as you type."""
        if event.input.id == "filter":
            self.table.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter keeps the filter and goes back to the table."""
        if event.input.id == "filter":
            self.table.focus()

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        self.table.cycle_sort()

    def action_reverse_sort(self) -> None:
        """Reverse the sort (the header's arrow turns)."""
        self.table.reverse_sort()

    def action_hands_first(self) -> None:
        """Toggle raised hands first.

        The header says so (``Hand⇧``); a toast per press stacked over the table's header
        and rows when toggled a few times.
        """
        self.table.toggle_hands_first()

    def _cursor_room(self) -> str:
        return self.rooms.cursor_room or self._host.conference.main_room

    def action_add_room(self) -> None:
        """Ask for a name, then add a breakout room."""
        default = f"Breakout room #{self._host.conference.room_counter + 1}"
        prompt = NamePrompt(Text("Name of the new breakout room:"), placeholder=default)
        self.app.push_screen(prompt, self._add_room)

    def _add_room(self, name: str | None) -> None:
        if name is not None:
            self._post_intent(AddRoom(name))

    def action_rename_room(self) -> None:
        """Ask for a new name for the room under the rooms cursor."""
        conference = self._host.conference
        room = conference.rooms[self._cursor_room()]
        if room.is_main:
            self._post_intent(RenameRoom(room.id, room.label))  # plan says why not
            return
        question = Text.assemble("Rename ", literal(room.label, "bold"), " to:")
        # Not selected: the first key typed edits the name instead of wiping it (issue 13).
        prompt = NamePrompt(question, value=clean(room.name), select=False)
        self.app.push_screen(prompt, lambda name: self._rename(room.id, name))

    def _rename(self, room: str, name: str | None) -> None:
        if name is not None:
            self._post_intent(RenameRoom(room, name))

    def action_remove_room(self) -> None:
        """Remove the room under the rooms cursor; ask first when people are inside.

        Jitsi's web UI offers remove only for an empty room; one key emptying a full one was
        too easy (issue 13).
        """
        room = self._host.conference.rooms[self._cursor_room()]
        inside = len(room.members)
        if room.is_main or not inside:
            self._post_intent(RemoveRoom(room.id))  # empty: at once; main: plan says why not
            return
        people = f"The {plural(inside, 'person', 'people')} in it {word(inside, 'goes', 'go')}"
        question = Text.assemble(
            "Remove ", literal(room.label, "bold"), f"? {people} back to the main room."
        )
        self._confirm(question, RemoveRoom(room.id))

    def action_close_room(self) -> None:
        """Bring everyone in the room under the rooms cursor back to the main room."""
        self._post_intent(CloseRoom(self._cursor_room()))

    def action_close_all(self) -> None:
        """Ask, then close and remove every breakout room."""
        count = len(self._host.conference.breakout_rooms)
        if count == 0:
            self._post_intent(CloseAllRooms())  # plan says why not
            return
        question = Text(
            f"Close {every(count, 'breakout room', 'breakout rooms')} and bring everyone back"
            " to the main room?"
        )
        self.app.push_screen(ConfirmDialog(question), self._close_all)

    def _close_all(self, yes: bool | None) -> None:
        if yes:
            self._post_intent(CloseAllRooms())

    def action_auto_assign(self) -> None:
        """Spread everyone over the breakout rooms (Jitsi's rule, a fresh shuffle)."""
        self._post_intent(AutoAssign(seed=random.randrange(2**31)))

    def action_call_back(self) -> None:
        """Bring everyone back to the main room."""
        self._post_intent(CallEveryoneBack())

    def action_help(self) -> None:
        """Show every key."""
        self.app.push_screen(HelpScreen())

    def action_escape(self) -> None:
        """Cancel a drag, else clear and close the filter."""
        if self._drag is not None:
            self._end_drag()
            self.notify("drag cancelled", timeout=2)
            return
        box = self.query_one("#filter", Input)
        if box.has_class("-open") or box.value:
            box.value = ""
            box.remove_class("-open")
            self.table.set_filter("")
            self.table.focus()

    # -- drag and drop --------------------------------------------------------------------

    def _participant_at(self, x: int, y: int) -> str | None:
        widget, region = self.get_widget_at(x, y)
        if isinstance(widget, ParticipantsTable):
            # Who is drawn there, named by the line itself (a row index could be stale).
            pid = self.get_style_at(x, y).meta.get("pid")
            return pid if isinstance(pid, str) else None
        card = self.rooms.card_for(widget)
        if card is not None and widget is card:
            return card.member_at_line(y - region.y - card.gutter.top)
        return None

    def _room_at(self, x: int, y: int) -> RoomCard | None:
        widget, _ = self.get_widget_at(x, y)
        return self.rooms.card_for(widget)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press on a participant arms a drag; a right press opens their actions."""
        if event.button == 3 and self._drag is None:
            target = self._participant_at(event.screen_x, event.screen_y)
            if target is not None:
                self.open_menu(target)
            return
        if event.button != 1 or self._drag is not None:
            return
        pid = self._participant_at(event.screen_x, event.screen_y)
        if pid is None:
            return
        selected = self.table.selected
        ids = self._targets() if pid in selected else (pid,)
        widget, _ = self.get_widget_at(event.screen_x, event.screen_y)
        pressed = pid if isinstance(widget, ParticipantsTable) else None
        self._drag = Drag(ids, event.screen_offset, pressed=pressed)
        # Holding the mouse sends the release, and the click Textual makes of it, here.
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Past the threshold, follow the pointer and highlight the room under it."""
        drag = self._drag
        if drag is None or not drag.moved_to(event.screen_offset):
            return
        card = self._room_at(event.screen_x, event.screen_y)
        drag.target = card.room_id if card is not None else None
        self.rooms.set_drop_target(card)
        label = Text.assemble("Dragging ", literal(self._who(drag.ids), "bold"))
        if card is not None:
            label.append(" → ")
            label.append_text(card.view.title)
        self.query_one(DragLabel).follow(label, event.screen_offset)
        self.status.show_drag(label)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """Release over a room moves the dragged people there; without moving, it clicks."""
        drag = self._drag
        if drag is None:
            return
        self._end_drag()
        if not drag.moved_to(event.screen_offset):
            if drag.pressed is not None:  # a click on a row: on whom the press was
                self.table.click_row(drag.pressed)
            return
        card = self._room_at(event.screen_x, event.screen_y)
        if card is None:
            return
        if card.room_id is None or card.has_class("-pending"):
            self.notify("that room is not ready yet", severity="error")
            return
        self._move(drag.ids, card.room_id)

    def _end_drag(self) -> None:
        self._drag = None
        self.capture_mouse(False)
        self.rooms.set_drop_target(None)
        self.query_one(DragLabel).hide()
        self.status.show_drag(None)
