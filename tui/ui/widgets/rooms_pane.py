"""The breakout pane: the main room and every breakout room, each a card and a drop target.

The pane keeps a cursor on one room (up/down move it); room keys (rename, close, remove) act
on that room. Rooms asked for but not confirmed yet show as dashed placeholder cards.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from typing import ClassVar, overload

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget

from tui.model.conference import Conference, Participant, Room
from tui.model.persistent import changed_keys
from tui.ui.pending_view import PendingView
from tui.ui.text import clean, literal
from tui.ui.widgets.room_card import (
    RoomCard,
    RoomView,
    card_title,
    member_line,  # tests/ui/test_scaling.py counts calls here
)

MAIN_ROOM_LINES = 8
"""Members listed in the main room's card before "… and N more" (the table lists everyone)."""

BREAKOUT_ROOM_LINES = 12
"""Members listed in a breakout room's card before "… and N more"."""


def line_limits(rooms: Sequence[Room], height: int | None) -> list[int]:
    """Members to list on each room's card so that the cards fill ``height`` lines.

    Every card lists at least :data:`MAIN_ROOM_LINES` (main) or :data:`BREAKOUT_ROOM_LINES`
    members; the lines the pane has beyond that go to the main room first (where most people
    are before rooms open), then to the breakout rooms in order. O(rooms), not O(people).
    """
    bases = [MAIN_ROOM_LINES if room.is_main else BREAKOUT_ROOM_LINES for room in rooms]
    if height is None:
        return bases
    sizes = [len(room.members) for room in rooms]
    # a card: its border, the members listed, and "… and N more" when some are not
    used = sum(2 + max(1, min(n, b)) + (n > b) for n, b in zip(sizes, bases, strict=True))
    spare = height - used
    limits = list(bases)
    for index in sorted(range(len(rooms)), key=lambda i: not rooms[i].is_main):
        hidden = sizes[index] - bases[index]
        if spare <= 0 or hidden <= 0:
            continue
        if spare >= hidden - 1:  # all listed: the "… and N more" line is free again
            limits[index] = sizes[index]
            spare -= hidden - 1
        else:
            limits[index] += spare
            spare = 0
    return limits


ViewCache = dict[str, tuple[tuple[object, ...], RoomView]]
"""Room id → (what its card was built from, the card's view); see :func:`room_views`."""


LineCache = dict[str, tuple[tuple[object, ...], Text]]
"""Participant id → (what their member line was built from, the line); see :func:`room_views`."""


def room_views(
    conference: Conference,
    pending: PendingView,
    selected: set[str],
    expanded: frozenset[str] = frozenset(),
    *,
    cache: ViewCache | None = None,
    line_cache: LineCache | None = None,
    height: int | None = None,
) -> list[RoomView]:
    """The cards to show, in order: main room, breakout rooms, rooms being added.

    Long rooms are cut short so that every room stays within reach of a drag; rooms in
    ``expanded`` list everyone. With a ``cache`` (kept by the caller between calls), a room's
    view is rebuilt only when its :class:`~tui.model.conference.Room`, one of its shown
    :class:`~tui.model.conference.Participant` objects or their marks changed; the model shares
    unchanged objects, so identity decides and a presence rebuilds one card, not all of them.
    With a ``line_cache`` too, a rebuilt card reuses the member lines that did not change (an
    opened card of 1,000 builds one line for one presence, not 1,000). ``height``: the
    lines the pane shows, which the cards fill (see :func:`line_limits`).
    """
    views: list[RoomView] = []
    rooms = conference.rooms
    people = conference.participants
    moves = pending.moves
    if height is not None:  # a room being added has a card too: border and one line
        height -= 3 * len(pending.added)
    limits = line_limits(list(rooms.values()), height)
    for index, room in enumerate(rooms.values()):
        number = conference.room_number(room.id)  # kept for the room's life, not its position
        limit = limits[index]
        if room.id in expanded and len(room.members) > limit:
            views.append(_opened(conference, room, number, pending, selected, cache, line_cache))
            continue
        shown = room.members[:limit]
        members = tuple(people[pid] for pid in shown)
        targets = tuple(_target(conference, moves, pid) for pid in shown)
        removing = room.id in pending.removed
        key = (
            room,
            number,
            len(shown),
            members,
            targets,
            frozenset(selected.intersection(shown)),
            conference.me,
            removing,
            pending.renamed.get(room.id),
        )
        cached = cache.get(room.id) if cache is not None else None
        if cached is not None and cached[0] == key:
            views.append(cached[1])
            continue
        view = _room_view(
            conference,
            room,
            number,
            members=members,
            targets=targets,
            selected=selected,
            pending=pending,
            line_cache=line_cache,
        )
        if cache is not None:
            cache[room.id] = (key, view)
        views.append(view)
    if cache is not None:
        for gone in cache.keys() - rooms.keys():
            del cache[gone]
    for index, name in enumerate(pending.added):
        views.append(
            RoomView(
                key=f"pending:{index}",
                room_id=None,
                title=Text.assemble(literal(name), (" adding…", "italic")),
                members=(),
                lines=(Text("waiting for the server", style="dim italic"),),
                pending=True,
            )
        )
    return views


