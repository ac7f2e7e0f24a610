"""When a meeting is: start, end or duration, and the time zone they are read in.

Provides :func:`system_zone` (the IANA zone of this machine: ``TZ``, else ``/etc/localtime``,
else ``/etc/timezone``, else UTC), :func:`zone_named`, :func:`parse_duration`,
:func:`meeting_times` (what the user typed → an aware start and end, or one clear
:class:`TimeError`) and :func:`format_when` (the line the text and HTML invitations show).

A time without a UTC offset is local time of the chosen zone (the system's by default), never a
floating time: the calendar file names the zone (``DTSTART;TZID=Europe/Stockholm``) and carries
its VTIMEZONE, so an invitation for 14:00 in Stockholm is 14:00 in Stockholm for everyone who
imports it. A time with an offset (``14:00+01:00``) is that instant.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DURATION: Final = timedelta(hours=1)
"""How long a meeting lasts when neither an end nor a duration is given (``[invite] duration``)."""

_ZONEINFO_DIR: Final = "zoneinfo/"
_DURATION: Final = re.compile(r"^(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*(?:m|min)?)?$")
_CLOCK: Final = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")


class TimeError(ValueError):
    """A start, end, duration or zone the user gave cannot be used; one sentence."""


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (``Europe/Stockholm``).

    Raises:
        TimeError: no such zone.
    """
    key = name.strip().removeprefix(":")
    try:
        if not key or key.startswith(("/", ".")) or ".." in key:
            raise ValueError(key)
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeError(f"{name.strip()!r} is not a time zone name like Europe/Stockholm") from None


def system_zone(
    env: Mapping[str, str] | None = None,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> ZoneInfo:
    """The zone of this machine, by name, so the calendar file can say TZID=<name>.

    ``TZ`` wins (as for every C program); then the zone ``/etc/localtime`` links to; then
    Debian's ``/etc/timezone``; UTC when none of them names a known zone.
    """
    environment = os.environ if env is None else env
    candidates = [environment.get("TZ", "")]
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if _ZONEINFO_DIR in target:
        candidates.append(target.rpartition(_ZONEINFO_DIR)[2])
    with contextlib.suppress(OSError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for name in candidates:
        if name.strip():
            try:
                return zone_named(name)
            except TimeError:
                continue
    return ZoneInfo("UTC")


def zone_label(zone: tzinfo, moment: datetime | None = None) -> str:
    """``Europe/Stockholm``, or ``UTC+01:00`` for a bare offset."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = (moment or datetime.now(UTC)).astimezone(zone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset not in {"", "+0000"} else "UTC"


def parse_duration(text: str) -> timedelta:
    """``90``, ``90m``, ``1h``, ``1h30m``, ``1h 30`` or ``1:30`` → a positive duration.

    Raises:
        TimeError: not one of those, or zero.
    """
    raw = text.strip().lower()
    clock = _CLOCK.match(raw)
    match = _DURATION.match(raw) if clock is None else None
    if clock is not None:
        minutes = int(clock["h"]) * 60 + int(clock["m"])
    elif match is not None and raw and (match["h"] or match["m"]):
        minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    else:
        raise TimeError(f"{text.strip()!r} is not a duration like 45m, 1h or 1h30m")
    if minutes <= 0:
        raise TimeError(f"the duration {text.strip()!r} is not longer than zero")
    return timedelta(minutes=minutes)


def end_or_duration(text: str) -> tuple[str | None, str | None]:
    """One field for both an end and a duration: ``(end, duration)``, at most one set.

    ``15:00`` or ``2026-12-03T15:00`` is an end; ``45m``, ``1h30m`` or ``90`` (minutes) a duration.
    """
    raw = text.strip()
    if not raw:
        return None, None
    if _CLOCK.match(raw) is None and _DURATION.match(raw.lower()) is not None:
        return None, raw
    return raw, None


def _parse_moment(text: str, zone: tzinfo, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise TimeError(
            f"{what} {text.strip()!r} is not a time like 2026-12-03T14:00 (local) "
            "or 2026-12-03T14:00+01:00"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _parse_end(text: str, start: datetime) -> datetime:
    clock = _CLOCK.match(text.strip())
    if clock is not None:  # "15:00": the same day as the start, in its zone
        hour, minute = int(clock["h"]), int(clock["m"])
        if hour > 23 or minute > 59:
            raise TimeError(f"the end {text.strip()!r} is not a time of day")
        return start.replace(hour=hour, minute=minute, second=0, microsecond=0)
    assert start.tzinfo is not None
    return _parse_moment(text, start.tzinfo, "the end")


@dataclass(frozen=True, slots=True)
class MeetingTimes:
    """An aware start and an end after it."""

    start: datetime
    end: datetime


def meeting_times(
    start: str | None,
    end: str | None = None,
    duration: str | None = None,
    *,
    zone: tzinfo,
    default_duration: timedelta = DEFAULT_DURATION,
) -> MeetingTimes | None:
    """What the user typed → the meeting's times; ``None`` when no start was given.

    Args:
        start: ISO date and time; without an offset it is local time in ``zone``.
        end: ISO date and time, or ``HH:MM`` on the start's day.
        duration: Instead of ``end``: ``45m``, ``1h30m`` ...
        zone: The zone of times written without an offset.
        default_duration: Used when neither ``end`` nor ``duration`` is given.

    Raises:
        TimeError: unreadable input, an end without a start, both an end and a duration, or an
            end that is not after the start (an error, never a silent event without an end).
    """
    end, duration = (end or "").strip() or None, (duration or "").strip() or None
    if not (start or "").strip():
        if end or duration:
            raise TimeError("an end or a duration needs a start")
        return None
    assert start is not None
    begin = _parse_moment(start, zone, "the start")
    if end and duration:
        raise TimeError("give an end or a duration, not both")
    if end:
        finish = _parse_end(end, begin)
        if finish <= begin:
            raise TimeError(f"the end {_short(finish)} is not after the start {_short(begin)}")
    else:
        finish = begin + (parse_duration(duration) if duration else default_duration)
    return MeetingTimes(begin, finish)


def _short(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def format_when(start: datetime, end: datetime | None) -> str:
    """``2026-12-03 14:00–15:00 (Europe/Stockholm)``; the end's date is shown when it differs.

    The end is shown in the start's zone, so both read the same clock.
    """
    zone = start.tzinfo
    label = f" ({zone_label(zone, start)})" if zone is not None else ""
    if end is None:
        return f"{_short(start)}{label}"
    finish = end.astimezone(zone) if zone is not None else end
    same_day = finish.date() == start.date()
    until = finish.strftime("%H:%M") if same_day else _short(finish)
    dash = "–" if same_day else " – "
    return f"{_short(start)}{dash}{until}{label}"
