"""The two pure functions at the heart of the console.

* :func:`apply` folds one server fact into a conference snapshot.
* :func:`plan` turns one moderator wish into wire commands, or refuses it with a reason.

Both keep the invariant that every participant is in exactly one room
(:func:`tui.model.conference.invariant_violations`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace

from tui.model.breakout_plans import plan_breakout
from tui.model.commands import SendPrivateChat
from tui.model.conference import (
    CHAT_HISTORY,
    ChatMessage,
    Conference,
    ConnectionState,
    Kind,
    Participant,
    Room,
)
from tui.model.events import (
    AvApprovedChanged,
    AvModerationChanged,
    ChatReceived,
    CommandFailed,
    CommandsSent,
    CommandSucceeded,
    ConnectionChanged,
    Event,
    FeaturesChanged,
    Joined,
    KnockerArrived,
    KnockerLeft,
    LeaveReason,
    LobbyChanged,
    LockChanged,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
    SubjectChanged,
)
from tui.model.intents import BreakoutIntent, Intent
from tui.model.moderation_plans import plan_moderation
from tui.model.persistent import NO_MEMBERS, FrozenMap, Members
from tui.model.plan_results import Planned, Refused
from tui.model.room_numbers import number_rooms

__all__ = ["Planned", "Refused", "apply", "plan"]

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
            knocking = conference.knocking if enabled else {}
            return replace(conference, lobby_enabled=enabled, knocking=knocking)
        case KnockerArrived(knocker=knocker):
            knocking = dict(conference.knocking)
            knocking[knocker.id] = knocker
            return replace(conference, knocking=knocking)
        case KnockerLeft(id=kid):
            if kid not in conference.knocking:
                return conference
            knocking = dict(conference.knocking)
            del knocking[kid]
            return replace(conference, knocking=knocking)
        case LockChanged(locked=locked):
            return replace(conference, locked=locked)
        case AvModerationChanged(media=media, enabled=enabled):
            moderated = (
                conference.av_moderation | {media}
                if enabled
                else (conference.av_moderation - {media})
            )
            return replace(conference, av_moderation=moderated)
        case AvApprovedChanged(media=media, ids=ids):
            approved = dict(conference.av_approved)
            approved[media] = ids
            return replace(conference, av_approved=approved)
        case ChatReceived(message=message):
            author = conference.participants.get(message.sender)
            if not message.name and author is not None:
                message = replace(message, name=author.name)  # the name as it was when said
            return replace(conference, chat=(*conference.chat, message)[-CHAT_HISTORY:])
        case CommandSucceeded(command=SendPrivateChat() as sent):
            return _private_sent(conference, sent)
        case CommandFailed() | CommandSucceeded() | CommandsSent():
            return conference  # acks change no state; the pending tracker reports them
    raise TypeError(f"not an event: {event!r}")  # pragma: no cover - guarded by the type


def _private_sent(conference: Conference, sent: SendPrivateChat) -> Conference:
    """Record a private line the server accepted: private messages get no echo."""
    me = conference.myself
    target = conference.participants.get(sent.participant)
    line = ChatMessage(
        conference.me or "",
        me.name if me else "",
        sent.text,
        target.room if target else conference.main_room,
        to=sent.participant,
        mine=True,
    )
    return replace(conference, chat=(*conference.chat, line)[-CHAT_HISTORY:])


def _joined(conference: Conference, event: Joined) -> Conference:
    rooms = dict(conference.rooms)
    old_main = rooms.pop(conference.main_room)
    main = replace(old_main, id=event.room_id, jid=event.room_jid, name=event.name or old_main.name)
    participants = FrozenMap.of(conference.participants)
    if event.room_id != conference.main_room:
        for pid in main.members:
            participants = participants.set(pid, replace(participants[pid], room=event.room_id))
    new_rooms = {event.room_id: main, **rooms}
    me = participants.get(event.me)
    if me is not None and me.kind is not Kind.SELF:
        participants = participants.set(event.me, replace(me, kind=Kind.SELF))
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
    """One presence: O(1) whether it is a join, a move or a status change."""
    if person.id == conference.me and person.kind is not Kind.SELF:
        person = replace(person, kind=Kind.SELF)
    participants = conference.participants
    old = participants.get(person.id)
    if old is not None and old == person:
        return conference  # a repeated presence (e.g. a stats-id refresh) changes nothing
    rooms = conference.rooms
    if old is None or old.room != person.room:
        rooms = dict(rooms)
        if person.room not in rooms:
            # Presence from a room the component has not described yet: hold a placeholder
            # so the invariant holds; the next rooms snapshot fills in its JID and name.
            rooms[person.room] = Room(id=person.room, jid="")
        if old is not None:
            _change_members(rooms, old.room, rooms[old.room].members.minus(person.id))
        _change_members(rooms, person.room, rooms[person.room].members.plus(person.id))
    return _with_people(conference, rooms, FrozenMap.of(participants).set(person.id, person))


def _left(conference: Conference, pid: str, room: str, reason: LeaveReason) -> Conference:
    person = conference.participants.get(pid)
    if person is None or person.room != room or pid == conference.me:
        return conference  # stale: they already moved on, or it is our own echo
    if reason is LeaveReason.SWITCH_ROOM:
        return conference  # they reappear in the next snapshot; until then, keep them visible
    rooms = dict(conference.rooms)
    _change_members(rooms, room, rooms[room].members.minus(pid))
    return _with_people(conference, rooms, FrozenMap.of(conference.participants).delete(pid))


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
            id=room_id, jid=snap.jid, name=name, is_main=snap.is_main, members=Members(members)
        )
    if not main_seen:
        rooms = {main_id: replace(conference.main, members=NO_MEMBERS), **rooms}
    else:
        rooms = {main_id: rooms.pop(main_id), **rooms}
    me = conference.me
    if me is not None and me in old and me not in participants:
        # The console always exists; a snapshot without it (component lag) must not drop it.
        participants[me] = replace(old[me], room=main_id)
        _change_members(rooms, main_id, rooms[main_id].members.plus(me))
    counter = max(event.room_counter, conference.room_counter)
    numbers, retired = number_rooms(
        conference.room_numbers,
        conference.retired_room_number,
        (room for room in rooms.values() if not room.is_main),
        counter,
    )
    # By number: the server's map has no stable order (a Lua table), and a moderator reads
    # rooms 1, 2, 3 on the cards and in the picker.
    order = sorted((rid for rid in rooms if rid != main_id), key=lambda rid: numbers[rid])
    rooms = {main_id: rooms[main_id], **{rid: rooms[rid] for rid in order}}
    return replace(
        conference,
        rooms=rooms,
        participants=FrozenMap(participants),
        room_counter=counter,
        room_numbers=numbers,
        retired_room_number=retired,
        name=rooms[main_id].name or conference.name,
    )


def _put_room(rooms: Mapping[str, Room], room: Room) -> dict[str, Room]:
    new = dict(rooms)
    new[room.id] = room
    return new


def _change_members(rooms: dict[str, Room], room_id: str, members: Members) -> None:
    """Give one room of a fresh ``rooms`` copy new members.

    The Room is built directly: every join pays for this, and ``replace`` costs twice as much.
    """
    room = rooms[room_id]
    if members is not room.members:
        rooms[room_id] = Room(room.id, room.jid, room.name, room.is_main, members)


def _with_people(
    conference: Conference, rooms: Mapping[str, Room], participants: Mapping[str, Participant]
) -> Conference:
    """``replace(conference, rooms=..., participants=...)`` at a third of its cost.

    Every presence makes one; :data:`_CONFERENCE_FIELDS` is read from the class, so a field
    added to Conference is carried over without anyone remembering to list it here.
    """
    made = object.__new__(Conference)
    for name in _CONFERENCE_FIELDS:
        _set(made, name, getattr(conference, name))
    _set(made, "rooms", rooms)
    _set(made, "participants", participants)
    return made


_set = object.__setattr__  # how a frozen dataclass's own __init__ sets its fields
_CONFERENCE_FIELDS = tuple(
    f.name for f in fields(Conference) if f.name not in ("rooms", "participants")
)


# ---------------------------------------------------------------------------------------------
# plan


def plan(conference: Conference, intent: Intent) -> Planned | Refused:
    """Turn a moderator's wish into commands, or say why it cannot be done."""
    if conference.connection is not ConnectionState.CONNECTED:
        return Refused(f"not connected ({conference.connection.value})")
    if isinstance(intent, BreakoutIntent):
        result = plan_breakout(conference, intent)
    else:
        result = plan_moderation(conference, intent)
    if isinstance(result, Planned) and not result.commands:
        # e.g. closing a room whose only members are bots: nothing would ever confirm it
        return Refused("there is nothing to do: nobody there can be moved or changed")
    return result
