"""The breakout timer says what is due, once each, for any time it is asked about."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from tui.model.timer import Due, Timer, advance, extend, left_text, start, stop

T0 = 1_800_000_000.0


def run(timer: Timer, times: Iterable[float]) -> tuple[Timer, list[tuple[float, Due]]]:
    """Advance through ``times``; what was due at each."""
    seen: list[tuple[float, Due]] = []
    for now in times:
        timer, due = advance(timer, now)
        seen.extend((now, d) for d in due)
    return timer, seen


def test_start_warning_and_zero_are_due_once_each_in_order() -> None:
    timer = start(T0, 15 * 60, warn=120)
    timer, seen = run(timer, [T0 + s for s in range(0, 15 * 60 + 5)])
    assert seen == [(T0, Due.START), (T0 + 13 * 60, Due.WARNING), (T0 + 15 * 60, Due.ZERO)]
    assert timer.over
    assert run(timer, [T0 + 2000])[1] == []


def test_a_warning_not_inside_the_duration_is_never_sent() -> None:
    timer = start(T0, 60, warn=120)
    _, seen = run(timer, [T0 + s for s in range(0, 70)])
    assert [d for _, d in seen] == [Due.START, Due.ZERO]


def test_extending_after_the_warning_re_arms_it() -> None:
    timer, seen = run(start(T0, 300, warn=60), [T0, T0 + 250])
    assert [d for _, d in seen] == [Due.START, Due.WARNING]
    timer = extend(timer, 300, T0 + 250)
    assert timer.left(T0 + 250) == 350
    timer, seen = run(timer, [T0 + s for s in range(251, 700)])
    assert seen == [(T0 + 540, Due.WARNING), (T0 + 600, Due.ZERO)]


def test_extending_a_little_after_the_warning_does_not_warn_twice() -> None:
    timer, _ = run(start(T0, 300, warn=60), [T0, T0 + 250])
    timer = extend(timer, 5, T0 + 250)  # the new warning time (T0+245) has passed already
    _, seen = run(timer, [T0 + s for s in range(251, 320)])
    assert seen == [(T0 + 305, Due.ZERO)]


def test_stop_cancels_what_is_left() -> None:
    timer, _ = run(start(T0, 300, warn=60), [T0])
    timer = stop(timer)
    assert run(timer, [T0 + 1000])[1] == []
    assert timer.over
    with pytest.raises(ValueError, match="not running"):
        extend(timer, 60, T0 + 10)


def test_a_deadline_passed_while_disconnected_recalls_once_when_asked_again() -> None:
    timer, _ = run(start(T0, 300, warn=60), [T0, T0 + 10])
    # Disconnected from T0+10 to T0+900: the warning and zero both passed unseen.
    timer, seen = run(timer, [T0 + 900, T0 + 901, T0 + 5000])
    assert seen == [(T0 + 900, Due.ZERO)]


def test_a_warning_passed_while_disconnected_is_sent_once_late() -> None:
    timer, _ = run(start(T0, 300, warn=60), [T0])
    _, seen = run(timer, [T0 + 260, T0 + 261])
    assert seen == [(T0 + 260, Due.WARNING)]


def test_bad_durations_are_refused() -> None:
    with pytest.raises(ValueError):
        start(T0, 0)
    with pytest.raises(ValueError):
        start(T0, 60, warn=-1)
    with pytest.raises(ValueError):
        extend(start(T0, 60), 0, T0)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (724, "12:04 left"),
        (723.2, "12:04 left"),
        (0, "0:00 left"),
        (-5, "0:00 left"),
        (3724, "1:02:04 left"),
        (59.5, "1:00 left"),
    ],
)
def test_time_left_reads_like_a_clock(seconds: float, text: str) -> None:
    assert left_text(seconds) == text
