"""What the panes need to know about commands in flight, indexed for display.

:mod:`tui.model.pending` tracks commands until the server confirms them; this module turns that
tuple into lookups (who is on the way where, which rooms are being added or removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.commands import SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.pending import PendingCommand


@dataclass(frozen=True, slots=True)
class PendingView:
    """Unconfirmed commands, by what they affect.

    Attributes:
        moves: Participant id → room id they are being moved to.
        added: Names of rooms asked for but not seen yet, in request order.
        removed: Room ids asked to be removed.
        renamed: Room id → the name asked for.
        count: How many commands are in flight.
    """

    moves: dict[str, str] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    removed: frozenset[str] = frozenset()
    renamed: dict[str, str] = field(default_factory=dict)
    count: int = 0

    @classmethod
    def of(cls, pending: tuple[PendingCommand, ...]) -> PendingView:
        """Index ``pending``; later commands win when two touch the same thing."""
        moves: dict[str, str] = {}
        added: list[str] = []
        removed: set[str] = set()
        renamed: dict[str, str] = {}
        for item in pending:
            match item.command:
                case SendMove(participant=pid, room=room):
                    moves[pid] = room
                case SendAddRoom(name=name):
                    added.append(name)
                case SendRemoveRoom(room=room):
                    removed.add(room)
                case SendRenameRoom(room=room, name=name):
                    renamed[room] = name
        return cls(moves, tuple(added), frozenset(removed), renamed, len(pending))
