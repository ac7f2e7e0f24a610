"""Planning breakout-room wishes: moves, rooms, auto-assign (Jitsi's client rules).

The wire side of each wish is in tui/jitsi/PROTOCOL.md §4.2.

Called by :func:`tui.model.reduce.plan` once the connection gate passed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

from tui.model.commands import Command, SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.conference import Conference, Feature, Participant, Room
from tui.model.intents import (
    AddRoom,
    AutoAssign,
    BreakoutIntent,
    CallEveryoneBack,
    CloseAllRooms,
    CloseRoom,
    MoveParticipants,
    RemoveRoom,
    RenameRoom,
)
from tui.model.plan_results import Planned, Refused


def plan_breakout(conference: Conference, intent: BreakoutIntent) -> Planned | Refused:
    """Commands for one breakout wish, or the reason it cannot be done."""
    if not conference.am_moderator:
        return Refused("you are not a moderator, so rooms and moves are read-only")
    if Feature.BREAKOUT not in conference.features:
        return Refused("this server has no breakout-rooms component")
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
        case AutoAssign():
            return _plan_auto_assign(conference, intent)
        case CallEveryoneBack():
            moves = _moves_home(conference, conference.breakout_rooms)
            if not moves:
                return Refused("everyone is already in the main room")
            return Planned(moves)
    raise TypeError(f"not a breakout intent: {intent!r}")  # pragma: no cover


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


def movable(conference: Conference, person: Participant) -> str | None:
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
        why = movable(conference, person)
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
        if movable(conference, p) is None
    )


def assignable(conference: Conference) -> list[Participant]:
    """Everyone auto-assign spreads over the rooms, in id order (the shuffle's input)."""
    return sorted(
        (p for p in conference.participants.values() if movable(conference, p) is None),
        key=lambda p: p.id,
    )


def rooms_wanted(conference: Conference, intent: AutoAssign) -> int:
    """How many breakout rooms ``intent`` fills (every room when it gives no size)."""
    if intent.rooms > 0:
        return intent.rooms
    if intent.per_room > 0:
        return max(1, math.ceil(len(assignable(conference)) / intent.per_room))
    return len(conference.breakout_rooms)


def _plan_auto_assign(conference: Conference, intent: AutoAssign) -> Planned | Refused:
    if intent.rooms < 0 or intent.per_room < 0 or (intent.rooms and intent.per_room):
        return Refused("give a number of rooms or a number of people per room, not both")
    wanted = rooms_wanted(conference, intent)
    rooms = conference.breakout_rooms[:wanted]
    if not rooms:
        return Refused("add a breakout room before auto-assigning")
    if len(rooms) < wanted:
        return Refused(f"auto-assign needs {wanted} breakout rooms; there are {len(rooms)}")
    people = assignable(conference)
    if not people:
        return Refused("there is nobody to assign")
    random.Random(intent.seed).shuffle(people)
    size = math.ceil(len(people) / len(rooms))
    moves: list[Command] = []
    for index, person in enumerate(people):
        room = rooms[index // size]
        if person.room != room.id:
            moves.append(SendMove(person.id, person.jid, room.id, room.jid))
    if not moves:
        return Refused("everyone already sits where auto-assign would put them")
    return Planned(tuple(moves))
