"""Scheduled notices, pure: a chat line for all or chosen rooms at a time, each sent once.

A moderator schedules "5 minutes left" for 14:25, or for 10 minutes from now; the list shows
what is pending, any of it can be cancelled, and :func:`due` hands each notice out exactly once
when its time came (after a disconnection, once, when the caller next asks). At most
:data:`MAX_PENDING` wait at a time, so a script cannot grow the list without bound.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["MAX_PENDING", "MAX_TEXT", "Notice", "Notices", "cancel", "due", "schedule"]

MAX_PENDING = 100
"""Most notices waiting at once."""
MAX_TEXT = 1_000
"""Longest notice text, in characters."""


@dataclass(frozen=True, slots=True)
class Notice:
    """One scheduled notice.

    Attributes:
        id: Its number, for ``cancel`` (never reused while the console runs).
        text: What is posted.
        at: Wall-clock time (epoch seconds) it is due.
        rooms: Room ids to post into; empty: every room.
    """

    id: int
    text: str
    at: float
    rooms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Notices:
    """The pending notices, soonest first, and the next id to give."""

    pending: tuple[Notice, ...] = ()
    next_id: int = 1


def schedule(
    notices: Notices, text: str, at: float, rooms: tuple[str, ...] = ()
) -> tuple[Notices, Notice]:
    """Add a notice due at ``at``; returns the list and the new notice.

    Raises:
        ValueError: empty or too long text, or :data:`MAX_PENDING` already waiting.
    """
    clean = text.strip()
    if not clean:
        raise ValueError("the notice is empty")
    if len(clean) > MAX_TEXT:
        raise ValueError(f"a notice is at most {MAX_TEXT:,} characters")
    if len(notices.pending) >= MAX_PENDING:
        raise ValueError(f"{MAX_PENDING} notices are already waiting; cancel one first")
    notice = Notice(notices.next_id, clean, at, tuple(dict.fromkeys(rooms)))
    pending = tuple(sorted((*notices.pending, notice), key=lambda n: (n.at, n.id)))
    return Notices(pending, notices.next_id + 1), notice


def cancel(notices: Notices, notice_id: int) -> tuple[Notices, Notice]:
    """Drop the pending notice ``notice_id``; returns the list and the cancelled notice.

    Raises:
        ValueError: when no such notice is pending.
    """
    for notice in notices.pending:
        if notice.id == notice_id:
            kept = tuple(n for n in notices.pending if n.id != notice_id)
            return replace(notices, pending=kept), notice
    raise ValueError(f"no pending notice {notice_id}")


def due(notices: Notices, now: float) -> tuple[Notices, tuple[Notice, ...]]:
    """The notices due at ``now`` (oldest first), removed from the list: each is given once."""
    ready = tuple(n for n in notices.pending if n.at <= now)
    if not ready:
        return notices, ()
    return replace(notices, pending=notices.pending[len(ready) :]), ready
