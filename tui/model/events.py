"""Facts from the server, as gateways report them.

A gateway (live or simulated) turns whatever arrives on the wire into these values and hands
them to the console's event sink; :func:`tui.model.reduce.apply` folds them into a
:class:`~tui.model.conference.Conference`. Names are past-tense facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui.model.commands import Command
from tui.model.conference import (
    ChatMessage,
    ConnectionState,
    Feature,
    Knocker,
    Media,
    Participant,
    Role,
)


class LeaveReason(StrEnum):
    """Why an occupant's presence went away."""

    LEFT = "left"
    KICKED = "kicked"
    SWITCH_ROOM = "switch_room"  # moving between main and breakout rooms; not really gone
    ROOM_DESTROYED = "room_destroyed"


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """The session's state changed (connecting, connected, reconnecting, ...)."""

    state: ConnectionState
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Joined:
    """The console is in the meeting: who it is there and what the server offers."""

    me: str
    room_id: str
    room_jid: str
    name: str = ""
    features: frozenset[Feature] = frozenset()


@dataclass(frozen=True, slots=True)
class ParticipantPresent:
    """An occupant joined or changed (mute, hand, role, name): the full current picture."""

    participant: Participant


@dataclass(frozen=True, slots=True)
class ParticipantLeft:
    """An occupant's presence in ``room`` ended."""

    id: str
    room: str
    reason: LeaveReason = LeaveReason.LEFT


@dataclass(frozen=True, slots=True)
class SnapshotMember:
    """One occupant as the breakout component lists it."""

    id: str
    jid: str
    name: str = ""
    role: Role = Role.PARTICIPANT


@dataclass(frozen=True, slots=True)
class SnapshotRoom:
    """One room of a breakout ``update`` (ids are JID nodes)."""

    id: str
    jid: str
    name: str = ""
    is_main: bool = False
    members: tuple[SnapshotMember, ...] = ()


@dataclass(frozen=True, slots=True)
class RoomsSnapshot:
    """A full rooms-and-members picture from the breakout component (it sends nothing else)."""

    rooms: tuple[SnapshotRoom, ...]
    room_counter: int = 0


@dataclass(frozen=True, slots=True)
class SubjectChanged:
    """The meeting's name (main room subject) changed."""

    name: str


@dataclass(frozen=True, slots=True)
class FeaturesChanged:
    """The server's advertised capabilities changed (e.g. after component discovery)."""

    features: frozenset[Feature]


@dataclass(frozen=True, slots=True)
class LobbyChanged:
    """The lobby was switched on or off."""

    enabled: bool


@dataclass(frozen=True, slots=True)
class KnockerArrived:
    """Someone is waiting in the lobby (or their details changed)."""

    knocker: Knocker


@dataclass(frozen=True, slots=True)
class KnockerLeft:
    """Someone left the lobby: admitted, denied, or gave up."""

    id: str


@dataclass(frozen=True, slots=True)
class LockChanged:
    """The main room's password was set (``True``) or cleared."""

    locked: bool


@dataclass(frozen=True, slots=True)
class AvModerationChanged:
    """AV moderation for one media type was switched on or off."""

    media: Media
    enabled: bool


@dataclass(frozen=True, slots=True)
class AvApprovedChanged:
    """The full list of participants allowed to unmute one moderated media type."""

    media: Media
    ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class ChatReceived:
    """A chat line arrived (our own room messages come back as an echo)."""

    message: ChatMessage


@dataclass(frozen=True, slots=True)
class CommandsSent:
    """The gateway put these commands on the wire, in order (the server has them from now).

    A paced gateway sends a bulk action over many seconds; a command's confirmation deadline
    counts from this event, not from when the moderator asked.
    """

    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class CommandSucceeded:
    """The server acknowledged a command (IQ-based actions have a real answer)."""

    command: Command


@dataclass(frozen=True, slots=True)
class CommandFailed:
    """The server refused, or never confirmed, a command the console sent."""

    command: Command
    reason: str


Event = (
    ConnectionChanged
    | Joined
    | ParticipantPresent
    | ParticipantLeft
    | RoomsSnapshot
    | SubjectChanged
    | FeaturesChanged
    | LobbyChanged
    | KnockerArrived
    | KnockerLeft
    | LockChanged
    | AvModerationChanged
    | AvApprovedChanged
    | ChatReceived
    | CommandsSent
    | CommandSucceeded
    | CommandFailed
)
