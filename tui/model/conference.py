"""Participant, Room and Conference: immutable snapshots of a meeting.

A :class:`Conference` is only ever changed by :func:`tui.model.reduce.apply`, which returns a new
value. Collections are read-only by convention: ``tuple`` for short lists, plain ``dict`` for
rooms, and the persistent collections of :mod:`tui.model.persistent` for what a presence
changes: :class:`~tui.model.persistent.FrozenMap` for participants and
:class:`~tui.model.persistent.Members` for a room's members. Their
updated copies share one append-only journal, so a join in a 5,000-person meeting costs the
same as in a 5-person one, not a copy of 5,000 entries. All of them compare by value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from tui.model.persistent import NO_MEMBERS, Members

__all__ = [
    "CHAT_HISTORY",
    "Affiliation",
    "ChatMessage",
    "Conference",
    "ConnectionState",
    "Feature",
    "Kind",
    "Knocker",
    "Media",
    "Participant",
    "Role",
    "Room",
    "invariant_violations",
]


class Role(StrEnum):
    """XEP-0045 occupant role."""

    MODERATOR = "moderator"
    PARTICIPANT = "participant"
    VISITOR = "visitor"
    NONE = "none"


class Affiliation(StrEnum):
    """XEP-0045 affiliation; ``owner`` is what makes a Jitsi moderator."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    OUTCAST = "outcast"
    NONE = "none"


class Kind(StrEnum):
    """What an occupant is: a person, this console, or one of Jitsi's bots."""

    PERSON = "person"
    SELF = "self"
    JIGASI = "jigasi"
    JIBRI = "jibri"
    TRANSCRIBER = "transcriber"

    @property
    def is_bot(self) -> bool:
        """Jibri and transcribers are machinery; a jigasi occupant is a phone caller."""
        return self in (Kind.JIBRI, Kind.TRANSCRIBER)


class Media(StrEnum):
    """A kind of media a moderator can mute or moderate (``desktop`` = screen sharing)."""

    AUDIO = "audio"
    VIDEO = "video"
    DESKTOP = "desktop"


class ConnectionState(StrEnum):
    """Where the gateway's session stands, as shown in the status line."""

    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    ENDED = "ended"


class Feature(StrEnum):
    """Server capabilities the console adapts to (discovered, never assumed)."""

    BREAKOUT = "breakout"
    RENAME = "rename"
    LOBBY = "lobby"
    AV_MODERATION = "av_moderation"
    END_CONFERENCE = "end_conference"


@dataclass(frozen=True, slots=True)
class Participant:
    """One occupant of the meeting, wherever they sit.

    Attributes:
        id: Endpoint id: the occupant nick, 8 hex digits on Jitsi, stable across room moves.
        name: Display name exactly as the server sent it; never interpreted as markup.
        room: Id of the room the participant is in (the invariant: exactly one).
        jid: Real full JID, needed to move them; empty when the server hides it.
        hand_raised_at: Epoch milliseconds the hand went up, ``None`` when down.
        email: The e-mail address the person set in their client (empty when none); what a
            breakout plan may name them by.
        user_id: The deployment's user id (JWT ``context.user.id``, added to presence by the
            server), empty without token auth; the surest key for a plan.
    """

    id: str
    name: str
    room: str
    jid: str = ""
    role: Role = Role.PARTICIPANT
    affiliation: Affiliation = Affiliation.NONE
    audio_muted: bool = True
    video_muted: bool = True
    screen_sharing: bool = False
    hand_raised_at: int | None = None
    region: str = ""
    kind: Kind = Kind.PERSON
    email: str = ""
    user_id: str = ""

    @property
    def is_moderator(self) -> bool:
        """True for role moderator (what Jitsi checks before obeying a command)."""
        return self.role is Role.MODERATOR

    @property
    def hand_raised(self) -> bool:
        """True while the hand is up."""
        return self.hand_raised_at is not None


@dataclass(frozen=True, slots=True)
class Room:
    """The main room or one breakout room.

    Attributes:
        id: The room JID's node (a UUID for breakout rooms), the key in the update JSON.
        jid: Bare room JID, what breakout commands address.
        name: Subject shown to people; may be empty when the server sent none.
        members: Participant ids in this room, in arrival order (tuple-like; equal to the tuple
            of the same ids; ``in`` is a lookup, not a scan).
    """

    id: str
    jid: str
    name: str = ""
    is_main: bool = False
    members: Members = NO_MEMBERS

    @property
    def label(self) -> str:
        """A name fit for display even when the server gave none."""
        if self.name:
            return self.name
        return "Main room" if self.is_main else self.id


