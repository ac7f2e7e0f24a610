"""How far a request got, and how it ended, in words for the moderator. Pure.

A bulk action (auto-assign, call back, close all …) is hundreds of commands; the moderator
wants "moving 412 of 1,000" while it runs and one summary when it is over — how many landed,
how many the server refused and why, how many were lost — never a notification per person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.model.commands import Command
from tui.model.intents import (
    Admit,
    AutoAssign,
    Broadcast,
    CallEveryoneBack,
    CloseAllRooms,
    CloseRoom,
    Deny,
    Intent,
    MoveParticipants,
    Mute,
    MuteEveryone,
    RemoveRoom,
)

NOT_CONFIRMED = "not confirmed by the server"
"""Why a command failed that the server never showed done before its deadline."""
LOST_IN_RECONNECT = "lost in a reconnect"
"""Why a held command failed: its effect is not in the state after the rejoin."""
MAX_REASONS = 3
"""Distinct refusal reasons a summary spells out; the rest are counted."""

_NAMES: tuple[tuple[type, str, str], ...] = (
    (AutoAssign, "auto-assign", "moving"),
    (CallEveryoneBack, "call everyone back", "moving"),
    (MoveParticipants, "move", "moving"),
    (CloseRoom, "close the room", "moving"),
    (CloseAllRooms, "close all rooms", "closing"),
    (RemoveRoom, "remove the room", "removing"),
    (MuteEveryone, "mute everyone", "muting"),
    (Mute, "mute", "muting"),
    (Admit, "admit", "admitting"),
    (Deny, "turn away", "turning away"),
    (Broadcast, "broadcast", "sending"),
)


def intent_name(intent: Intent) -> tuple[str, str]:
    """What to call ``intent`` in a summary, and the verb for its progress."""
    for kind, name, verb in _NAMES:
        if isinstance(intent, kind):
            return name, verb
    return type(intent).__name__.lower(), "sending"


def is_lost(reason: str) -> bool:
    """Whether a failure reason means "never confirmed" rather than "refused"."""
    return reason.startswith((NOT_CONFIRMED, LOST_IN_RECONNECT))


@dataclass(frozen=True, slots=True)
class Progress:
    """A request still running: how many of its commands went out and how many settled."""

    name: str
    verb: str
    total: int
    sent: int = 0
    landed: int = 0
    failed: int = 0

    def text(self) -> str:
        """``moving 412 of 1,000`` (with what failed so far, and what is still queued)."""
        words = f"{self.verb} {self.landed:,} of {self.total:,}"
        if self.failed:
            words += f" · {self.failed:,} failed"
        if self.sent < self.total:
            words += f" · {self.total - self.sent:,} still to send"
        return words


@dataclass(frozen=True, slots=True)
class Summary:
    """How one request ended.

    Attributes:
        name: What was asked ("auto-assign").
        total: Commands it took.
        landed: Commands the server carried out.
        refused: (reason, count) of the server's refusals, most common first.
        lost: Commands never confirmed (deadline passed, or lost in a reconnect).
        single: For a one-command request that failed: the sentence naming it and why.
    """

    name: str
    total: int
    landed: int
    refused: tuple[tuple[str, int], ...] = ()
    lost: int = 0
    single: str = ""

    @property
    def ok(self) -> bool:
        """Everything landed."""
        return self.landed == self.total

    @classmethod
    def of(
        cls,
        name: str,
        total: int,
        landed: int,
        failed: Sequence[tuple[Command, str]],
        describe: Callable[[Command], str],
    ) -> Summary:
        """Group ``failed`` into refusals by reason and losses."""
        lost = sum(1 for _, why in failed if is_lost(why))
        refused = Counter(why for _, why in failed if not is_lost(why))
        single = ""
        if total == 1 and failed:
            command, why = failed[0]
            # a lost command's reason names ids; the sentence names the people
            single = (
                f"{NOT_CONFIRMED}: {describe(command)}"
                if is_lost(why)
                else (f"{describe(command)}: {why}")
            )
        return cls(name, total, landed, tuple(refused.most_common()), lost, single)

    def text(self) -> str:
        """One line: ``auto-assign: 997 of 1,000 landed · 2 refused (…) · 1 lost``."""
        if self.single:
            return self.single
        if self.ok:
            return f"{self.name}: all {self.total:,} landed" if self.total > 1 else self.name
        parts = [f"{self.name}: {self.landed:,} of {self.total:,} landed"]
        refused = sum(count for _, count in self.refused)
        if refused:
            shown = [f"{why} ×{count:,}" for why, count in self.refused[:MAX_REASONS]]
            others = len(self.refused) - MAX_REASONS
            if others > 0:
                shown.append(f"{others} other reasons")
            parts.append(f"{refused:,} refused ({'; '.join(shown)})")
        if self.lost:
            parts.append(f"{self.lost:,} lost ({NOT_CONFIRMED})")
        return " · ".join(parts)
