"""Meeting times: local time of a named zone, a default duration, an end before the start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.invite.times import (
    TimeError,
    format_when,
    meeting_times,
    parse_duration,
    system_zone,
    zone_named,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_a_start_without_offset_is_local_time_of_the_zone_not_floating() -> None:
    times = meeting_times("2026-12-03T14:00", zone=STOCKHOLM)
    assert times is not None
    assert times.start == datetime(2026, 12, 3, 14, 0, tzinfo=STOCKHOLM)
    assert times.start.utcoffset() == timedelta(hours=1)
    assert times.end - times.start == timedelta(hours=1)  # the default duration


def test_an_offset_given_is_kept() -> None:
    times = meeting_times("2026-12-03T14:00+05:00", zone=STOCKHOLM)
    assert times is not None
    assert times.start.utcoffset() == timedelta(hours=5)


def test_duration_end_of_day_and_full_end() -> None:
    by_duration = meeting_times("2026-12-03 14:00", duration="1h30m", zone=STOCKHOLM)
    by_clock = meeting_times("2026-12-03 14:00", end="15:30", zone=STOCKHOLM)
    by_date = meeting_times("2026-12-03 14:00", end="2026-12-03T15:30", zone=STOCKHOLM)
    assert by_duration == by_clock == by_date
    longer = meeting_times("2026-12-03 14:00", zone=STOCKHOLM, default_duration=timedelta(hours=2))
    assert longer is not None and longer.end.hour == 16


@pytest.mark.parametrize(
    ("end", "duration", "message"),
    [
        ("13:00", None, "the end 2026-12-03 13:00 is not after the start 2026-12-03 14:00"),
        ("14:00", None, "is not after the start"),
        ("15:00", "1h", "not both"),
        (None, "0m", "not longer than zero"),
        (None, "soon", "not a duration"),
    ],
)
def test_an_end_before_the_start_is_an_error(
    end: str | None, duration: str | None, message: str
) -> None:
    with pytest.raises(TimeError, match=message):
        meeting_times("2026-12-03T14:00", end, duration, zone=STOCKHOLM)


def test_an_end_without_a_start_is_an_error_and_nothing_is_no_times() -> None:
    with pytest.raises(TimeError, match="needs a start"):
        meeting_times(None, "15:00", zone=STOCKHOLM)
    assert meeting_times("", "", "", zone=STOCKHOLM) is None


@pytest.mark.parametrize(
    ("text", "minutes"), [("90", 90), ("45m", 45), ("1h", 60), ("1h30m", 90), ("1:15", 75)]
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


def test_system_zone_from_tz_then_localtime_then_timezone_file(tmp_path: Path) -> None:
    none = tmp_path / "none"
    assert system_zone({"TZ": "Europe/Stockholm"}, none, none).key == "Europe/Stockholm"
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/New_York")
    assert system_zone({}, link, none).key == "America/New_York"
    debian = tmp_path / "timezone"
    debian.write_text("Europe/Berlin\n", encoding="utf-8")
    assert system_zone({}, none, debian).key == "Europe/Berlin"
    assert system_zone({"TZ": "Not/AZone"}, none, none).key == "UTC"


def test_zone_names_are_checked() -> None:
    assert zone_named("Europe/Oslo").key == "Europe/Oslo"
    with pytest.raises(TimeError, match="not a time zone name"):
        zone_named("../../etc/passwd")
    with pytest.raises(TimeError, match="not a time zone name"):
        zone_named("Mars/Olympus")


def test_when_line() -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=STOCKHOLM)
    assert format_when(start, start + timedelta(hours=1)) == (
        "2026-12-03 14:00–15:00 (Europe/Stockholm)"
    )
    assert format_when(start, start + timedelta(hours=12)) == (
        "2026-12-03 14:00 – 2026-12-04 02:00 (Europe/Stockholm)"
    )
    fixed = datetime(2026, 12, 3, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    assert format_when(fixed, None) == "2026-12-03 14:00 (UTC+01:00)"
    assert format_when(datetime(2026, 12, 3, 14, 0, tzinfo=UTC), None).endswith("(UTC)")


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("15:00", ("15:00", None)),
        ("2026-12-03T15:00", ("2026-12-03T15:00", None)),
        ("45m", (None, "45m")),
        ("1h30m", (None, "1h30m")),
        ("90", (None, "90")),
        ("  ", (None, None)),
    ],
)
def test_one_field_takes_an_end_or_a_duration(text: str, split: tuple[str | None, ...]) -> None:
    from tui.invite.times import end_or_duration

    assert end_or_duration(text) == split
