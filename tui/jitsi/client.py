"""The Jitsi side of an XMPP session: join like lib-jitsi-meet, then turn stanzas into events.

:class:`JitsiClient` wraps any connected slixmpp client (over WebSocket in production) and:

* discovers the components (breakout rooms, lobby, AV moderation, end conference) by disco;
* asks jicofo for the conference (``ready="false"`` → back off and ask again);
* joins the MUC with an 8-hex nick and a display name, advertising no media;
* acknowledges jicofo's Jingle offers (never ``session-accept``), so it stays a jicofo
  participant, and answers mute IQs;
* turns presences (the lobby room's included), the breakout component's updates, the
  AV-moderation component's JSON, chat and the room's configuration into model events for
  the sink, accepting component messages only from the discovered addresses.

Commands go out through :class:`~tui.jitsi.actions.Actions`, which the client owns and serves
as its :class:`~tui.jitsi.actions.ActionPort`; Actions never sees the client itself.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Iq
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from tui.jitsi import focus
from tui.jitsi.actions import Actions
from tui.jitsi.breakout import JITMEET, MalformedUpdate, json_payload, parse_update
from tui.jitsi.chat import chat_event
from tui.jitsi.components import Components, discover_components
from tui.jitsi.join_errors import JoinError, join_error
from tui.jitsi.lobby import lobby_presence, lobby_room
from tui.jitsi.moderation import av_events
from tui.jitsi.presence import (
    MUC_USER,
    PresenceContext,
    SelfPresence,
    parse_presence,
    split_jid,
)
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.commands import Command
from tui.model.conference import ConnectionState
from tui.model.events import (
    ConnectionChanged,
    Joined,
    LeaveReason,
    LobbyChanged,
    LockChanged,
    ParticipantLeft,
    ParticipantPresent,
    SubjectChanged,
)
from tui.model.gateway import EventSink

log = logging.getLogger(__name__)

JOIN_TIMEOUT = 20.0
ROOM_INFO_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Names of one deployment and one meeting, as discovery or flags give them.

    Attributes:
        domain: XMPP domain (not necessarily the web host).
        muc: MUC service of main rooms.
        room: Room node (backend-safe name).
        focus: jicofo's address for the conference request (``focus.<domain>``).
        hidden_domain: Login domain of jibri/transcribers, whose occupants are bots.
    """

    domain: str
    muc: str
    room: str
    focus: str = ""
    hidden_domain: str = ""
    display_name: str = "Moderator Console"
    password: str = field(default="", repr=False)

    @property
    def room_jid(self) -> str:
        """The main room's bare JID (lower-case, as jicofo and Prosody compare it)."""
        return f"{self.room}@{self.muc}".lower()

    @property
    def focus_jid(self) -> str:
        """Where the conference request goes."""
        return self.focus or f"focus.{self.domain}"


def endpoint_nick(username: str) -> str:
    """Jitsi's endpoint id: the username's first 8 characters when hex, else 8 random hex."""
    head = username[:8].lower()
    if len(head) == 8 and all(c in "0123456789abcdef" for c in head):
        return head
    return secrets.token_hex(4)


