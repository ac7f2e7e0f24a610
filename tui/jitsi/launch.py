"""From command-line flags to a ready :class:`~tui.jitsi.gateway.LiveGateway`.

Everything that must happen before the full-screen UI owns the terminal happens here: reading
settings, parsing the meeting URL, warning about secrets on the command line, and asking for a
password with a hidden prompt; then discovery and the first join themselves
(:func:`join_before_screen`), so that a meeting that cannot be joined is one line and exit 1.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from dataclasses import replace

from tui.config.load import load_settings
from tui.config.secret import Secret
from tui.config.settings import AuthMode, Settings
from tui.config.values import ConfigError
from tui.jitsi.auth import choose_mode
from tui.jitsi.discovery import DiscoveryError, MeetingUrl, parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.model.events import Event
from tui.model.gateway import ConnectError, EventSink
from tui.session import ConsoleSession


class LaunchError(Exception):
    """The flags or the URL cannot start a session (one sentence)."""


def live_gateway(args: argparse.Namespace) -> tuple[LiveGateway, list[str]]:
    """Build the gateway for ``args.url``; returns it with warnings for the user.

    Raises:
        LaunchError: Bad URL, bad settings, or no password given at the prompt.
    """
    try:
        meeting = parse_meeting_url(args.url)
        settings, warnings = load_settings(args)
    except (ConfigError, DiscoveryError) as exc:
        raise LaunchError(str(exc)) from None
    if meeting.token is not None:
        warnings.append(
            "the meeting URL carries a token, and others on this machine can read the command "
            "line: prefer --jwt-file or JITSI_TUI_JWT"
        )
    if settings.server.insecure:
        warnings.append(
            "TLS certificate checks are off (--insecure): anyone on the path can read the "
            "session; use it only with a test server"
        )
    settings = _ask_password(settings, meeting)
    return LiveGateway(meeting, settings, prompt=None), warnings


def _ask_password(settings: Settings, meeting: MeetingUrl) -> Settings:
    auth = settings.auth
    if choose_mode(auth, meeting.token) is not AuthMode.PASSWORD or auth.password is not None:
        return settings
    if not auth.username:
        raise LaunchError("password login needs a username (--username or [auth] username)")
    try:
        password = getpass.getpass(f"Password for {auth.username}: ")
    except (EOFError, KeyboardInterrupt):
        password = ""
    if not password:
        raise LaunchError("no password given")
    return replace(settings, auth=replace(auth, password=Secret(password)))


class Relay:
    """The gateway's event sink, re-pointable: the session before the screen, the app after.

    Discovery and the first join run before the full-screen UI exists (so a failure is one
    line on the terminal, not an empty console); the gateway keeps the sink it was given for
    every later event (reconnects included), so the app takes it over by re-pointing this.
    """

    def __init__(self, target: EventSink) -> None:
        self.target = target

    def __call__(self, event: Event) -> None:
        """Hand ``event`` to the current target."""
        self.target(event)


Say = Callable[[str], None]
AskPassword = Callable[[], "str | None"]

MAX_PASSWORD_TRIES = 3
"""Passwords asked for a locked meeting before giving up (a typo is not the end)."""


async def join_before_screen(
    session: ConsoleSession, relay: Relay, say: Say, ask_password: AskPassword | None
) -> ConnectError | None:
    """Discover and join, reporting progress with ``say``; the error, or ``None`` once joined.

    A locked meeting asks for its password with ``ask_password`` (``None``: nobody to ask, the
    refusal is the error) and tries again, at most :data:`MAX_PASSWORD_TRIES` times.
    """
    gateway = session.gateway
    host = gateway.meeting.host if isinstance(gateway, LiveGateway) else gateway.title
    say(f"Connecting to {host}…")
    for _ in range(MAX_PASSWORD_TRIES):
        try:
            await session.connect(relay)
        except ConnectError as error:
            if not error.needs_room_password or ask_password is None:
                return error
            password = ask_password()
            if not password:
                return ConnectError("the meeting is locked and no password was given")
            gateway.set_room_password(password)
            continue
        return None
    return ConnectError("the meeting is locked and the password was refused")
