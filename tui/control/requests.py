"""Control-socket requests: plain JSON objects in, intents (or listings) out. Pure.

Names typed in scripts are resolved here (:mod:`tui.control.resolve`), so the socket server
only moves bytes and awaits outcomes.
"""

from __future__ import annotations

import secrets
from typing import Any

from tui.control import resolve
from tui.model.conference import Conference, Media
from tui.model.intents import (
    AddRoom,
    Admit,
    AllowUnmute,
    AutoAssign,
    Broadcast,
    CallEveryoneBack,
    CloseAllRooms,
    CloseRoom,
    Deny,
    EndMeeting,
    Intent,
    Kick,
    LowerHand,
    MoveParticipants,
    Mute,
    MuteEveryone,
    RemoveRoom,
    RenameRoom,
    SendChat,
    SetAvModeration,
    SetLobby,
    SetModerator,
    SetPassword,
)


def snapshot_json(conference: Conference) -> dict[str, Any]:
    """The conference as plain JSON for ``ctl list --json``."""
    return {
        "conference": conference.name,
        "connection": conference.connection.value,
        "moderator": conference.am_moderator,
        "rooms": [
            {
                "id": r.id,
                "name": r.label,
                "main": r.is_main,
                "members": list(r.members),
            }
            for r in conference.rooms.values()
        ],
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "room": p.room,
                "role": p.role.value,
                "kind": p.kind.value,
                "audio_muted": p.audio_muted,
                "video_muted": p.video_muted,
                "hand_raised_at": p.hand_raised_at,
            }
            for p in conference.participants.values()
        ],
        "hands": [p.id for p in conference.hands],
        "lobby": {
            "enabled": conference.lobby_enabled,
            "knocking": [
                {"id": k.id, "name": k.name, "email": k.email} for k in conference.knocking.values()
            ],
        },
        "locked": conference.locked,
        "av_moderation": sorted(m.value for m in conference.av_moderation),
        "chat": [
            {"from": m.sender, "name": m.name, "text": m.text, "room": m.room, "to": m.to}
            for m in conference.chat[-50:]
        ],
    }


def intent_for(conference: Conference, request: dict[str, Any]) -> Intent:
    """Translate one request into an intent, resolving names.

    Raises:
        resolve.ResolveError: A name matches nobody or several.
        ValueError: The request is malformed.
    """
    op = request.get("op")
    a = _Args(conference, request)
    match op:
        case "add-room":
            return AddRoom(str(request.get("name") or ""))
        case "rename-room":
            return RenameRoom(resolve.room(conference, a.text("room")).id, a.text("name"))
        case "remove-room":
            return RemoveRoom(resolve.room(conference, a.text("room")).id)
        case "close-room":
            return CloseRoom(resolve.room(conference, a.text("room")).id)
        case "close-all":
            return CloseAllRooms()
        case "auto-assign":
            return AutoAssign(secrets.randbits(32), a.count("room_count"), a.count("per_room"))
        case "call-back":
            return CallEveryoneBack()
        case "move":
            return MoveParticipants(a.people(), resolve.room(conference, a.text("to")).id)
        case "mute":
            return Mute(a.people(), a.media())
        case "mute-all":
            return MuteEveryone(a.media())
        case "av-moderation":
            return SetAvModeration(a.media(), a.flag("enabled"))
        case "allow-unmute":
            return AllowUnmute(a.one(), a.media(), a.flag("allow"))
        case "kick":
            return Kick(a.one(), str(request.get("reason") or ""))
        case "moderator":
            return SetModerator(a.one(), a.flag("grant"))
        case "lobby":
            return SetLobby(a.flag("enabled"))
        case "admit" | "deny":
            ids = tuple(resolve.knocker(conference, w).id for w in a.names("who", required=False))
            return Admit(ids) if op == "admit" else Deny(ids)
        case "password":
            return SetPassword(a.text("password"))
        case "end":
            return EndMeeting()
        case "chat":
            to = request.get("to")
            target = resolve.participant(conference, to).id if isinstance(to, str) else None
            return SendChat(a.text("text"), to=target)
        case "broadcast":
            rooms = tuple(resolve.room(conference, r).id for r in a.names("rooms", required=False))
            return Broadcast(a.text("text"), rooms)
        case "lower-hand":
            return LowerHand(a.one())
    raise ValueError(f"unknown operation {op!r}")


class _Args:
    """Typed access to one request's fields, with one-line errors naming the operation."""

    def __init__(self, conference: Conference, request: dict[str, Any]) -> None:
        self.conference = conference
        self.request = request
        self.op = request.get("op")

    def text(self, key: str) -> str:
        value = self.request.get(key)
        if not isinstance(value, str):
            raise ValueError(f"{self.op}: {key!r} must be a string")
        return value

    def names(self, key: str, *, required: bool = True) -> list[str]:
        value = self.request.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ValueError(f"{self.op}: {key!r} must be a list of names or ids")
        if required and not value:
            raise ValueError(f"{self.op}: name at least one participant")
        return value

    def people(self, key: str = "who") -> tuple[str, ...]:
        return tuple(resolve.participant(self.conference, w).id for w in self.names(key))

    def one(self, key: str = "who") -> str:
        chosen = self.people(key)
        if len(chosen) != 1:
            raise ValueError(f"{self.op}: name exactly one participant")
        return chosen[0]

    def media(self) -> Media:
        try:
            return Media(self.request.get("media") or "audio")
        except ValueError:
            raise ValueError(f"{self.op}: media is audio, video or desktop") from None

    def count(self, key: str) -> int:
        """A positive whole number, or 0 when the field is absent."""
        value = self.request.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
            raise ValueError(f"{self.op}: {key!r} must be a whole number from 1 to 1000")
        return value

    def flag(self, key: str) -> bool:
        value = self.request.get(key)
        if not isinstance(value, bool):
            raise ValueError(f"{self.op}: {key!r} must be true or false")
        return value
