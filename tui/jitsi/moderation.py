"""Moderation stanzas (PROTOCOL.md §5): every moderator command out, the components' JSON in.

Builders return ElementTree elements in ``jabber:client`` (slixmpp serialises them without a
namespace prefix); the gateway sends them and, for IQs, turns the answer into
``CommandSucceeded``/``CommandFailed``. Examples of what is built::

    <iq type="set" to="standup@conference.meet.jitsi/focus">
      <mute xmlns="http://jitsi.org/jitmeet/audio" jid="standup@conference.meet.jitsi/a1b2c3d4">
        true</mute></iq>
    <iq type="set" to="standup@conference.meet.jitsi">
      <query xmlns="http://jabber.org/protocol/muc#admin">
        <item nick="a1b2c3d4" role="none"><reason>Please rejoin later</reason></item></query></iq>
    <message to="avmoderation.meet.jitsi"><av_moderation enable="true" mediaType="audio"/></message>
    <message to="standup@conference.meet.jitsi">
      <x xmlns="http://jabber.org/protocol/muc#user"><invite to="7a9c@meet.jitsi/Zz"/></x></message>
    <message to="endconference.meet.jitsi"><end_conference/></message>
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never
from xml.etree.ElementTree import Element, SubElement

from tui.model.commands import (
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendKick,
    SendMute,
)
from tui.model.conference import Media
from tui.model.events import AvApprovedChanged, AvModerationChanged

CLIENT = "{jabber:client}"
MUC_ADMIN = "{http://jabber.org/protocol/muc#admin}"
MUC_OWNER = "{http://jabber.org/protocol/muc#owner}"
MUC_USER = "{http://jabber.org/protocol/muc#user}"
DATA = "{jabber:x:data}"
JITMEET = "http://jitsi.org/jitmeet"
MAX_JSON = 1024 * 1024


def _iq(to: str) -> Element:
    return Element(CLIENT + "iq", {"type": "set", "to": to})


def _message(to: str, kind: str = "") -> Element:
    attrs = {"to": to}
    if kind:
        attrs["type"] = kind
    return Element(CLIENT + "message", attrs)


def mute_iq(command: SendMute) -> Element:
    """The mute IQ to ``ROOM@MUC/focus`` of the room the target is in (PROTOCOL.md §5.1)."""
    iq = _iq(f"{command.room_jid}/focus")
    mute = SubElement(
        iq, f"{{http://jitsi.org/jitmeet/{command.media.value}}}mute", jid=command.occupant_jid
    )
    mute.text = "true"
    return iq


def kick_iq(command: SendKick) -> Element:
    """Role ``none`` by nick in the target's room (PROTOCOL.md §5.4)."""
    iq = _iq(command.room_jid)
    query = SubElement(iq, MUC_ADMIN + "query")
    item = SubElement(query, MUC_ADMIN + "item", nick=command.participant, role="none")
    if command.reason:
        SubElement(item, MUC_ADMIN + "reason").text = command.reason
    return iq


def affiliation_iq(command: SendAffiliation) -> Element:
    """Affiliation by bare real JID in the main room (PROTOCOL.md §5.5)."""
    iq = _iq(command.room_jid)
    query = SubElement(iq, MUC_ADMIN + "query")
    item = SubElement(
        query, MUC_ADMIN + "item", affiliation=command.affiliation.value, jid=command.bare_jid
    )
    reason = f"Your affiliation has been changed to '{command.affiliation.value}'."
    SubElement(item, MUC_ADMIN + "reason").text = reason
    return iq


def members_iq(room_jid: str, bare_jids: Iterable[str]) -> Element:
    """Make everyone present a member before the lobby goes on (PROTOCOL.md §5.6 step 1)."""
    iq = _iq(room_jid)
    query = SubElement(iq, MUC_ADMIN + "query")
    for jid in bare_jids:
        SubElement(query, MUC_ADMIN + "item", affiliation="member", jid=jid)
    return iq


def config_get_iq(room_jid: str) -> Element:
    """Ask for the owner configuration form (PROTOCOL.md §5.6, §5.9)."""
    iq = Element(CLIENT + "iq", {"type": "get", "to": room_jid})
    SubElement(iq, MUC_OWNER + "query")
    return iq


def config_submit_iq(room_jid: str, fields: dict[str, str]) -> Element:
    """Submit room configuration fields (FORM_TYPE added)."""
    iq = _iq(room_jid)
    query = SubElement(iq, MUC_OWNER + "query")
    form = SubElement(query, DATA + "x", type="submit")
    values = {"FORM_TYPE": "http://jabber.org/protocol/muc#roomconfig", **fields}
    for var, value in values.items():
        field = SubElement(form, DATA + "field", var=var)
        SubElement(field, DATA + "value").text = value
    return iq


def lobby_fields(enabled: bool, locked: bool) -> dict[str, str]:
    """Config fields switching the lobby (members-only), keeping a password in place."""
    fields = {"muc#roomconfig_membersonly": "true" if enabled else "false"}
    if locked:
        fields["muc#roomconfig_passwordprotectedroom"] = "1"
    return fields