def _room_view(
    conference: Conference,
    room: Room,
    number: int | None,
    *,
    members: tuple[Participant, ...],
    targets: tuple[str | None, ...],
    selected: set[str],
    pending: PendingView,
    line_cache: LineCache | None = None,
) -> RoomView:
    cache: LineCache = {} if line_cache is None else line_cache
    lines = [
        _line(conference, person, selected, target, cache)
        for person, target in zip(members, targets, strict=True)
    ]
    hidden = len(room.members) - len(members)
    if hidden:
        lines.append(Text(f" … and {hidden:,} more (enter shows all)", style="dim italic"))
    title, keep = card_title(room, number, pending)
    return RoomView(
        key=room.id,
        room_id=room.id,
        title=title,
        title_keep=keep,
        members=tuple(person.id for person in members),
        lines=tuple(lines) or (Text("(empty)", style="dim italic"),),
        pending=room.id in pending.removed or not room.jid,
    )


def _target(conference: Conference, moves: Mapping[str, str], pid: str) -> str | None:
    """Where ``pid`` is being moved, as shown (``None``: not being moved)."""
    target = moves.get(pid)
    if target is None:
        return None
    target_room = conference.rooms.get(target)
    return clean(target_room.label if target_room else target)


def _line(
    conference: Conference,
    person: Participant,
    selected: Set[str],
    target: str | None,
    cache: LineCache,
) -> Text:
    """``person``'s member line, built again only when what it shows changed."""
    key = _line_key(conference, person, selected, target)
    cached = cache.get(person.id)
    if cached is None or cached[0] != key:
        me, chosen = person.id == conference.me, person.id in selected
        line = member_line(person, me=me, selected=chosen, pending_label=target)
        cached = cache[person.id] = (key, line)
    return cached[1]


def _line_key(
    conference: Conference, person: Participant, selected: Set[str], target: str | None
) -> tuple[object, ...]:
    """What a member line shows (a mute does not change it)."""
    pid = person.id
    return (person.name, pid, person.hand_raised, pid == conference.me, pid in selected, target)


class MemberLines(Sequence[Text]):
    """An opened card's member lines, each built when it is drawn.

    A card listing everyone in a room of 5,000 costs the lines on screen, not 5,000 (opening
    it built every line, and every presence in the room compared them all). Lines come from
    the pane's line cache, so an unchanged member's line is the same object frame after frame.
    """

    def __init__(
        self,
        conference: Conference,
        ids: tuple[str, ...],
        moves: Mapping[str, str],
        selected: Set[str],
        cache: LineCache,
    ) -> None:
        """The lines of ``ids`` in ``conference`` as of now."""
        self._conference = conference
        self._ids = ids
        self._moves = moves
        self._selected = selected
        self._cache = cache

    def __len__(self) -> int:
        """One line per member."""
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Text: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Text, ...]: ...
    def __getitem__(self, index: int | slice) -> Text | tuple[Text, ...]:
        """Member ``index``'s line (built now if it changed)."""
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self._ids))))
        pid = self._ids[index]
        conference = self._conference
        person = conference.participants[pid]
        target = _target(conference, self._moves, pid)
        return _line(conference, person, self._selected, target, self._cache)


