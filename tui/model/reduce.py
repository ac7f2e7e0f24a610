"""The two pure functions at the heart of the console.

* :func:`apply` folds one server fact into a conference snapshot.
* :func:`plan` turns one moderator wish into wire commands, or refuses it with a reason.

Both keep the invariant that every participant is in exactly one room
(:func:`tui.model.conference.invariant_violations`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from tui.model.commands import Command, SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.conference import Conference, Feature, Kind, Participant, Room
from tui.model.events import (
    CommandFailed,
    ConnectionChanged,
    Event,
    FeaturesChanged,
    Joined,
    LeaveReason,
    LobbyChanged,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
    SubjectChanged,
)
from tui.model.intents import (
    AddRoom,
    AutoAssign,
    CallEveryoneBack,
    CloseAllRooms,
    CloseRoom,
    Intent,
    MoveParticipants,
    RemoveRoom,
    RenameRoom,
)

# ---------------------------------------------------------------------------------------------
# apply


def apply(conference: Conference, event: Event) -> Conference:
    """Return the conference as it is after ``event``; ``conference`` itself is unchanged."""
    match event:
        case ConnectionChanged(state=state, detail=detail):
            return conference.with_connection(state, detail)
        case Joined():
            return _joined(conference, event)
        case ParticipantPresent(participant=person):
            return _present(conference, person)
        case ParticipantLeft(id=pid, room=room, reason=reason):
            return _left(conference, pid, room, reason)
        case RoomsSnapshot():
            return _snapshot(conference, event)
        case SubjectChanged(name=name):
            main = replace(conference.main, name=name)
            return replace(conference, name=name, rooms=_put_room(conference.rooms, main))
        case FeaturesChanged(features=features):
            return replace(conference, features=features)
        case LobbyChanged(enabled=enabled):
            return replace(conference, lobby_enabled=enabled)
        case CommandFailed():
            return conference  # failures change no state; the pending tracker reports them
    raise TypeError(f"not an event: {event!r}")  # pragma: no cover - guarded by the type


def _joined(conference: Conference, event: Joined) -> Conference:
    rooms = dict(conference.rooms)
    old_main = rooms.pop(conference.main_room)
    main = replace(old_main, id=event.room_id, jid=event.room_jid, name=event.name or old_main.name)
    participants = dict(conference.participants)
    if event.room_id != conference.main_room:
        for pid in main.members:
            participants[pid] = replace(participants[pid], room=event.room_id)
    new_rooms = {event.room_id: main, **rooms}
    me = participants.get(event.me)
    if me is not None and me.kind is not Kind.SELF:
        participants[event.me] = replace(me, kind=Kind.SELF)
    return replace(
        conference,
        main_room=event.room_id,
        rooms=new_rooms,
        participants=participants,
        me=event.me,
        name=event.name or conference.name,
        features=event.features | conference.features,
    )


def _present(conference: Conference, person: Participant) -> Conference:
    if person.id == conference.me and person.kind is not Kind.SELF:
        person = replace(person, kind=Kind.SELF)
    rooms = conference.rooms
    if person.room not in rooms:
        # Presence from a room the component has not described yet: hold a placeholder so
        # the invariant holds; the next rooms snapshot fills in its JID and name.
        rooms = _put_room(rooms, Room(id=person.room, jid=""))
    old = conference.participants.get(person.id)
    if old is not None and old.room != person.room:
        rooms = _without_member(rooms, old.room, person.id)
    if old is None or old.room != person.room:
        rooms = _with_member(rooms, person.room, person.id)
    participants = dict(conference.participants)
    participants[person.id] = person
    return replace(conference, rooms=rooms, participants=participants)


def _left(conference: Conference, pid: str, room: str, reason: LeaveReason) -> Conference:
    person = conference.participants.get(pid)
    if person is None or person.room != room or pid == conference.me:
        return conference  # stale: they already moved on, or it is our own echo
    if reason is LeaveReason.SWITCH_ROOM:
        return conference  # they reappear in the next snapshot; until then, keep them visible
    participants = dict(conference.participants)
    del participants[pid]
    rooms = _without_member(conference.rooms, room, pid)
    return replace(conference, rooms=rooms, participants=participants)


def _snapshot(conference: Conference, event: RoomsSnapshot) -> Conference:
    """Rebuild rooms and membership from a breakout update, keeping presence-only details."""
    old = conference.participants
    participants: dict[str, Participant] = {}
    rooms: dict[str, Room] = {}
    main_id = conference.main_room
    main_seen = False
    for snap in event.rooms:
        if snap.is_main and main_seen:
            continue  # a second "main" room is malformed; keep the first
        room_id = main_id if snap.is_main else snap.id
        if room_id in rooms or (not snap.is_main and snap.id == main_id):
            continue  # duplicate key, or a breakout room claiming the main room's id
        main_seen = main_seen or snap.is_main
        name = snap.name or (conference.main.name if snap.is_main else "")
        members: list[str] = []
        for m in snap.members:
            if m.id in participants:
                continue  # listed twice: the first room wins, the invariant holds
            prior = old.get(m.id)
            if prior is None:
                kind = Kind.SELF if m.id == conference.me else Kind.PERSON
                person = Participant(
                    id=m.id, name=m.name, room=room_id, jid=m.jid, role=m.role, kind=kind
                )
            else:
                person = replace(
                    prior,
                    room=room_id,
                    jid=m.jid or prior.jid,
                    name=m.name or prior.name,
                    role=m.role,
                )
            participants[m.id] = person
            members.append(m.id)
        rooms[room_id] = Room(
            id=room_id, jid=snap.jid, name=name, is_main=snap.is_main, members=tuple(members)
        )
    if not main_seen:
        rooms = {main_id: replace(conference.main, members=()), **rooms}
    else:
        rooms = {main_id: rooms.pop(main_id), **rooms}
    me = conference.me
    if me is not None and me in old and me not in participants:
        # The console always exists; a snapshot without it (component lag) must not drop it.
        participants[me] = replace(old[me], room=main_id)
        main = rooms[main_id]
        rooms[main_id] = replace(main, members=(*main.members, me))
    return replace(
        conference,
        rooms=rooms,
        participants=participants,
        room_counter=max(event.room_counter, conference.room_counter),
        name=rooms[main_id].name or conference.name,
    )


def _put_room(rooms: Mapping[str, Room], room: Room) -> dict[str, Room]:
    new = dict(rooms)
    new[room.id] = room
    return new


def _with_member(rooms: Mapping[str, Room], room_id: str, pid: str) -> dict[str, Room]:
    room = rooms[room_id]
    return _put_room(rooms, replace(room, members=(*room.members, pid)))


def _without_member(rooms: Mapping[str, Room], room_id: str, pid: str) -> dict[str, Room]:
    room = rooms[room_id]
    return _put_room(rooms, replace(room, members=tuple(m for m in room.members if m != pid)))


# ---------------------------------------------------------------------------------------------
# plan


@dataclass(frozen=True, slots=True)
class Planned:
    """The intent is doable: send these commands, in order."""

    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Refused:
    """The intent cannot be done; ``reason`` is one sentence for the user."""

    reason: str


def plan(conference: Conference, intent: Intent) -> Planned | Refused:
    """Turn a moderator's wish into commands, or say why it cannot be done."""
    gate = _gate(conference)
    if gate is not None:
        return gate
    match intent:
        case MoveParticipants(ids=ids, room=target_id):
            return _plan_move(conference, ids, target_id)
        case AddRoom(name=name):
            label = name.strip() or f"Breakout room #{conference.room_counter + 1}"
            return Planned((SendAddRoom(name=label, known_rooms=frozenset(conference.rooms)),))
        case RenameRoom(room=room_id, name=name):
            return _plan_rename(conference, room_id, name)
        case RemoveRoom(room=room_id):
            found = _breakout(conference, room_id)
            if isinstance(found, Refused):
                return found
            return Planned((*_moves_home(conference, [found]), SendRemoveRoom(found.id, found.jid)))
        case CloseRoom(room=room_id):
            found = _breakout(conference, room_id)
            if isinstance(found, Refused):
                return found
            if not found.members:
                return Refused(f"{found.label} is already empty")
            return Planned(_moves_home(conference, [found]))
        case CloseAllRooms():
            rooms = conference.breakout_rooms
            if not rooms:
                return Refused("there are no breakout rooms to close")
            removes = tuple(SendRemoveRoom(r.id, r.jid) for r in rooms)
            return Planned((*_moves_home(conference, rooms), *removes))
        case AutoAssign(seed=seed):
            return _plan_auto_assign(conference, seed)
        case CallEveryoneBack():
            moves = _moves_home(conference, conference.breakout_rooms)
            if not moves:
                return Refused("everyone is already in the main room")
            return Planned(moves)
    raise TypeError(f"not an intent: {intent!r}")  # pragma: no cover - guarded by the type


