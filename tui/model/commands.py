"""Commands: what a gateway actually sends, one per wire message.

They carry every address the wire needs (real JIDs for moves, room JIDs), so a gateway never
has to look anything up. :func:`confirmed` says when a later conference snapshot proves a
command took effect: Jitsi's components never acknowledge, so that is the only confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.model.conference import Affiliation, ConnectionState, Media, Role

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


@dataclass(frozen=True, slots=True)
class SendMute:
    """A mute IQ to the focus occupant of the room the target sits in (``ROOM@MUC/focus``)."""

    participant: str
    room: str
    room_jid: str
    media: Media = Media.AUDIO

    @property
    def occupant_jid(self) -> str:
        """The target's occupant JID, what the IQ names."""
        return f"{self.room_jid}/{self.participant}"


@dataclass(frozen=True, slots=True)
class SendAvModeration:
    """``<av_moderation enable=… mediaType=…/>`` to the AV-moderation component."""

    media: Media
    enabled: bool


@dataclass(frozen=True, slots=True)
class SendAvApproval:
    """``jidToWhitelist`` (``allow``) or ``jidToBlacklist`` for one participant."""

    participant: str
    room_jid: str
    media: Media
    allow: bool = True

    @property
    def occupant_jid(self) -> str:
        """The participant's occupant JID in the main room."""
        return f"{self.room_jid}/{self.participant}"


@dataclass(frozen=True, slots=True)
class SendKick:
    """muc#admin role ``none`` by nick, in the room the participant is in."""

    participant: str
    room: str
    room_jid: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SendAffiliation:
    """muc#admin affiliation by bare real JID, in the main room (breakout rooms mirror it)."""

    participant: str
    bare_jid: str
    room_jid: str
    affiliation: Affiliation


@dataclass(frozen=True, slots=True)
class SendMembersOnly:
    """Lobby on/off: make present people members, then submit ``membersonly`` in the config."""

    enabled: bool
    members: tuple[str, ...] = ()
    keep_locked: bool = False


@dataclass(frozen=True, slots=True)
class SendAdmit:
    """A mediated invite of a lobby knocker into the main room."""

    knocker: str
    knocker_jid: str
    room_jid: str


@dataclass(frozen=True, slots=True)
class SendDeny:
    """Kick a knocker out of the lobby room."""

    knocker: str


@dataclass(frozen=True, slots=True)
class SendRoomSecret:
    """Owner room config: set (or with ``""`` clear) the password."""

    password: str = field(repr=False)
    members_only: bool = False


@dataclass(frozen=True, slots=True)
class SendEndConference:
    """``<end_conference/>`` to the end-conference component."""


@dataclass(frozen=True, slots=True)
class SendGroupChat:
    """A groupchat message in one room (the console joins breakout rooms to post there)."""

    room: str
    room_jid: str
    text: str


@dataclass(frozen=True, slots=True)
class SendPrivateChat:
    """A private chat message to one occupant."""

    participant: str
    occupant_jid: str
    text: str


@dataclass(frozen=True, slots=True)
class SendLowerHand:
    """The ``lower-hand-message`` endpoint payload, privately, as a json-message."""

    participant: str
    occupant_jid: str


Command = (
    SendMove
    | SendAddRoom
    | SendRenameRoom
    | SendRemoveRoom
    | SendMute
    | SendAvModeration
    | SendAvApproval
    | SendKick
    | SendAffiliation
    | SendMembersOnly
    | SendAdmit
    | SendDeny
    | SendRoomSecret
    | SendEndConference
    | SendGroupChat
    | SendPrivateChat
    | SendLowerHand
)


def _muted(conference: Conference, pid: str, media: Media) -> bool:
    person = conference.participants.get(pid)
    if person is None:
        return True  # gone: nothing left to mute
    if media is Media.AUDIO:
        return person.audio_muted
    if media is Media.VIDEO:
        return person.video_muted
    return not person.screen_sharing


