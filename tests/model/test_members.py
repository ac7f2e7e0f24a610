"""Members: a room's ids behave exactly like a tuple rebuilt on every join and leave."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.persistent import Members

ids = st.sampled_from([f"p{i}" for i in range(12)])
ops = st.lists(
    st.one_of(
        st.tuples(st.just("plus"), ids),
        st.tuples(st.just("minus"), ids),
        st.tuples(st.just("back"), st.integers(min_value=0, max_value=199).map(str)),
    ),
    max_size=200,
)


@given(ops)
@settings(max_examples=300)
def test_every_version_equals_the_tuple_it_stands_for(steps: list[tuple[str, str]]) -> None:
    members = Members()
    model: tuple[str, ...] = ()
    history: list[tuple[Members, tuple[str, ...]]] = [(members, model)]
    for op, arg in steps:
        if op == "back":  # write to an older version next: it must branch, not overwrite
            members, model = history[int(arg) % len(history)]
            continue
        if op == "plus":
            members = members.plus(arg)
            model = model if arg in model else (*model, arg)
        else:
            members = members.minus(arg)
            model = tuple(m for m in model if m != arg)
        history.append((members, model))
    for old, expected in history:
        assert tuple(old) == expected and old == expected and expected == old
        assert len(old) == len(expected) and bool(old) == bool(expected)
        assert all(m in old for m in expected) and "nobody" not in old
        assert old[:3] == expected[:3] and old[1:] == expected[1:] and old[::-1] == expected[::-1]
        assert list(reversed(old)) == list(reversed(expected)) and hash(old) == hash(expected)
        if expected:
            assert old[0] == expected[0] and old[-1] == expected[-1]
            assert old.index(expected[-1]) == len(expected) - 1


def test_a_repeated_id_keeps_its_first_place_and_adding_a_member_again_changes_nothing() -> None:
    members = Members(["a", "b", "a"])
    assert members == ("a", "b") and members.plus("a") is members
    assert members.minus("zz") is members
    assert members != ("b", "a") and members != ["a", "b"]  # a list is not a tuple either
    with pytest.raises(IndexError):
        members[2]


def test_copies_and_pickles_are_plain_values() -> None:
    members = Members(["a", "b"]).minus("a").plus("c")
    assert pickle.loads(pickle.dumps(members)) == ("b", "c")
    assert copy.deepcopy(members) == ("b", "c") and repr(members) == "Members(('b', 'c'))"


def test_the_shared_empty_value_is_never_written_to() -> None:
    """Every new room starts from the same empty Members; one room's joins must not leak."""
    first, second = Members().plus("a"), Members().plus("b")
    assert first == ("a",) and second == ("b",) and Members() == ()
