"""Participant, Room and Conference: immutable snapshots of a meeting.

A :class:`Conference` is only ever changed by :func:`tui.model.reduce.apply`, which returns a new
value. Collections are read-only by convention: ``tuple`` for short lists, plain ``dict`` for
rooms, and :class:`FrozenMap` for participants, the one mapping a presence updates: its
updated copies share structure, so a presence in a 5,000-person meeting copies a few dozen
entries, not 5,000. All of them compare by value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Final, Generic, TypeVar, final

K = TypeVar("K")
V = TypeVar("V")

_GONE: Final[Any] = object()
"""Marks a key deleted in a :class:`FrozenMap` overlay."""


@final
class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable mapping with cheap updated copies; iterates in ``dict`` order.

    A shared, never-mutated ``dict`` base plus a small private overlay of changes since the
    base was built. :meth:`set` and :meth:`delete` copy only the overlay; once it outgrows
    about the square root of the size it is folded into a new base. So one change costs
    O(√n) amortized instead of the O(n) of copying a dict, and lookups are two dict probes.
    Order is a dict's: updating a key keeps its place, new keys go last.
    """

    __slots__ = ("_base", "_delta", "_len")

    _base: dict[K, V]
    _delta: dict[K, Any]
    _len: int

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        """A map holding a copy of ``items``."""
        self._base = dict(items) if items else {}
        self._delta = {}
        self._len = len(self._base)

    @classmethod
    def of(cls, items: Mapping[K, V]) -> FrozenMap[K, V]:
        """``items`` itself when it is a FrozenMap already, else a frozen copy."""
        return items if isinstance(items, FrozenMap) else cls(items)

    @classmethod
    def _make(cls, base: dict[K, V], delta: dict[K, Any], length: int) -> FrozenMap[K, V]:
        made: FrozenMap[K, V] = cls.__new__(cls)
        made._base, made._delta, made._len = base, delta, length
        if len(delta) > 16 and len(delta) * len(delta) > length:
            made._fold()
        return made

    def _fold(self) -> None:
        # Only ever called on a map nobody else has seen yet (inside _make).
        base = {k: v for k, v in self._base.items() if self._delta.get(k, v) is not _GONE}
        for k, v in self._delta.items():
            if v is not _GONE:
                base[k] = v
        self._base, self._delta = base, {}

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A copy with ``key`` mapped to ``value``."""
        old = self._delta.get(key, _GONE) if key in self._delta else self._base.get(key, _GONE)
        if old is value:
            return self
        delta = dict(self._delta)
        if key in self._base and delta.get(key) is _GONE:
            # Deleted then added again: a dict puts it last, so must we; fold now (rare).
            del delta[key]
            base = {k: v for k, v in self._base.items() if k != key}
            for k, v in delta.items():
                if v is not _GONE:
                    base[k] = v
            base[key] = value
            return FrozenMap._make(base, {}, len(base))
        delta[key] = value
        return FrozenMap._make(self._base, delta, self._len + (old is _GONE))

    def delete(self, key: K) -> FrozenMap[K, V]:
        """A copy without ``key`` (the same map when it was absent)."""
        if key not in self:
            return self
        delta = dict(self._delta)
        if key in self._base:
            delta[key] = _GONE
        else:
            del delta[key]
        return FrozenMap._make(self._base, delta, self._len - 1)

    def __getitem__(self, key: K) -> V:
        """The value of ``key``; ``KeyError`` when absent."""
        delta = self._delta
        if key in delta:
            value = delta[key]
            if value is _GONE:
                raise KeyError(key)
            return value  # type: ignore[no-any-return]
        return self._base[key]

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        delta = self._delta
        if key in delta:
            value = delta[key]
            return default if value is _GONE else value
        return self._base.get(key, default)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is present."""
        delta = self._delta
        if key in delta:
            return delta[key] is not _GONE
        return key in self._base

    def __len__(self) -> int:
        """Number of keys."""
        return self._len

    def __iter__(self) -> Iterator[K]:
        """Keys in insertion order."""
        delta = self._delta
        if not delta:
            yield from self._base
            return
        base = self._base
        for key in base:
            if delta.get(key) is not _GONE:
                yield key
        for key, value in delta.items():
            if value is not _GONE and key not in base:
                yield key

    def __eq__(self, other: object) -> bool:
        """Equal to any mapping with the same items."""
        if self is other:
            return True
        if not isinstance(other, Mapping):
            return NotImplemented
        if len(self) != len(other):
            return False
        return all(k in other and other[k] == v for k, v in self.items())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        """Copy and pickle as the plain items (the deletion marker is process-local)."""
        return (FrozenMap, (dict(self.items()),))

    def __repr__(self) -> str:
        """Like a dict's."""
        return f"FrozenMap({dict(self.items())!r})"


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
        members: Participant ids in this room, in arrival order.
    """

    id: str
    jid: str
    name: str = ""
    is_main: bool = False
    members: tuple[str, ...] = ()

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
        rooms: Rooms by id, main room first, then breakout rooms in creation order.
        participants: Participants by id.
        me: The console's own participant id, once joined.
        features: What the server advertised (rename, lobby, ...).
        room_counter: Breakout rooms added so far (the component's ``roomCounter``).
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