@dataclass(frozen=True, slots=True)
class Knocker:
    """Someone waiting in the lobby.

    Attributes:
        id: Their nick in the lobby room (what a denial kicks).
        jid: Real full JID (what an admission invites).
        since: Epoch seconds they arrived, for a first-come order.
    """

    id: str
    name: str
    jid: str = ""
    email: str = ""
    since: float = 0.0


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One chat line, in a room or private.

    Attributes:
        sender: Participant id of the author ("" for the server).
        name: The author's display name when it was sent.
        room: Id of the room it was posted in.
        to: For private messages, the other party's participant id; ``None`` for room chat.
        mine: Sent by this console.
        at: Epoch seconds.
    """

    sender: str
    name: str
    text: str
    room: str
    to: str | None = None
    mine: bool = False
    at: float = 0.0


CHAT_HISTORY = 500
"""Chat lines kept; older ones drop off (the console is not an archive)."""


@dataclass(frozen=True, slots=True)
class Conference:
    """Everything the console knows about one meeting at one moment.

    Attributes:
        rooms: Rooms by id, main room first, then breakout rooms by number (which follows
            creation order; :mod:`tui.model.room_numbers`).
        participants: Participants by id.
        me: The console's own participant id, once joined.
        features: What the server advertised (rename, lobby, ...).
        room_counter: Breakout rooms added so far (the component's ``roomCounter``).
        room_numbers: Breakout room id -> the number it keeps for its life (digit keys, cards;
            :mod:`tui.model.room_numbers`).
        retired_room_number: The highest number a removed room had (never given again).
        knocking: People waiting in the lobby, by lobby nick.
        locked: The main room has a password.
        av_moderation: Media types under AV moderation ("ask to unmute").
        av_approved: Per moderated media type, participant ids allowed to unmute.
        chat: The latest chat lines, oldest first (at most :data:`CHAT_HISTORY`).
    """

    main_room: str
    rooms: Mapping[str, Room]
    participants: Mapping[str, Participant] = field(default_factory=dict)
    name: str = ""
    me: str | None = None
    features: frozenset[Feature] = frozenset()
    lobby_enabled: bool = False
    connection: ConnectionState = ConnectionState.DISCONNECTED
    connection_detail: str = ""
    room_counter: int = 0
    room_numbers: Mapping[str, int] = field(default_factory=dict)
    retired_room_number: int = 0
    knocking: Mapping[str, Knocker] = field(default_factory=dict)
    locked: bool = False
    av_moderation: frozenset[Media] = frozenset()
    av_approved: Mapping[Media, frozenset[str]] = field(default_factory=dict)
    chat: tuple[ChatMessage, ...] = ()

    @classmethod
    def empty(cls, room_id: str, room_jid: str, name: str = "") -> Conference:
        """A conference with only its (empty) main room: the state before joining."""
        main = Room(id=room_id, jid=room_jid, name=name, is_main=True)
        return cls(main_room=room_id, rooms={room_id: main}, name=name)

    @property
    def main(self) -> Room:
        """The main room."""
        return self.rooms[self.main_room]

    @property
    def breakout_rooms(self) -> tuple[Room, ...]:
        """Breakout rooms in display order."""
        return tuple(r for r in self.rooms.values() if not r.is_main)

    @property
    def myself(self) -> Participant | None:
        """The console's own participant, when joined."""
        return self.participants.get(self.me) if self.me else None

    @property
    def am_moderator(self) -> bool:
        """Whether the server will obey the console's moderator commands."""
        me = self.myself
        return me is not None and me.is_moderator

    @property
    def hands(self) -> tuple[Participant, ...]:
        """Raised hands, first raised first (the order a moderator should take them)."""
        raised = (p for p in self.participants.values() if p.hand_raised_at is not None)
        return tuple(sorted(raised, key=lambda p: (p.hand_raised_at or 0, p.id)))

    def room_number(self, room_id: str) -> int | None:
        """The number ``room_id`` keeps for its life (0: the main room).

        ``None`` until the breakout component described the room.
        """
        if room_id == self.main_room:
            return 0
        return self.room_numbers.get(room_id)

    def room_with_number(self, number: int) -> Room | None:
        """The room that has ``number`` (what a digit key addresses), if one does."""
        if number == 0:
            return self.main
        for room_id, n in self.room_numbers.items():
            if n == number:
                return self.rooms.get(room_id)
        return None

    def members_of(self, room_id: str) -> Iterator[Participant]:
        """Participants in one room, in arrival order."""
        room = self.rooms.get(room_id)
        if room is not None:
            for pid in room.members:
                yield self.participants[pid]

    def with_connection(self, state: ConnectionState, detail: str = "") -> Conference:
        """A copy with another connection state."""
        return replace(self, connection=state, connection_detail=detail)


def invariant_violations(conference: Conference) -> list[str]:
    """Describe every way ``conference`` breaks the one-room-per-participant rule.

    Used by tests (and cheap enough for debug assertions): each participant must be listed in
    exactly the room its ``room`` field names, and rooms must list only known participants.
    """
    problems: list[str] = []
    if conference.main_room not in conference.rooms:
        problems.append(f"main room {conference.main_room!r} missing")
    seen: dict[str, str] = {}
    for room in conference.rooms.values():
        for pid in room.members:
            if pid in seen:
                problems.append(f"{pid!r} listed in {seen[pid]!r} and {room.id!r}")
            seen[pid] = room.id
            if pid not in conference.participants:
                problems.append(f"{room.id!r} lists unknown {pid!r}")
    for pid, person in conference.participants.items():
        if seen.get(pid) != person.room:
            problems.append(f"{pid!r} says room {person.room!r}, listed in {seen.get(pid)!r}")
    return problems
