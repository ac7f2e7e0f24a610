"""Commands sent but not yet confirmed.

Jitsi's components never acknowledge, so a command stays pending until a conference snapshot
shows its effect (:func:`tui.model.commands.confirmed`), the server refuses it, or its deadline
passes. Time is passed in, never read, so this stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.commands import Command, confirmed
from tui.model.conference import Conference

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for confirmation; the component coalesces updates to one per 300 ms."""


@dataclass(frozen=True, slots=True)
class PendingCommand:
    """A command in flight and when to give up on it."""

    command: Command
    deadline: float


@dataclass(frozen=True, slots=True)
class Settled:
    """Outcome of checking pending commands against a new snapshot."""

    confirmed: tuple[Command, ...]
    expired: tuple[Command, ...]
    remaining: tuple[PendingCommand, ...]


def track(
    pending: tuple[PendingCommand, ...],
    commands: tuple[Command, ...],
    now: float,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[PendingCommand, ...]:
    """Add freshly sent commands; a command already in flight is not tracked twice."""
    inflight = {p.command for p in pending}
    fresh = tuple(PendingCommand(c, now + timeout) for c in commands if c not in inflight)
    return pending + fresh


def settle(pending: tuple[PendingCommand, ...], conference: Conference, now: float) -> Settled:
    """Split pending commands into confirmed, expired and still waiting."""
    done: list[Command] = []
    expired: list[Command] = []
    remaining: list[PendingCommand] = []
    for item in pending:
        if confirmed(conference, item.command):
            done.append(item.command)
        elif now >= item.deadline:
            expired.append(item.command)
        else:
            remaining.append(item)
    return Settled(tuple(done), tuple(expired), tuple(remaining))


def drop(pending: tuple[PendingCommand, ...], command: Command) -> tuple[PendingCommand, ...]:
    """Forget one command (the server refused it)."""
    return tuple(p for p in pending if p.command != command)
