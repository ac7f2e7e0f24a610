"""The live gateway: a real Jitsi Meet conference behind the console's gateway interface.

:class:`LiveGateway` chains the pieces: ``config.js`` discovery → credentials (anonymous,
password, JWT) → XMPP over WebSocket with ``?room=`` → :class:`~tui.jitsi.client.JitsiClient`
(components, jicofo, MUC join). Every failure on the way becomes one
:class:`~tui.model.gateway.ConnectError` sentence and a ``DISCONNECTED`` event; nothing is
retried here (reconnecting is a policy of its own).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from tui.config import Settings, server_overrides
from tui.jitsi.auth import REDACTOR, AuthError, Prompt, resolve_credentials
from tui.jitsi.client import ClientSettings, JitsiClient, JoinError
from tui.jitsi.discovery import Deployment, DiscoveryError, MeetingUrl, discover
from tui.jitsi.websocket import WebSocketError
from tui.jitsi.xmpp import SessionStartError, WebSocketXMPP
from tui.model.commands import Command
from tui.model.conference import Conference, ConnectionState
from tui.model.events import CommandFailed, ConnectionChanged
from tui.model.gateway import ConnectError, EventSink

log = logging.getLogger(__name__)


class LiveGateway:
    """One live Jitsi meeting, joined as a media-less moderator console."""

    def __init__(
        self, meeting: MeetingUrl, settings: Settings, *, prompt: Prompt | None = None
    ) -> None:
        """Prepare to join ``meeting``; nothing touches the network before :meth:`connect`.

        Args:
            meeting: The parsed meeting URL.
            settings: Config file, environment and flags, merged.
            prompt: Asks for a missing password; ``None`` inside the full-screen UI, where the
                command line has already asked.
        """
        self.meeting = meeting
        self.settings = settings
        self.prompt = prompt
        self.deployment: Deployment | None = None
        self.xmpp: WebSocketXMPP | None = None
        self.client: JitsiClient | None = None
        self._sink: EventSink | None = None

    @property
    def title(self) -> str:
        """The meeting URL (never with a token)."""
        return str(self.meeting)

    def initial(self) -> Conference:
        """The meeting before joining: its main room, empty, not yet connected."""
        return Conference.empty(self.meeting.backend_room, "", name=self.meeting.room)

    async def connect(self, sink: EventSink) -> None:
        """Discover, log in, join; raises :class:`ConnectError` with one sentence on failure."""
        self._sink = sink
        sink(ConnectionChanged(ConnectionState.CONNECTING, f"reading {self.meeting.base_url}"))
        try:
            await self._connect(sink)
        except (DiscoveryError, AuthError, WebSocketError, SessionStartError) as exc:
            await self._fail(sink, ConnectError(str(exc)))
        except JoinError as exc:
            await self._fail(sink, ConnectError(str(exc), exc.next_step))

    async def _fail(self, sink: EventSink, error: ConnectError) -> None:
        log.error("%s", error)
        await self._hang_up()
        sink(ConnectionChanged(ConnectionState.DISCONNECTED, str(error)))
        raise error

    async def _connect(self, sink: EventSink) -> None:
        server = self.settings.server
        deployment = await discover(
            self.meeting,
            server_overrides(server),
            timeout=server.timeout,
            insecure=server.insecure,
        )
        self.deployment = deployment
        room = self.meeting.backend_room
        credentials = resolve_credentials(
            self.settings.auth,
            deployment,
            room,
            display_name=self.settings.display.name,
            url_token=self.meeting.token,
            prompt=self.prompt,
        )
        sink(ConnectionChanged(ConnectionState.CONNECTING, "logging in"))
        xmpp = WebSocketXMPP(
            credentials.jid,
            credentials.password.reveal() if credentials.password else "",
            endpoint=deployment.websocket_url,
            room=room,
            token=credentials.token.reveal() if credentials.token else None,
            insecure=server.insecure,
            connect_timeout=server.timeout,
        )
        self.xmpp = xmpp
        await xmpp.start_session(timeout=max(server.timeout, 10.0))
        xmpp.add_event_handler("disconnected", self._on_disconnected)
        sink(ConnectionChanged(ConnectionState.CONNECTING, "joining the meeting"))
        room_password = self.settings.auth.room_password
        if room_password is not None:
            REDACTOR.register(room_password)
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
            sink,
        )
        self.client = client
        await client.join()
        sink(ConnectionChanged(ConnectionState.CONNECTED))

    def _on_disconnected(self, reason: Any) -> None:
        if self._sink is None:
            return
        ended = self.client.ended if self.client else ""
        if ended:
            self._sink(ConnectionChanged(ConnectionState.ENDED, ended))
        else:
            self._sink(ConnectionChanged(ConnectionState.DISCONNECTED, str(reason or "")))

    async def send(self, commands: Sequence[Command]) -> None:
        """Send planned commands; when not joined, each one fails at once."""
        if self.client is None or self._sink is None:
            for command in commands:
                if self._sink is not None:
                    self._sink(CommandFailed(command, "not connected"))
            return
        await self.client.send(commands)

    async def disconnect(self) -> None:
        """Leave the meeting and close the connection."""
        sink, self._sink = self._sink, None
        await self._hang_up()
        if sink is not None:
            sink(ConnectionChanged(ConnectionState.DISCONNECTED, "left the meeting"))

    async def _hang_up(self) -> None:
        if self.xmpp is not None:
            xmpp, self.xmpp = self.xmpp, None
            await xmpp.hang_up()
