"""Commands sent but not yet confirmed.

Jitsi's components never acknowledge, so a command stays pending until a conference snapshot
shows its effect (:func:`tui.model.commands.confirmed`), the server refuses it, or its deadline
passes. The deadline counts from when the gateway *sent* the command (:func:`mark_sent`), not from
when it was asked for: a paced bulk action puts its last move on the wire half a minute after the
first, and the server carries each out a moment after it arrives. Until then a command has no
deadline. Time is passed in, never read, so this stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.commands import Command, confirmed
from tui.model.conference import Conference

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for confirmation; the component coalesces updates to one per 300 ms."""


@dataclass(frozen=True, slots=True)
class PendingCommand:
    """A command in flight and when to give up on it (``None``: not on the wire yet)."""

    command: Command
    deadline: float | None = None


@dataclass(frozen=True, slots=True)
class Settled:
    """Outcome of checking pending commands against a new snapshot."""

    confirmed: tuple[Command, ...]
    expired: tuple[Command, ...]
    remaining: tuple[PendingCommand, ...]


def track(
    pending: tuple[PendingCommand, ...], commands: tuple[Command, ...]
) -> tuple[PendingCommand, ...]:
    """Add commands about to be sent; a command already in flight is not tracked twice."""
    inflight = {p.command for p in pending}
    fresh = tuple(PendingCommand(c) for c in dict.fromkeys(commands) if c not in inflight)
    return pending + fresh


def mark_sent(
    pending: tuple[PendingCommand, ...],
    commands: tuple[Command, ...] | frozenset[Command],
    now: float,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[PendingCommand, ...]:
    """Start the clock of ``commands`` that were waiting to go out; others are left alone."""
    sent = frozenset(commands)
    if not sent:
        return pending
    return tuple(
        PendingCommand(p.command, now + timeout) if p.deadline is None and p.command in sent else p
        for p in pending
    )


def settle(pending: tuple[PendingCommand, ...], conference: Conference, now: float) -> Settled:
    """Split pending commands into confirmed, expired and still waiting."""
    done: list[Command] = []
    expired: list[Command] = []
    remaining: list[PendingCommand] = []
    for item in pending:
        if confirmed(conference, item.command):
            done.append(item.command)
        elif item.deadline is not None and now >= item.deadline:
            expired.append(item.command)
        else:
            remaining.append(item)
    return Settled(tuple(done), tuple(expired), tuple(remaining))


def drop(pending: tuple[PendingCommand, ...], command: Command) -> tuple[PendingCommand, ...]:
    """Forget one command (the server refused it)."""
    return tuple(p for p in pending if p.command != command)