class JitsiClient:
    """Joins one Jitsi meeting over a connected slixmpp client and reports what happens."""

    def __init__(self, xmpp: Any, settings: ClientSettings, sink: EventSink) -> None:
        """Wire handlers on ``xmpp`` (a slixmpp ClientXMPP with xep_0030 loaded)."""
        self.xmpp = xmpp
        self.settings = settings
        self.sink = sink
        self.components = Components()
        self.nick = ""
        self.machine_uid = uuid.uuid4().hex
        self.jingle_sessions: dict[str, str] = {}  # sid → room JID of the offering focus
        self.ended = ""  # why the meeting is over for us (kicked, destroyed); no reconnect
        self._ctx = PresenceContext(
            hidden_domain=settings.hidden_domain, focus_domain=f"auth.{settings.domain}"
        )
        self._joined: asyncio.Future[None] | None = None
        self.muc_domains = {settings.muc.lower()}
        self.lobby_room = ""  # JID of the lobby MUC while the lobby is on and we sit in it
        self._rooms_in: set[str] = set()  # rooms the console occupies besides the main room
        self._entering: dict[str, asyncio.Future[None]] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        self._clock: Callable[[], float] = lambda: asyncio.get_running_loop().time()
        self.actions = Actions(self, sink)
        xmpp.add_event_handler("presence", self._on_presence)
        # slixmpp raises its "message" events only for stanzas with a <body>; component JSON
        # and subject changes have none, so they get stanza handlers of their own.
        for name, path in (
            ("jitsi json-message", f"{{jabber:client}}message/{{{JITMEET}}}json-message"),
            ("jitsi subject", "{jabber:client}message/{jabber:client}subject"),
        ):
            xmpp.register_handler(Callback(name, MatchXPath(path), self._on_message))
        # A component refuses a command by letting Prosody bounce it (PROTOCOL.md §5.10).
        xmpp.register_handler(
            Callback(
                "jitsi refusal",
                MatchXPath("{jabber:client}message/{jabber:client}error"),
                lambda stanza: self.actions.bounced(stanza.xml),
            )
        )
        xmpp.register_handler(
            Callback(
                "jitsi jingle",
                MatchXPath(f"{{jabber:client}}iq/{{{focus.JINGLE_NS}}}jingle"),
                self._acknowledge,
            )
        )
        for media in ("audio", "video", "desktop"):
            xmpp.register_handler(
                Callback(
                    f"jitsi mute {media}",
                    MatchXPath(f"{{jabber:client}}iq/{{http://jitsi.org/jitmeet/{media}}}mute"),
                    self._acknowledge,  # same answer: an empty result
                )
            )
        # "message" covers groupchat too while xep_0045 is not loaded (it would add a second
        # "groupchat_message" event for the same line).
        xmpp.add_event_handler("message", self._on_chat)
        xmpp.register_handler(
            Callback(
                "jitsi muc status",
                MatchXPath(f"{{jabber:client}}message/{MUC_USER}x"),
                self._on_room_status,
            )
        )
        if isinstance(xmpp, WebSocketXMPP):
            xmpp.presence_lane = self.on_presence_element

    # -- joining -------------------------------------------------------------------------

    async def join(self) -> None:
        """Discover, ask jicofo, join the MUC; raises :class:`JoinError` with the reason."""
        await self.discover()
        await self._request_conference(self.settings.room_jid)
        self.nick = endpoint_nick(str(self.xmpp.boundjid.user or ""))
        loop = asyncio.get_running_loop()
        self._joined = loop.create_future()
        self.xmpp.send(self._join_presence())
        try:
            await asyncio.wait_for(self._joined, JOIN_TIMEOUT)
        except TimeoutError:
            raise JoinError(
                f"the room {self.settings.room_jid} did not answer the join within "
                f"{JOIN_TIMEOUT:.0f} s",
                "check that jicofo runs for this deployment",
            ) from None
        self.sink(
            Joined(
                me=self.nick,
                room_id=self.settings.room,
                room_jid=self.settings.room_jid,
                features=frozenset(self.components.features),
            )
        )
        await self.refresh_room_info()

    async def enter_room(self, room_jid: str, *, conference: bool = True) -> None:
        """Occupy another room (a breakout room, the lobby) while staying in the main room.

        Breakout rooms are jicofo conferences of their own, so the conference request comes
        first (PROTOCOL.md §4.5); the lobby is a plain MUC. The same nick is used everywhere.
        """
        room_jid = room_jid.lower()
        if room_jid == self.settings.room_jid or room_jid in self._rooms_in:
            return
        waiting = self._entering.get(room_jid)
        if waiting is None:
            # Mark the room as being entered before any await, so a second action into the
            # same room waits for this join instead of starting (and clobbering) its own.
            waiting = asyncio.get_running_loop().create_future()
            self._entering[room_jid] = waiting
            if conference:
                try:
                    await self._request_conference(room_jid)
                except BaseException as error:
                    del self._entering[room_jid]
                    if not waiting.done():
                        waiting.set_exception(error)
                        waiting.exception()  # retrieved: no "never retrieved" warning
                    raise
            presence = self.xmpp.make_presence(pto=f"{room_jid}/{self.nick}")
            presence.append(Element("{http://jabber.org/protocol/muc}x"))
            for elem in self._presence_extras():
                presence.append(elem)
            self.xmpp.send(presence)
        try:
            await asyncio.wait_for(asyncio.shield(waiting), JOIN_TIMEOUT)
        except TimeoutError:
            if self._entering.get(room_jid) is waiting:
                del self._entering[room_jid]  # a later attempt sends a join of its own
            raise JoinError(f"the room {room_jid} did not let the console in") from None
        finally:
            if waiting.done():
                self._entering.pop(room_jid, None)

    def watch_domain(self, domain: str) -> None:
        """Treat presences from ``domain`` (e.g. the lobby service) as room presences."""
        self.muc_domains.add(domain.lower())

    def keep(self, task: asyncio.Future[Any]) -> None:
        """Hold a reference to a background task until it finishes."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def discover(self) -> None:
        """Find component addresses and their features on the XMPP domain."""
        self.components = await discover_components(self.xmpp, self.settings.domain)
        if self.components.breakout:
            self.muc_domains.add(self.components.breakout.lower())

    async def _request_conference(self, room_jid: str) -> None:
        await focus.request_conference(
            self.xmpp, self.settings.focus_jid, room_jid, self.machine_uid
        )

    def _join_presence(self) -> Any:
        presence = self.xmpp.make_presence(pto=f"{self.settings.room_jid}/{self.nick}")
        muc = Element("{http://jabber.org/protocol/muc}x")
        if self.settings.password:
            SubElement(
                muc, "{http://jabber.org/protocol/muc}password"
            ).text = self.settings.password
        presence.append(muc)
        for elem in self._presence_extras():
            presence.append(elem)
        return presence

    def _presence_extras(self) -> list[Element]:
        nick = Element("{http://jabber.org/protocol/nick}nick")
        nick.text = self.settings.display_name
        extras = [nick]
        for name, text in (
            ("stats-id", f"Console-{self.nick}"),
            ("SourceInfo", "{}"),  # no sources: every client knows we send no media
            ("audiomuted", "true"),
            ("videomuted", "true"),
        ):
            elem = Element(f"{{jabber:client}}{name}")
            elem.text = text
            extras.append(elem)
        return extras

    # -- inbound -------------------------------------------------------------------------

    def _on_presence(self, stanza: Any) -> None:
        elem: Element = stanza.xml
        _, domain, resource = split_jid(elem.get("from", ""))
        if domain.lower() not in self.muc_domains:
            return
        room_jid = elem.get("from", "").split("/", 1)[0].lower()
        if elem.get("type") == "error":
            entering = self._entering.get(room_jid)
            if entering is not None and not entering.done():
                condition = stanza["error"]["condition"]
                entering.set_exception(JoinError(f"{room_jid} refused the console: {condition}"))
                return
            self._on_presence_error(stanza)
            return
        self._room_presence(elem, room_jid, resource)

    def on_presence_element(self, elem: Element) -> bool:
        """The transport's presence lane (``WebSocketXMPP.presence_lane``): the raw element.

        Takes what :meth:`_on_presence` would turn into events from the element alone: a
        presence without a type or ``unavailable``, from a watched domain. ``False`` leaves it
        to slixmpp (errors need its stanza object; other domains are not the console's).
        """
        if elem.get("type") not in (None, "unavailable"):
            return False
        sender = elem.get("from", "")
        _, domain, resource = split_jid(sender)
        if domain.lower() not in self.muc_domains:
            return False
        self._room_presence(elem, sender.split("/", 1)[0].lower(), resource)
        return True

    def _room_presence(self, elem: Element, room_jid: str, resource: str) -> None:
        lobby = lobby_presence(
            elem,
            watched=self.lobby_room,
            lobby_host=self.components.addresses.get("lobbyrooms", ""),
            me=self.nick,
            clock=self._clock,
        )
        if lobby is not None:
            if lobby.event is not None:
                self.sink(lobby.event)
            if resource == self.nick:  # the lobby room shares the main room's node: not ours
                self._side_room_presence(room_jid, left=elem.get("type") == "unavailable")
            return
        event = parse_presence(elem, self._ctx)
        if event is None:
            return
        if isinstance(event, SelfPresence):
            if room_jid != self.settings.room_jid:
                self._side_room_presence(room_jid, left=False)
                return  # the console's home stays the main room
            if self._joined is not None and not self._joined.done():
                self._joined.set_result(None)
            self.sink(ParticipantPresent(event.participant))
            return
        if isinstance(event, ParticipantLeft) and resource == self.nick:
            self._on_own_leave(elem, event)
            return
        self.sink(event)

    def _side_room_presence(self, room_jid: str, *, left: bool) -> None:
        """The console's own presence in a room beside the main one: it is in, or out."""
        if left:
            self._rooms_in.discard(room_jid)
            return
        self._rooms_in.add(room_jid)
        entering = self._entering.get(room_jid)
        if entering is not None and not entering.done():
            entering.set_result(None)

    def _on_own_leave(self, elem: Element, event: ParticipantLeft) -> None:
        if event.room != self.settings.room:
            # we left (or lost) a breakout room we sat in; the main session goes on
            self._rooms_in = {r for r in self._rooms_in if not r.startswith(event.room + "@")}
            return
        if event.reason is LeaveReason.KICKED:
            self.ended = "you were removed from the meeting by a moderator"
        elif event.reason is LeaveReason.ROOM_DESTROYED:
            self.ended = "the meeting was ended"
        else:
            return
        self.sink(ConnectionChanged(ConnectionState.ENDED, self.ended))

    def _on_presence_error(self, stanza: Any) -> None:
        if self._joined is None or self._joined.done():
            log.info("presence error after join: %s", stanza["error"]["condition"])
            return
        xml: Element = stanza.xml
        lobby = xml.find(".//{http://jitsi.org/jitmeet}lobbyroom")
        error = join_error(stanza["error"]["condition"], stanza["error"]["text"], lobby is not None)
        self._joined.set_exception(error)

    def _on_message(self, stanza: Any) -> None:
        elem: Element = stanza.xml
        sender = elem.get("from", "")
        if elem.get("type") == "groupchat":
            subject = elem.find("{jabber:client}subject")
            if subject is not None and sender.lower() == self.settings.room_jid:
                self.sink(SubjectChanged(subject.text or ""))
            return
        payload = json_payload(elem)
        if payload is None:
            return
        av_component = self.components.addresses.get("av_moderation", "")
        if av_component and sender.lower() == av_component.lower():
            for event in av_events(payload):
                self.sink(event)
            return
        if not self.components.breakout or sender.lower() != self.components.breakout.lower():
            # lib-jitsi-meet trusts component JSON only from the discovered address; so do we
            if '"breakout_rooms"' in payload[:200]:
                log.warning("ignored breakout JSON from %s (not the component)", sender)
            return
        try:
            snapshot = parse_update(payload, self._ctx)
        except MalformedUpdate as exc:
            log.warning("%s", exc)
            return
        if snapshot is not None:
            self.actions.saw_rooms(snapshot)
            self.sink(snapshot)

    def _on_chat(self, stanza: Any) -> None:
        event = chat_event(stanza.xml, self.muc_domains, self.nick, self._clock)
        if event is not None:
            self.sink(event)

    def _on_room_status(self, stanza: Any) -> None:
        elem: Element = stanza.xml
        if elem.get("from", "").lower() != self.settings.room_jid:
            return
        codes = {s.get("code") for s in elem.iter(MUC_USER + "status")}
        if "104" in codes:  # configuration changed: members-only or password may have moved
            self.keep(asyncio.ensure_future(self.refresh_room_info()))

    async def refresh_room_info(self) -> None:
        """Read members-only, password and the lobby room from the main room's disco#info."""
        try:
            info = await self.xmpp.plugin["xep_0030"].get_info(
                jid=self.settings.room_jid, timeout=ROOM_INFO_TIMEOUT, cached=False
            )
        except (IqError, IqTimeout) as exc:
            log.info("room disco failed: %s", exc)
            return
        features = set(info["disco_info"]["features"])
        self.sink(LockChanged("muc_passwordprotected" in features))
        members_only = "muc_membersonly" in features
        self.sink(LobbyChanged(members_only))
        lobby = lobby_room(info.xml)
        if members_only and lobby and lobby != self.lobby_room:
            await self._enter_lobby(lobby)
        elif not members_only:
            self.lobby_room = ""

    async def _enter_lobby(self, lobby_jid: str) -> None:
        self.lobby_room = lobby_jid.lower()
        self.watch_domain(split_jid(self.lobby_room)[1])
        try:
            await self.enter_room(self.lobby_room, conference=False)
        except JoinError as exc:
            # Not seeing knockers must not cost the meeting: say so and carry on.
            log.warning("could not watch the lobby: %s", exc)
            self.lobby_room = ""

    def _acknowledge(self, iq: Any) -> None:
        focus.acknowledge(iq, self.jingle_sessions)

    # -- outbound: Actions' port -----------------------------------------------------------

    async def send(self, commands: Sequence[Command]) -> None:
        """Send planned commands in order (:meth:`tui.jitsi.actions.Actions.send`)."""
        await self.actions.send(commands)

    @property
    def room_jid(self) -> str:
        """The main room's bare JID (lower case)."""
        return self.settings.room_jid

    def component(self, kind: str) -> str:
        """A discovered component's address, or ``""``."""
        return self.components.addresses.get(kind, "")

    def send_xml(self, element: Element) -> None:
        """Write one stanza."""
        self.xmpp.send_xml(element)

    async def iq(self, element: Element, timeout: float) -> None:
        """Send an IQ and wait for its result (slixmpp raises ``IqError``/``IqTimeout``)."""
        await Iq(self.xmpp, xml=element).send(timeout=timeout)  # type: ignore[no-untyped-call]

    def new_id(self) -> str:
        """A fresh stanza id."""
        return str(self.xmpp.new_id())
