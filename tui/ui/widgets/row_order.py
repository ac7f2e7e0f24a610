"""Keeping the participants table's order: filtering, sorting, and moving the rows that changed.

Pure functions over the table's plain structures (ids in display order, their positions, each
id's sort key), so a change costs what changed: a neighbour check for a changed key, a removal
and a binary insertion for a row that moved, and a full filter-and-sort only when the moderator
asks for another filter or sort (one pass and a sort of cached keys).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Mapping


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
