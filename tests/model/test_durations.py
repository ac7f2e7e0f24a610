"""Durations and times of day are read the same way everywhere."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui.model.durations import at_clock_time, format_duration, parse_duration, seconds_in


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("15m", 900),
        ("90s", 90),
        ("1h30m", 5400),
        ("2m30s", 150),
        (" 1H ", 3600),
        ("5", 300),
        ("1d", 86400),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "m", "15x", "1m1m", "-5m", "1.5m", "25h", "15m junk"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_a_time_of_day_is_the_next_one() -> None:
    now = datetime(2026, 12, 2, 14, 0).astimezone().timestamp()
    at = datetime.fromtimestamp(at_clock_time("14:30", now))
    assert (at.day, at.hour, at.minute) == (2, 14, 30)
    tomorrow = datetime.fromtimestamp(at_clock_time("13:00", now))
    assert (tomorrow.day, tomorrow.hour) == (3, 13)
    with pytest.raises(ValueError):
        at_clock_time("25:00", now)


def test_the_config_reads_a_bare_number_as_seconds_with_the_same_parser() -> None:
    assert seconds_in("600", bare=1) == 600
    assert seconds_in("600") == 36000
    assert seconds_in("2h 30m", bare=1) == 9000
