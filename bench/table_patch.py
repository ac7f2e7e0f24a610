"""Prototype for the participants table (tui/ui is not this benchmark's to change).

Textual's ``DataTable.update_cell`` bumps ``_update_count``, which is part of every render
cache key: one changed cell makes the next frame re-render every visible cell (about 270 at
120×40, ~0.25 ms each). The prototype updates the cell and evicts only that row's entries
from the cell and row caches, so a presence costs one row's render. Used by the benchmark to
measure what the fix is worth; see RESULTS.md for the proposal.

Second, ``ParticipantsTable._sync`` re-sorts whenever a hand goes up or down, even when the
order cannot change (sorted by name, hands not first), and ``DataTable.sort`` also bumps
``_update_count``. The prototype skips the sort when the rows are already in order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.widgets.data_table import ColumnKey, RowKey

from tui.ui.widgets.participants_table import ParticipantsTable


def _update_cell_row_local(
    self: Any, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False
) -> None:
    row = row_key if isinstance(row_key, RowKey) else RowKey(row_key)
    column = column_key if isinstance(column_key, ColumnKey) else ColumnKey(column_key)
    self._data[row][column] = value
    stale: set[RowKey] = self.__dict__.setdefault("_stale_rows", set())
    stale.add(row)
    if update_width:
        self._require_update_dimensions = True
    self.refresh()


def _evict_stale(self: Any) -> None:
    stale: set[RowKey] = self.__dict__.get("_stale_rows", set())
    if not stale:
        return
    for cache in (self._cell_render_cache, self._row_render_cache):
        for key in [k for k in list(cache.keys()) if k[0] in stale]:
            cache.discard(key)
    for row in stale:
        index = self._row_locations.get(row)
        self._row_renderable_cache.discard((self._update_count, index))
    self._line_cache.clear()
    stale.clear()


def _resort_if_needed(original: Any) -> Any:
    def resort(self: Any, cursor: str | None) -> None:
        index = {c.key: i for i, c in enumerate(self.columns.values())}
        sort_i, hand_i, name_i = (
            index[ColumnKey(self.sort_column)],
            index[ColumnKey("hand")],
            index[ColumnKey("name")],
        )

        def key(row: Any) -> tuple[object, ...]:
            cells = self._data[row.key]
            values = list(cells.values())
            first = values[hand_i].sort if self.hands_first else ()
            return (*first, *values[sort_i].sort, *values[name_i].sort)

        rows = self.ordered_rows
        keys = [key(row) for row in rows]
        if all(a <= b for a, b in itertools.pairwise(keys)):
            return  # already in order: no sort, no cache invalidation
        original(self, cursor)

    return resort


@contextmanager
def row_local_updates() -> Iterator[None]:
    """Within the block, ParticipantsTable.update_cell invalidates only the updated rows.

    Evictions are gathered per ``show``/``_sync`` and done in one pass over the caches.
    """
    original_update, original_sync = ParticipantsTable.update_cell, ParticipantsTable._sync
    original_resort = ParticipantsTable._resort

    def sync(self: Any) -> None:
        original_sync(self)
        _evict_stale(self)

    ParticipantsTable.update_cell = _update_cell_row_local  # type: ignore[method-assign]
    ParticipantsTable._sync = sync  # type: ignore[method-assign]
    ParticipantsTable._resort = _resort_if_needed(original_resort)  # type: ignore[method-assign]
    try:
        yield
    finally:
        ParticipantsTable.update_cell = original_update  # type: ignore[method-assign]
        ParticipantsTable._sync = original_sync  # type: ignore[method-assign]
        ParticipantsTable._resort = original_resort  # type: ignore[method-assign]
