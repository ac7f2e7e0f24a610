"""A jicofo stand-in for the test stack: :class:`Focus`.

Two XMPP connections on the stack's Prosody, run in a thread with its own event loop (so one
focus serves every test, whatever loop each test runs in):

* the external component ``focus.<domain>`` answers conference requests (PROTOCOL.md §2.2)::

      <iq type="set" to="focus.meet.jitsi"><conference xmlns="http://jitsi.org/protocol/focus"
          room="standup@conference.meet.jitsi" machine-uid="…"/></iq>
      → <iq type="result"><conference … ready="true" focusjid="focus@auth.meet.jitsi"/></iq>

  Missing ``room`` → ``bad-request``. Before answering ``ready="true"`` the focus has joined the
  room (nick ``focus``); with ``not_ready_answers=N`` the first N requests per room get
  ``ready="false"`` (lib-jitsi-meet then retries);
* a client logged in as ``focus@auth.<domain>`` (a server admin: only it may create rooms)
  sits in each room, elects an owner like jicofo's auto-owner (PROTOCOL.md §1.8: the first
  member that is not a bot, the next one when the owner leaves; not in breakout rooms), sends
  every member a Jingle ``session-initiate`` once the room has two members (PROTOCOL.md §2.4)
  and records the answer
  (:attr:`Focus.offers`), records Jingle IQs members send it (:attr:`Focus.jingle_received`),
  and leaves a room once no member has been left for ``idle_leave`` seconds (a room it joined
  for a request waits up to ``initial_timeout``, jicofo's 15 s, for its first member).

It also handles mute IQs the way jicofo does (PROTOCOL.md §5.1, §2.4): a mute IQ to
``ROOM@MUC/focus`` is judged with jicofo's rules, in jicofo's order: the muter must be a jicofo
participant (offered a Jingle session that it did not refuse; else ``internal-server-error``)
and, to mute someone else, a moderator (else ``not-allowed``); the target must be a participant
(``internal-server-error``); nobody may unmute someone else, a participant under AV moderation
may not unmute itself unless approved, and jibri/jigasi are never force-muted (``not-allowed``).
On success the muter gets a result and the target ``<mute xmlns=… actor="<muter>">true</mute>``.
Like jicofo's AvModerationHandler it listens to the AV-moderation component's JSON: when
moderation of a media goes on it mutes every participant but the actor and the bots, and it
keeps the whitelists for self-unmute checks. :meth:`Focus.terminate` ends one member's Jingle
session as jicofo does on a timeout, after which that member is no jicofo participant.

With ``authentication=True`` the focus behaves like jicofo with authentication on (type XMPP or
JWT, ``login-url=<domain>``; PROTOCOL.md §1.8): auto-owner is off, and every member whose JID
domain is the login domain and who sent a conference request with a ``machine-uid`` is made
owner. That is every password or token user; anonymous guests on another domain are not.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.etree.ElementTree import Element, SubElement

from slixmpp import ComponentXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback, CoroutineCallback
from slixmpp.xmlstream.matcher import MatchXPath

from tests.stack.server import ProsodyStack, StackError
from tests.stack.waiting import wait_until
from tui.jitsi.xmpp import WebSocketXMPP

log = logging.getLogger(__name__)

FOCUS_NS = "http://jitsi.org/protocol/focus"
JINGLE_NS = "urn:xmpp:jingle:1"
MUC_NS = "http://jabber.org/protocol/muc"
MUC_USER = "{http://jabber.org/protocol/muc#user}"
MUC_ADMIN_NS = "http://jabber.org/protocol/muc#admin"
MUTE_NS = "http://jitsi.org/jitmeet/"
MUTE_MEDIA = ("audio", "video", "desktop")
JITMEET = "http://jitsi.org/jitmeet"
BOT_FEATURES = {
    "http://jitsi.org/protocol/jigasi",
    "http://jitsi.org/protocol/jibri",
    "http://jitsi.org/protocol/transcriber",
}

Outcome = Literal["pending", "result", "error", "timeout"]

INITIAL_TIMEOUT = 15.0
"""jicofo's ``jicofo.conference.initial-timeout`` ("how long to wait for the initial participant
in a conference"; jitsi/jicofo ``jicofo-selector/src/main/resources/reference.conf``, commit
``00e73cc1778c``): the room a conference request created waits that long for its first member.
Once members have come and gone, jicofo stops the conference when the last one leaves
(``JitsiMeetConferenceImpl.onMemberLeft``, commit ``01fdba703bd2``); here after ``idle_leave``."""

REPLY_TIMEOUT = 15.0
"""jicofo's ``jicofo.xmpp.client.reply-timeout`` (same file): how long it waits for the answer to
a stanza, such as its own room join or an affiliation change, on a busy Prosody."""


@dataclass(slots=True)
class JingleOffer:
    """One ``session-initiate`` the focus sent, and what came back."""

    room: str
    """The room's bare JID."""
    nick: str
    """The member's nick (endpoint id)."""
    participant_jid: str
    """The member's real full JID when the offer was sent."""
    sid: str
    bridge_session: str
    outcome: Outcome = "pending"
    condition: str = ""
    """The error condition when ``outcome`` is ``"error"``."""