def confirmed(conference: Conference, command: Command) -> bool:
    """Whether ``conference`` shows that ``command`` took effect.

    Commands with no visible effect (a private message, a password change) return ``False``:
    the gateway confirms those with a ``CommandSucceeded`` event once they are acknowledged.
    """
    match command:
        case SendMute(participant=pid, media=media):
            return _muted(conference, pid, media)
        case SendAvModeration(media=media, enabled=enabled):
            return (media in conference.av_moderation) == enabled
        case SendAvApproval(participant=pid, media=media, allow=allow):
            approved = pid in conference.av_approved.get(media, frozenset())
            return approved == allow or pid not in conference.participants
        case SendKick(participant=pid):
            return pid not in conference.participants
        case SendAffiliation(participant=pid, affiliation=affiliation):
            person = conference.participants.get(pid)
            if person is None:
                return True
            return (person.role is Role.MODERATOR) == (affiliation is Affiliation.OWNER)
        case SendMembersOnly(enabled=enabled):
            return conference.lobby_enabled == enabled
        case SendAdmit(knocker=kid) | SendDeny(knocker=kid):
            return kid not in conference.knocking
        case SendRoomSecret():
            # A new password on a locked room looks the same as the old one: only the
            # server's answer (CommandSucceeded) can confirm it.
            return False
        case SendEndConference():
            return conference.connection is ConnectionState.ENDED
        case SendGroupChat(room=room, text=text):
            return any(m.mine and m.room == room and m.text == text for m in conference.chat)
        case SendLowerHand(participant=pid):
            person = conference.participants.get(pid)
            return person is None or person.hand_raised_at is None
        case SendPrivateChat():
            return False
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

    def who(pid: str) -> str:
        person = conference.participants.get(pid) if conference else None
        return person.name if person and person.name else pid

    def knocker(kid: str) -> str:
        waiting = conference.knocking.get(kid) if conference else None
        return waiting.name if waiting and waiting.name else kid

    match command:
        case SendMute(participant=pid, media=media):
            return f"mute {who(pid)}'s {media.value}"
        case SendAvModeration(media=media, enabled=enabled):
            return f"turn {media.value} moderation {'on' if enabled else 'off'}"
        case SendAvApproval(participant=pid, media=media, allow=allow):
            verb = "allow" if allow else "stop allowing"
            return f"{verb} {who(pid)} to unmute {media.value}"
        case SendKick(participant=pid):
            return f"remove {who(pid)} from the meeting"
        case SendAffiliation(participant=pid, affiliation=affiliation):
            if affiliation is Affiliation.OWNER:
                return f"make {who(pid)} a moderator"
            return f"take moderator rights from {who(pid)}"
        case SendMembersOnly(enabled=enabled):
            return f"turn the lobby {'on' if enabled else 'off'}"
        case SendAdmit(knocker=kid):
            return f"admit {knocker(kid)}"
        case SendDeny(knocker=kid):
            return f"deny {knocker(kid)}"
        case SendRoomSecret(password=password):
            return "set the meeting password" if password else "remove the meeting password"
        case SendEndConference():
            return "end the meeting for everyone"
        case SendGroupChat(room=room):
            return f"send a message to {room_label(room)}"
        case SendPrivateChat(participant=pid):
            return f"send a private message to {who(pid)}"
        case SendLowerHand(participant=pid):
            return f"lower {who(pid)}'s hand"
        case SendMove(participant=pid, room=room):
            person = conference.participants.get(pid) if conference else None
            return f"move {person.name if person else pid} to {room_label(room)}"
        case SendAddRoom(name=name):
            return f"add room {name}" if name else "add a room"
        case SendRenameRoom(room=room, name=name):
            return f"rename {room_label(room)} to {name}"
        case SendRemoveRoom(room=room):
            return f"remove {room_label(room)}"
