"""Durations and times of day as a moderator types them: "15m", "90s", "1h30m", "14:30".

The one parser for every place that reads one: ``ctl timer``/``ctl notice``, the timer and
notices dialogs, and the config's durations (``[workshop] warn``, ``[auth] token_lifetime``,
through :func:`tui.config.values.parse_duration`, where a bare number means seconds).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

__all__ = ["MAX_DURATION", "at_clock_time", "format_duration", "parse_duration", "seconds_in"]

MAX_DURATION = 24 * 3600.0
"""Longest duration accepted (a day): a typo like "1500h" is refused, not waited for."""

_PART = re.compile(r"(\d{1,9})([dhms])")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def seconds_in(text: str, *, bare: int = 60) -> int:
    """Seconds in "1h30m", "90s", "2d" (units once each, largest first), never negative.

    A bare number counts ``bare`` seconds each: minutes for the timer, seconds in the config.

    Raises:
        ValueError: one line naming what is wrong.
    """
    clean = text.strip().lower().replace(" ", "")
    if clean.isdigit() and len(clean) <= 9:
        return int(clean) * bare
    pos, seconds, units = 0, 0, ""
    for match in _PART.finditer(clean):
        unit = match.group(2)
        if match.start() != pos or unit in units:
            break
        units += unit
        pos = match.end()
        seconds += int(match.group(1)) * _UNITS[unit]
    if not clean or pos != len(clean):
        raise ValueError(f"not a duration: {text[:20]!r} (say 15m, 90s or 1h30m)")
    return seconds


def parse_duration(text: str) -> float:
    """Seconds in ``text``: "15m", "90s", "1h30m", "2m30s"; a bare number means minutes.

    Raises:
        ValueError: one line naming what is wrong, or longer than :data:`MAX_DURATION`.
    """
    seconds = float(seconds_in(text))
    if seconds > MAX_DURATION:
        raise ValueError(f"{text[:20]!r} is longer than a day")
    return seconds


def at_clock_time(text: str, now: float) -> float:
    """The epoch time of the next ``HH:MM`` (local time) after ``now``: today, else tomorrow.

    Raises:
        ValueError: when ``text`` is not a time of day.
    """
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a time of day: {text[:20]!r} (say 14:30)")
    current = datetime.fromtimestamp(now).astimezone()
    when = current.replace(hour=int(match.group(1)), minute=int(match.group(2)), second=0)
    when = when.replace(microsecond=0)
    if when.timestamp() <= now:
        when += timedelta(days=1)
    return when.timestamp()


def format_duration(seconds: float) -> str:
    """``seconds`` as "15m", "90s" → "1m30s", "1h30m": what :func:`parse_duration` reads."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)
    return text or "0s"