@dataclass(frozen=True)
class _OpenedFrom:
    """What an opened room's view was made from (the key of its cache entry)."""

    room: Room
    number: int | None
    people: Mapping[str, Participant]
    selected: frozenset[str]
    moves: Mapping[str, str]
    marks: tuple[object, ...]  # who "me" is, removing, renamed: any change rebuilds


def _opened(  # noqa: PLR0917 (the same inputs as room_views)
    conference: Conference,
    room: Room,
    number: int | None,
    pending: PendingView,
    selected: set[str],
    cache: ViewCache | None,
    line_cache: LineCache | None,
) -> RoomView:
    """The view of an opened (everyone listed) room: O(what changed), not O(members).

    The view made last time is kept while no member's line changed: the people, selection
    and moves it was made from are compared by what changed between them (the model's maps
    name their changed keys), and only changed members of this room are looked at.
    """
    removing = room.id in pending.removed
    now = _OpenedFrom(
        room,
        number,
        conference.participants,
        frozenset(selected),
        dict(pending.moves),
        (conference.me, removing, pending.renamed.get(room.id)),
    )
    lines: LineCache = {} if line_cache is None else line_cache
    cached = cache.get(room.id) if cache is not None else None
    was = cached[0][0] if cached is not None and cached[0] else None
    ids: tuple[str, ...] | None = None
    view: RoomView | None = None
    if cached is not None and isinstance(was, _OpenedFrom) and was.room is room:
        ids = cached[1].members  # the same members in the same order
        if (was.number, was.marks) == (now.number, now.marks):
            view = cached[1]
            changed = changed_keys(was.people, now.people) | (now.selected ^ was.selected)
            changed.update(
                pid
                for pid in now.moves.keys() | was.moves.keys()
                if now.moves.get(pid) != was.moves.get(pid)
            )
            members = room.members
            for pid in changed:
                if pid in members and _line_changed(conference, pid, now, lines):
                    view = None
                    break
    if view is None:
        ids = tuple(room.members) if ids is None else ids
        title, keep = card_title(room, number, pending)
        view = RoomView(
            key=room.id,
            room_id=room.id,
            title=title,
            title_keep=keep,
            members=ids,
            lines=MemberLines(conference, ids, now.moves, now.selected, lines),
            pending=removing or not room.jid,
        )
    if cache is not None:
        cache[room.id] = ((now,), view)
    return view


def _line_changed(conference: Conference, pid: str, now: _OpenedFrom, cache: LineCache) -> bool:
    """Whether ``pid``'s member line would show something else than the one cached."""
    person = conference.participants.get(pid)
    cached = cache.get(pid)
    if person is None or cached is None:
        return True
    target = _target(conference, now.moves, pid)
    return cached[0] != _line_key(conference, person, now.selected, target)


