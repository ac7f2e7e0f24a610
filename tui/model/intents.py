"""Wishes of the moderator, before anyone checked they can be done.

Widgets and the control socket create these; :func:`tui.model.reduce.plan` turns one into
wire-level commands or refuses it with a reason. Names are imperatives.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MoveParticipants:
    """Send these participants to ``room`` (a room id)."""

    ids: tuple[str, ...]
    room: str


@dataclass(frozen=True, slots=True)
class AddRoom:
    """Create a breakout room; an empty name means Jitsi's default "Breakout room #N"."""

    name: str = ""


@dataclass(frozen=True, slots=True)
class RenameRoom:
    """Give a breakout room another name."""

    room: str
    name: str


@dataclass(frozen=True, slots=True)
class RemoveRoom:
    """Delete a breakout room, bringing its people back to the main room first."""

    room: str


@dataclass(frozen=True, slots=True)
class CloseRoom:
    """Send everyone in a breakout room back to the main room, keeping the room."""

    room: str


@dataclass(frozen=True, slots=True)
class CloseAllRooms:
    """Close every breakout room, then remove them all."""


@dataclass(frozen=True, slots=True)
class AutoAssign:
    """Jitsi's auto-assign: shuffle everyone but the console, split evenly across rooms.

    Attributes:
        seed: Seed for the shuffle, so that planning stays a pure function.
    """

    seed: int


@dataclass(frozen=True, slots=True)
class CallEveryoneBack:
    """Move everyone in any breakout room back to the main room (rooms stay)."""


Intent = (
    MoveParticipants
    | AddRoom
    | RenameRoom
    | RemoveRoom
    | CloseRoom
    | CloseAllRooms
    | AutoAssign
    | CallEveryoneBack
)
