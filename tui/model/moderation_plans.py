"""Planning moderation wishes: mute, AV moderation, kick, rights, lobby, password, end, chat.

Called by :func:`tui.model.reduce.plan` once the connection gate passed. Addresses follow
tui/jitsi/PROTOCOL.md: mute goes to the focus of the target's room with the occupant JID
(PROTOCOL.md §5.1), grants use the bare real JID in the main room (PROTOCOL.md §5.5), kicks go
to the room the target sits in (PROTOCOL.md §5.4).
"""

from __future__ import annotations

from tui.model.commands import (
    Command,
    SendAdmit,
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendDeny,
    SendEndConference,
    SendGroupChat,
    SendKick,
    SendLowerHand,
    SendMembersOnly,
    SendMute,
    SendPrivateChat,
    SendRoomSecret,
    confirmed,
)
from tui.model.conference import (
    Affiliation,
    Conference,
    Feature,
    Kind,
    Knocker,
    Media,
    Participant,
)
from tui.model.intents import (
    Admit,
    AllowUnmute,
    Broadcast,
    Deny,
    EndMeeting,
    Intent,
    Kick,
    LowerHand,
    Mute,
    MuteEveryone,
    SendChat,
    SetAvModeration,
    SetLobby,
    SetModerator,
    SetPassword,
)
from tui.model.plan_results import Planned, Refused

MAX_SENT_CHAT = 10_000
"""Longest chat message the moderator may send (Prosody's default stanza limit is far above)."""
NOT_MODERATOR = "you are not a moderator, so moderation actions are disabled"


def plan_moderation(conference: Conference, intent: Intent) -> Planned | Refused:
    """Commands for one moderation wish, or the reason it cannot be done."""
    if isinstance(intent, SendChat):
        return _plan_chat(conference, intent)  # chat needs no rights
    if not conference.am_moderator:
        return Refused(NOT_MODERATOR)
    match intent:
        case Mute(ids=ids, media=media):
            return _plan_mute(conference, ids, media, everyone=False)
        case MuteEveryone(media=media):
            ids = tuple(p.id for p in conference.participants.values())
            return _plan_mute(conference, ids, media, everyone=True)
        case SetAvModeration(media=media, enabled=enabled):
            if Feature.AV_MODERATION not in conference.features:
                return Refused("this server has no AV-moderation component")
            if (media in conference.av_moderation) == enabled:
                return Refused(f"{media.value} moderation is already {_on(enabled)}")
            return Planned((SendAvModeration(media, enabled),))
        case AllowUnmute(id=pid, media=media, allow=allow):
            return _plan_allow(conference, pid, media, allow)
        case Kick(id=pid, reason=reason):
            person = _target(conference, pid, "remove")
            if isinstance(person, Refused):
                return person
            room = conference.rooms[person.room]
            return Planned((SendKick(pid, room.id, room.jid, reason.strip()),))
        case SetModerator(id=pid, grant=grant):
            return _plan_moderator(conference, pid, grant)
        case SetLobby(enabled=enabled):
            return _plan_lobby(conference, enabled)
        case Admit(ids=ids):
            return _plan_knockers(conference, ids, admit=True)
        case Deny(ids=ids):
            return _plan_knockers(conference, ids, admit=False)
        case SetPassword(password=password):
            if not password and not conference.locked:
                return Refused("the meeting has no password to remove")
            return Planned((SendRoomSecret(password, members_only=conference.lobby_enabled),))
        case EndMeeting():
            if Feature.END_CONFERENCE not in conference.features:
                return Refused("this server has no end-conference component")
            return Planned((SendEndConference(),))
        case Broadcast(text=text, rooms=rooms):
            return _plan_broadcast(conference, text, rooms)
        case LowerHand(id=pid):
            raised = conference.participants.get(pid)
            if raised is None:
                return Refused(f"unknown participant {pid!r}")
            if raised.hand_raised_at is None:
                return Refused(f"{_name(raised)}'s hand is not raised")
            room = conference.rooms[raised.room]
            return Planned((SendLowerHand(pid, f"{room.jid}/{pid}"),))
    raise TypeError(f"not a moderation intent: {intent!r}")  # pragma: no cover


def _on(enabled: bool) -> str:
    return "on" if enabled else "off"


def _name(person: Participant) -> str:
    return person.name or person.id


def _target(conference: Conference, pid: str, verb: str) -> Participant | Refused:
    person = conference.participants.get(pid)
    if person is None:
        return Refused(f"unknown participant {pid!r}")
    if pid == conference.me:
        return Refused(f"the console cannot {verb} itself")
    return person


def _plan_mute(
    conference: Conference, ids: tuple[str, ...], media: Media, *, everyone: bool
) -> Planned | Refused:
    commands: list[Command] = []
    for pid in dict.fromkeys(ids):
        person = conference.participants.get(pid)
        if person is None:
            return Refused(f"unknown participant {pid!r}")
        skip = pid == conference.me or person.kind is not Kind.PERSON
        if skip and everyone:
            continue  # mute-everyone skips the console, jibri and jigasi, as the web UI does
        if pid == conference.me:
            return Refused("the console sends no media, so there is nothing to mute")
        if person.kind is not Kind.PERSON:
            return Refused(f"jicofo does not mute {_name(person)} ({person.kind.value})")
        room = conference.rooms[person.room]
        command = SendMute(pid, room.id, room.jid, media)
        if confirmed(conference, command):
            continue
        commands.append(command)
    if not commands:
        if everyone:
            return Refused(f"everyone's {media.value} is already off")
        return Refused(
            f"{_name(conference.participants[ids[0]])}'s {media.value} is already off"
            if len(ids) == 1
            else f"everyone selected has {media.value} off already"
        )
    return Planned(tuple(commands))


