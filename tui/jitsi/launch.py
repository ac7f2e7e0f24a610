"""From command-line flags to a ready :class:`~tui.jitsi.gateway.LiveGateway`.

Everything that must happen before the full-screen UI owns the terminal happens here: reading
settings, parsing the meeting URL, warning about secrets on the command line, and asking for a
password with a hidden prompt.
"""

from __future__ import annotations

import argparse
import getpass
from dataclasses import replace

from tui.config import AuthMode, ConfigError, Secret, Settings, load_settings
from tui.jitsi.auth import choose_mode
from tui.jitsi.discovery import DiscoveryError, MeetingUrl, parse_meeting_url
from tui.jitsi.gateway import LiveGateway


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
