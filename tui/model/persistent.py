"""Persistent collections: immutable values whose updated copies cost O(1), not O(n).

A presence in a 5,000-person meeting changes one participant and one room's member list;
copying a 5,000-entry ``dict`` or ``tuple`` for it makes a join storm O(n²). Here every
version of a collection is a small view (a *stamp*, a length, an end) onto a shared,
append-only :class:`_Journal`. Only the newest version of a lineage (its *tip*) writes, and
it only appends to the journal or marks the stamp at which an entry stopped being current,
so every older version keeps reading exactly what it read before. Writing to an older
version (a branch) copies it into a journal of its own: O(n), as a ``dict`` copy would be.

There is one writer (the session applying events). A reader in another thread is still
safe: each write is a list append, a list item store or a ``dict`` item store, published
last, and a reader treats everything past its own end or stamp as not there yet; nobody
iterates a container the writer grows (iteration walks positions by index).

When superseded entries outnumber live ones the journal is rebuilt from the tip, which keeps
its memory proportional to the live size (amortized O(1) per change).

The journal also logs which position each stamp wrote, so two versions of one lineage can say
which keys differ between them in O(changed) (:meth:`FrozenMap.changed_since`): a screen
refreshed ten times a second at 5,000 people asks that instead of comparing everyone.
"""

from __future__ import annotations

import sys
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from itertools import islice
from typing import Any, Final, Generic, TypeVar, final, overload

K = TypeVar("K")
V = TypeVar("V")

_ALIVE: Final = sys.maxsize
"""The ``died`` stamp of an entry still current."""

_Node = tuple[int, Any, Any]
"""A value and when it was written: ``(since, value, older node or None)``."""


@final
class _Journal:
    """The shared history of one lineage of versions; only its tip appends or marks.

    Entries are *positions*, in insertion order. ``died[p]`` is the stamp of the version
    that deleted position ``p``'s key (a version with stamp ``s`` sees ``p`` while
    ``s <= died[p]``); ``cells[p]`` is the newest value node; ``prev[p]`` is the key's
    earlier position when it was deleted and added again (a dict puts it last).
    """

    __slots__ = ("cells", "deaths", "died", "garbage", "keys", "log", "prev", "slot", "stamp")

    def __init__(self, items: Iterable[tuple[Any, Any]]) -> None:
        keys: list[Any] = []
        cells: list[_Node] = []
        slot: dict[Any, int] = {}
        for key, value in items:
            if key in slot:
                cells[slot[key]] = (0, value, None)
                continue
            slot[key] = len(keys)
            keys.append(key)
            cells.append((0, value, None))
        self.keys = keys
        self.cells = cells
        self.slot = slot
        self.died = [_ALIVE] * len(keys)
        self.prev: dict[int, int] = {}
        self.stamp = 1  # versions are stamped 1, 2, ...; nodes written at 0 are seen by all
        self.garbage = 0  # dead positions plus superseded value nodes
        self.deaths = 0  # positions ever deleted: none, and every position is everyone's
        self.log: list[int] = []  # log[s - 1]: the position the write stamped s changed


