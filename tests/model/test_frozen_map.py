"""FrozenMap: behaves exactly like a dict that is copied on every change, only cheaper."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.conference import FrozenMap

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


def test_a_change_copies_a_small_overlay_not_the_whole_map() -> None:
    """The complexity guard: 200 updates of a 5,000-entry map rebuild its base a few times.

    A dict copied per change would be 200 rebuilds of 5,000 entries each.
    """
    m = FrozenMap({i: 0 for i in range(5000)})
    bases: dict[int, object] = {}  # holds them, so no id is reused
    for step in range(200):
        m = m.set(step * 7 % 5000, step)
        bases[id(m._base)] = m._base
    assert len(bases) <= 200 // 70 + 2
