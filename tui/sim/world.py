"""The simulated server's side of a meeting: who sits in which room, as the server knows it.

:class:`World` is mutable and owned by one :class:`~tui.sim.gateway.SimulatedConference`. Each
change returns the events a console in the meeting would receive for it, so the gateway only has
to forward them; :meth:`World.snapshot` is the breakout component's full ``update``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tui.model.conference import Knocker, Media, Participant
from tui.model.events import (
    Event,
    LeaveReason,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
    SnapshotMember,
    SnapshotRoom,
)


@dataclass(slots=True)
class SimRoom:
    """One MUC as the server holds it; ``members`` in arrival order."""

    id: str
    jid: str
    name: str = ""
    is_main: bool = False
    members: list[str] = field(default_factory=list)


class World:
    """Rooms and occupants of one simulated meeting; the console is always in the main room.

    Besides who sits where, it holds the main room's server-side settings the moderation
    components keep: the lobby and who waits in it, the password, and AV moderation with its
    whitelists (participant ids per media type).
    """

    def __init__(self, main: SimRoom, console: Participant) -> None:
        """Start with the main room holding only the console."""
        self.rooms: dict[str, SimRoom] = {main.id: main}
        self.people: dict[str, Participant] = {}
        self.me = console.id
        self.room_counter = 0
        self.lobby_enabled = False
        self.knocking: dict[str, Knocker] = {}
        self.locked = False
        self.av_moderation: set[Media] = set()
        self.av_approved: dict[Media, set[str]] = {}
        self.enter(console)

    @property
    def main(self) -> SimRoom:
        """The main room (always the first)."""
        return next(iter(self.rooms.values()))

    @property
    def breakout_active(self) -> bool:
        """Whether the component broadcasts updates: only once a room was ever added."""
        return self.room_counter > 0

    def enter(self, person: Participant) -> ParticipantPresent:
        """``person`` joins the room their ``room`` field names."""
        self.people[person.id] = person
        self.rooms[person.room].members.append(person.id)
        return ParticipantPresent(person)

    def change(self, person: Participant) -> ParticipantPresent:
        """An occupant's presence changed (mute, hand, screen share), in the same room."""
        self.people[person.id] = person
        return ParticipantPresent(person)

    def leave(self, pid: str, reason: LeaveReason = LeaveReason.LEFT) -> ParticipantLeft:
        """An occupant leaves the meeting altogether."""
        person = self.people.pop(pid)
        self.rooms[person.room].members.remove(pid)
        return ParticipantLeft(pid, person.room, reason)

    def move(self, pid: str, room_id: str) -> list[Event]:
        """What a client does on a move event: leave with ``switch_room``, rejoin elsewhere."""
        person = self.people[pid]
        if person.room == room_id:
            return []
        left = self.leave(pid, LeaveReason.SWITCH_ROOM)
        return [left, self.enter(replace(person, room=room_id))]

    def add_room(self, room: SimRoom) -> None:
        """Register a new (empty) breakout room; it counts towards ``roomCounter``."""
        self.rooms[room.id] = room
        self.room_counter += 1

    def remove_room(self, room_id: str) -> list[Event]:
        """Destroy a breakout room; its occupants go back to the main room first."""
        events: list[Event] = []
        for pid in list(self.rooms[room_id].members):
            events += self.move(pid, self.main.id)
        del self.rooms[room_id]
        return events

    def person_by_jid(self, jid: str) -> Participant | None:
        """The occupant with this real full JID, if anyone has it."""
        return next((p for p in self.people.values() if p.jid == jid), None)

    def room_by_jid(self, jid: str) -> SimRoom | None:
        """The room with this bare JID, if it exists."""
        return next((r for r in self.rooms.values() if r.jid == jid), None)

    def snapshot(self) -> RoomsSnapshot:
        """The component's ``update``: every room, main first, with all its members."""
        rooms = tuple(
            SnapshotRoom(
                id=room.id,
                jid=room.jid,
                name=room.name,
                is_main=room.is_main,
                members=tuple(
                    SnapshotMember(p.id, p.jid, p.name, p.role)
                    for p in (self.people[pid] for pid in room.members)
                ),
            )
            for room in self.rooms.values()
        )
        return RoomsSnapshot(rooms, self.room_counter)