@dataclass(frozen=True, slots=True)
class JingleReceived:
    """A Jingle IQ a member sent to the focus (a console must never send ``session-accept``)."""

    room: str
    nick: str
    action: str
    sid: str


@dataclass(frozen=True, slots=True)
class ConferenceRequest:
    """A conference IQ the focus component received."""

    sender: str
    room: str
    machine_uid: str
    answer: str
    """``ready``, ``not-ready`` or the error condition."""


@dataclass(frozen=True, slots=True)
class MuteRequest:
    """A mute IQ the focus judged: who asked, whom, and the answer it gave."""

    room: str
    muter: str
    """The muter's nick."""
    target: str
    """The target's occupant JID as the IQ named it."""
    media: str
    mute: bool
    answer: str
    """``result`` or the error condition (``not-allowed``, ``internal-server-error`` …)."""
    why: str = ""
    """jicofo's log line for a refusal (the IQ error itself carries no text)."""


@dataclass(slots=True)
class _Member:
    nick: str
    jid: str
    role: str
    affiliation: str
    seq: int
    bot: bool


@dataclass(slots=True)
class _Room:
    jid: str
    joined: asyncio.Future[None]
    members: dict[str, _Member] = field(default_factory=dict)
    offered: set[str] = field(default_factory=set)
    granting: str = ""
    granted: set[str] = field(default_factory=set)
    """Bare JIDs already made owner by jicofo authentication."""
    active_until: float = 0.0
    """No leaving before this (monotonic): a grace after each request."""
    requested_at: float = 0.0
    awaiting_first: bool = False
    """A request came while nobody was in: the initial timeout runs until a member joins."""
    leave_check: asyncio.TimerHandle | None = None
    terminated: set[str] = field(default_factory=set)
    """Nicks whose Jingle session the focus ended (no longer jicofo participants)."""
    av_lists: dict[str, set[str]] = field(default_factory=dict)
    """Media under AV moderation → occupant JIDs allowed to unmute."""


