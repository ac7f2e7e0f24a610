"""Simulated Jitsi web participants for the test stack (and, later, as a load generator).

A :class:`WebParticipant` joins the way lib-jitsi-meet does (PROTOCOL.md §1.3, §2.2 to §2.4):
anonymous WebSocket login with ``?room=``, a conference IQ to ``focus.<domain>`` with a
``machine-uid`` (retried while ``ready="false"``), then the MUC join with an 8-hex nick,
``<nick>``, ``SourceInfo`` and legacy ``audiomuted``/``videomuted`` (and the raised hand when
up). It acknowledges jicofo's Jingle offers, and obeys the breakout component's move requests
like the web client (PROTOCOL.md §4.4)::

    <message from="breakout.meet.jitsi"><json-message xmlns="http://jitsi.org/jitmeet">
      {"type":"breakout_rooms","event":"features/breakout-rooms/move-to-room","roomJid":"…"}
    </json-message></message>
    → unavailable presence with <status>switch_room</status>, conference IQ for the target,
      join the target with the same nick.

It also behaves like the web client towards moderators (PROTOCOL.md §5): a ``<mute/>`` IQ from the
focus mutes it (``SourceInfo`` and ``audiomuted``/``videomuted`` follow); the private
``lower-hand-message`` JSON lowers its hand; it records the chat it receives (room and
private), AV-moderation JSON, being kicked (``307`` and the reason) and rooms destroyed under
it. :meth:`WebParticipant.knock` knocks at a lobby like lib-jitsi-meet's ``Lobby.js``: the
main-room join gets ``registration-required`` with the lobby's address, it waits in the lobby
room under its display name (and email), and walks into the main room when invited (or when
the lobby is destroyed with the main room as the alternate venue).

:func:`spawn` starts many at once with bounded concurrency.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
import secrets
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.etree.ElementTree import Element, SubElement

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from tests.stack.server import ProsodyStack
from tui.jitsi.xmpp import WebSocketXMPP

log = logging.getLogger(__name__)

FOCUS_NS = "http://jitsi.org/protocol/focus"
JINGLE_NS = "urn:xmpp:jingle:1"
JITMEET = "http://jitsi.org/jitmeet"
MUC_USER = "{http://jabber.org/protocol/muc#user}"
MOVE_EVENT = "features/breakout-rooms/move-to-room"
FOLLOW_TIMEOUT = 180.0
"""How long a participant obeying a move waits for the focus and the join. The web client
waits as long as it takes: lib-jitsi-meet's ``moderator.ts`` (commit ``2ab99bb55a1b``) sends
the conference request with Strophe's ``sendIQ`` and no timeout, and only an error answer
ends it. On a busy server the answer comes late, never refused; a test stand-in that gave
up after 15 s would report a refusal no real participant sees."""
UPDATE_EVENT = "features/breakout-rooms/update"

JingleAnswer = Literal["ack", "error", "ignore"]


class ParticipantError(RuntimeError):
    """A simulated participant could not join or move; the message says why."""

    def __init__(self, message: str, condition: str = "", lobby_room: str = "") -> None:
        """Keep the XMPP condition and, for a lobby, the lobby room's JID."""
        super().__init__(message)
        self.condition = condition
        self.lobby_room = lobby_room


@dataclass(frozen=True, slots=True)
class ChatLine:
    """A chat message received: the room, the sender's nick, the text, private or not."""

    room: str
    sender: str
    text: str
    private: bool


@dataclass(frozen=True, slots=True)
class Kicked:
    """Being removed from a room (status 307)."""

    room: str
    reason: str
    actor: str
    """The actor's nick, when the room tells it."""


@dataclass(frozen=True, slots=True)
class Occupant:
    """Another occupant of the participant's current room, as its presence tells."""

    nick: str
    jid: str
    role: str
    affiliation: str
    display_name: str


@dataclass(frozen=True, slots=True)
class ComponentMessage:
    """A JSON message a component sent: its sender and decoded payload."""

    sender: str
    payload: dict[str, Any]
    received_at: float
    """``time.monotonic()`` on arrival."""


@functools.cache
def _shared_ssl_context() -> ssl.SSLContext:
    """One TLS context for every participant.

    slixmpp builds a fresh one per client, which loads the system CA store: 45 ms each, two
    thirds of the time 50 participants need to join. ``ws://`` on loopback never uses it.
    """
    return ssl.create_default_context()