def _gate(conference: Conference) -> Refused | None:
    if conference.connection.value != "connected":
        return Refused(f"not connected ({conference.connection.value})")
    if not conference.am_moderator:
        return Refused("you are not a moderator, so rooms and moves are read-only")
    if Feature.BREAKOUT not in conference.features:
        return Refused("this server has no breakout-rooms component")
    return None


def _breakout(conference: Conference, room_id: str) -> Room | Refused:
    room = conference.rooms.get(room_id)
    if room is None:
        return Refused(f"unknown room {room_id!r}")
    if room.is_main:
        return Refused("the main room cannot be renamed, closed or removed")
    return room


def _plan_rename(conference: Conference, room_id: str, name: str) -> Planned | Refused:
    if Feature.RENAME not in conference.features:
        return Refused("this server does not support renaming breakout rooms")
    room = _breakout(conference, room_id)
    if isinstance(room, Refused):
        return room
    new = name.strip()
    if not new:
        return Refused("a room needs a name")
    if new == room.name:
        return Refused(f"the room is already called {new}")
    return Planned((SendRenameRoom(room.id, room.jid, new),))


def _movable(conference: Conference, person: Participant) -> str | None:
    """Why ``person`` cannot be moved, or ``None`` when they can."""
    if person.id == conference.me:
        return "the console itself stays in the main room"
    if person.kind.is_bot:
        return f"{person.name or person.id} is a {person.kind.value} bot"
    if not person.jid:
        return f"the server hides {person.name or person.id}'s address"
    return None


