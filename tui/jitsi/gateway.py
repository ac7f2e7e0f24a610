"""The live gateway: a real Jitsi Meet conference behind the console's gateway interface.

:class:`LiveGateway` chains the pieces: ``config.js`` discovery → credentials (anonymous,
password, JWT) → XMPP over WebSocket with ``?room=`` → :class:`~tui.jitsi.client.JitsiClient`
(components, jicofo, MUC join). Every failure of the first join becomes one
:class:`~tui.model.gateway.ConnectError` sentence and a ``DISCONNECTED`` event.

Once joined, a lost connection (a dropped WebSocket, unanswered keepalive pings, a restarted
Prosody) is rejoined from scratch with back-off (:mod:`tui.jitsi.reconnect`): fresh credentials
(a minted JWT is minted again, so it never expires under us), a new stream and nick, the
conference request, the MUC join and component discovery. The state reads ``RECONNECTING``
with the attempt and the next try throughout. XEP-0198 resumption is not attempted: Prosody
resumes only a session of the same username, and anonymous and token logins get a new one on
every connection (PROTOCOL.md §6; README "Reliability").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tui.config.secret import Secret
from tui.config.settings import Settings, server_overrides
from tui.jitsi.auth import AuthError, Prompt, resolve_credentials
from tui.jitsi.client import ClientSettings, JitsiClient
from tui.jitsi.discovery import Deployment, DiscoveryError, MeetingUrl, discover
from tui.jitsi.join_errors import JoinError
from tui.jitsi.keepalive import PING_INTERVAL, PING_TIMEOUT
from tui.jitsi.reconnect import Backoff, verdict
from tui.jitsi.websocket import WebSocketError
from tui.jitsi.xmpp import LoginRefused, SessionStartError, WebSocketXMPP
from tui.model.commands import Command
from tui.model.conference import Conference, ConnectionState
from tui.model.events import CommandFailed, ConnectionChanged, Event
from tui.model.gateway import ConnectError, DialInSources, EventSink, InviteSource
from tui.redact import REDACTOR

log = logging.getLogger(__name__)


REFUSAL_CONDITIONS = frozenset({"not-authorized", "forbidden"})
"""Join errors that mean "you may not", counted towards giving up (PROTOCOL.md §6)."""


class LiveGateway:
    """One live Jitsi meeting, joined as a media-less moderator console."""

    def __init__(
        self,
        meeting: MeetingUrl,
        settings: Settings,
        *,
        prompt: Prompt | None = None,
        backoff: Backoff | None = None,
        keepalive: tuple[float, float] = (PING_INTERVAL, PING_TIMEOUT),
    ) -> None:
        """Prepare to join ``meeting``; nothing touches the network before :meth:`connect`.

        Args:
            meeting: The parsed meeting URL.
            settings: Config file, environment and flags, merged.
            prompt: Asks for a missing password; ``None`` inside the full-screen UI, where the
                command line has already asked.
            backoff: Delays between reconnect attempts (default 1, 2, 4 … 30 s with jitter).
            keepalive: Seconds between XEP-0199 pings, and to wait for each answer; a ping
                unanswered while nothing else arrived counts as a lost connection.
        """
        self.meeting = meeting
        self.settings = settings
        self.prompt = prompt
        self.deployment: Deployment | None = None
        self.xmpp: WebSocketXMPP | None = None
        self.client: JitsiClient | None = None
        """The joined client; ``None`` while (re)joining, so sends fail at once."""
        self.rejoins = 0
        """Successful rejoins after a lost connection (shown in logs, counted by tests)."""
        self._backoff = backoff or Backoff()
        self._keepalive = keepalive
        self._sink: EventSink | None = None
        self._gate: _Gate | None = None
        self._live = False  # joined and watching for a lost connection
        self._leaving = False
        self._refusals = 0
        self._lost: asyncio.Future[str] | None = None  # set when the stream dies while joining
        self._reconnecting: asyncio.Task[None] | None = None

    @property
    def title(self) -> str:
        """The meeting URL (never with a token)."""
        return str(self.meeting)

    def initial(self) -> Conference:
        """The meeting before joining: its main room, empty, not yet connected."""
        return Conference.empty(self.meeting.backend_room, "", name=self.meeting.room)

    async def connect(self, sink: EventSink) -> None:
        """Discover, log in, join; raises :class:`ConnectError` with one sentence on failure."""
        await self._hang_up()  # a retry after an end or a kick: the old stream is done with
        self._sink = sink
        self._leaving = False
        sink(ConnectionChanged(ConnectionState.CONNECTING, f"reading {self.meeting.base_url}"))
        try:
            await self._join(sink, ConnectionState.CONNECTING)
        except (DiscoveryError, AuthError, WebSocketError, SessionStartError) as exc:
            await self._fail(sink, ConnectError(str(exc)))
        except JoinError as exc:
            locked = exc.condition == "not-authorized"  # the room wants its password
            await self._fail(
                sink, ConnectError(str(exc), exc.next_step, needs_room_password=locked)
            )

    def set_room_password(self, password: str) -> None:
        """Join locked meetings with ``password`` from the next attempt on."""
        auth = replace(self.settings.auth, room_password=Secret(password))
        self.settings = replace(self.settings, auth=auth)

    def invite_source(self) -> InviteSource:
        """The meeting URL, the dial-in services once ``config.js`` was read, the config file."""
        deployment = self.deployment
        dial_in = None
        if deployment is not None:
            numbers, code = deployment.dial_in_numbers_url, deployment.dial_in_conf_code_url
            if numbers and code and deployment.muc_domain:
                dial_in = DialInSources(
                    numbers,
                    code,
                    deployment.muc_domain,
                    verify_tls=not self.settings.server.insecure,
                )
        return InviteSource(self.title, dial_in, self.settings.config_path)

    async def _fail(self, sink: EventSink, error: ConnectError) -> None:
        log.error("%s", error)
        await self._hang_up()
        sink(ConnectionChanged(ConnectionState.DISCONNECTED, str(error)))
        raise error

    async def _join(self, sink: EventSink, state: ConnectionState) -> None:
        """One whole join: credentials, stream, client, conference, MUC; ``CONNECTED`` after."""
        server = self.settings.server
        deployment = self.deployment
        if deployment is None:
            deployment = await discover(
                self.meeting,
                server_overrides(server),
                timeout=server.timeout,
                insecure=server.insecure,
                allowed_hosts=server.allow_hosts,
            )
            self.deployment = deployment
        room = self.meeting.backend_room
        # Resolved on every join: a minted JWT is minted afresh, so its exp is never near.
        credentials = resolve_credentials(
            self.settings.auth,
            deployment,
            room,
            display_name=self.settings.display.name,
            url_token=self.meeting.token,
            prompt=self.prompt,
        )
        sink(ConnectionChanged(state, "logging in"))
        xmpp = WebSocketXMPP(
            credentials.jid,
            credentials.password.reveal() if credentials.password else "",
            endpoint=deployment.websocket_url,
            room=room,
            token=credentials.token.reveal() if credentials.token else None,
            insecure=server.insecure,
            connect_timeout=server.timeout,
            ping_interval=self._keepalive[0],
            ping_timeout=self._keepalive[1],
            self_reconnect=False,  # a lost stream is rejoined here, from scratch
        )
        self.xmpp = xmpp
        await xmpp.start_session(timeout=max(server.timeout, 10.0))
        sink(ConnectionChanged(state, "joining the meeting"))
        room_password = self.settings.auth.room_password
        if room_password is not None:
            REDACTOR.register(room_password)
        # This connection's events pass only while it is the live one: an old client's late IQ
        # timeout must not fail a command that is held for re-checking after the rejoin.
        gate = _Gate(sink)
        self._gate = gate
        client = JitsiClient(
            xmpp,
            ClientSettings(
                domain=deployment.xmpp_domain,
                muc=deployment.muc_domain,
                room=room,
                focus=deployment.focus_domain,
                hidden_domain=deployment.hidden_domain or "",
                display_name=self.settings.display.name,
                password=room_password.reveal() if room_password else "",
            ),
            gate,
        )
        lost: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._lost = lost
        xmpp.add_event_handler(
            "disconnected", lambda reason: self._on_disconnected(xmpp, client, reason)
        )
        if not xmpp.is_connected():
            raise SessionStartError("the connection closed right after login")
        joining = asyncio.ensure_future(client.join())
        either: list[asyncio.Future[Any]] = [joining, lost]
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not joining.done():
                joining.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await joining
        if not joining.done() or joining.cancelled():
            raise SessionStartError(f"the connection was lost while joining: {lost.result()}")
        joining.result()  # raises the JoinError, if any
        self._lost = None
        self.client = client
        self._live = True
        sink(ConnectionChanged(ConnectionState.CONNECTED))

    def _on_disconnected(self, xmpp: WebSocketXMPP, client: JitsiClient, reason: Any) -> None:
        if xmpp is not self.xmpp or self._sink is None:
            return  # an old stream's late goodbye
        self._close_gate()
        why = str(reason or "the connection closed")
        if not self._live:
            if self._lost is not None and not self._lost.done():
                self._lost.set_result(why)
            return
        self._live = False
        self.client = None
        refusal = verdict(ended=client.ended, login_refusals=0, leaving=self._leaving)
        if client.ended:
            self._sink(ConnectionChanged(ConnectionState.ENDED, client.ended))
        elif refusal:
            return  # leaving: disconnect() reports it
        else:
            log.warning("connection lost (%s); reconnecting", why)
            self._reconnecting = asyncio.ensure_future(self._reconnect(self._sink, why))

    async def _reconnect(self, sink: EventSink, reason: str) -> None:
        """Rejoin from scratch until it works or the policy says stop."""
        self._refusals = 0
        await self._hang_up()  # the lost stream is finished with
        while True:
            stop = verdict(ended="", login_refusals=self._refusals, leaving=self._leaving)
            if stop:
                if not self._leaving:
                    sink(ConnectionChanged(ConnectionState.DISCONNECTED, f"{stop}: {reason}"))
                return
            delay = self._backoff.next_delay()
            attempt = self._backoff.attempt
            sink(
                ConnectionChanged(
                    ConnectionState.RECONNECTING,
                    f"{reason}; attempt {attempt} in {delay:.1f} s",
                )
            )
            await asyncio.sleep(delay)
            if self._leaving:
                return
            sink(ConnectionChanged(ConnectionState.RECONNECTING, f"attempt {attempt}: rejoining"))
            try:
                await self._join(sink, ConnectionState.RECONNECTING)
            except (AuthError, LoginRefused) as exc:
                self._refusals += 1
                reason = str(exc)
            except JoinError as exc:
                self._refusals += exc.condition in REFUSAL_CONDITIONS
                reason = str(exc)
            except (DiscoveryError, WebSocketError, SessionStartError, OSError) as exc:
                reason = str(exc)
            except Exception as exc:  # a bug in one attempt must not end the reconnecting
                log.exception("rejoin attempt %d failed unexpectedly", attempt)
                reason = f"unexpected error: {exc}"
            else:
                self.rejoins += 1
                self._backoff.reset()
                log.info("rejoined after %d attempt(s)", attempt)
                return
            log.info("rejoin attempt %d failed: %s", attempt, reason)
            self._live = False
            await self._hang_up()

    async def send(self, commands: Sequence[Command]) -> None:
        """Send planned commands; when not joined (or rejoining), each one fails at once."""
        if self.client is None or self._sink is None:
            for command in commands:
                if self._sink is not None:
                    self._sink(CommandFailed(command, "not connected"))
            return
        await self.client.send(commands)

    async def disconnect(self) -> None:
        """Leave the meeting and close the connection; stops any reconnecting."""
        self._leaving = True
        sink, self._sink = self._sink, None
        task, self._reconnecting = self._reconnecting, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._live = False
        self.client = None
        await self._hang_up()
        if sink is not None:
            sink(ConnectionChanged(ConnectionState.DISCONNECTED, "left the meeting"))

    def _close_gate(self) -> None:
        if self._gate is not None:
            self._gate.close()
            self._gate = None

    async def _hang_up(self) -> None:
        self._close_gate()
        if self.xmpp is not None:
            xmpp, self.xmpp = self.xmpp, None
            await xmpp.hang_up()


class _Gate:
    """An event sink that forwards to ``sink`` until closed (one per connection)."""

    def __init__(self, sink: EventSink) -> None:
        self._sink: EventSink | None = sink

    def __call__(self, event: Event) -> None:
        if self._sink is not None:
            self._sink(event)

    def close(self) -> None:
        """Stop forwarding: the connection behind this sink is gone."""
        self._sink = None
