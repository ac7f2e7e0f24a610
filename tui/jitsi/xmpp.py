"""A slixmpp client that connects over RFC 7395 WebSocket instead of TCP: :class:`WebSocketXMPP`.

Everything above the transport is stock slixmpp (SASL, bind, plugins, XEP-0198); only the
connection attempt is replaced: instead of DNS lookups and ``loop.create_connection`` it opens
the WebSocket (``tui.jitsi.websocket``) and hands the shim transport to slixmpp's protocol
methods. The URL is rebuilt on every attempt, so a reconnect can carry a new ``previd``.

It also owns the presence lane of the transport (``tui.jitsi.websocket``): with
:attr:`WebSocketXMPP.presence_lane` set, a frame that is a plain room presence goes straight to
that handler instead of through slixmpp, using only slixmpp's public surface (``xml_depth``,
``plugin``, ``event_handled``, ``JID``). See :meth:`WebSocketXMPP.presence_frame` for when.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from slixmpp import JID, ClientXMPP, InvalidJID
from slixmpp.exceptions import IqTimeout

from tui.jitsi.keepalive import PING_INTERVAL, PING_TIMEOUT, Keepalive
from tui.jitsi.lane_frames import PresenceReader, whole_elements
from tui.jitsi.websocket import (
    WebSocketError,
    WebSocketTransport,
    build_url,
    open_websocket,
    redact_url,
)

log = logging.getLogger(__name__)

MAX_UNCHECKED = 1 << 20
"""Characters of frames given to slixmpp that may wait for the lane's boundary check."""


class SessionStartError(ConnectionError):
    """The XMPP session did not start; ``str()`` is one sentence for the user."""


class LoginRefused(SessionStartError):
    """The server refused the login (SASL failure): retrying the same way will not help."""


