"""The breakout-rooms component: its ``update`` JSON in, its commands out.

Inbound, a normal message from the component address (checked by the caller)::

    <message from="breakout.meet.jitsi">
      <json-message xmlns="http://jitsi.org/jitmeet">{"type":"breakout_rooms",
        "event":"features/breakout-rooms/update","roomCounter":1,"rooms":{…}}</json-message>
    </message>

Outbound, ``breakout_rooms`` in ``jabber:client`` (Prosody finds it with no namespace)::

    <message xmlns="jabber:client" to="breakout.meet.jitsi">
      <breakout_rooms type="features/breakout-rooms/move-to-room"
          participantJid="5d0e…@meet.jitsi/Qp7L" roomJid="6b2f…@breakout.meet.jitsi"/>
    </message>
"""

from __future__ import annotations

import json
from typing import Any, assert_never
from xml.etree.ElementTree import Element, SubElement

from tui.jitsi.presence import PresenceContext, split_jid
from tui.model.commands import SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.conference import Role
from tui.model.events import RoomsSnapshot, SnapshotMember, SnapshotRoom

JITMEET = "http://jitsi.org/jitmeet"
JSON_MESSAGE = "{" + JITMEET + "}json-message"
UPDATE_EVENT = "features/breakout-rooms/update"
MOVE_EVENT = "features/breakout-rooms/move-to-room"
MAX_JSON = 4 * 1024 * 1024
"""An update larger than this is refused: 1,000 people in 100 rooms is about 200 KB."""
MAX_ROOMS = 1000
MAX_NAME = 1000

BreakoutCommand = SendMove | SendAddRoom | SendRenameRoom | SendRemoveRoom
"""The commands that are messages to the breakout-rooms component."""


class MalformedUpdate(ValueError):
    """A component message that claims to be an update but cannot be one."""


def json_payload(message: Element) -> str | None:
    """The text of a message's ``json-message`` child, if it has one."""
    child = message.find(JSON_MESSAGE)
    return None if child is None else (child.text or "")


def parse_update(text: str, ctx: PresenceContext) -> RoomsSnapshot | None:
    """A component JSON message → a snapshot; ``None`` when it is not an update at all.

    Raises:
        MalformedUpdate: It says it is an update, but its shape is wrong or it is oversized.
    """
    if len(text) > MAX_JSON:
        raise MalformedUpdate(f"breakout update of {len(text)} characters refused")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise MalformedUpdate(f"breakout message is not JSON: {exc}") from None
    except RecursionError:
        raise MalformedUpdate("breakout message nests too deeply") from None
    if not isinstance(data, dict) or data.get("type") != "breakout_rooms":
        return None
    if data.get("event") != UPDATE_EVENT:
        return None
    rooms = data.get("rooms")
    if not isinstance(rooms, dict) or len(rooms) > MAX_ROOMS:
        raise MalformedUpdate("breakout update without a usable rooms map")
    counter = data.get("roomCounter")
    result: list[SnapshotRoom] = []
    for key, room in rooms.items():
        parsed = _room(key, room, ctx)
        if parsed is not None:
            result.append(parsed)
    result.sort(key=lambda r: not r.is_main)  # main first; the rest keep the server's order
    return RoomsSnapshot(tuple(result), counter if isinstance(counter, int) and counter >= 0 else 0)


def _room(key: Any, room: Any, ctx: PresenceContext) -> SnapshotRoom | None:
    if not isinstance(key, str) or not isinstance(room, dict):
        return None
    jid = room.get("jid")
    if not isinstance(jid, str) or "@" not in jid:
        return None
    name = room.get("name")
    participants = room.get("participants")
    members: list[SnapshotMember] = []
    if isinstance(participants, dict):
        for occupant, info in participants.items():
            member = _member(occupant, info, ctx)
            if member is not None:
                members.append(member)
    return SnapshotRoom(
        id=key,
        jid=jid,
        name=name[:MAX_NAME] if isinstance(name, str) else "",
        is_main=room.get("isMainRoom") is True,
        members=tuple(members),
    )


def _member(occupant: Any, info: Any, ctx: PresenceContext) -> SnapshotMember | None:
    if not isinstance(occupant, str) or not isinstance(info, dict):
        return None
    _, _, nick = split_jid(occupant)
    real = info.get("jid")
    if not nick or not isinstance(real, str):
        return None
    _, domain, _ = split_jid(real)
    if ctx.hidden_domain and domain == ctx.hidden_domain:
        return None  # the server does not filter hidden-domain occupants; lib-jitsi-meet does
    if nick == "focus":
        return None
    role_text = info.get("role")
    try:
        role = Role(role_text) if isinstance(role_text, str) else Role.PARTICIPANT
    except ValueError:
        role = Role.PARTICIPANT
    name = info.get("displayName")
    return SnapshotMember(
        id=nick, jid=real, name=name[:MAX_NAME] if isinstance(name, str) else "", role=role
    )


def command_element(command: BreakoutCommand, component: str) -> Element:
    """The ``<message>`` that carries ``command`` to the breakout component at ``component``."""
    message = Element("{jabber:client}message", {"to": component})
    attrs: dict[str, str]
    match command:
        case SendAddRoom(name=name):
            attrs = {"type": "features/breakout-rooms/add", "subject": name}
        case SendRemoveRoom(room_jid=room_jid):
            attrs = {"type": "features/breakout-rooms/remove", "breakoutRoomJid": room_jid}
        case SendRenameRoom(room_jid=room_jid, name=name):
            attrs = {
                "type": "features/breakout-rooms/rename",
                "breakoutRoomJid": room_jid,
                "subject": name,
            }
        case SendMove(participant_jid=participant_jid, room_jid=room_jid):
            attrs = {
                "type": MOVE_EVENT,
                "participantJid": participant_jid,
                "roomJid": room_jid,
            }
        case _:
            assert_never(command)
    SubElement(message, "{jabber:client}breakout_rooms", attrs)
    return message
