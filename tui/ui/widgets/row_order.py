"""Keeping the participants table's order: filtering, sorting, and moving the rows that changed.

Pure functions over the table's plain structures (ids in display order, their positions, each
id's sort key), so a change costs what changed: a neighbour check for a changed key, a removal
and a binary insertion for a row that moved, and a full filter-and-sort only when the moderator
asks for another filter or sort (one pass and a sort of cached keys).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Mapping

from tui.model.conference import Conference
from tui.model.room_numbers import column_order
from tui.ui.pending_view import PendingView
from tui.ui.widgets.participant_rows import INDEX, Row
from tui.ui.widgets.row_source import RowSource


def filtered(ids: Iterable[str], hay: Mapping[str, str], needle: str) -> list[str]:
    """``ids`` whose searchable text (``hay``: casefolded) contains ``needle`` (any case)."""
    needle = needle.casefold()
    return [pid for pid in ids if needle in hay[pid]] if needle else list(ids)


def in_order(
    pids: Iterable[str],
    order: list[str],
    positions: Mapping[str, int],
    keys: Mapping[str, tuple[object, ...]],
) -> bool:
    """Whether ``order`` is still sorted by ``keys``, given that only ``pids`` changed keys.

    Only a changed row's neighbours need checking: O(changed), not a sort.
    """
    last = len(order) - 1
    for pid in pids:
        index = positions.get(pid)
        if index is None:
            return False
        key = keys[pid]
        if index > 0 and keys[order[index - 1]] > key:
            return False
        if index < last and key > keys[order[index + 1]]:
            return False
    return True


def move(
    order: list[str],
    moved: Collection[str],
    positions: Mapping[str, int],
    keys: Mapping[str, tuple[object, ...]],
    shown: Callable[[str], bool],
) -> None:
    """Take each of ``moved`` out of ``order`` and put it back where its key says, if ``shown``.

    ``positions`` are where ids were before (it is not updated here).
    """
    for pid in moved:
        if pid in positions:
            order.remove(pid)
        if shown(pid):
            bisect.insort(order, pid, key=keys.__getitem__)


class Descending:
    """A sort key compared the other way round (a reversed sort keeps every ordering tool)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[object, ...]) -> None:
        """``key``, reversed."""
        self.key = key

    def __eq__(self, other: object) -> bool:
        """Equal keys stay equal."""
        return isinstance(other, Descending) and self.key == other.key

    def __hash__(self) -> int:
        """Hash of the key."""
        return hash(self.key)

    def __lt__(self, other: Descending) -> bool:
        """Before ``other`` when its key is after."""
        return other.key < self.key

    def __gt__(self, other: Descending) -> bool:
        """After ``other`` when its key is before."""
        return self.key < other.key