class WebSocketXMPP(ClientXMPP):
    """A ``ClientXMPP`` whose connection is an XMPP WebSocket (``?room=…`` and friends).

    ``jid`` is the bare XMPP domain for SASL ANONYMOUS (or ``user@domain`` with a password).
    ``connect()`` works as in slixmpp but opens :attr:`url`; a failure fires
    ``connection_failed`` with a :class:`~tui.jitsi.websocket.WebSocketError` and, unless
    ``retry`` was asked for, gives up (the session layer decides about reconnecting).
    """

    def __init__(
        self,
        jid: str,
        password: str = "",
        *,
        endpoint: str,
        room: str | None = None,
        token: str | None = None,
        prefix: str | None = None,
        origin: str | None = None,
        insecure: bool = False,
        connect_timeout: float = 10.0,
        retry: bool = False,
        self_reconnect: bool = True,
        ping_interval: float = PING_INTERVAL,
        ping_timeout: float = PING_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        """Configure the client; nothing is opened until ``connect()``.

        Args:
            jid: ``domain`` for anonymous login, ``user@domain`` for a password account.
            password: Empty for SASL ANONYMOUS.
            endpoint: ``wss://HOST[/TENANT]/xmpp-websocket``.
            room: The main room's name, sent as ``?room=``.
            token: A JWT, sent as ``?token=`` (never logged).
            prefix: The tenant as ``?prefix=``, only when talking to Prosody directly.
            origin: The ``Origin`` header; derived from ``endpoint`` by default.
            insecure: Skip TLS certificate verification (test servers only).
            connect_timeout: Seconds allowed for opening the WebSocket.
            retry: Keep retrying with slixmpp's back-off after a failed attempt.
            self_reconnect: :meth:`reconnect` (which the keepalive calls when a ping went
                unanswered in silence, :mod:`tui.jitsi.keepalive`) opens a new stream on this
                client; ``False``: it only closes the stream, and the owner, told by
                ``disconnected``, rejoins with a new client.
            ping_interval: Seconds between XEP-0199 keepalive pings.
            ping_timeout: Seconds to wait for a ping answer; unanswered while nothing else
                arrived, the connection counts as lost.
            **kwargs: Passed on to ``ClientXMPP``.
        """
        super().__init__(jid, password, **kwargs)
        self.endpoint = endpoint
        self.room = room
        self.token = token
        self.prefix = prefix
        self.previd: str | None = None
        """XEP-0198 id to resume; set it before a reconnect that should resume."""
        self.origin = origin
        self.insecure = insecure
        self.connect_timeout = connect_timeout
        self.retry = retry
        self.self_reconnect = self_reconnect
        self.last_error: WebSocketError | None = None
        """Why the last connection attempt failed."""
        self.transport_shim: WebSocketTransport | None = None
        """The current connection's transport, if any."""
        self.presence_lane: Callable[[Element], bool] | None = None
        """Takes a plain presence element (``True``) or leaves it to slixmpp (``False``)."""
        self._lane_open = False  # from a stream's start until slixmpp begins to close it
        # Frames given to slixmpp since the lane last made sure its parser is between stanzas;
        # a stream that ever left it inside one (a frame cut short) loses the lane for good.
        self._unchecked: list[str] = []
        self._unchecked_size = 0
        self._lane_broken = False
        self._lane_reader = PresenceReader()  # one parser for the stream's presence frames
        self._valid_to: str | None = None  # the last ``to`` of a presence that is a valid JID
        # No TCP, no STARTTLS: TLS comes from wss://. A bare space is no valid frame, and
        # slixmpp 1.17 schedules whitespace keepalives even when this flag is off (see
        # _start_keepalive below), so both are switched off.
        self.whitespace_keepalive = False
        self.enable_starttls = False
        self.enable_direct_tls = False
        self.enable_plaintext = True
        self.register_plugin("xep_0030")
        # Our own keepalive, not slixmpp's (which reconnects on any unanswered ping, however
        # busily the server is sending): see tui.jitsi.keepalive.
        self.register_plugin("xep_0199", {"keepalive": False})
        self.keepalive = Keepalive(
            self._ping,
            lambda reason: self.reconnect(0.0, reason),
            interval=ping_interval,
            timeout=ping_timeout,
        )
        self._pinging: asyncio.Task[None] | None = None
        self.add_event_handler("session_start", self._start_pinging)
        self.add_event_handler("session_resumed", self._start_pinging)
        self.add_event_handler("disconnected", self._stop_pinging)
        self.plugin["feature_mechanisms"].security_callback = self._sasl_security

    @property
    def url(self) -> str:
        """The WebSocket URL of the next connection attempt (contains the token: never log)."""
        return build_url(
            self.endpoint, room=self.room, token=self.token, previd=self.previd, prefix=self.prefix
        )

    @property
    def domain(self) -> str:
        """The XMPP domain named in ``<open to=…>``."""
        return str(self.requested_jid.domain)

    async def start_session(self, timeout: float = 20.0) -> None:
        """Connect and wait until the session runs (bound, ``session_start`` fired).

        Raises:
            WebSocketError: The WebSocket could not be opened (one sentence).
            SessionStartError: Authentication failed, or no session within ``timeout``.
        """
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[BaseException | None] = loop.create_future()

        def settle(result: BaseException | None) -> None:
            if not outcome.done():
                outcome.set_result(result)

        def on_failed(error: Any) -> None:
            settle(error if isinstance(error, BaseException) else WebSocketError(str(error)))

        refusals: list[str] = []

        def on_auth_failed(stanza: Any) -> None:
            refusals.append(str(stanza["text"] or stanza["condition"] or "rejected"))

        def on_all_auth_failed(_event: Any) -> None:
            why = refusals[-1] if refusals else "no login method both sides accept"
            settle(LoginRefused(f"the server refused the login: {why}"))

        def on_disconnected(reason: Any) -> None:
            settle(SessionStartError(f"the server closed the connection: {reason or 'no reason'}"))

        handlers = {
            "session_start": lambda _event: settle(None),
            "connection_failed": on_failed,
            "failed_auth": on_auth_failed,
            "failed_all_auth": on_all_auth_failed,
            "disconnected": on_disconnected,
        }
        for name, handler in handlers.items():
            self.add_event_handler(name, handler)
        try:
            self.connect()
            try:
                error = await asyncio.wait_for(outcome, timeout)
            except TimeoutError:
                await self.hang_up()
                raise SessionStartError(
                    f"no XMPP session within {timeout:g} s on {self.transport_url()}"
                ) from None
        finally:
            for name, handler in handlers.items():
                self.del_event_handler(name, handler)
        if error is not None:
            await self.hang_up()
            raise error

    async def hang_up(self) -> None:
        """Close the stream (if any), wait, bounded, until the socket is gone, and stop tasks.

        After this the client is finished with: its outgoing-stanza task, which slixmpp keeps
        running for a later ``connect()``, is cancelled too, so an abandoned client (a
        reconnect builds a new one) leaves no task pending.
        """
        if not self.is_connected():
            self.cancel_connection_attempt()
        else:
            ending = self.disconnected
            self.disconnect(wait=2.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(ending), 5.0)
        filters = self._run_out_filters
        if filters is not None and not filters.done():
            filters.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await filters

    def reconnect(self, wait: float = 2.0, reason: str = "Reconnecting") -> None:
        """Reopen the stream, or only close it when the owner rejoins (``self_reconnect``).

        The keepalive calls this when a ping goes unanswered in silence. Rejoining a Jitsi
        meeting needs more than a new stream (new nick, conference request, MUC join), so the live
        gateway turns ``self_reconnect`` off and does the rest itself.
        """
        if self.self_reconnect:
            super().reconnect(wait, reason)
            return
        log.info("closing the connection: %s", reason)
        self.disconnect(wait, reason)

    def transport_url(self) -> str:
        """The current URL with secrets redacted (for messages)."""
        return redact_url(self.url)

    def presence_frame(self, frame: str) -> bool:
        """The transport's lane: hand a plain presence frame to :attr:`presence_lane`.

        A frame is taken only when skipping slixmpp changes nothing anyone reads:

        * the stream is open and slixmpp's parser is between stanzas: ``xml_depth`` is 1, and
          the frames it was given since the lane last looked were whole elements
          (:func:`~tui.jitsi.lane_frames.whole_elements`; checked when a presence comes, so a
          join storm costs nothing extra). One frame that was not — say a stanza cut short,
          which slixmpp would join to the next frame — ends the lane for this stream. And
          slixmpp has not begun to close the stream (a parse error, ``</stream:stream>``, a
          hang-up): from then on every frame meets its broken or closing parser, as before;
        * the frame is one whole ``<presence>`` (:func:`~tui.jitsi.lane_frames.presence_element`,
          read by the stream's :class:`~tui.jitsi.lane_frames.PresenceReader`)
          with no ``type`` or ``type="unavailable"``: errors, subscription requests and probes
          keep slixmpp's stanza objects and replies;
        * its ``from`` and ``to`` are valid JIDs (slixmpp drops a presence whose are not);
        * XEP-0198 is not loaded (it counts every stanza slixmpp handles: the ack would lie);
        * exactly one handler listens to slixmpp's ``presence`` event (the one that set the
          lane), so no other listener misses it. slixmpp's own roster bookkeeping of MUC
          occupants is skipped: nothing reads it, and it grew by every occupant.

        The handler may still decline (a presence from a domain it does not watch), and then
        slixmpp gets the frame as usual. Every frame passes through here, taken or not.
        """
        self.keepalive.heard()
        if self._takes(frame):
            return True
        if not self._lane_broken:  # also before a lane is set: login frames count too
            self._unchecked.append(frame)
            self._unchecked_size += len(frame)
            if self._unchecked_size > MAX_UNCHECKED:
                self._between_stanzas()  # bounded: check now rather than hold more
        return False

    def _takes(self, frame: str) -> bool:
        take = self.presence_lane
        if (
            take is None
            or not self._lane_open
            or self._lane_broken
            or self.xml_depth != 1
            # PluginManager has no __contains__: "in" would walk every plugin name
            or self.plugin.get("xep_0198", None) is not None
            or self.event_handled("presence") != 1
        ):
            return False
        element = self._lane_reader.presence(frame)
        if element is None or element.get("type") not in (None, "unavailable"):
            return False
        to = element.get("to", "")
        try:
            JID(element.get("from", ""))
            if to != self._valid_to:  # every presence is addressed to us: check it once
                JID(to)
                self._valid_to = to
        except InvalidJID:
            return False
        if not self._between_stanzas():
            return False
        try:
            return take(element)
        except Exception:
            # slixmpp logs a failing handler and reads on; the lane must not end the stream
            log.exception("the presence handler failed")
            return True

    def _between_stanzas(self) -> bool:
        if self._unchecked:
            text = "".join(self._unchecked)
            self._unchecked.clear()
            self._unchecked_size = 0
            if not whole_elements(text):
                log.warning("a frame was not a whole element; presences take slixmpp's path")
                self._lane_broken = True
        return not self._lane_broken

    # -- slixmpp hooks --------------------------------------------------------------------------

    def connection_made(self, transport: Any, send_event: bool = True) -> None:
        """A new stream begins: the presence lane may take frames again."""
        super().connection_made(transport, send_event)
        self._lane_open = True
        self._lane_broken = False
        self._lane_reader = PresenceReader()
        self._unchecked.clear()
        self._unchecked_size = 0

    def disconnect(
        self, wait: float | int = 2.0, reason: str | None = None, ignore_send_queue: bool = False
    ) -> Any:
        """Close the stream; the lane closes first (slixmpp calls this on a parse error too)."""
        self._lane_open = False
        return super().disconnect(wait, reason, ignore_send_queue)

    def abort(self) -> None:
        """Drop the connection (slixmpp does on ``</stream:stream>``); the lane closes."""
        self._lane_open = False
        super().abort()

    def connection_lost(self, exception: BaseException | None) -> None:
        """The transport is gone; so is the lane until the next stream."""
        self._lane_open = False
        super().connection_lost(exception)

    async def _connect_loop(self) -> None:
        """One WebSocket attempt per round, instead of DNS records and TCP services."""
        if self._connect_loop_wait > 0:
            self.event("reconnect_delay", self._connect_loop_wait)
            await asyncio.sleep(self._connect_loop_wait)
        if await self._attempt_connection("", 0, False, None):
            return
        if self.retry and self._current_connection_attempt is not None:
            self.reschedule_connection_attempt()
        else:
            self._current_connection_attempt = None

    async def _attempt_connection(
        self, host: str, port: int, tls: bool, server_hostname: str | None
    ) -> bool:
        """Open the WebSocket and attach slixmpp to it (``host``/``port`` are unused)."""
        self.event_when_connected = "connected"
        self._connect_loop_wait += 1
        if self._current_connection_attempt is None:
            return False
        url = self.url
        try:
            session, ws = await open_websocket(
                url, origin=self.origin, insecure=self.insecure, timeout=self.connect_timeout
            )
        except WebSocketError as exc:
            log.info("%s", exc)
            self.last_error = exc
            self.event("connection_failed", exc)
            return False
        self._connect_loop_wait = 0
        self.last_error = None
        self.transport_shim = WebSocketTransport(
            self, session, ws, domain=self.domain, url=url, lane=self.presence_frame
        )
        self.transport_shim.start()
        return True

    def _start_pinging(self, _event: Any = None) -> None:
        self._stop_pinging()
        self.keepalive.heard()  # the session just started: that was the server talking
        self._pinging = asyncio.ensure_future(self.keepalive.run())

    def _stop_pinging(self, _event: Any = None) -> None:
        if self._pinging is not None:
            self._pinging.cancel()
            self._pinging = None

    async def _ping(self, timeout: float) -> None:
        try:
            await self.plugin["xep_0199"].ping(JID(self.boundjid.host), timeout=timeout)
        except IqTimeout:
            raise TimeoutError(f"no answer to a ping within {timeout:g} s") from None

    def _start_keepalive(self, event: Any) -> None:
        """Never send whitespace keepalives: XEP-0199 pings keep the session alive instead."""

    def _sasl_security(self, values: set[str]) -> dict[str, Any]:
        """SASL policy: ``wss://`` counts as encrypted; SCRAM is fine on plain ``ws://``.

        PLAIN stays refused on ``ws://`` (it would send the password in clear text); SCRAM never
        reveals the password, and loopback test servers use ``ws://``.
        """
        plugin = self.plugin["feature_mechanisms"]
        result: dict[str, Any] = plugin._default_security(values)  # type: ignore[no-untyped-call]
        if "encrypted" in values:
            result["encrypted"] = self.endpoint.startswith("wss://")
        if "unencrypted_scram" in values:
            result["unencrypted_scram"] = True
        return result