class _Versioned:
    """One version: the engine shared by :class:`FrozenMap` and :class:`Members`."""

    __slots__ = ("_end", "_j", "_len", "_s")

    _j: _Journal
    _s: int
    _len: int
    _end: int

    def _init(self, items: Iterable[tuple[Any, Any]]) -> None:
        journal = _Journal(items)
        size = len(journal.keys)
        self._j, self._s, self._len, self._end = journal, journal.stamp, size, size

    def _version(self, journal: _Journal, stamp: int, length: int, end: int) -> Any:
        made = object.__new__(type(self))
        made._j, made._s, made._len, made._end = journal, stamp, length, end
        return made

    def _find(self, key: Any) -> int:
        """The position of ``key`` as this version sees it, -1 when absent."""
        j = self._j
        p = j.slot.get(key, -1)
        end = self._end
        while p >= end:  # added after this version was made: look at the earlier incarnation
            p = j.prev.get(p, -1)
        if p < 0 or j.died[p] < self._s:
            return -1
        return p

    def _value(self, p: int) -> Any:
        node = self._j.cells[p]
        stamp = self._s
        while node[0] >= stamp:  # written after this version: an older value is ours
            node = node[2]
        return node[1]

    def _keys(self) -> Iterator[Any]:
        j = self._j
        if not j.deaths:
            # Nothing was ever deleted (a join storm): the first ``end`` keys are ours, read
            # at C speed. A deletion during the iteration is stamped after this version.
            return islice(j.keys, self._end)
        keys = j.keys
        return (keys[p] for p in self._positions())

    def _positions(self) -> Iterator[int]:
        died = self._j.died
        stamp = self._s
        for p in range(self._end):
            if died[p] >= stamp:
                yield p

    def _pairs(self) -> Iterator[tuple[Any, Any]]:
        j = self._j
        keys, cells, died, stamp = j.keys, j.cells, j.died, self._s
        for p in range(self._end):
            if died[p] >= stamp:
                node = cells[p]
                while node[0] >= stamp:
                    node = node[2]
                yield keys[p], node[1]

    def _writable(self) -> _Versioned:
        """Itself when it is the tip, else a copy of it that is (a branch: O(n)).

        An empty version always gets a journal of its own (free): empty values are shared
        defaults, and a lineage must not grow inside a journal a module constant holds.
        """
        if self._s == self._j.stamp and self._len:
            return self
        copy = object.__new__(type(self))
        copy._init(self._pairs())
        return copy

    def _put(self, key: Any, value: Any) -> Any:
        p = self._find(key)
        if p < 0:
            return self._append(key, value)
        if self._value(p) is value:
            return self
        tip = self._writable()
        j, stamp = tip._j, tip._s
        if tip is not self:
            p = j.slot[key]
        j.cells[p] = (stamp, value, j.cells[p])
        j.garbage += 1
        j.log.append(p)
        j.stamp = stamp + 1
        return tip._settled(self._version(j, stamp + 1, tip._len, tip._end))

    def _append(self, key: Any, value: Any) -> Any:
        """A version with ``key`` (absent from this one) added last: the join of a storm."""
        tip = self if self._s == self._j.stamp and self._len else self._writable()
        j, stamp, end = tip._j, tip._s, tip._end
        earlier = j.slot.get(key, -1)
        if earlier >= 0:
            j.prev[end] = earlier  # deleted before, added again: old versions look there
        j.keys.append(key)
        j.died.append(_ALIVE)
        j.cells.append((stamp, value, None))
        j.log.append(end)
        j.slot[key] = end  # published last: a reader finds a complete entry
        j.stamp = stamp + 1
        made = object.__new__(type(self))
        made._j, made._s, made._len, made._end = j, stamp + 1, tip._len + 1, end + 1
        return made  # nothing was superseded: no rebuild can be due

    def _drop(self, key: Any) -> Any:
        if self._find(key) < 0:
            return self
        tip = self._writable()
        j, stamp = tip._j, tip._s
        p = tip._find(key)
        j.died[p] = stamp
        j.garbage += 1
        j.deaths += 1
        j.log.append(p)
        j.stamp = stamp + 1
        return tip._settled(self._version(j, stamp + 1, tip._len - 1, tip._end))

    def _settled(self, made: _Versioned) -> _Versioned:
        # Rebuild once superseded entries outnumber live ones: memory stays O(live), and the
        # O(n) rebuild is paid for by the n changes before it.
        if made._j.garbage > made._len + 16:
            made._init(made._pairs())
        return made

    def _changed_since(self, other: _Versioned) -> frozenset[Any] | None:
        """Keys written between ``other`` and this version (either may be the older one).

        ``None`` when they share no journal (a branch, or a rebuild came between): the caller
        compares them whole.
        """
        j = self._j
        if other._j is not j or type(other) is not type(self):
            return None
        low, high = sorted((other._s, self._s))
        keys = j.keys
        return frozenset([keys[p] for p in j.log[low - 1 : high - 1]])

    def _same_version(self, other: object) -> bool:
        return (
            isinstance(other, _Versioned)
            and other._j is self._j
            and other._s == self._s
            and type(other) is type(self)
        )


@final
class FrozenMap(_Versioned, Mapping[K, V], Generic[K, V]):
    """An immutable mapping with O(1) updated copies; iterates in ``dict`` order.

    :meth:`set` and :meth:`delete` return new versions; updating a key keeps its place, new
    keys (and keys deleted then added again) go last, as in a ``dict``. Lookups are a
    ``dict`` probe and two list reads. Compares equal to any mapping with the same items.
    """

    __slots__ = ()

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] | None = None) -> None:
        """A map holding a copy of ``items``."""
        if isinstance(items, Mapping):
            items = items.items()
        self._init(items or ())

    @classmethod
    def of(cls, items: Mapping[K, V]) -> FrozenMap[K, V]:
        """``items`` itself when it is a FrozenMap already, else a frozen copy."""
        return items if isinstance(items, FrozenMap) else cls(items)

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A copy with ``key`` mapped to ``value`` (this map when it already was)."""
        return self._put(key, value)  # type: ignore[no-any-return]

    def delete(self, key: K) -> FrozenMap[K, V]:
        """A copy without ``key`` (the same map when it was absent)."""
        return self._drop(key)  # type: ignore[no-any-return]

    def changed_since(self, other: FrozenMap[K, V]) -> frozenset[K] | None:
        """Keys that may map differently here than in ``other`` (set, replaced or deleted).

        O(changes between the two), for two versions of one lineage; ``None`` when they are
        not (then compare the maps whole). A key set back to its old value is still named.
        """
        return self._changed_since(other)

    def __getitem__(self, key: K) -> V:
        """The value of ``key``; ``KeyError`` when absent."""
        p = self._find(key)
        if p < 0:
            raise KeyError(key)
        return self._value(p)  # type: ignore[no-any-return]

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        p = self._find(key)
        return default if p < 0 else self._value(p)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is present."""
        return self._find(key) >= 0

    def __len__(self) -> int:
        """Number of keys."""
        return self._len

    def __iter__(self) -> Iterator[K]:
        """Keys in insertion order."""
        return self._keys()

    def values(self) -> ValuesView[V]:
        """The values, iterated without a lookup per key (a table scans them all)."""
        return _Values(self)

    def items(self) -> ItemsView[K, V]:
        """The ``(key, value)`` pairs, iterated without a lookup per key."""
        return _Items(self)

    def __eq__(self, other: object) -> bool:
        """Equal to any mapping with the same items."""
        if self is other or self._same_version(other):
            return True
        if not isinstance(other, Mapping):
            return NotImplemented
        if len(self) != len(other):
            return False
        return all(k in other and other[k] == v for k, v in self._pairs())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        """Copy and pickle as the plain items (the journal is shared, process-local state)."""
        return (FrozenMap, (dict(self._pairs()),))

    def __repr__(self) -> str:
        """Like a dict's."""
        return f"FrozenMap({dict(self._pairs())!r})"


