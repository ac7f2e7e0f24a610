"""The Jitsi side of an XMPP session: join like lib-jitsi-meet, then turn stanzas into events.

:class:`JitsiClient` wraps any connected slixmpp client (over WebSocket in production) and:

* discovers the components (breakout rooms, lobby, AV moderation, end conference) by disco;
* asks jicofo for the conference (``ready="false"`` → back off and ask again);
* joins the MUC with an 8-hex nick and a display name, advertising no media;
* acknowledges jicofo's Jingle offers (never ``session-accept``), so it stays a jicofo
  participant, and answers mute IQs;
* turns presences and the breakout component's updates into model events for the sink;
* sends breakout commands, accepting component messages only from the discovered address.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath
from slixmpp.xmlstream.tostring import tostring

from tui.jitsi.actions import Actions
from tui.jitsi.breakout import (
    JITMEET,
    MalformedUpdate,
    command_element,
    json_payload,
    parse_update,
)
from tui.jitsi.presence import PresenceContext, SelfPresence, parse_presence, split_jid
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.commands import Command, SendMove, SendRemoveRoom
from tui.model.conference import ConnectionState, Feature
from tui.model.events import (
    CommandFailed,
    CommandsSent,
    ConnectionChanged,
    Joined,
    LeaveReason,
    ParticipantLeft,
    ParticipantPresent,
    SubjectChanged,
)
from tui.model.gateway import EventSink
from tui.model.pacing import ACTION_BYTES, SendBudget, websocket_frame_bytes

log = logging.getLogger(__name__)

FOCUS_NS = "http://jitsi.org/protocol/focus"
JINGLE_NS = "urn:xmpp:jingle:1"
RENAME_FEATURE = "http://jitsi.org/protocol/breakout_rooms#rename"
COMPONENT_FEATURES = {
    "breakout_rooms": Feature.BREAKOUT,
    "lobbyrooms": Feature.LOBBY,
    "av_moderation": Feature.AV_MODERATION,
    "end_conference": Feature.END_CONFERENCE,
}
BACKOFF_START, BACKOFF_CAP, FOCUS_ATTEMPTS = 1.0, 8.0, 6
JOIN_TIMEOUT = 20.0
MOVE_WINDOW = 64
"""Moves sent but not yet shown done by the component's update, at most.