def _plan_allow(conference: Conference, pid: str, media: Media, allow: bool) -> Planned | Refused:
    if Feature.AV_MODERATION not in conference.features:
        return Refused("this server has no AV-moderation component")
    person = _target(conference, pid, "approve")
    if isinstance(person, Refused):
        return person
    if person.room != conference.main_room:
        # the AV-moderation component governs the main room only, as Jitsi's does
        where = conference.rooms[person.room].label
        return Refused(f"AV moderation covers the main room only; {_name(person)} is in {where}")
    if media not in conference.av_moderation:
        # Jitsi's component treats this as a mere notice: nothing would ever confirm it
        return Refused(f"{media.value} moderation is off, so everyone may unmute already")
    approved = pid in conference.av_approved.get(media, frozenset())
    if approved == allow:
        state = "may already" if allow else "is not allowed to"
        return Refused(f"{_name(person)} {state} unmute {media.value}")
    return Planned((SendAvApproval(pid, conference.main.jid, media, allow),))


def _plan_moderator(conference: Conference, pid: str, grant: bool) -> Planned | Refused:
    person = _target(conference, pid, "change the rights of")
    if isinstance(person, Refused):
        return person
    if person.is_moderator == grant:
        return Refused(f"{_name(person)} {'is already' if grant else 'is not'} a moderator")
    if not person.jid:
        return Refused(f"the server hides {_name(person)}'s address")
    bare = person.jid.split("/", 1)[0]
    if grant:
        affiliation = Affiliation.OWNER
    else:
        # members-only rooms (lobby on) need "member", or revoking would lock them out
        affiliation = Affiliation.MEMBER if conference.lobby_enabled else Affiliation.NONE
    return Planned((SendAffiliation(pid, bare, conference.main.jid, affiliation),))


def _plan_lobby(conference: Conference, enabled: bool) -> Planned | Refused:
    if Feature.LOBBY not in conference.features:
        return Refused("this server has no lobby component")
    if conference.lobby_enabled == enabled:
        return Refused(f"the lobby is already {_on(enabled)}")
    members = tuple(
        sorted(
            {
                p.jid.split("/", 1)[0]
                for p in conference.participants.values()
                if p.jid and p.id != conference.me
            }
        )
    )
    command = SendMembersOnly(enabled, members if enabled else (), keep_locked=conference.locked)
    return Planned((command,))


def _plan_knockers(
    conference: Conference, ids: tuple[str, ...], *, admit: bool
) -> Planned | Refused:
    if not conference.lobby_enabled:
        return Refused("the lobby is off")
    chosen = ids or tuple(conference.knocking)
    if not chosen:
        return Refused("nobody is waiting in the lobby")
    commands: list[Command] = []
    for kid in dict.fromkeys(chosen):
        knocker: Knocker | None = conference.knocking.get(kid)
        if knocker is None:
            return Refused(f"{kid!r} is not waiting in the lobby")
        if admit:
            if not knocker.jid:
                return Refused(f"the server hides {knocker.name or kid}'s address")
            commands.append(SendAdmit(kid, knocker.jid, conference.main.jid))
        else:
            commands.append(SendDeny(kid))
    return Planned(tuple(commands))


def _chat_text(text: str) -> str | Refused:
    clean = text.strip()
    if not clean:
        return Refused("the message is empty")
    if len(clean) > MAX_SENT_CHAT:
        return Refused(f"the message is longer than {MAX_SENT_CHAT:,} characters")
    return clean


def _plan_chat(conference: Conference, intent: SendChat) -> Planned | Refused:
    text = _chat_text(intent.text)
    if isinstance(text, Refused):
        return text
    if intent.to is None:
        main = conference.main
        return Planned((SendGroupChat(main.id, main.jid, text),))
    person = _target(conference, intent.to, "message")
    if isinstance(person, Refused):
        return person
    room = conference.rooms[person.room]
    return Planned((SendPrivateChat(person.id, f"{room.jid}/{person.id}", text),))


def _plan_broadcast(
    conference: Conference, text_in: str, room_ids: tuple[str, ...]
) -> Planned | Refused:
    text = _chat_text(text_in)
    if isinstance(text, Refused):
        return text
    chosen = room_ids or tuple(conference.rooms)
    commands: list[Command] = []
    for rid in dict.fromkeys(chosen):
        room = conference.rooms.get(rid)
        if room is None:
            return Refused(f"unknown room {rid!r}")
        if not room.jid:
            return Refused(f"{room.label} is not ready yet")
        commands.append(SendGroupChat(room.id, room.jid, text))
    return Planned(tuple(commands))
