"""FrozenMap: behaves exactly like a dict that is copied on every change, only cheaper."""

from __future__ import annotations

import copy
import pickle
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.persistent import FrozenMap

keys = st.integers(min_value=0, max_value=40)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("set"), keys, st.integers()),
        st.tuples(st.just("del"), keys, st.just(0)),
    ),
    max_size=300,
)


@given(ops)
@settings(max_examples=300)
def test_every_version_equals_the_dict_it_stands_for(steps: list[tuple[str, int, int]]) -> None:
    model: dict[int, int] = {}
    frozen: FrozenMap[int, int] = FrozenMap()
    history: list[tuple[FrozenMap[int, int], dict[int, int]]] = []
    for op, key, value in steps:
        if op == "set":
            model = {**model, key: value}
            frozen = frozen.set(key, value)
        else:
            model = {k: v for k, v in model.items() if k != key}
            frozen = frozen.delete(key)
        history.append((frozen, model))
        assert list(frozen.items()) == list(model.items())  # same order, as a dict's
        assert len(frozen) == len(model)
        assert frozen == model and model == frozen
    for old, expected in history:  # older versions never change
        assert list(old.items()) == list(expected.items())


def test_lookups_and_misses() -> None:
    m = FrozenMap({"a": 1}).set("b", 2).delete("a")
    assert m.get("a") is None and m.get("a", 7) == 7 and "a" not in m
    assert m["b"] == 2 and "b" in m
    assert m != {"b": 3} and m != {"b": 2, "c": 1}
    assert repr(m) == "FrozenMap({'b': 2})"


def test_copies_and_pickles_keep_deletions() -> None:
    m = FrozenMap({"a": 1, "b": 2}).delete("a")
    assert copy.deepcopy(m) == {"b": 2} and list(copy.copy(m)) == ["b"]
    assert pickle.loads(pickle.dumps(m)) == {"b": 2}


def test_a_change_copies_none_of_the_other_entries() -> None:
    """The complexity guard: 200 updates and 200 deletions of a 5,000-entry map copy nothing.

    Every container holding a key references it: a dict copied per change (200 versions kept)
    would add 200 references to each key, an overlay folded every ~70 changes a few.
    """
    keys = [f"k{i}" for i in range(5000)]
    m: FrozenMap[str, int] = FrozenMap(dict.fromkeys(keys, 0))
    model = dict.fromkeys(keys, 0)  # (made first: it references every key too)
    sample = keys[1::250]
    counts = [sys.getrefcount(k) for k in sample]
    versions = [m]
    for step in range(200):
        versions.append(versions[-1].set(keys[step * 7 % 5000], step))
        versions.append(versions[-1].delete(keys[step * 10 % 5000]))
        model[keys[step * 7 % 5000]] = step
        model.pop(keys[step * 10 % 5000])
    after = [sys.getrefcount(k) for k in sample]
    assert max(a - c for a, c in zip(after, counts, strict=True)) == 0
    assert versions[-1] == model and versions[0] == dict.fromkeys(keys, 0)


branching = st.lists(
    st.one_of(
        st.tuples(st.just("set"), keys, st.integers()),
        st.tuples(st.just("del"), keys, st.just(0)),
        st.tuples(st.just("back"), st.integers(min_value=0, max_value=299), st.just(0)),
    ),
    max_size=300,
)


@given(branching)
@settings(max_examples=300)
def test_writing_to_an_old_version_leaves_every_other_version_alone(
    steps: list[tuple[str, int, int]],
) -> None:
    """Versions share one journal; a write to a version that is not the newest must branch."""
    frozen: FrozenMap[int, int] = FrozenMap({1: 1, 2: 2})
    model: dict[int, int] = {1: 1, 2: 2}
    history: list[tuple[FrozenMap[int, int], dict[int, int]]] = [(frozen, model)]
    for op, key, value in steps:
        if op == "back":
            frozen, model = history[key % len(history)]
            continue
        if op == "set":
            frozen, model = frozen.set(key, value), {**model, key: value}
        else:
            frozen, model = frozen.delete(key), {k: v for k, v in model.items() if k != key}
        history.append((frozen, model))
        assert frozen.get(key, "none") == model.get(key, "none")
    for old, expected in history:
        assert list(old.items()) == list(expected.items())
        assert list(old.keys()) == list(expected) and list(old.values()) == list(expected.values())
        assert all(item in old.items() for item in expected.items())
        assert all(old[k] == v for k, v in expected.items()) and len(old) == len(expected)
        assert all(k not in old for k in range(41) if k not in expected)


def test_memory_stays_proportional_to_the_live_entries() -> None:
    """A participant toggling mute forever must not grow the map without bound."""
    m: FrozenMap[str, int] = FrozenMap({"a": 0, "b": 0})
    for step in range(10_000):
        m = m.set("a", step).delete("b").set("b", step)
    assert m == {"a": 9999, "b": 9999}
    assert len(m._j.keys) + m._j.garbage < 100  # the journal was rebuilt along the way