class _Values(ValuesView[V]):
    __slots__ = ("_map",)

    def __init__(self, mapping: FrozenMap[Any, V]) -> None:
        super().__init__(mapping)
        self._map = mapping

    def __iter__(self) -> Iterator[V]:
        for _key, value in self._map._pairs():
            yield value


class _Items(ItemsView[K, V]):
    __slots__ = ("_map",)

    def __init__(self, mapping: FrozenMap[K, V]) -> None:
        super().__init__(mapping)
        self._map = mapping

    def __iter__(self) -> Iterator[tuple[K, V]]:
        return self._map._pairs()


@final
class Members(_Versioned, Sequence[str]):
    """A room's participant ids in arrival order: an immutable tuple-like with O(1) changes.

    :meth:`plus` appends an id (unless present), :meth:`minus` removes one; both return a
    new value. ``in`` is O(1). Compares equal to (and hashes like) the tuple of its ids.
    """

    __slots__ = ()

    def __init__(self, ids: Iterable[str] = ()) -> None:
        """The ids in order; a repeated id keeps its first place."""
        self._init((pid, None) for pid in dict.fromkeys(ids))

    def plus(self, pid: str) -> Members:
        """A copy with ``pid`` last (this value when ``pid`` is already a member)."""
        if self._find(pid) >= 0:
            return self
        return self._append(pid, None)  # type: ignore[no-any-return]

    def minus(self, pid: str) -> Members:
        """A copy without ``pid`` (this value when it was not a member)."""
        return self._drop(pid)  # type: ignore[no-any-return]

    def __contains__(self, pid: object) -> bool:
        """Whether ``pid`` is a member: one lookup, not a scan."""
        return self._find(pid) >= 0

    def __len__(self) -> int:
        """Number of members."""
        return self._len

    def __iter__(self) -> Iterator[str]:
        """Ids in arrival order."""
        return self._keys()

    def __reversed__(self) -> Iterator[str]:
        """Ids, last arrival first."""
        return reversed(tuple(self))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        """One id by position, or a slice as a tuple; a leading slice reads only its part."""
        if isinstance(index, slice):
            if index.step is None and (index.start or 0) >= 0 and (index.stop or 0) >= 0:
                return tuple(islice(self, index.start, index.stop))
            return tuple(self)[index]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("member index out of range")
        return next(islice(self, index, None))

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """Position of ``value`` (one pass, not a lookup per position)."""
        return tuple(self).index(value, start, sys.maxsize if stop is None else stop)

    def count(self, value: Any) -> int:
        """1 when ``value`` is a member, else 0."""
        return int(value in self)

    def __eq__(self, other: object) -> bool:
        """Equal to another Members or a tuple with the same ids in the same order."""
        if self is other or self._same_version(other):
            return True
        if not isinstance(other, (Members, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        """The hash of the tuple of ids (they compare equal)."""
        return hash(tuple(self))

    def __reduce__(self) -> tuple[type[Members], tuple[tuple[str, ...]]]:
        """Copy and pickle as the plain ids."""
        return (Members, (tuple(self),))

    def __repr__(self) -> str:
        """Like a tuple's."""
        return f"Members({tuple(self)!r})"


NO_MEMBERS: Final = Members()
"""An empty room's members (a shared value: writing to it branches, never mutates)."""


_MISSING: Final = object()


def changed_keys(before: Mapping[K, V], after: Mapping[K, V]) -> set[K]:
    """Keys added, removed, or whose value is not the same object in ``after`` as in ``before``.

    O(changes) for two :class:`FrozenMap` versions of one lineage (what the model hands a
    screen refresh after refresh); otherwise a comparison of every key (by identity: the
    model shares unchanged values).
    """
    if isinstance(after, FrozenMap) and isinstance(before, FrozenMap):
        named = after.changed_since(before)
        if named is not None:
            old, new = before.get, after.get
            return {key for key in named if old(key, _MISSING) is not new(key, _MISSING)}
    seen = before.get
    changed = {key for key, value in after.items() if seen(key, _MISSING) is not value}
    joined = sum(1 for key in changed if key not in before)
    if len(before) + joined != len(after):  # some left
        changed.update(key for key in before if key not in after)
    return changed
