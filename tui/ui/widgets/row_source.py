"""Which participants' rows must be built again, and building them (for the participants table).

The model shares unchanged :class:`~tui.model.conference.Participant` objects between versions
of one map, which can name the keys written between them, so who changed is found in
O(changed); selection, pending moves and mutes in flight, and hand ranks are diffed against
what the rows were last built from. A row is rebuilt only when what it shows changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tui.model.conference import Conference, Media, Participant
from tui.model.persistent import changed_keys
from tui.ui.pending_view import PendingView
from tui.ui.text import clean
from tui.ui.widgets.participant_rows import Row, build_row, ranks, with_rank


class RowSource:
    """Rows for the participants table, rebuilt only for participants whose inputs changed.

    Attributes:
        built: Rows built so far (a work count the complexity guards read).
        reranked: Rows whose hand rank alone was redrawn (the same kind of count).
    """

    def __init__(self) -> None:
        """Nothing seen yet: the first :meth:`changed` names everyone."""
        self.built = 0
        self.reranked = 0
        self._cache: dict[str, tuple[tuple[object, ...], Row, str]] = {}
        self._seen: Mapping[str, Participant] | None = None
        self._row_context: tuple[object, ...] = ()
        self._seen_selected: frozenset[str] = frozenset()
        self._seen_moves: dict[str, str] = {}
        self._seen_muting: frozenset[tuple[str, Media]] = frozenset()
        self._raised: dict[str, int] = {}
        self._ranks: dict[str, int] = {}

    def changed(
        self,
        conference: Conference,
        selected_now: set[str],
        pending: PendingView,
        shown: Iterable[str],
    ) -> Iterable[str]:
        """Ids whose row may differ from what is shown, in meeting order when it is all of them.

        Everything is looked at again only when something every row depends on changed (room
        names or order, who "me" is); otherwise the changed participants (by identity: the
        model shares unchanged ``Participant`` objects), changed selection, pending moves and
        mutes, and people whose hand rank moved. The filter is not part of a row.
        """
        people = conference.participants
        rooms = tuple((room_id, room.label) for room_id, room in conference.rooms.items())
        context = (conference.me, rooms)
        selected = frozenset(selected_now)
        moves = dict(pending.moves)
        muting = pending.muting
        before = self._seen
        self._seen = people
        if before is None or context != self._row_context:
            self._row_context = context
            self._seen_selected, self._seen_moves, self._seen_muting = selected, moves, muting
            self._raised = {
                pid: p.hand_raised_at for pid, p in people.items() if p.hand_raised_at is not None
            }
            self._ranks = ranks(self._raised)
            return [*people, *(pid for pid in shown if pid not in people)]
        changed: set[str] = set()
        if before is not people:
            changed = changed_keys(before, people)  # O(changed) between model versions
        changed |= selected ^ self._seen_selected
        if moves != self._seen_moves:
            changed.update(
                pid
                for pid in moves.keys() | self._seen_moves.keys()
                if moves.get(pid) != self._seen_moves.get(pid)
            )
        changed.update(pid for pid, _ in muting ^ self._seen_muting)
        self._seen_selected, self._seen_moves, self._seen_muting = selected, moves, muting
        raised = self._raised
        hands_moved = False
        for pid in changed:
            person = people.get(pid)
            at = person.hand_raised_at if person is not None else None
            if raised.get(pid) != at:
                hands_moved = True
                if at is None:
                    del raised[pid]
                else:
                    raised[pid] = at
        if hands_moved:
            new_ranks = ranks(raised)
            changed.update(
                pid
                for pid in new_ranks.keys() | self._ranks.keys()
                if new_ranks.get(pid) != self._ranks.get(pid)
            )
            self._ranks = new_ranks
        return changed

    def row(
        self,
        conference: Conference,
        pid: str,
        order: Mapping[str, int],
        selected: set[str],
        pending: PendingView,
    ) -> tuple[Row, str] | None:
        """The row ``pid`` should have now and what the filter searches; ``None`` if absent."""
        person = conference.participants.get(pid)
        if person is None:
            return None
        rooms = conference.rooms
        room = rooms.get(person.room)
        label = clean(room.label) if room else person.room
        target = pending.moves.get(pid)
        target_room = rooms.get(target) if target else None
        pending_label = None
        if target is not None:
            pending_label = clean(target_room.label) if target_room else target
        muting = frozenset(media for who, media in pending.muting if who == pid)
        key = (
            person,
            label,
            order.get(person.room, len(order)),
            pending_label,
            pid in selected,
            self._ranks.get(pid),
            pid == conference.me,
            muting,
        )
        cached = self._cache.get(pid)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        if cached is not None and cached[0][:5] == key[:5] and cached[0][6:] == key[6:]:
            row = with_rank(cached[1], key[5])  # only the hand rank moved
            self.reranked += 1
            self._cache[pid] = (key, row, cached[2])
            return row, cached[2]
        self.built += 1
        row = build_row(
            person,
            me=key[6],
            room_label=label,
            room_order=key[2],
            pending_label=pending_label,
            selected=key[4],
            rank=key[5],
            muting=muting,
        )
        hay = f"{clean(person.name).casefold()}\n{label.casefold()}"
        self._cache[pid] = (key, row, hay)
        return row, hay

    def forget(self, pid: str) -> None:
        """Drop what was kept for ``pid`` (they left)."""
        self._cache.pop(pid, None)
