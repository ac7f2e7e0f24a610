"""Simulated display names: ordinary ones, plus every UI-breaking case in a real-sized meeting."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

import pytest

from tui.sim.names import DUPLICATE, HARD_CASES, MARKUP_NAMES, NameSource


def _names(count: int, seed: int = 7) -> list[str]:
    return NameSource(random.Random(seed)).initial(count)


def _is_rtl(name: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in name)


def _has_emoji(name: str) -> bool:
    return any(ord(ch) >= 0x1F300 for ch in name)


@pytest.mark.parametrize("seed", [0, 1, 2, 99])
@pytest.mark.parametrize("count", [20, 40, 1000])
def test_every_hard_case_is_in_a_meeting_of_twenty_or_more(count: int, seed: int) -> None:
    names = _names(count, seed)
    assert len(names) == count
    assert any("Å" in n or "Ö" in n for n in names)
    assert any("ö" in n for n in names)
    assert any(len(n) >= 100 for n in names)
    assert any(_has_emoji(n) for n in names)
    assert any(_is_rtl(n) and "\u0600" <= n[0] <= "\u06ff" for n in names)  # Arabic
    assert any(_is_rtl(n) and "\u0590" <= n[0] <= "\u05ff" for n in names)  # Hebrew
    assert Counter(names)[DUPLICATE] >= 2
    for markup in MARKUP_NAMES:
        assert markup in names
    assert "[@click=app.quit]" in " ".join(names)


def test_hard_cases_are_a_sprinkle_among_ordinary_names() -> None:
    names = _names(40)
    ordinary = [n for n in names if n not in HARD_CASES]
    assert len(ordinary) == 40 - len(HARD_CASES)
    assert all(n.isprintable() and 0 < len(n) < 60 and "[" not in n for n in ordinary)


def test_small_meetings_have_only_ordinary_names() -> None:
    names = _names(10)
    assert not set(names) & set(HARD_CASES)
    assert len(set(names)) == 10


def test_same_seed_same_names_in_same_order_and_other_seed_differs() -> None:
    assert _names(60, seed=5) == _names(60, seed=5)
    assert _names(60, seed=5) != _names(60, seed=6)


def test_fresh_names_do_not_repeat_the_meeting() -> None:
    source = NameSource(random.Random(3))
    names = source.initial(40)
    joiners = [source.fresh() for _ in range(100)]
    assert not set(joiners) & set(names)
    assert len(set(joiners)) == 100
