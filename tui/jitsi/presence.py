"""MUC presence → participant facts, as lib-jitsi-meet's ``ChatRoom.onPresence`` reads them.

Works on the raw ElementTree element (slixmpp's ``stanza.xml``), so it is cheap in join storms
and testable without a server. Every value from the wire is hostile: missing or malformed parts
fall back to safe defaults and never raise.

Handled XML (namespaces: ``jabber:client`` unless shown)::

    <presence from="standup@conference.meet.jitsi/a1b2c3d4">
      <x xmlns="http://jabber.org/protocol/muc#user">
        <item jid="5d0e…@meet.jitsi/Qp7L" role="participant" affiliation="none"/>
        <status code="110"/>                      <!-- about ourselves -->
      </x>
      <nick xmlns="http://jabber.org/protocol/nick">Alice</nick>
      <SourceInfo>{"a1b2c3d4-a0":{"muted":true},"a1b2c3d4-v0":{"muted":false}}</SourceInfo>
      <audiomuted>true</audiomuted>               <!-- legacy, only without SourceInfo -->
      <jitsi_participant_raisedHand>1767225600000</jitsi_participant_raisedHand>
      <jitsi_participant_region>eu-north-1</jitsi_participant_region>
      <features><feature var="http://jitsi.org/protocol/jigasi"/></features>
      <email>anna@example.se</email>               <!-- only when the user set one -->
      <identity><user><id>u-42</id><name>Anna</name></user><group>g</group></identity>
    </presence>

Who a person is, for breakout plans: ``<email>`` is the web client's ``EMAIL_COMMAND``
(jitsi-meet react/features/base/conference/constants.ts @ 73df4c0d511749a2e4c4098bbb8f02901fe89750),
a presence command the user fills in their profile, so it is as hostile as the nick.
``<identity>`` is added by the server, never the client: with token auth,
mod_presence_identity.lua (jitsi-meet resources/prosody-plugins @
73df4c0d511749a2e4c4098bbb8f02901fe89750) calls ``update_presence_identity`` (util.lib.lua @
6171c433496d9a30bd99550a65f8ce897afb2cae), which first strips any client-sent ``identity``
and then writes the token's ``context.user`` fields as ``<identity><user><id>…``;
lib-jitsi-meet reads ``identity.user.id`` the same way (modules/xmpp/ChatRoom.js
``extractIdentityInformation`` @ 000266965885f42c5ed912046e6448337b257967). Without the
module (or without a token) there is no ``<identity>``, and the user id stays empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from tui.model.conference import Affiliation, Kind, Participant, Role
from tui.model.events import LeaveReason, ParticipantLeft, ParticipantPresent

CLIENT = "{jabber:client}"
MUC_USER = "{http://jabber.org/protocol/muc#user}"
NICK = "{http://jabber.org/protocol/nick}nick"
JIGASI_FEATURE = "http://jitsi.org/protocol/jigasi"
TRANSCRIBER_FEATURE = "http://jitsi.org/protocol/transcriber"
MAX_EMAIL = 254
"""Longest e-mail address kept (RFC 5321's path limit); longer ones are cut."""
MAX_USER_ID = 256
"""Longest user id kept: real ones are UUIDs or short account names."""
MAX_SOURCEINFO = 64 * 1024
"""SourceInfo larger than this is ignored: real ones are a few hundred bytes."""


@dataclass(frozen=True, slots=True)
class PresenceContext:
    """What the parser must know about the deployment.

    Attributes:
        hidden_domain: Jibri/transcriber login domain; occupants from it are bots.
        focus_domain: jicofo's auth domain (``auth.<domain>``); its occupant is never listed.
    """

    hidden_domain: str = ""
    focus_domain: str = ""


@dataclass(frozen=True, slots=True)
class SelfPresence:
    """Our own presence (status 110): tells our role once the join succeeded."""

    participant: Participant


def split_jid(jid: str) -> tuple[str, str, str]:
    """``node@domain/resource`` → its three parts (empty where absent)."""
    bare, _, resource = jid.partition("/")
    node, at, domain = bare.partition("@")
    if not at:
        return "", node, resource
    return node, domain, resource


def _child(elem: Element, name: str) -> Element | None:
    # Jitsi's extension elements carry no namespace of their own, so they arrive in
    # jabber:client; tolerate a bare (namespace-less) tag too.
    found = elem.find(CLIENT + name)
    return found if found is not None else elem.find(name)


def _text(elem: Element, name: str) -> str | None:
    child = _child(elem, name)
    return None if child is None else (child.text or "")


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


def parse_raised_hand(value: str | None) -> int | None:
    """``jitsi_participant_raisedHand``: epoch ms, ``0``/``false`` = down, old ``true`` = now."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("", "false", "0"):
        return None
    if text == "true":
        return 1  # old clients: raised, time unknown; sorts before any real timestamp
    try:
        stamp = int(float(text))
    except (ValueError, OverflowError):  # "inf", "1e400": no real raise time
        return None
    return stamp if stamp > 0 else None


_DECODER = json.JSONDecoder()


def _json(text: str) -> object:
    """``json.loads(text)``, without its per-call set-up for the usual compact object.

    ``raw_decode`` reads a document that starts at the first character; when it stops short
    of the end, or fails (leading whitespace, malformed text), ``decode`` gives the verdict
    ``json.loads`` would give.
    """
    try:
        value, end = _DECODER.raw_decode(text)
    except ValueError:
        return _DECODER.decode(text)
    return value if end == len(text) else _DECODER.decode(text)


def parse_source_info(text: str, endpoint: str) -> tuple[bool, bool, bool]:
    """``SourceInfo`` JSON → (audio muted, camera muted, screen sharing).

    No source of a kind means no track, shown as muted. Malformed JSON means nothing is known,
    which is also shown as muted. Sources are named ``<endpoint>-<a|v><n>``; others are not
    this participant's and are skipped.
    """
    audio_muted = video_muted = True
    sharing = False
    if len(text) > MAX_SOURCEINFO:
        return audio_muted, video_muted, sharing
    try:
        sources = _json(text)
    except (ValueError, RecursionError):  # deep nesting fits under the size limit
        return audio_muted, video_muted, sharing
    if not isinstance(sources, dict):
        return audio_muted, video_muted, sharing
    prefix = endpoint + "-"
    at = len(prefix)
    for name, info in sources.items():  # JSON object keys are always strings
        if not isinstance(info, dict) or not name.startswith(prefix):
            continue
        kind = name[at : at + 1]
        if kind == "a":
            audio_muted = audio_muted and info.get("muted") is not False
        elif kind == "v":
            muted = info.get("muted") is not False
            if info.get("videoType") == "desktop":
                sharing = sharing or not muted
            else:
                video_muted = video_muted and muted
    return audio_muted, video_muted, sharing


_ROLES = {role.value: role for role in Role}
_AFFILIATIONS = {affiliation.value: affiliation for affiliation in Affiliation}


def _children(elem: Element) -> dict[object, Element]:
    """Tag → the first child with that tag: one pass instead of a ``find`` per extension."""
    found: dict[object, Element] = {}
    for child in elem:
        found.setdefault(child.tag, child)
    return found


def _first(children: dict[object, Element], name: tuple[str, str]) -> Element | None:
    # Jitsi's extension elements carry no namespace of their own, so they arrive in
    # jabber:client; tolerate a bare (namespace-less) tag too.
    found = children.get(name[0])
    return found if found is not None else children.get(name[1])


def _text_of(children: dict[object, Element], name: tuple[str, str]) -> str | None:
    # _first, written out: it runs several times for every presence of a join storm
    child = children.get(name[0])
    if child is None:
        child = children.get(name[1])
        if child is None:
            return None
    return child.text or ""


def _extension(name: str) -> tuple[str, str]:
    """A Jitsi extension's tag in ``jabber:client``, then bare: what :func:`_first` looks up."""
    return CLIENT + name, name


_X = MUC_USER + "x"
_ITEM = MUC_USER + "item"
_STATUS = MUC_USER + "status"
_SOURCE_INFO = _extension("SourceInfo")
_AUDIO_MUTED = _extension("audiomuted")
_VIDEO_MUTED = _extension("videomuted")
_VIDEO_TYPE = _extension("videoType")
_RAISED_HAND = _extension("jitsi_participant_raisedHand")
_REGION = _extension("jitsi_participant_region")
_FEATURES = _extension("features")
_EMAIL = _extension("email")
_IDENTITY = _extension("identity")


def identity_text(value: str | None, limit: int) -> str:
    """An e-mail address or user id from presence: trimmed, capped, no control characters.

    These are keys a plan is matched on, not text to show, so control and format characters
    are dropped rather than made visible (a name with an ESC in it matches nothing anyway).
    """
    if not value:
        return ""
    text = value.strip()[:limit]
    if not (text.isascii() and text.isprintable()):
        text = "".join(ch for ch in text if ch.isprintable())
    return text


def _user_id(identity: Element | None) -> str:
    if identity is None:
        return ""
    user = _child(identity, "user")
    return "" if user is None else identity_text(_text(user, "id"), MAX_USER_ID)


def _kind(features: Element | None, real_jid: str, ctx: PresenceContext) -> Kind:
    if features is not None:
        vars_ = {var for feature in features if (var := feature.get("var"))}
        if JIGASI_FEATURE in vars_:
            return Kind.JIGASI
        if TRANSCRIBER_FEATURE in vars_:
            return Kind.TRANSCRIBER
    if ctx.hidden_domain and split_jid(real_jid)[1] == ctx.hidden_domain:
        return Kind.JIBRI
    return Kind.PERSON


def is_focus(nick: str, real_jid: str, ctx: PresenceContext) -> bool:
    """Jicofo's occupant: nick ``focus``, or a JID on the focus account's domain."""
    if nick == "focus":
        return True
    if not ctx.focus_domain:
        return False
    node, domain, _ = split_jid(real_jid)
    return domain == ctx.focus_domain and node == "focus"


def parse_presence(
    elem: Element, ctx: PresenceContext
) -> ParticipantPresent | ParticipantLeft | SelfPresence | None:
    """One MUC presence → a model event, or ``None`` for presences the console ignores.

    Ignored: jicofo's own presence, presences without an occupant nick, error presences (join
    errors are the client's business, not the participant list's).

    It runs for every presence of a join storm, so the element's children are indexed once
    (:func:`_children`, first of each tag as ``find`` would give) rather than searched per
    extension, and every tag looked up is built once, at import; every extension is read
    exactly as before.
    """
    room, _, nick = split_jid(elem.get("from", ""))
    kind_attr = elem.get("type", "")
    if not nick or not room or kind_attr == "error":
        return None
    children = _children(elem)
    x = children.get(_X)
    item = x.find(_ITEM) if x is not None else None
    real_jid = (item.get("jid") if item is not None else None) or ""
    if is_focus(nick, real_jid, ctx):
        return None
    codes = {s.get("code") for s in x.findall(_STATUS)} if x is not None else set()
    if kind_attr == "unavailable":
        return ParticipantLeft(nick, room, _leave_reason(elem, x, codes))
    nick_elem = children.get(NICK)
    name = (nick_elem.text or "") if nick_elem is not None else ""
    source_info = _text_of(children, _SOURCE_INFO)
    if source_info is not None:
        audio, video, sharing = parse_source_info(source_info, nick)
    else:
        audio = _bool(_text_of(children, _AUDIO_MUTED)) is not False
        video = _bool(_text_of(children, _VIDEO_MUTED)) is not False
        sharing = _text_of(children, _VIDEO_TYPE) == "desktop" and not video
    role = item.get("role") if item is not None else None
    affiliation = item.get("affiliation") if item is not None else None
    person = Participant(
        id=nick,
        name=name,
        room=room,
        jid=real_jid,
        role=_ROLES.get(role or "participant", Role.PARTICIPANT),
        affiliation=_AFFILIATIONS.get(affiliation or "none", Affiliation.NONE),
        audio_muted=audio,
        video_muted=video,
        screen_sharing=sharing,
        hand_raised_at=parse_raised_hand(_text_of(children, _RAISED_HAND)),
        region=(_text_of(children, _REGION) or "")[:64],
        kind=_kind(_first(children, _FEATURES), real_jid, ctx),
        email=identity_text(_text_of(children, _EMAIL), MAX_EMAIL),
        user_id=_user_id(_first(children, _IDENTITY)),
    )
    if "110" in codes:
        return SelfPresence(person)
    return ParticipantPresent(person)


def _leave_reason(elem: Element, x: Element | None, codes: set[str | None]) -> LeaveReason:
    if x is not None and x.find(MUC_USER + "destroy") is not None:
        return LeaveReason.ROOM_DESTROYED
    if "307" in codes:
        return LeaveReason.KICKED
    status = _text(elem, "status")
    if status is not None and status.strip() == "switch_room":
        return LeaveReason.SWITCH_ROOM
    return LeaveReason.LEFT
