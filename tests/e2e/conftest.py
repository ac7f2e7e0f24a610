"""Shared pieces of the end-to-end tests: the console's live path, and people to meet.

Each test drives the console exactly as ``jitsi-tui <meeting-url>`` does: a meeting URL parsed
by :func:`~tui.jitsi.discovery.parse_meeting_url`, :class:`~tui.config.Settings` as flags would
give them, a :class:`~tui.jitsi.gateway.LiveGateway` (config.js discovery, login, WebSocket,
jicofo, MUC) inside a :class:`~tui.session.ConsoleSession`. The other people are simulated web
participants (tests/stack/webclient.py) who move like the web client when told to.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.stack.focus import JitsiStack
from tests.stack.server import ProsodyStack
from tests.stack.webclient import WebParticipant, leave_all, spawn
from tui.config.settings import AuthSettings, DisplaySettings, ServerSettings, Settings
from tui.jitsi.discovery import parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.model.conference import ConnectionState, Participant, Role
from tui.session import Change, ConsoleSession

CONSOLE_NAME = "Moderator Console"


def fresh_room(prefix: str = "e2e") -> str:
    """A room name no other test uses (rooms outlive a test for the focus's grace period)."""
    return f"{prefix}-{secrets.token_hex(4)}"


def console_settings(auth: AuthSettings | None = None, name: str = CONSOLE_NAME) -> Settings:
    """Settings as the command line builds them: nothing overridden, discovery does the rest."""
    return Settings(
        server=ServerSettings(timeout=5.0),
        auth=auth or AuthSettings(),
        display=DisplaySettings(name=name),
    )


def gateway_for(stack: ProsodyStack, room: str, auth: AuthSettings | None = None) -> LiveGateway:
    """The live gateway ``jitsi-tui http://127.0.0.1:<port>/<room>`` would build."""
    return LiveGateway(parse_meeting_url(stack.meeting_url(room)), console_settings(auth))


async def until(session: ConsoleSession, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Wait until ``condition()`` holds, re-checked on every change of the session's state.

    Raises:
        TimeoutError: It did not hold within ``timeout`` seconds.
    """
    changed = asyncio.Event()

    def wake(_change: Change) -> None:
        changed.set()

    unsubscribe = session.subscribe(wake)
    try:
        async with asyncio.timeout(timeout):
            while not (value := condition()):
                changed.clear()
                await changed.wait()
            return value
    finally:
        unsubscribe()


def me(session: ConsoleSession) -> Participant | None:
    """The console itself as the conference shows it."""
    conference = session.conference
    return conference.participants.get(conference.me) if conference.me else None


def is_moderator(session: ConsoleSession) -> bool:
    """Whether the server has made the console a moderator."""
    own = me(session)
    return own is not None and own.role is Role.MODERATOR


@dataclass
class Meeting:
    """A console in a fresh room, moderator by auto-owner, with web participants around it."""

    stack: JitsiStack
    room: str
    session: ConsoleSession
    guests: list[WebParticipant] = field(default_factory=list)

    @property
    def main_jid(self) -> str:
        """The main room's bare JID."""
        return f"{self.room}@{self.stack.prosody.muc}"

    def room_jid(self, room_id: str) -> str:
        """The bare JID of room ``room_id`` as the console knows it."""
        return self.session.conference.rooms[room_id].jid

    def seen(self, guest: WebParticipant) -> Participant | None:
        """``guest`` as the console shows them."""
        return self.session.conference.participants.get(guest.nick)

    async def sees_everyone(self, timeout: float = 10.0) -> None:
        """Wait until the console lists every guest."""
        await until(self.session, lambda: all(self.seen(g) for g in self.guests), timeout)


async def open_console(
    stack: ProsodyStack, room: str, auth: AuthSettings | None = None
) -> ConsoleSession:
    """Connect a console session to ``room``; raises the gateway's ConnectError on failure."""
    session = ConsoleSession(gateway_for(stack, room, auth))
    await session.connect()
    return session


@contextlib.asynccontextmanager
async def meeting(
    stack: JitsiStack, guests: int, prefix: str = "e2e", **options: Any
) -> AsyncIterator[Meeting]:
    """The console joins first (so auto-owner makes it moderator), then ``guests`` people.

    ``options`` go to each :class:`~tests.stack.webclient.WebParticipant` (e.g. ``crowd``).
    """
    room = fresh_room(prefix)
    session = await open_console(stack.prosody, room)
    made = Meeting(stack, room, session)
    try:
        await until(session, lambda: is_moderator(session))
        assert session.conference.connection is ConnectionState.CONNECTED
        made.guests = await spawn(stack.prosody, room, guests, **options)
        await made.sees_everyone()
        yield made
    finally:
        await leave_all(made.guests)
        await session.disconnect()