def endpoint_nick(username: str) -> str:
    """lib-jitsi-meet's endpoint id: the username's first 8 characters if hex, else random."""
    head = username[:8].lower()
    if len(head) == 8 and all(c in "0123456789abcdef" for c in head):
        return head
    return secrets.token_hex(4)


class WebParticipant:
    """One simulated Jitsi web participant on the stack.

    ``await p.join()`` to enter; ``p.room`` is the current room's JID, ``p.role`` our role there,
    ``p.occupants`` the others, ``p.updates`` the breakout updates received.
    """

    def __init__(
        self,
        stack: ProsodyStack,
        room: str,
        display_name: str,
        *,
        jingle: JingleAnswer = "ack",
        audio_muted: bool = True,
        video_muted: bool = True,
        hand_raised: bool = False,
        follow_moves: bool = True,
        crowd: bool = False,
        token: str | None = None,
        username: str = "",
        password: str = "",
        room_password: str = "",
    ) -> None:
        """Prepare (not connect) a participant for the main room ``room`` (node or JID).

        Args:
            stack: The running stack (Prosody + focus).
            room: The main room's node (``standup``) or bare JID.
            display_name: Sent as ``<nick>``.
            jingle: How to answer Jingle offers: ``ack`` (empty result), ``error``
                (feature-not-implemented, like a client without Jingle) or ``ignore``.
            audio_muted: Initial audio state.
            video_muted: Initial video state.
            hand_raised: Join with the hand raised.
            follow_moves: Obey move-to-room requests from the breakout component.
            crowd: One of hundreds: skip parsing what the test never looks at (see
                :meth:`_crowd_filter`); the server still sends it all.
            token: A JWT for ``?token=`` (a ``token`` stack); anonymous SASL as in Jitsi.
            username: Log in with this account (a password stack) instead of anonymously.
            password: The account's password.
            room_password: Sent with MUC joins (a locked room).
        """
        self.stack = stack
        node = room.partition("@")[0].lower()
        self.main_room = f"{node}@{stack.muc}"
        self.display_name = display_name
        self.jingle = jingle
        self.audio_muted = audio_muted
        self.video_muted = video_muted
        self.hand_raised_at = int(time.time() * 1000) if hand_raised else 0
        self.follow_moves = follow_moves
        self.updates_seen = 0
        """Breakout updates received (in crowd mode only the newest is kept, unparsed)."""
        self._last_update_frame = ""
        self.machine_uid = secrets.token_hex(16)
        self.nick = ""
        self.room = ""
        """The bare JID of the room we are in now (empty before joining and after leaving)."""
        self.role = ""
        self.affiliation = ""
        self.occupants: dict[str, Occupant] = {}
        self.updates: list[ComponentMessage] = []
        """Breakout ``update`` messages, oldest first."""
        self.component_messages: list[ComponentMessage] = []
        """Every JSON message received (any sender), oldest first."""
        self.offers: list[str] = []
        """The ``sid`` of every Jingle ``session-initiate`` received."""
        self.moves: list[str] = []
        """Target rooms of the move requests received."""
        self.destroyed: list[tuple[str, str, str]] = []
        """(room, alternative JID, reason) of every room destroyed under us."""
        self.room_password = room_password
        self.chats: list[ChatLine] = []
        """Chat messages received (room and private), oldest first."""
        self.kicked: list[Kicked] = []
        """Rooms we were kicked from, oldest first."""
        self.mutes: list[tuple[str, str]] = []
        """(media, actor) of every mute IQ the focus sent us."""
        self.invites: list[str] = []
        """Rooms that invited us (mediated invites), oldest first."""
        self.lobby_room = ""
        """The lobby room we knocked at (empty when not knocking)."""
        self.email = ""
        self.join_seconds: float | None = None
        """How long the first join took (login, conference IQ, MUC join)."""
        self.xmpp = WebSocketXMPP(
            f"{username}@{stack.domain}" if username else stack.domain,
            password,
            endpoint=stack.ws_url,
            room=node,
            token=token,
            ssl_context=_shared_ssl_context(),
        )
        if crowd:
            self.xmpp.data_received = self._crowd_filter(self.xmpp.data_received)  # type: ignore[method-assign,assignment]
        self._joined: asyncio.Future[None] | None = None
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self.xmpp.add_event_handler("presence", self._on_presence)
        # Not the "message" event: slixmpp fires it only for messages with a <body>, and
        # component JSON messages have none.
        self.xmpp.register_handler(
            Callback(
                "web json-message",
                MatchXPath(f"{{jabber:client}}message/{{{JITMEET}}}json-message"),
                self._on_message,
            )
        )
        self.xmpp.register_handler(
            Callback(
                "web chat",
                MatchXPath("{jabber:client}message/{jabber:client}body"),
                self._on_chat,
            )
        )
        self.xmpp.register_handler(
            Callback(
                "web invite",
                MatchXPath(f"{{jabber:client}}message/{MUC_USER}x/{MUC_USER}invite"),
                self._on_invite,
            )
        )
        for media in ("audio", "video", "desktop"):
            self.xmpp.register_handler(
                Callback(
                    f"web mute {media}",
                    MatchXPath(f"{{jabber:client}}iq/{{http://jitsi.org/jitmeet/{media}}}mute"),
                    self._on_mute,
                )
            )
        self.xmpp.register_handler(
            Callback(
                "web jingle",
                MatchXPath(f"{{jabber:client}}iq/{{{JINGLE_NS}}}jingle"),
                self._on_jingle,
            )
        )

    @property
    def jid(self) -> str:
        """Our real full JID (what the breakout component's moves address)."""
        return str(self.xmpp.boundjid)

    @property
    def occupant_jid(self) -> str:
        """Our occupant JID in the current room."""
        return f"{self.room}/{self.nick}"

    # -- actions -------------------------------------------------------------------------------

    async def join(self, timeout: float = 15.0, *, pause: float = 0.0) -> None:
        """Log in, ask the focus for the conference, join the main room.

        ``pause`` seconds pass between the focus's answer and the MUC join, as when a busy
        server reads the join late.

        Raises:
            ParticipantError: Any step failed or timed out.
        """
        began = time.monotonic()
        await self.xmpp.start_session(timeout=timeout)
        self.nick = endpoint_nick(str(self.xmpp.boundjid.user or ""))
        await self._enter(self.main_room, timeout, pause=pause)
        self.join_seconds = time.monotonic() - began

    async def knock(self, email: str = "", timeout: float = 15.0) -> None:
        """Log in and try the main room; expect its lobby, and wait there (Lobby.js).

        Returns once we sit in the lobby room. Later, an invite from the main room (or the
        lobby's destruction with the main room as the alternate venue) makes us walk in.

        Raises:
            ParticipantError: The main room let us in (no lobby), or the lobby refused us.
        """
        self.email = email
        await self.xmpp.start_session(timeout=timeout)
        self.nick = endpoint_nick(str(self.xmpp.boundjid.user or ""))
        try:
            await self._enter(self.main_room, timeout)
        except ParticipantError as exc:
            if exc.condition != "registration-required" or not exc.lobby_room:
                raise
            lobby = exc.lobby_room.lower()
        else:
            raise ParticipantError(f"{self.display_name}: the main room has no lobby")
        self.lobby_room = lobby
        await self._enter(lobby, timeout, conference=False)

    async def set_hand(self, up: bool) -> None:
        """Raise or lower the hand (epoch-ms raise time, ``0`` when lowered)."""
        self.hand_raised_at = int(time.time() * 1000) if up else 0
        self._send_presence()

    async def set_muted(self, *, audio: bool | None = None, video: bool | None = None) -> None:
        """Change the advertised mute state (only the given kinds)."""
        if audio is not None:
            self.audio_muted = audio
        if video is not None:
            self.video_muted = video
        self._send_presence()

    async def move_to(self, room_jid: str, timeout: float = 15.0) -> None:
        """Switch rooms like the web client: leave with ``switch_room``, ask focus, rejoin."""
        if self.room:
            self._send_unavailable("switch_room")
        await self._enter(room_jid.lower(), timeout)

    def send_breakout(self, kind: str, **attrs: str) -> None:
        """Send a breakout command as the web UI does (PROTOCOL.md §4.2); no answer comes back.

        ``kind`` is the last part of the type (``add``, ``remove``, ``rename``,
        ``move-to-room``); ``attrs`` are the attributes (``subject``, ``breakoutRoomJid``,
        ``participantJid``, ``roomJid``). ``breakout_rooms`` is in ``jabber:client``.
        """
        message = Element("{jabber:client}message", {"to": self.stack.breakout_muc})
        SubElement(
            message,
            "{jabber:client}breakout_rooms",
            {"type": f"features/breakout-rooms/{kind}", **attrs},
        )
        self.xmpp.send_xml(message)

    async def leave(self) -> None:
        """Leave the room and close the connection."""
        for task in list(self._tasks):
            task.cancel()
        if self.room and self.xmpp.is_connected():
            self._send_unavailable("")
        self.room = ""
        if self.xmpp.is_connected():
            ending = self.xmpp.disconnected
            self.xmpp.disconnect()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ending, 5)

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``condition()`` is truthy (re-checked on every inbound stanza).

        Raises:
            TimeoutError: Still false after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"{self.display_name}: condition not met within {timeout:g} s")
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    def last_update(self) -> dict[str, Any] | None:
        """The payload of the newest breakout update, if any."""
        if self._last_update_frame:
            return _update_payload(self._last_update_frame)
        return self.updates[-1].payload if self.updates else None

    def _crowd_filter(self, received: Callable[[bytes], None]) -> Callable[[bytes], None]:
        """Drop, before any XML parsing, what one of 300 participants need not read.

        A web client reads every breakout ``update`` (the whole meeting, ~45 KB at 300 people,
        sent to everyone every 300 ms during a bulk move) and every other occupant's presence.
        300 of them in one Python process would spend the test's CPU parsing N² stanzas and
        starve the console under test. The server's side is unchanged: it still sends all of
        it; here updates are counted and the newest kept raw, and other occupants' presences
        are skipped. The participant's own presences, IQs and the move requests pass.
        """

        def filtered(data: bytes) -> None:
            head = data[:400]
            if head.startswith(b"<message") and UPDATE_EVENT.encode() in data:
                self.updates_seen += 1
                self._last_update_frame = data.decode("utf-8")
                return
            if head.startswith(b"<presence") and self.nick:
                sender = _FROM.search(head)
                if sender is not None and not sender.group(1).endswith(b"/" + self.nick.encode()):
                    return
            received(data)

        return filtered

    # -- joining -------------------------------------------------------------------------------

    async def _enter(
        self, room_jid: str, timeout: float, *, conference: bool = True, pause: float = 0.0
    ) -> None:
        if conference:
            await self._request_conference(room_jid, timeout)
        if pause:
            await asyncio.sleep(pause)  # the caller's simulated delay, not a wait for a state
        self.room = room_jid
        self.occupants = {}
        self.role = self.affiliation = ""
        self._joined = asyncio.get_running_loop().create_future()
        self._send_presence(join=True)
        try:
            await asyncio.wait_for(self._joined, timeout)
        except TimeoutError:
            raise ParticipantError(
                f"{self.display_name}: no answer to the join of {room_jid}"
            ) from None

    async def _request_conference(self, room_jid: str, timeout: float) -> None:
        delay = 1.0  # lib-jitsi-meet backs off 1 s, 2 s, 4 s …
        deadline = time.monotonic() + timeout
        while True:
            iq: Any = self.xmpp.make_iq_set(ito=f"focus.{self.stack.domain}")
            iq.append(
                Element(
                    f"{{{FOCUS_NS}}}conference", {"room": room_jid, "machine-uid": self.machine_uid}
                )
            )
            try:
                reply = await iq.send(timeout=max(deadline - time.monotonic(), 1.0))
            except (IqError, IqTimeout) as exc:
                raise ParticipantError(
                    f"{self.display_name}: the focus refused {room_jid}: {exc}"
                ) from None
            answer = reply.xml.find(f"{{{FOCUS_NS}}}conference")
            if answer is not None and answer.get("ready") == "true":
                return
            if time.monotonic() + delay > deadline:
                raise ParticipantError(f"{self.display_name}: the focus never got {room_jid} ready")
            await asyncio.sleep(delay)  # the protocol's back-off, not a test wait
            delay *= 2

    def _send_presence(self, *, join: bool = False) -> None:
        if not self.room:
            return
        presence = self.xmpp.make_presence(pto=f"{self.room}/{self.nick}")
        if join:
            muc = Element("{http://jabber.org/protocol/muc}x")
            if self.room_password and self.room == self.main_room:
                SubElement(
                    muc, "{http://jabber.org/protocol/muc}password"
                ).text = self.room_password
            presence.append(muc)
        for elem in self._presence_extras():
            presence.append(elem)
        presence.send()

    def _presence_extras(self) -> list[Element]:
        nick = Element("{http://jabber.org/protocol/nick}nick")
        nick.text = self.display_name
        sources = {
            f"{self.nick}-a0": {"muted": self.audio_muted},
            f"{self.nick}-v0": {"muted": self.video_muted, "videoType": "camera"},
        }
        extras = [nick]
        if self.room == self.lobby_room:  # a knocker shows only its name and email (Lobby.js)
            if self.email:
                email = Element("{jabber:client}email")
                email.text = self.email
                extras.append(email)
            return extras
        for name, text in (
            ("stats-id", f"Web-{self.nick}"),
            ("SourceInfo", json.dumps(sources, separators=(",", ":"))),
            ("audiomuted", str(self.audio_muted).lower()),
            ("videomuted", str(self.video_muted).lower()),
            (
                "jitsi_participant_raisedHand",
                str(self.hand_raised_at) if self.hand_raised_at else "",
            ),
        ):
            if text:
                elem = Element(f"{{jabber:client}}{name}")
                elem.text = text
                extras.append(elem)
        return extras

    def _send_unavailable(self, status: str) -> None:
        presence = self.xmpp.make_presence(pto=f"{self.room}/{self.nick}", ptype="unavailable")
        if status:
            presence["status"] = status
        presence.send()

    # -- inbound -------------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _on_presence(self, presence: Any) -> None:
        elem: Element = presence.xml
        room_jid, _, nick = elem.get("from", "").partition("/")
        if room_jid.lower() != self.room or not nick:
            return
        kind = elem.get("type")
        if kind == "error":
            if self._joined is not None and not self._joined.done():
                condition = presence["error"]["condition"]
                lobby = elem.findtext(f".//{{{JITMEET}}}lobbyroom") or ""
                self._joined.set_exception(
                    ParticipantError(
                        f"{self.display_name}: join of {self.room} refused: {condition}",
                        condition,
                        lobby,
                    )
                )
            self._notify()
            return
        item = elem.find(f"{MUC_USER}x/{MUC_USER}item")
        role = item.get("role", "") if item is not None else ""
        affiliation = item.get("affiliation", "") if item is not None else ""
        if nick == self.nick:
            if kind == "unavailable":
                self.role = ""
                destroy = elem.find(f"{MUC_USER}x/{MUC_USER}destroy")
                codes = {s.get("code") for s in elem.iter(f"{MUC_USER}status")}
                if destroy is not None:
                    reason = destroy.findtext(f"{MUC_USER}reason") or ""
                    venue = destroy.get("jid", "")
                    self.destroyed.append((self.room, venue, reason))
                    left, self.room = self.room, ""
                    if left == self.lobby_room and venue.lower() == self.main_room:
                        self._walk_in()  # the lobby closed: its knockers walk into the room
                elif "307" in codes:
                    reason = (item.findtext(f"{MUC_USER}reason") or "") if item is not None else ""
                    actor = item.find(f"{MUC_USER}actor") if item is not None else None
                    nick_of_actor = actor.get("nick", "") if actor is not None else ""
                    self.kicked.append(Kicked(self.room, reason or "", nick_of_actor))
                    self.room = ""
            else:
                self.role, self.affiliation = role, affiliation
                if self._joined is not None and not self._joined.done():
                    self._joined.set_result(None)
        elif kind == "unavailable":
            self.occupants.pop(nick, None)
        else:
            name = elem.findtext("{http://jabber.org/protocol/nick}nick") or ""
            self.occupants[nick] = Occupant(
                nick, item.get("jid", "") if item is not None else "", role, affiliation, name
            )
        self._notify()

    def _on_message(self, message: Any) -> None:
        elem: Element = message.xml
        child = elem.find(f"{{{JITMEET}}}json-message")
        if child is None:
            return
        try:
            payload = json.loads(child.text or "")
        except ValueError:
            log.warning("%s: JSON message that is not JSON", self.display_name)
            return
        if not isinstance(payload, dict):
            return
        received = ComponentMessage(elem.get("from", ""), payload, time.monotonic())
        self.component_messages.append(received)
        if payload.get("name") == "lower-hand-message" and self.hand_raised_at:
            # As lib-jitsi-meet delivers it: ChatRoom.onMessage passes a json-message on only
            # when it has a "type" and no delay, and JitsiConferenceEventManager makes it an
            # ENDPOINT_MESSAGE_RECEIVED only from a participant of this conference (else
            # NON_PARTICIPANT_MESSAGE_RECEIVED, which nothing lowers a hand for).
            sender_room, _, sender = received.sender.partition("/")
            if (
                "type" in payload
                and elem.find("{urn:xmpp:delay}delay") is None
                and sender_room.lower() == self.room.lower()
                and sender in self.occupants
            ):
                self.hand_raised_at = 0
                self._send_presence()
        from_breakout = received.sender == self.stack.breakout_muc
        if from_breakout and payload.get("event") == UPDATE_EVENT:
            self.updates.append(received)
        elif from_breakout and payload.get("event") == MOVE_EVENT:
            target = str(payload.get("roomJid", ""))
            self.moves.append(target)
            if self.follow_moves and target:
                task = asyncio.ensure_future(self._follow(target))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        self._notify()

    def _on_chat(self, message: Any) -> None:
        elem: Element = message.xml
        kind = elem.get("type", "normal")
        if kind not in ("groupchat", "chat") or elem.find("{urn:xmpp:delay}delay") is not None:
            return
        room, _, sender = elem.get("from", "").partition("/")
        if not sender:
            return  # a message from the room itself
        text = elem.findtext("{jabber:client}body") or ""
        self.chats.append(ChatLine(room.lower(), sender, text, kind == "chat"))
        self._notify()

    def _on_invite(self, message: Any) -> None:
        elem: Element = message.xml
        room = elem.get("from", "").partition("/")[0].lower()
        self.invites.append(room)
        if room == self.main_room and self.lobby_room and self.room == self.lobby_room:
            self._send_unavailable("")
            self.room = ""
            self._walk_in()
        self._notify()

    def _walk_in(self) -> None:
        self.lobby_room = ""
        task = asyncio.ensure_future(self._follow(self.main_room))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_mute(self, iq: Any) -> None:
        if iq["type"] != "set":
            return
        mute = next((c for c in iq.xml if c.tag.rpartition("}")[2] == "mute"), None)
        if mute is None:
            return
        media = mute.tag.partition("}")[0].rpartition("/")[2]
        self.mutes.append((media, mute.get("actor", "")))
        iq.reply(clear=True).send()
        if (mute.text or "").strip() == "true":
            if media == "audio":
                self.audio_muted = True
            elif media == "video":
                self.video_muted = True
            self._send_presence()
        self._notify()

    async def _follow(self, target: str) -> None:
        try:
            await self.move_to(target, timeout=FOLLOW_TIMEOUT)
        except ParticipantError as exc:
            log.warning("%s", exc)
        self._notify()

    def _on_jingle(self, iq: Any) -> None:
        if iq["type"] != "set":
            return
        jingle = iq.xml.find(f"{{{JINGLE_NS}}}jingle")
        if jingle is not None and jingle.get("action") == "session-initiate":
            self.offers.append(jingle.get("sid", ""))
        if self.jingle == "ack":
            iq.reply(clear=True).send()
        elif self.jingle == "error":
            reply = iq.reply(clear=True)
            reply["error"]["type"] = "cancel"
            reply["error"]["condition"] = "feature-not-implemented"
            reply.send()
        self._notify()