class RoomsPane(VerticalScroll, can_focus=True):
    """Every room as a :class:`RoomCard`, with a cursor on one of them.

    Attributes:
        cursor_room: Id of the room room keys act on.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Previous room", show=False),
        Binding("down,j", "cursor(1)", "Next room", show=False),
        Binding("enter", "expand", "Show all", show=False),
    ]

    DEFAULT_CSS = """
    RoomsPane {
        border: round $panel-lighten-1;
        border-title-color: $text-muted;
        padding: 0 0;
        scrollbar-size-vertical: 1;
    }
    RoomsPane:focus {
        border: round $accent;
        border-title-color: $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty pane; :meth:`show` fills it."""
        super().__init__(id=id)
        self.border_title = "Rooms"
        self.cursor_room: str | None = None
        self._cards: dict[str, RoomCard] = {}
        self._order: list[str] = []
        self._drop_target: RoomCard | None = None
        self._expanded: set[str] = set()
        self._last: tuple[Conference, PendingView, set[str]] | None = None
        self._views: ViewCache = {}
        self._lines: LineCache = {}
        self._clock: str | None = None

    def show_clock(self, text: str | None) -> None:
        """Show the breakout timer's time left on every breakout room's card (not the main)."""
        self._clock = text
        for card in self._cards.values():
            self._clock_on(card)

    def _clock_on(self, card: RoomCard) -> None:
        main = self._last[0].main_room if self._last is not None else None
        card.show_clock(self._clock if card.room_id not in (None, main) else None)

    def show(self, conference: Conference, pending: PendingView, selected: set[str]) -> None:
        """Bring the cards in line with ``conference``: new cards mounted, gone ones removed."""
        self._last = (conference, pending, selected)
        expanded = frozenset(self._expanded)
        views = room_views(
            conference,
            pending,
            selected,
            expanded,
            cache=self._views,
            line_cache=self._lines,
            height=self.scrollable_content_region.height or None,
        )
        people = conference.participants
        if len(self._lines) > 2 * len(people) + 64:  # drop leavers' lines now and then
            self._lines = {pid: line for pid, line in self._lines.items() if pid in people}
        wanted = [view.key for view in views]
        for key in [key for key in self._cards if key not in wanted]:
            self._cards.pop(key).remove()
        previous: RoomCard | None = None
        for view in views:
            card = self._cards.get(view.key)
            if card is None:
                card = RoomCard(view)
                self._cards[view.key] = card
                self._clock_on(card)
                if previous is None and self.children:
                    self.mount(card, before=0)
                elif previous is None:
                    self.mount(card)
                else:
                    self.mount(card, after=previous)
            else:
                card.show(view)
            previous = card
        if wanted != self._order:
            self._order = wanted
            self._reorder()
        if self.cursor_room not in conference.rooms:
            self.cursor_room = conference.main_room
        self._mark_cursor()

    def on_resize(self) -> None:
        """Fill the new height: a taller pane lists more members on the cards."""
        if self._last is not None:
            self.show(*self._last)

    @property
    def cards(self) -> list[RoomCard]:
        """The cards in display order."""
        return [self._cards[key] for key in self._order]

    def card_for(self, widget: Widget | None) -> RoomCard | None:
        """The card ``widget`` is (or is inside of), if it belongs to this pane."""
        node = widget
        while node is not None and node is not self:
            if isinstance(node, RoomCard) and node in self._cards.values():
                return node
            node = node.parent if isinstance(node.parent, Widget) else None
        return None

    def set_drop_target(self, card: RoomCard | None) -> None:
        """Highlight ``card`` as where a drag would land (``None`` clears)."""
        if card is self._drop_target:
            return
        if self._drop_target is not None:
            self._drop_target.remove_class("-drop-target")
        self._drop_target = card
        if card is not None:
            card.add_class("-drop-target")

    def action_cursor(self, step: int) -> None:
        """Move the room cursor by ``step`` rooms."""
        rooms = [card.room_id for card in self.cards if card.room_id is not None]
        if not rooms:
            return
        index = rooms.index(self.cursor_room) if self.cursor_room in rooms else 0
        self.cursor_room = rooms[max(0, min(len(rooms) - 1, index + step))]
        self._mark_cursor()
        card = self._cards.get(self.cursor_room)
        if card is not None:
            self.scroll_to_widget(card, animate=False)

    def action_expand(self) -> None:
        """List every member of the room under the cursor, or cut it short again."""
        if self.cursor_room is None:
            return
        self._expanded ^= {self.cursor_room}
        if self._last is not None:
            self.show(*self._last)

    def _mark_cursor(self) -> None:
        for key, card in self._cards.items():
            card.set_class(key == self.cursor_room, "-cursor")

    def _reorder(self) -> None:
        cards = self.cards
        for before, after in itertools.pairwise(cards):
            if after.parent is self and before.parent is self:
                self.move_child(after, after=before)