def secret_fields(password: str, members_only: bool) -> dict[str, str]:
    """Config fields setting (or, with ``""``, clearing) the room password (PROTOCOL.md §5.9)."""
    fields = {
        "muc#roomconfig_roomsecret": password,
        "muc#roomconfig_passwordprotectedroom": "1" if password else "0",
        "muc#roomconfig_whois": "anyone",  # works around an old Prosody bug, as Jitsi does
    }
    if members_only:
        fields["muc#roomconfig_membersonly"] = "true"
    return fields


def av_message(component: str, command: SendAvModeration | SendAvApproval) -> Element:
    """An ``av_moderation`` command (no namespace, like breakout commands) (PROTOCOL.md §5.3)."""
    message = _message(component)
    match command:
        case SendAvModeration(media=media, enabled=enabled):
            attrs = {"enable": "true" if enabled else "false", "mediaType": media.value}
        case SendAvApproval(media=media, allow=allow):
            key = "jidToWhitelist" if allow else "jidToBlacklist"
            attrs = {key: command.occupant_jid, "mediaType": media.value}
        case _:
            assert_never(command)
    SubElement(message, CLIENT + "av_moderation", attrs)
    return message


def lobby_invite(room_jid: str, knocker_jid: str) -> Element:
    """Admit a knocker: a mediated invite into the main room (PROTOCOL.md §5.6)."""
    message = _message(room_jid)
    x = SubElement(message, MUC_USER + "x")
    SubElement(x, MUC_USER + "invite", to=knocker_jid)
    return message


def end_conference(component: str) -> Element:
    """End the meeting for everyone (PROTOCOL.md §5.7)."""
    message = _message(component)
    SubElement(message, CLIENT + "end_conference")
    return message


def chat(to: str, text: str, *, private: bool) -> Element:
    """A groupchat line to a room, or a private line to an occupant (PROTOCOL.md §5.8)."""
    message = _message(to, "chat" if private else "groupchat")
    SubElement(message, CLIENT + "body").text = text
    return message


def lower_hand(occupant_jid: str) -> Element:
    """The lower-hand endpoint message, privately, as a json-message (upstream.md, "Lower hand").

    Jitsi's web UI sends ``{"name": "lower-hand-message"}`` over the bridge's data channel; a
    private XMPP json-message reaches the same ENDPOINT_MESSAGE_RECEIVED event in
    lib-jitsi-meet, which passes it on only when it has a ``type`` key -- hence both keys.
    """
    message = _message(occupant_jid, "chat")
    payload = {"type": "lower-hand-message", "name": "lower-hand-message"}
    SubElement(message, f"{{{JITMEET}}}json-message").text = json.dumps(payload)
    return message


@dataclass(frozen=True, slots=True)
class AvState:
    """What one AV-moderation JSON message says (only the parts present are set)."""

    media: Media
    enabled: bool | None = None
    whitelist: frozenset[str] | None = None  # occupant nicks allowed to unmute


def parse_av_message(text: str) -> list[AvState]:
    """The AV-moderation component's JSON → states; not AV moderation (or garbage) → ``[]``."""
    if len(text) > MAX_JSON:
        return []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # RecursionError: the C decoder's answer to deeply nested arrays ("[[[[...").
        return []
    if not isinstance(data, dict) or data.get("type") != "av_moderation":
        return []
    states: list[AvState] = []
    media = _media(data.get("mediaType"))
    if media is not None and isinstance(data.get("enabled"), bool):
        states.append(AvState(media, enabled=data["enabled"]))
    lists = data.get("whitelists")
    if isinstance(lists, dict):
        for key, jids in lists.items():
            kind = _media(key)
            nicks = _nicks(jids)
            if kind is not None and nicks is not None:
                states.append(AvState(kind, whitelist=nicks))
        if media is not None and media.value not in lists:
            # Newer mod_av_moderation_component drops an emptied list's key (it would encode
            # as {}): the list of the media the message is about is then empty.
            states.append(AvState(media, whitelist=frozenset()))
    return states


def av_events(text: str) -> list[AvModerationChanged | AvApprovedChanged]:
    """The AV-moderation component's JSON → model events (garbage → none)."""
    events: list[AvModerationChanged | AvApprovedChanged] = []
    for state in parse_av_message(text):
        if state.enabled is not None:
            events.append(AvModerationChanged(state.media, state.enabled))
        if state.whitelist is not None:
            events.append(AvApprovedChanged(state.media, state.whitelist))
    return events


def _nicks(jids: object) -> frozenset[str] | None:
    """A whitelist's occupant JIDs → nicks; ``None`` when it is not a list at all.

    The component's Lua encodes an empty table as ``{}`` (cjson has no empty array), so the
    list emptied by disallowing the last approved person arrives as an object.
    """
    if jids == {}:
        return frozenset()
    if not isinstance(jids, list):
        return None
    return frozenset(j.rsplit("/", 1)[-1] for j in jids if isinstance(j, str))


def _media(value: object) -> Media | None:
    try:
        return Media(value) if isinstance(value, str) else None
    except ValueError:
        return None
