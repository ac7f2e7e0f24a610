"""A breakout session timer, pure: what is due when, each thing exactly once.

The timer is started at a wall-clock time (epoch seconds, the console's own clock, so that a
reconnect does not move the deadline) for a duration. Three things are due in its life: the
start announcement, the warning ``warn`` seconds before the end, and zero (when everyone is
called back unless the timer was started without recall). :func:`advance` says, for a time
``now``, which of them are due and returns the timer with them marked done, so a caller that
advances on every tick, or once after a long disconnection, sends each at most once.

After a gap (the console was disconnected) only the latest thing due is sent: a warning that
fell in the gap is not sent once zero has passed too, and a start announcement is not sent once
the warning is due — the people in the rooms are told what is true now.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, replace

__all__ = ["DEFAULT_WARN", "Due", "Timer", "advance", "extend", "left_text", "start", "stop"]

DEFAULT_WARN = 120.0
"""Seconds before the end when the warning goes out (``[workshop] warn``)."""


class Due(enum.Enum):
    """Something the timer owes the rooms."""

    START = "start"
    WARNING = "warning"
    ZERO = "zero"


@dataclass(frozen=True, slots=True)
class Timer:
    """One breakout session's timer.

    Attributes:
        started_at: Wall-clock time it was started (epoch seconds).
        duration: Seconds from ``started_at`` to zero (grows with :func:`extend`).
        warn: Seconds before zero when the warning is due; none when not inside the duration.
        recall: At zero, everyone is called back to the main room.
        done: What was already sent (or skipped as stale).
        stopped: Stopped by the moderator: nothing more is due.
    """

    started_at: float
    duration: float
    warn: float = DEFAULT_WARN
    recall: bool = True
    done: frozenset[Due] = frozenset()
    stopped: bool = False

    @property
    def ends_at(self) -> float:
        """Wall-clock time of zero."""
        return self.started_at + self.duration

    @property
    def warns_at(self) -> float | None:
        """Wall-clock time of the warning, or ``None`` when it is not inside the duration."""
        if self.warn <= 0 or self.warn >= self.duration:
            return None
        return self.ends_at - self.warn

    @property
    def over(self) -> bool:
        """Zero was reached (and dealt with) or the timer was stopped."""
        return self.stopped or Due.ZERO in self.done

    def left(self, now: float) -> float:
        """Seconds until zero (never negative)."""
        return max(0.0, self.ends_at - now)


def start(now: float, duration: float, *, warn: float = DEFAULT_WARN, recall: bool = True) -> Timer:
    """A timer started at ``now``.

    Raises:
        ValueError: for a duration that is not positive or a negative warning.
    """
    if not duration > 0:
        raise ValueError("a timer needs a duration above zero")
    if warn < 0:
        raise ValueError("the warning cannot come after the end")
    return Timer(now, float(duration), float(warn), recall)


def _due_now(timer: Timer, now: float) -> list[Due]:
    if timer.stopped:
        return []
    due = [Due.START]
    warns_at = timer.warns_at
    if warns_at is not None and now >= warns_at:
        due.append(Due.WARNING)
    if now >= timer.ends_at:
        due.append(Due.ZERO)
    return [d for d in due if d not in timer.done]


def advance(timer: Timer, now: float) -> tuple[Timer, tuple[Due, ...]]:
    """What is due at ``now`` (at most one thing, the latest) and the timer with it marked done.

    Everything due earlier than the latest is marked done too, unsent: it is stale.
    """
    due = _due_now(timer, now)
    if not due:
        return timer, ()
    return replace(timer, done=timer.done | set(due)), (due[-1],)


def extend(timer: Timer, seconds: float, now: float) -> Timer:
    """``timer`` with zero ``seconds`` later; a warning already sent is re-armed if now early.

    Raises:
        ValueError: when the timer is over or ``seconds`` is not positive.
    """
    if timer.over:
        raise ValueError("the timer is not running")
    if not seconds > 0:
        raise ValueError("extend by a duration above zero")
    longer = replace(timer, duration=timer.duration + seconds)
    warns_at = longer.warns_at
    if Due.WARNING in longer.done and warns_at is not None and warns_at > now:
        longer = replace(longer, done=longer.done - {Due.WARNING})
    return longer


def stop(timer: Timer) -> Timer:
    """``timer`` stopped: nothing more is due, nobody is called back."""
    return replace(timer, stopped=True)


def left_text(seconds: float) -> str:
    """Time left as a person reads it: "12:04 left", "1:02:04 left" (rounded up to the second)."""
    total = math.ceil(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d} left"
    return f"{minutes}:{secs:02d} left"