_FROM = re.compile(rb"""\sfrom=["']([^"']*)["']""")


def _update_payload(frame: str) -> dict[str, Any] | None:
    from xml.etree.ElementTree import fromstring

    child = fromstring(frame).find(f"{{{JITMEET}}}json-message")
    payload = json.loads(child.text or "") if child is not None else None
    return payload if isinstance(payload, dict) else None


async def spawn(
    stack: ProsodyStack,
    room: str,
    count: int,
    *,
    concurrency: int = 10,
    name: str = "Guest",
    **options: Any,
) -> list[WebParticipant]:
    """Join ``count`` participants to ``room``, at most ``concurrency`` joining at a time.

    Returns them in order (display names ``"<name> 1"`` …). If one fails, all are left and
    the error is raised.
    """
    gate = asyncio.Semaphore(concurrency)
    people = [WebParticipant(stack, room, f"{name} {i + 1}", **options) for i in range(count)]

    async def one(person: WebParticipant) -> None:
        async with gate:
            await person.join()

    results = await asyncio.gather(*(one(p) for p in people), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        await leave_all(people)
        raise errors[0]
    return people


async def leave_all(people: Sequence[WebParticipant]) -> None:
    """Leave with every participant, concurrently."""
    await asyncio.gather(*(p.leave() for p in people), return_exceptions=True)