class Focus:
    """jicofo for the test stack; start it after Prosody, stop it before.

    Thread-safe from the outside: the record properties return copies.
    """

    def __init__(
        self,
        stack: ProsodyStack,
        *,
        not_ready_answers: int = 0,
        jingle_timeout: float = 5.0,
        idle_leave: float = 1.0,
        initial_timeout: float = INITIAL_TIMEOUT,
        hidden_domain: str = "",
        authentication: bool = False,
        login_domain: str = "",
    ) -> None:
        """Prepare (not start) a focus for ``stack``.

        Args:
            stack: The running Prosody (with ``focus.<domain>`` as an external component).
            not_ready_answers: How many conference requests per room get ``ready="false"``.
            jingle_timeout: Seconds before an unanswered offer counts as ``timeout``.
            idle_leave: Seconds the focus stays in a room with no member (a grace period, so a
                request answered just before the last member left still finds the room).
            initial_timeout: Seconds the focus waits in a room nobody is in for the member
                whose request it answered (jicofo's ``initial-timeout``).
            hidden_domain: Members logged in on this domain are bots (never made owner).
            authentication: Act like jicofo with authentication on: every authenticated member
                becomes owner, nobody by auto-owner.
            login_domain: The domain of authenticated logins (default: the stack's domain).
        """
        self.stack = stack
        self.not_ready_answers = not_ready_answers
        self.jingle_timeout = jingle_timeout
        self.idle_leave = idle_leave
        self.initial_timeout = initial_timeout
        self.hidden_domain = hidden_domain or f"hidden.{stack.domain}"
        self.component_jid = f"focus.{stack.domain}"
        self.authentication = authentication
        self.login_domain = login_domain or stack.domain
        self._machine_uid_senders: set[str] = set()
        self._lock = threading.Lock()
        self._offers: list[JingleOffer] = []
        self._received: list[JingleReceived] = []
        self._requests: list[ConferenceRequest] = []
        self._mutes: list[MuteRequest] = []
        self._not_ready_left: dict[str, int] = {}
        self._rooms: dict[str, _Room] = {}
        self._seq = itertools.count()
        self._tasks: set[asyncio.Future[None]] = set()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._component: ComponentXMPP | None = None
        self._client: WebSocketXMPP | None = None
        self.startup_seconds: float | None = None
        """How long :meth:`start` took until both connections were up."""

    # -- records (any thread) ------------------------------------------------------------------

    @property
    def offers(self) -> list[JingleOffer]:
        """Every Jingle offer sent so far (copies), oldest first."""
        with self._lock:
            return [
                JingleOffer(
                    o.room,
                    o.nick,
                    o.participant_jid,
                    o.sid,
                    o.bridge_session,
                    o.outcome,
                    o.condition,
                )
                for o in self._offers
            ]

    @property
    def jingle_received(self) -> list[JingleReceived]:
        """Jingle IQs members sent to the focus, oldest first."""
        with self._lock:
            return list(self._received)

    @property
    def requests(self) -> list[ConferenceRequest]:
        """Conference requests received, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def mutes(self) -> list[MuteRequest]:
        """Mute IQs judged so far, oldest first."""
        with self._lock:
            return list(self._mutes)

    def terminate(self, room: str, nick: str) -> None:
        """End ``room/nick``'s Jingle session as jicofo does on a timeout (PROTOCOL.md §2.4).

        The member stays in the MUC but is no jicofo participant any more, so its mute requests
        fail with ``internal-server-error`` until a new offer (after a rejoin) was acked.
        """
        loop = self._loop
        if loop is None:
            raise StackError("the focus is not running")
        loop.call_soon_threadsafe(self._terminate, room.lower(), nick)

    def offers_to(self, room: str, nick: str) -> list[JingleOffer]:
        """The offers sent to ``room/nick``."""
        return [o for o in self.offers if o.room == room.lower() and o.nick == nick]

    def answer_not_ready(self, room: str, times: int = 1) -> None:
        """Answer the next ``times`` conference requests for ``room`` with ``ready="false"``."""
        with self._lock:
            self._not_ready_left[room.lower()] = times

    def owners(self, room: str) -> set[str]:
        """The nicks of the owners of ``room`` (a bare JID) as the focus sees them now."""
        with self._lock:
            found = self._rooms.get(room.lower())
            members = list(found.members.values()) if found is not None else []
        return {m.nick for m in members if m.affiliation == "owner"}

    def occupied_rooms(self) -> set[str]:
        """The rooms the focus sits in right now."""
        with self._lock:
            return set(self._rooms)

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait (from any event loop) until ``condition()`` is truthy; return its value.

        Raises:
            TimeoutError: It stayed false for ``timeout`` seconds.
        """
        # A record kept by another thread: no event of the caller's loop announces changes.
        return await wait_until(condition, timeout, "focus condition")

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> None:
        """Connect the component and the focus client in a background thread.

        Raises:
            StackError: One of them did not come up within ``timeout`` seconds.
        """
        began = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="focus", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout) or self._failure is not None:
            self.stop()
            raise StackError(f"the focus stand-in did not start: {self._failure or 'timeout'}")
        self.startup_seconds = time.monotonic() - began
        log.info("focus ready in %.2f s", self.startup_seconds)

    def stop(self, timeout: float = 5.0) -> None:
        """Disconnect both connections and end the thread."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported to start(); the thread must not die silently
            log.exception("focus stand-in failed")
            self._failure = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        component: Any = ComponentXMPP(  # type: ignore[no-untyped-call]
            self.component_jid,
            self.stack.component_secret,
            host="127.0.0.1",
            port=self.stack.component_port,
        )
        component.register_handler(
            CoroutineCallback(
                "focus conference",
                MatchXPath(f"{{jabber:component:accept}}iq/{{{FOCUS_NS}}}conference"),
                self._on_conference,
            )
        )
        client = WebSocketXMPP(
            f"{self.stack.focus_jid}/focus",
            self.stack.focus_password,
            endpoint=self.stack.ws_url,
        )
        client.add_event_handler("presence", self._on_presence)
        client.register_handler(
            Callback(
                "focus jingle",
                MatchXPath(f"{{jabber:client}}iq/{{{JINGLE_NS}}}jingle"),
                self._on_jingle,
            )
        )
        for media in MUTE_MEDIA:
            client.register_handler(
                Callback(
                    f"focus mute {media}",
                    MatchXPath(f"{{jabber:client}}iq/{{{MUTE_NS}{media}}}mute"),
                    self._on_mute,
                )
            )
        client.register_handler(
            Callback(
                "focus av moderation",
                MatchXPath(f"{{jabber:client}}message/{{{JITMEET}}}json-message"),
                self._on_json_message,
            )
        )
        self._component, self._client = component, client
        started = asyncio.get_running_loop().create_future()
        component.add_event_handler(
            "session_start", lambda _e: None if started.done() else started.set_result(None)
        )
        component.connect()
        await asyncio.wait_for(started, 10)
        await client.start_session(timeout=10)
        self._ready.set()
        await self._stop.wait()
        for name in list(self._rooms):
            self._leave(name)
        for xmpp in (client, component):
            if xmpp.is_connected():
                ending = xmpp.disconnected
                xmpp.disconnect()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(ending, 2)

    # -- conference requests (component) ------------------------------------------------------

    async def _on_conference(self, iq: Any) -> None:
        if iq["type"] != "set":
            return
        request: Element = iq.xml.find(f"{{{FOCUS_NS}}}conference")
        room = (request.get("room") or "").lower()
        sender = str(iq["from"])
        uid = request.get("machine-uid") or ""
        domain = room.partition("@")[2]
        if not room or domain not in (self.stack.muc, self.stack.breakout_muc):
            self._record_request(sender, room, uid, "bad-request")
            reply = iq.reply(clear=True)
            reply["error"]["type"] = "modify"
            reply["error"]["condition"] = "bad-request"
            reply["error"]["text"] = "no room, or not a room of this deployment"
            reply.send()
            return
        with self._lock:
            left = self._not_ready_left.setdefault(room, self.not_ready_answers)
            if left > 0:
                self._not_ready_left[room] = left - 1
        if left > 0:
            self._record_request(sender, room, uid, "not-ready")
            self._answer(iq, room, ready=False)
            return
        try:
            await self._ensure_joined(room)
        except (TimeoutError, ConnectionError) as exc:
            condition = getattr(exc, "condition", "") or "internal-server-error"
            self._record_request(sender, room, uid, condition)
            reply = iq.reply(clear=True)
            reply["error"]["type"] = "cancel"
            reply["error"]["condition"] = condition
            reply["error"]["text"] = f"the focus could not join {room}"
            reply.send()
            return
        self._record_request(sender, room, uid, "ready")
        self._answer(iq, room, ready=True)

    def _answer(self, iq: Any, room: str, *, ready: bool) -> None:
        reply = iq.reply(clear=True)
        conference = Element(
            f"{{{FOCUS_NS}}}conference",
            {"room": room, "ready": "true" if ready else "false", "focusjid": self.stack.focus_jid},
        )
        authentication = "true" if self.authentication else "false"
        for name, value in (("authentication", authentication), ("visitors-supported", "false")):
            SubElement(conference, f"{{{FOCUS_NS}}}property", name=name, value=value)
        reply.append(conference)
        reply.send()

    def _record_request(self, sender: str, room: str, uid: str, answer: str) -> None:
        with self._lock:
            self._requests.append(ConferenceRequest(sender, room, uid, answer))
            if uid:
                self._machine_uid_senders.add(sender)

    # -- rooms (client) ------------------------------------------------------------------------

    async def _ensure_joined(self, room_jid: str) -> None:
        room = self._rooms.get(room_jid)
        if room is None:
            assert self._client is not None
            room = _Room(room_jid, asyncio.get_running_loop().create_future())
            with self._lock:
                self._rooms[room_jid] = room
            presence = self._client.make_presence(pto=f"{room_jid}/focus")
            presence.append(Element(f"{{{MUC_NS}}}x"))
            props = Element(f"{{{FOCUS_NS}}}conference-properties")
            SubElement(
                props,
                f"{{{FOCUS_NS}}}property",
                key="created-ms",
                value=str(int(time.time() * 1000)),
            )
            presence.append(props)
            presence.send()
        room.requested_at = time.monotonic()
        if not room.members:
            room.awaiting_first = True
        grace = self.initial_timeout if room.awaiting_first else self.idle_leave
        room.active_until = max(room.active_until, room.requested_at + grace)
        try:
            await asyncio.wait_for(asyncio.shield(room.joined), REPLY_TIMEOUT)
        except BaseException:
            self._drop(room_jid)
            raise
        self._schedule_leave_check(room)

    def _drop(self, room_jid: str) -> None:
        with self._lock:
            room = self._rooms.pop(room_jid, None)
        if room is not None and room.leave_check is not None:
            room.leave_check.cancel()

    def _leave(self, room_jid: str) -> None:
        assert self._client is not None
        self._drop(room_jid)
        if self._client.is_connected():
            self._client.make_presence(pto=f"{room_jid}/focus", ptype="unavailable").send()
        log.info("focus left %s", room_jid)

    def _schedule_leave_check(self, room: _Room) -> None:
        if room.members:
            return
        if room.leave_check is not None:
            room.leave_check.cancel()
        loop = asyncio.get_running_loop()
        delay = max(room.active_until - time.monotonic(), 0.0) + 0.01
        room.leave_check = loop.call_later(delay, self._leave_if_idle, room.jid)

    def _leave_if_idle(self, room_jid: str) -> None:
        room = self._rooms.get(room_jid)
        if room is None or room.members:
            return
        if time.monotonic() < room.active_until:
            self._schedule_leave_check(room)
            return
        self._leave(room_jid)

    def _on_presence(self, presence: Any) -> None:
        elem: Element = presence.xml
        sender = elem.get("from", "")
        room_jid, _, nick = sender.partition("/")
        room = self._rooms.get(room_jid.lower())
        if room is None or not nick:
            return
        kind = elem.get("type")
        if nick == "focus":
            self._on_own_presence(room, elem, kind)
            return
        if kind == "error":
            return
        item = elem.find(f"{MUC_USER}x/{MUC_USER}item")
        if kind == "unavailable":
            self._member_left(room, nick)
            return
        member = room.members.get(nick)
        jid = item.get("jid", "") if item is not None else ""
        role = item.get("role", "") if item is not None else ""
        affiliation = item.get("affiliation", "none") if item is not None else "none"
        if member is None:
            features = {f.get("var") for f in elem.iter("{jabber:client}feature")}
            bot = bool(features & BOT_FEATURES) or jid.partition("/")[0].endswith(
                "@" + self.hidden_domain
            )
            member = _Member(nick, jid, role, affiliation, next(self._seq), bot)
            room.members[nick] = member
            if room.awaiting_first:  # jicofo cancels its initial timeout on the first join
                room.awaiting_first = False
                room.active_until = room.requested_at + self.idle_leave
            if room.leave_check is not None:
                room.leave_check.cancel()
                room.leave_check = None
            self._maybe_offer(room)
        else:
            member.jid, member.role, member.affiliation = jid or member.jid, role, affiliation
        if room.granting and affiliation == "owner" and jid.partition("/")[0] == room.granting:
            room.granting = ""
        self._maybe_elect_owner(room)

    def _on_own_presence(self, room: _Room, elem: Element, kind: str | None) -> None:
        if kind == "error":
            if not room.joined.done():
                error = elem.find("{jabber:client}error")
                condition = ""
                if error is not None and len(error):
                    condition = error[0].tag.rpartition("}")[2]
                room.joined.set_exception(_JoinRefused(condition or "not-allowed"))
            self._drop(room.jid)
        elif kind == "unavailable":
            # The room was destroyed under us (e.g. a removed breakout room). An unavailable
            # that answers our own idle leave may arrive after a new join was sent: keep that.
            if room.joined.done():
                self._drop(room.jid)
        elif not room.joined.done():
            room.joined.set_result(None)

    def _member_left(self, room: _Room, nick: str) -> None:
        member = room.members.pop(nick, None)
        room.offered.discard(nick)
        room.terminated.discard(nick)
        if member is not None and room.granting == member.jid.partition("/")[0]:
            room.granting = ""
        self._maybe_elect_owner(room)
        if not room.members:
            self._schedule_leave_check(room)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)  # keep a reference: the loop only holds weak ones
        task.add_done_callback(self._tasks.discard)

    # -- auto-owner ----------------------------------------------------------------------------

    def _maybe_elect_owner(self, room: _Room) -> None:
        if self.authentication:
            self._grant_authenticated(room)
            return
        if room.jid.partition("@")[2] != self.stack.muc or room.granting:
            return  # jicofo's auto-owner is off in breakout rooms (they mirror the main room)
        people = sorted((m for m in room.members.values() if not m.bot), key=lambda m: m.seq)
        if not people or any(m.affiliation == "owner" for m in people):
            return
        chosen = people[0]
        bare = chosen.jid.partition("/")[0]
        if not bare:
            return
        room.granting = bare
        self._spawn(self._grant_owner(room.jid, bare))

    def _grant_authenticated(self, room: _Room) -> None:
        # jicofo's AuthenticationRoleManager: authenticated = logged in on the login domain and
        # known by a conference request with a machine-uid. Only in main rooms: breakout rooms
        # mirror the main room's affiliations.
        if room.jid.partition("@")[2] != self.stack.muc:
            return
        with self._lock:
            senders = set(self._machine_uid_senders)
        for member in room.members.values():
            bare = member.jid.partition("/")[0]
            if (
                member.bot
                or not bare
                or member.affiliation == "owner"
                or bare in room.granted
                or bare.partition("@")[2] != self.login_domain
                or member.jid not in senders
            ):
                continue
            room.granted.add(bare)
            self._spawn(self._grant_owner(room.jid, bare))

    async def _grant_owner(self, room_jid: str, bare: str) -> None:
        assert self._client is not None
        iq: Any = self._client.make_iq_set(ito=room_jid)
        query = Element(f"{{{MUC_ADMIN_NS}}}query")
        SubElement(query, f"{{{MUC_ADMIN_NS}}}item", affiliation="owner", jid=bare)
        iq.append(query)
        try:
            await iq.send(timeout=REPLY_TIMEOUT)
            log.info("focus made %s owner of %s", bare, room_jid)
        except (IqError, IqTimeout) as exc:
            log.warning("focus could not make %s owner of %s: %s", bare, room_jid, exc)
            room = self._rooms.get(room_jid)
            if room is not None and room.granting == bare:
                room.granting = ""
            if room is not None:
                room.granted.discard(bare)

    # -- Jingle --------------------------------------------------------------------------------

    def _maybe_offer(self, room: _Room) -> None:
        if len(room.members) < 2:
            return
        for member in list(room.members.values()):
            if member.nick not in room.offered:
                room.offered.add(member.nick)
                self._spawn(self._offer(room.jid, member))

    async def _offer(self, room_jid: str, member: _Member) -> None:
        assert self._client is not None
        offer = JingleOffer(
            room=room_jid,
            nick=member.nick,
            participant_jid=member.jid,
            sid=secrets.token_hex(6),
            bridge_session=secrets.token_hex(8),
        )
        with self._lock:
            self._offers.append(offer)
        iq: Any = self._client.make_iq_set(ito=f"{room_jid}/{member.nick}")
        jingle = Element(
            f"{{{JINGLE_NS}}}jingle",
            {
                "action": "session-initiate",
                "sid": offer.sid,
                "initiator": str(self._client.boundjid),
            },
        )
        SubElement(jingle, "{urn:xmpp:jingle:apps:grouping:0}group", semantics="BUNDLE")
        SubElement(jingle, f"{{{FOCUS_NS}}}bridge-session", id=offer.bridge_session, region="test")
        SubElement(
            jingle, "{http://jitsi.org/jitmeet/start-muted}startmuted", audio="false", video="false"
        )
        iq.append(jingle)
        outcome: Outcome
        condition = ""
        try:
            await iq.send(timeout=self.jingle_timeout)
            outcome = "result"
        except IqError as exc:
            outcome, condition = "error", str(exc.condition)
        except IqTimeout:
            outcome = "timeout"
        with self._lock:
            offer.outcome, offer.condition = outcome, condition
        log.debug("offer to %s/%s: %s %s", room_jid, member.nick, outcome, condition)

    def _on_jingle(self, iq: Any) -> None:
        if iq["type"] != "set":
            return
        jingle = iq.xml.find(f"{{{JINGLE_NS}}}jingle")
        sender = str(iq["from"])
        room, _, nick = sender.partition("/")
        with self._lock:
            self._received.append(
                JingleReceived(room.lower(), nick, jingle.get("action", ""), jingle.get("sid", ""))
            )
        iq.reply(clear=True).send()

    # -- mute (jicofo's MuteIqHandler + handleMuteRequest) --------------------------------------

    def _is_participant(self, room: _Room, nick: str) -> bool:
        """A jicofo participant: offered a session that it did not refuse, and not terminated."""
        if nick not in room.offered or nick in room.terminated:
            return False
        with self._lock:
            mine = [o for o in self._offers if o.room == room.jid and o.nick == nick]
        # jicofo creates the Participant when it invites: an offer on its way counts
        return not mine or mine[-1].outcome != "error"

    def _judge_mute(self, room: _Room, muter: str, target: str, media: str, mute: bool) -> None:
        """Raise :class:`_MuteRefused` with jicofo's answer unless the mute may go ahead."""
        sender = f"{room.jid}/{muter}"
        if not self._is_participant(room, muter):
            raise _MuteRefused("internal-server-error", "muter participant not found")
        member = room.members[muter]
        if target != sender and member.role != "moderator":
            raise _MuteRefused("not-allowed", "mute not allowed for a non-moderator")
        target_room, _, target_nick = target.partition("/")
        if target_room.lower() != room.jid or not self._is_participant(room, target_nick):
            raise _MuteRefused("internal-server-error", "participant to be muted not found")
        if not mute:
            if target != sender:
                raise _MuteRefused("not-allowed", "nobody may unmute someone else")
            allowed = room.av_lists.get(media)
            if allowed is not None and member.role != "moderator" and sender not in allowed:
                raise _MuteRefused("not-allowed", "unmute not allowed by AV moderation")
        if room.members[target_nick].bot:
            raise _MuteRefused("not-allowed", "jibri and jigasi are never force-muted")

    def _on_mute(self, iq: Any) -> None:
        if iq["type"] != "set":
            return
        elem: Element = iq.xml
        mute = next((c for c in elem if c.tag.rpartition("}")[2] == "mute"), None)
        assert mute is not None  # the matcher found one
        media = mute.tag.partition("}")[0].rpartition("/")[2]
        sender = str(iq["from"])
        room_jid, _, muter = sender.partition("/")
        target = mute.get("jid", "")
        text = (mute.text or "").strip().lower()
        room = self._rooms.get(room_jid.lower())
        try:
            if not target or text not in ("true", "false"):
                raise _MuteRefused("bad-request", "mute request missing required fields")
            if room is None:
                raise _MuteRefused("item-not-found", "unknown conference")
            self._judge_mute(room, muter, target, media, text == "true")
        except _MuteRefused as refused:
            self._record_mute(
                room_jid, muter, target, media, text == "true", refused.condition, refused.text
            )
            reply = iq.reply(clear=True)
            reply["error"]["type"] = "cancel"
            reply["error"]["condition"] = refused.condition  # jicofo sends no text
            reply.send()
            return
        self._record_mute(room_jid, muter, target, media, text == "true", "result")
        iq.reply(clear=True).send()
        if target != sender:  # a remote mute: tell the target, as jicofo does
            self._send_mute(target, media, actor=sender)

    def _send_mute(self, target: str, media: str, *, actor: str = "") -> None:
        assert self._client is not None
        iq: Any = self._client.make_iq_set(ito=target)
        mute = Element(f"{{{MUTE_NS}{media}}}mute", {"actor": actor} if actor else {})
        mute.text = "true"
        iq.append(mute)
        self._spawn(self._send_quietly(iq))

    async def _send_quietly(self, iq: Any) -> None:
        with contextlib.suppress(IqError, IqTimeout):
            await iq.send(timeout=self.jingle_timeout)

    def _record_mute(
        self,
        room: str,
        muter: str,
        target: str,
        media: str,
        mute: bool,
        answer: str,
        why: str = "",
    ) -> None:
        with self._lock:
            self._mutes.append(MuteRequest(room.lower(), muter, target, media, mute, answer, why))
        log.info("mute %s %s by %s in %s: %s %s", media, target, muter, room, answer, why)

    def _terminate(self, room_jid: str, nick: str) -> None:
        room = self._rooms.get(room_jid)
        if room is None or self._client is None:
            return
        room.terminated.add(nick)
        with self._lock:
            mine = [o for o in self._offers if o.room == room_jid and o.nick == nick]
        if not mine:
            return
        iq: Any = self._client.make_iq_set(ito=f"{room_jid}/{nick}")
        jingle = Element(
            f"{{{JINGLE_NS}}}jingle", {"action": "session-terminate", "sid": mine[-1].sid}
        )
        SubElement(SubElement(jingle, f"{{{JINGLE_NS}}}reason"), f"{{{JINGLE_NS}}}expired")
        iq.append(jingle)
        self._spawn(self._send_quietly(iq))

    # -- AV moderation (jicofo's AvModerationHandler) -----------------------------------------

    def _on_json_message(self, message: Any) -> None:
        elem: Element = message.xml
        if elem.get("from", "") != f"avmoderation.{self.stack.domain}":
            return
        try:
            payload = json.loads(elem.findtext(f"{{{JITMEET}}}json-message") or "")
        except ValueError:
            return
        if not isinstance(payload, dict) or payload.get("type") != "av_moderation":
            return
        room = self._rooms.get(str(payload.get("room", "")).lower())
        media = str(payload.get("mediaType", ""))
        if room is None or media not in MUTE_MEDIA:
            return
        lists = payload.get("whitelists")
        if isinstance(lists, dict):
            for kind, jids in lists.items():
                if kind in room.av_lists and isinstance(jids, list):
                    room.av_lists[kind] = {str(j) for j in jids}
        enabled = payload.get("enabled")
        if enabled is False:
            room.av_lists.pop(media, None)
        elif enabled is True and media not in room.av_lists:
            room.av_lists[media] = set()
            actor = str(payload.get("actor", ""))
            log.info("%s moderation on in %s by %s: muting the others", media, room.jid, actor)
            for member in list(room.members.values()):
                occupant = f"{room.jid}/{member.nick}"
                if member.bot or occupant == actor or not self._is_participant(room, member.nick):
                    continue
                self._send_mute(occupant, media)


class _JoinRefused(ConnectionError):
    """The MUC refused the focus's join (e.g. an unregistered breakout room)."""

    def __init__(self, condition: str) -> None:
        super().__init__(f"join refused: {condition}")
        self.condition = condition


@dataclass(frozen=True, slots=True)
class JitsiStack:
    """The Prosody test stack with its jicofo stand-in running: what ``jitsi_stack`` yields."""

    prosody: ProsodyStack
    focus: Focus


class _MuteRefused(Exception):
    def __init__(self, condition: str, text: str) -> None:
        super().__init__(text)
        self.condition = condition
        self.text = text