class RowOrder:
    """Everyone's row, sort key and filter text, and the ids shown, filtered and sorted.

    The participants table's plain structures (it draws them; this keeps them):

    * ``rows``: participant id → :data:`~tui.ui.widgets.participant_rows.Row` of cells, for
      *everyone* (the filter does not rebuild rows);
    * ``keys``: participant id → its sort key under the current sort;
    * ``order``: the ids shown, filtered and sorted;
    * ``gone``: people who left while the order was held, with their last row (drawn dimmed).

    Attributes:
        sort_column: Key of the column rows are ordered by.
        hands_first: Whether raised hands come first, in raise order.
        descending: Whether the sort column runs backwards (Z to A; raised hands still first).
        filter_text: Case-insensitive substring a name or room must contain to be shown.
        stale: Presence-driven moves are waiting (the order was held).
    """

    def __init__(self) -> None:
        """No rows yet, by name."""
        self.sort_column = "name"
        self.hands_first = False
        self.descending = False
        self.filter_text = ""
        self.stale = False
        self.rows: dict[str, Row] = {}
        self.keys: dict[str, tuple[object, ...]] = {}
        self.hay: dict[str, str] = {}  # casefolded "name\nroom" the filter searches
        self.order: list[str] = []
        self.gone: dict[str, Row] = {}
        self._index: dict[str, int] | None = {}  # None: stale, rebuilt on demand

    def key_of(self, row: Row) -> tuple[object, ...]:
        """``row``'s sort key: hand rank first if asked, the sort column, then the name."""
        first = row[INDEX["hand"]].sort if self.hands_first else ()
        key = (*row[INDEX[self.sort_column]].sort, *row[INDEX["name"]].sort)
        return (*first, Descending(key)) if self.descending else (*first, *key)

    def rekey(self) -> None:
        """Sort keys for everyone again (the sort changed)."""
        key = self.key_of
        self.keys = {pid: key(row) for pid, row in self.rows.items()}

    def matches(self, pid: str) -> bool:
        """Whether ``pid``'s row passes the filter."""
        needle = self.filter_text.casefold()
        return not needle or needle in self.hay[pid]

    def shown_now(self, pid: str) -> bool:
        """Whether ``pid`` has a row that passes the filter."""
        return pid in self.rows and self.matches(pid)

    def at(self, index: int) -> tuple[str, Row, bool] | None:
        """Who is shown at display ``index``, their row, and whether they left (held order)."""
        if not 0 <= index < len(self.order):
            return None
        pid = self.order[index]
        row = self.rows.get(pid)
        if row is not None:
            return pid, row, False
        row = self.gone.get(pid)
        return None if row is None else (pid, row, True)

    def shown_here(self) -> int:
        """Rows shown of people still in the meeting (a held order keeps leavers' rows too)."""
        if not self.gone:
            return len(self.order)
        positions = self.positions()
        return len(self.order) - sum(pid in positions for pid in self.gone)

    def lines(self, top: int, height: int, cursor: int) -> list[tuple[str, bool]]:
        """For ``height`` lines from display index ``top``: who, and whether it is ``cursor``."""
        visible = self.order[top : top + max(0, height)]
        return [(pid, top + i == cursor) for i, pid in enumerate(visible)]

    def positions(self) -> dict[str, int]:
        """Display index of each id shown."""
        if self._index is None:
            self._index = {pid: i for i, pid in enumerate(self.order)}
        return self._index

    def rebuild(self) -> None:
        """Filter and sort everyone again: one pass and a sort of cached keys."""
        shown = filtered(self.rows, self.hay, self.filter_text)
        shown.sort(key=self.keys.__getitem__)
        self.set_order(shown)

    def set_order(self, order: list[str]) -> None:
        """Show ``order``; the order has caught up (no leaver is kept)."""
        self.order = order
        self._index = None
        self.gone.clear()
        self.stale = False

    def place(self, moved: Iterable[str], *, held: bool) -> None:
        """Put rows whose key, filter match or presence changed where they belong.

        While ``held``, nothing shown moves: joiners go to the bottom, leavers stay (dimmed)
        until the order catches up.
        """
        moved = list(moved)
        positions = self.positions()
        if held:
            for pid in moved:
                if pid not in positions and self.shown_now(pid):
                    positions[pid] = len(self.order)
                    self.order.append(pid)
            self.stale = True
            return
        if len(moved) * 8 > len(self.order) or self.stale:
            self.rebuild()
            return
        move(self.order, moved, positions, self.keys, self.shown_now)
        self.set_order(self.order)

    def update(self, pid: str, built: tuple[Row, str] | None) -> tuple[bool, bool] | None:
        """Take ``pid``'s row as built now (``None``: they left).

        Returns ``None`` when nothing changed, else (whether its place may change, whether
        only its sort key changed); a leaver's row is kept in ``gone``.
        """
        old = self.rows.get(pid)
        if built is None:
            if old is None:
                return None
            del self.rows[pid], self.keys[pid], self.hay[pid]
            self.gone[pid] = old  # drawn (dimmed) while the order is held
            return True, False
        row, hay = built
        self.gone.pop(pid, None)
        if old is row:
            return None
        key = self.key_of(row)
        was_shown = pid in self.positions()
        self.rows[pid], self.hay[pid] = row, hay
        if old is None or was_shown != self.matches(pid):
            self.keys[pid] = key
            return True, False
        if self.keys[pid] != key:
            self.keys[pid] = key
            return False, True
        return False, False

    def absorb(
        self, conference: Conference, source: RowSource, selected: set[str], pending: PendingView
    ) -> tuple[list[str], set[str], bool]:
        """Fold what changed in ``conference`` into the rows (not yet into the order).

        Returns the ids to place again (added, gone, or out of order now), every id whose
        row or place changed, and whether a row shown was rebuilt.
        """
        changed = source.changed(conference, selected, pending, self.rows)
        room_order = column_order(conference)  # the number each room keeps for its life
        moved: list[str] = []  # rows added, gone, or whose order key or filter match changed
        rekeyed: list[str] = []
        touched: list[str] = []  # rows rebuilt
        redraw = False
        positions = self.positions()
        for pid in changed:
            built = source.row(conference, pid, room_order, selected, pending)
            if built is None:
                source.forget(pid)
            change = self.update(pid, built)
            if change is None:
                continue
            if built is not None:
                redraw = redraw or pid in positions
                touched.append(pid)
            if change[0]:
                moved.append(pid)
            elif change[1]:
                rekeyed.append(pid)
        if rekeyed and not in_order(rekeyed, self.order, self.positions(), self.keys):
            moved.extend(rekeyed)
        return moved, {*moved, *rekeyed, *touched}, redraw