On a healthy deployment the byte pacing binds first (~33 moves/s against ~64 landing per
second). On a server that reads the console late (busy Prosody: every move makes it send a
presence to everyone in the room) the window slows the console to the server's own pace, so
its keepalive ping never queues behind more than ~18 KB of moves (tui/jitsi/pacing.md)."""
WINDOW_WAIT = 5.0
"""Seconds to wait for an update to open the window before sending on regardless."""
REMOVE_AFTER_MOVES_TIMEOUT = 10.0
"""Seconds a remove waits for the people moved out of the room to have left it."""


class JoinError(Exception):
    """Joining failed; the message is one sentence for the user, ``next_step`` what to do."""

    def __init__(self, message: str, next_step: str = "", *, condition: str = "") -> None:
        """Record the sentence, the advice and the XMPP condition behind it."""
        super().__init__(message)
        self.next_step = next_step
        self.condition = condition


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


@dataclass(slots=True)
class Components:
    """Component addresses found by disco on the domain."""

    addresses: dict[str, str] = field(default_factory=dict)
    features: set[Feature] = field(default_factory=set)

    @property
    def breakout(self) -> str:
        """The breakout-rooms component address, or empty."""
        return self.addresses.get("breakout_rooms", "")


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
        self._rooms_in: set[str] = set()  # rooms the console occupies besides the main room
        # Real JIDs per room JID in the latest breakout update, and a wake-up for each update:
        # a remove that follows moves waits until the moved people have left (see send()).
        self._members_by_room: dict[str, frozenset[str]] = {}
        self._rooms_updated = asyncio.Event()
        self._entering: dict[str, asyncio.Future[None]] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        # One budget per connection: everything the console sends shares the server's c2s limit.
        self._budget = SendBudget()
        self._now: Callable[[], float] = lambda: asyncio.get_running_loop().time()
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        xmpp.add_event_handler("presence", self._on_presence)
        # slixmpp raises its "message" events only for stanzas with a <body>; component JSON
        # and subject changes have none, so they get stanza handlers of their own.
        for name, path in (
            ("jitsi json-message", f"{{jabber:client}}message/{{{JITMEET}}}json-message"),
            ("jitsi subject", "{jabber:client}message/{jabber:client}subject"),
        ):
            xmpp.register_handler(Callback(name, MatchXPath(path), self._on_message))
        xmpp.register_handler(
            Callback(
                "jitsi jingle",
                MatchXPath(f"{{jabber:client}}iq/{{{JINGLE_NS}}}jingle"),
                self._on_jingle,
            )
        )
        for media in ("audio", "video", "desktop"):
            xmpp.register_handler(
                Callback(
                    f"jitsi mute {media}",
                    MatchXPath(f"{{jabber:client}}iq/{{http://jitsi.org/jitmeet/{media}}}mute"),
                    self._on_jingle,  # same answer: an empty result
                )
            )
        self.actions = Actions(self)
        if isinstance(xmpp, WebSocketXMPP):
            xmpp.presence_lane = self.on_presence_element

    # -- joining -------------------------------------------------------------------------

    async def join(self) -> None:
        """Discover, ask jicofo, join the MUC; raises :class:`JoinError` with the reason."""
        await self.discover()
        await self.request_conference(self.settings.room_jid)
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
        await self.actions.refresh_room_info()

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
                    await self.request_conference(room_jid)
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
        disco = self.xmpp.plugin["xep_0030"]
        try:
            info = await disco.get_info(jid=self.settings.domain, timeout=10)
        except (IqError, IqTimeout) as exc:
            log.warning("disco#info on %s failed: %s", self.settings.domain, exc)
            return
        for category, kind, _lang, name in info["disco_info"]["identities"]:
            if category == "component" and name and kind in COMPONENT_FEATURES:
                self.components.addresses[kind] = str(name)
                self.components.features.add(COMPONENT_FEATURES[kind])
        if self.components.breakout:
            self.muc_domains.add(self.components.breakout.lower())
            try:
                node = await disco.get_info(
                    jid=self.components.breakout, node="breakout_rooms", timeout=10
                )
                if RENAME_FEATURE in node["disco_info"]["features"]:
                    self.components.features.add(Feature.RENAME)
            except (IqError, IqTimeout) as exc:
                log.info("breakout component disco failed: %s", exc)
        log.info("components: %s", self.components.addresses)

    async def request_conference(self, room_jid: str) -> None:
        """The conference IQ to jicofo, retried with backoff while ``ready="false"``."""
        delay = BACKOFF_START
        for attempt in range(FOCUS_ATTEMPTS):
            iq = self.xmpp.make_iq_set(ito=self.settings.focus_jid)
            conference = Element(
                f"{{{FOCUS_NS}}}conference", {"room": room_jid, "machine-uid": self.machine_uid}
            )
            SubElement(conference, f"{{{FOCUS_NS}}}property", name="rtcstatsEnabled", value="false")
            iq.append(conference)
            try:
                reply = await iq.send(timeout=15)
            except IqTimeout:
                raise JoinError(
                    f"jicofo ({self.settings.focus_jid}) did not answer the conference request",
                    "check the focus address (config hosts.focus) and that jicofo runs",
                ) from None
            except IqError as exc:
                raise focus_error(exc.condition, exc.text) from None
            answer = reply.xml.find(f"{{{FOCUS_NS}}}conference")
            if answer is not None and answer.get("ready") == "true":
                return
            if attempt == FOCUS_ATTEMPTS - 1:
                break  # no point waiting before giving up
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_CAP)
        raise JoinError("jicofo never got the conference ready", "try again in a minute")

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
        if self.actions.on_lobby_presence(elem):
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
        if self.actions.on_component_json(sender, payload):
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
            self._members_by_room = {
                room.jid.lower(): frozenset(m.jid for m in room.members) for room in snapshot.rooms
            }
            self._rooms_updated.set()
            self._rooms_updated = asyncio.Event()
            self.sink(snapshot)

    def _on_jingle(self, iq: Any) -> None:
        # An empty result keeps us a jicofo participant (needed for mute); never accept.
        if iq["type"] != "set":
            return
        jingle = iq.xml.find(f"{{{JINGLE_NS}}}jingle")
        if jingle is not None:
            sid = jingle.get("sid", "")
            if jingle.get("action") == "session-terminate":
                self.jingle_sessions.pop(sid, None)
            elif jingle.get("action") == "session-initiate":
                self.jingle_sessions[sid] = str(iq["from"].bare)
        iq.reply(clear=True).send()

    # -- outbound ------------------------------------------------------------------------

    async def send(self, commands: Sequence[Command]) -> None:
        """Send commands in order, paced to the deployment's c2s limit; report each as sent.

        Every command waits for the byte budget (:mod:`tui.model.pacing`, ``pacing.md``), goes
        to the socket, and is reported with ``CommandsSent`` so its confirmation deadline
        starts then. Without the needed component each one fails.

        A remove that follows moves in the same batch (remove = close first, then remove) is
        held until the latest update shows the moved people out of that room: the component
        destroys an occupied room at once, which would hang up on everyone still inside.
        """
        component = self.components.breakout
        moved: set[str] = set()
        in_flight: list[SendMove] = []
        for command in commands:
            if self.actions.handles(command):
                await self._pace(ACTION_BYTES)
                await self.actions.send(command)
                self.sink(CommandsSent((command,)))
                continue
            if not component:
                self.sink(CommandFailed(command, "this server has no breakout-rooms component"))
                continue
            if isinstance(command, SendRemoveRoom) and moved:
                await self._until_left(command.room_jid, moved)
            if isinstance(command, SendMove):
                moved.add(command.participant_jid)
                await self._window(in_flight)
                in_flight.append(command)
            element = command_element(command, component)
            # Counted as slixmpp writes it (send_xml serialises the same way) plus the frame.
            await self._pace(websocket_frame_bytes(len(tostring(element).encode())))
            self.xmpp.send_xml(element)
            self.sink(CommandsSent((command,)))

    async def _window(self, in_flight: list[SendMove]) -> None:
        """Wait until fewer than :data:`MOVE_WINDOW` sent moves are not yet seen done."""

        def landed(move: SendMove) -> bool:
            members = self._members_by_room.get(move.room_jid.lower(), frozenset())
            return move.participant_jid in members

        in_flight[:] = [m for m in in_flight if not landed(m)]
        while len(in_flight) >= MOVE_WINDOW:
            updated = self._rooms_updated
            try:
                await asyncio.wait_for(updated.wait(), WINDOW_WAIT)
            except TimeoutError:
                log.info("no breakout update for %.0f s; sending on", WINDOW_WAIT)
                in_flight.clear()  # the session judges them; do not stall the rest
                return
            in_flight[:] = [m for m in in_flight if not landed(m)]

    async def _pace(self, size: int) -> None:
        """Wait until ``size`` bytes fit the budget, then spend them."""
        wait = self._budget.wait(size, self._now())
        if wait > 0:
            await self._sleep(wait)  # the bucket refills meanwhile; no second look needed
        self._budget = self._budget.spend(size, self._now())

    async def _until_left(self, room_jid: str, people: set[str]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REMOVE_AFTER_MOVES_TIMEOUT
        while self._members_by_room.get(room_jid.lower(), frozenset()) & people:
            remaining = deadline - loop.time()
            if remaining <= 0:
                log.warning("people are still in %s; removing it anyway", room_jid)
                return
            updated = self._rooms_updated
            try:
                await asyncio.wait_for(updated.wait(), remaining)
            except TimeoutError:
                continue


def focus_error(condition: str, text: str) -> JoinError:
    """Turn jicofo's refusal of the conference request into a sentence and a next step."""
    detail = f" ({text})" if text else ""
    match condition:
        case "not-authorized":
            return JoinError(
                "this meeting has not started and guests cannot start meetings" + detail,
                "log in (password or token) or wait for a host",
                condition=condition,
            )
        case "not-acceptable" | "session-invalid":
            return JoinError(
                "jicofo rejected the session" + detail, "reconnect", condition=condition
            )
        case _:
            return JoinError(
                f"jicofo refused the conference request: {condition}{detail}",
                condition=condition,
            )


def join_error(condition: str, text: str, lobby: bool) -> JoinError:
    """A MUC join error presence → a sentence and the next step (PROTOCOL.md §2.3 table)."""
    detail = f": {text}" if text else ""
    if condition == "not-authorized":
        return JoinError(
            "the meeting is locked with a password",
            "give it with --room-password-file or JITSI_TUI_ROOM_PASSWORD",
            condition=condition,
        )
    if condition == "registration-required" or lobby:
        return JoinError(
            "the meeting has a lobby and the console is not a member",
            "ask a moderator to admit it, or join with the room password or a moderator token",
            condition=condition,
        )
    if condition == "service-unavailable":
        return JoinError("the meeting is full", condition=condition)
    if condition == "conflict":
        return JoinError(
            "the console's nick is already taken in this meeting",
            "reconnect",
            condition=condition,
        )
    if condition == "not-allowed":
        return JoinError(
            f"the server did not allow the join{detail}",
            "if this mentions the token, mint one for this room",
            condition=condition,
        )
    return JoinError(f"the join failed: {condition}{detail}", condition=condition)