def _plan_move(conference: Conference, ids: Iterable[str], room_id: str) -> Planned | Refused:
    target = conference.rooms.get(room_id)
    if target is None:
        return Refused(f"unknown room {room_id!r}")
    if not target.jid:
        return Refused(f"{target.label} is not ready yet")
    moves: list[Command] = []
    already: list[str] = []
    for pid in dict.fromkeys(ids):
        person = conference.participants.get(pid)
        if person is None:
            return Refused(f"unknown participant {pid!r}")
        if person.room == room_id:
            already.append(person.name or pid)
            continue
        why = _movable(conference, person)
        if why is not None:
            return Refused(why)
        moves.append(SendMove(pid, person.jid, room_id, target.jid))
    if not moves:
        if len(already) == 1:
            return Refused(f"{already[0]} is already in {target.label}")
        return Refused(f"everyone selected is already in {target.label}")
    return Planned(tuple(moves))


def _moves_home(conference: Conference, rooms: Iterable[Room]) -> tuple[Command, ...]:
    main = conference.main
    return tuple(
        SendMove(p.id, p.jid, main.id, main.jid)
        for room in rooms
        for p in conference.members_of(room.id)
        if _movable(conference, p) is None
    )


def _plan_auto_assign(conference: Conference, seed: int) -> Planned | Refused:
    rooms = conference.breakout_rooms
    if not rooms:
        return Refused("add a breakout room before auto-assigning")
    people = sorted(
        (p for p in conference.participants.values() if _movable(conference, p) is None),
        key=lambda p: p.id,
    )
    if not people:
        return Refused("there is nobody to assign")
    random.Random(seed).shuffle(people)
    size = math.ceil(len(people) / len(rooms))
    moves: list[Command] = []
    for index, person in enumerate(people):
        room = rooms[index // size]
        if person.room != room.id:
            moves.append(SendMove(person.id, person.jid, room.id, room.jid))
    if not moves:
        return Refused("everyone already sits where auto-assign would put them")
    return Planned(tuple(moves))
