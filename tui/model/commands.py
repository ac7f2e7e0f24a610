"""Commands: what a gateway actually sends, one per wire message.

They carry every address the wire needs (real JIDs for moves, room JIDs), so a gateway never
has to look anything up. :func:`confirmed` says when a later conference snapshot proves a
command took effect: Jitsi's components never acknowledge, so that is the only confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model.conference import Conference


@dataclass(frozen=True, slots=True)
class SendMove:
    """``features/breakout-rooms/move-to-room`` for one participant."""

    participant: str  # endpoint id, for confirmation and display
    participant_jid: str  # real full JID: what the component needs
    room: str  # target room id
    room_jid: str


@dataclass(frozen=True, slots=True)
class SendAddRoom:
    """``features/breakout-rooms/add`` with a subject.

    Attributes:
        known_rooms: Room ids that existed when planned: a new id not among them confirms it.
    """

    name: str
    known_rooms: frozenset[str]


@dataclass(frozen=True, slots=True)
class SendRenameRoom:
    """``features/breakout-rooms/rename``."""

    room: str
    room_jid: str
    name: str


@dataclass(frozen=True, slots=True)
class SendRemoveRoom:
    """``features/breakout-rooms/remove``."""

    room: str
    room_jid: str


Command = SendMove | SendAddRoom | SendRenameRoom | SendRemoveRoom


def confirmed(conference: Conference, command: Command) -> bool:
    """Whether ``conference`` shows that ``command`` took effect."""
    match command:
        case SendMove(participant=pid, room=room):
            person = conference.participants.get(pid)
            return person is not None and person.room == room
        case SendAddRoom(name=name, known_rooms=known):
            return any(
                r.id not in known and (not name or r.name == name)
                for r in conference.breakout_rooms
            )
        case SendRenameRoom(room=room, name=name):
            target = conference.rooms.get(room)
            return target is None or target.name == name
        case SendRemoveRoom(room=room):
            return room not in conference.rooms


def describe(command: Command, conference: Conference | None = None) -> str:
    """A short human sentence for status lines and logs (names, not JIDs)."""

    def room_label(room_id: str) -> str:
        room = conference.rooms.get(room_id) if conference else None
        return room.label if room else room_id

    match command:
        case SendMove(participant=pid, room=room):
            person = conference.participants.get(pid) if conference else None
            return f"move {person.name if person else pid} to {room_label(room)}"
        case SendAddRoom(name=name):
            return f"add room {name}" if name else "add a room"
        case SendRenameRoom(room=room, name=name):
            return f"rename {room_label(room)} to {name}"
        case SendRemoveRoom(room=room):
            return f"remove {room_label(room)}"
