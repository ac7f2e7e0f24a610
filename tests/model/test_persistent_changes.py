"""FrozenMap.changed_since: which keys two versions may differ in, in O(changes) not O(size)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.persistent import FrozenMap

keys = st.integers(min_value=0, max_value=30)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("set"), keys, st.integers(min_value=0, max_value=3)),
        st.tuples(st.just("del"), keys, st.just(0)),
    ),
    max_size=120,
)

_MISSING = object()


@given(ops)
@settings(max_examples=200)
def test_every_key_that_differs_between_two_versions_is_named(
    steps: list[tuple[str, int, int]],
) -> None:
    frozen: FrozenMap[int, int] = FrozenMap({k: 0 for k in range(10)})
    history = [frozen]
    for op, key, value in steps:
        frozen = frozen.set(key, value) if op == "set" else frozen.delete(key)
        history.append(frozen)
    for i, old in enumerate(history):
        for new in history[i:]:
            named = new.changed_since(old)
            if named is None:
                continue  # a rebuild came between: the caller compares them whole
            assert old.changed_since(new) == named
            for key in set(old) | set(new):
                if old.get(key, _MISSING) != new.get(key, _MISSING):
                    assert key in named


def test_a_few_changes_to_a_big_map_name_only_those_keys() -> None:
    before: FrozenMap[str, int] = FrozenMap({f"p{n}": n for n in range(5000)})
    after = before.set("p7", -1).delete("p9").set("new", 1).set("p7", -2)
    assert after.changed_since(before) == frozenset({"p7", "p9", "new"})
    assert after.changed_since(after) == frozenset()


def test_versions_of_different_lineages_do_not_answer() -> None:
    base: FrozenMap[str, int] = FrozenMap({"a": 1, "b": 2})
    tip = base.set("a", 3)
    branch = base.set("b", 4)  # written to an older version: a journal of its own
    assert branch.changed_since(tip) is None
    assert FrozenMap({"a": 1}).changed_since(base) is None
