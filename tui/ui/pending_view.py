"""What the panes need to know about commands in flight, indexed for display.

:mod:`tui.model.pending` tracks commands until the server confirms them; this module turns that
tuple into lookups (who is on the way where, which rooms are being added or removed, whose mute,
admission or removal is on its way).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.commands import (
    SendAddRoom,
    SendAdmit,
    SendAvApproval,
    SendDeny,
    SendKick,
    SendMove,
    SendMute,
    SendRemoveRoom,
    SendRenameRoom,
)
from tui.model.conference import Media
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
        muting: (participant id, media) pairs being muted.
        kicking: Participant ids being removed from the meeting.
        knockers: Lobby ids being admitted or denied.
        approving: (participant id, media) pairs whose unmute permission is changing.
        progress: How far each running bulk action got ("moving 412 of 1,000").
    """

    moves: dict[str, str] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    removed: frozenset[str] = frozenset()
    renamed: dict[str, str] = field(default_factory=dict)
    count: int = 0
    muting: frozenset[tuple[str, Media]] = frozenset()
    kicking: frozenset[str] = frozenset()
    knockers: frozenset[str] = frozenset()
    approving: frozenset[tuple[str, Media]] = frozenset()
    progress: tuple[str, ...] = ()

    @classmethod
    def of(cls, pending: tuple[PendingCommand, ...], progress: tuple[str, ...] = ()) -> PendingView:
        """Index ``pending``; later commands win when two touch the same thing."""
        moves: dict[str, str] = {}
        added: list[str] = []
        removed: set[str] = set()
        renamed: dict[str, str] = {}
        muting: set[tuple[str, Media]] = set()
        kicking: set[str] = set()
        knockers: set[str] = set()
        approving: set[tuple[str, Media]] = set()
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
                case SendMute(participant=pid, media=media):
                    muting.add((pid, media))
                case SendKick(participant=pid):
                    kicking.add(pid)
                case SendAdmit(knocker=kid) | SendDeny(knocker=kid):
                    knockers.add(kid)
                case SendAvApproval(participant=pid, media=media):
                    approving.add((pid, media))
        return cls(
            moves,
            tuple(added),
            frozenset(removed),
            renamed,
            len(pending),
            frozenset(muting),
            frozenset(kicking),
            frozenset(knockers),
            frozenset(approving),
            progress,
        )
