"""The settings model: what the live connection needs to know before it starts.

Frozen dataclasses, filled by :func:`tui.config.load.load_settings`; ``None`` means "not set"
(discover it from ``config.js``, or let the login mode be guessed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path

from tui.config.secret import Secret
from tui.model.lockdown import Preset

DEFAULT_TOKEN_LIFETIME = 2 * 60 * 60
"""Seconds a minted token lives unless configured otherwise (2 h: one long meeting)."""

SERVER_NAMES = (
    "xmpp_domain",
    "muc_domain",
    "websocket_url",
    "bosh_url",
    "focus_domain",
    "hidden_domain",
    "anonymous_domain",
    "auth_domain",
    "breakout_domain",
    "lobby_domain",
    "dial_in_numbers_url",
    "dial_in_conf_code_url",
)
"""Deployment names that config.js gives and the file, environment or a flag can override."""


class AuthMode(StrEnum):
    """How the console logs in (tui/jitsi/PROTOCOL.md §1.6)."""

    ANONYMOUS = "anonymous"
    PASSWORD = "password"
    JWT = "jwt"


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Overrides of what ``config.js`` says about the deployment; ``None`` means "discover"."""

    xmpp_domain: str | None = None
    muc_domain: str | None = None
    websocket_url: str | None = None
    bosh_url: str | None = None
    focus_domain: str | None = None
    hidden_domain: str | None = None
    anonymous_domain: str | None = None
    auth_domain: str | None = None
    breakout_domain: str | None = None
    lobby_domain: str | None = None
    dial_in_numbers_url: str | None = None
    dial_in_conf_code_url: str | None = None
    allow_hosts: tuple[str, ...] = ()
    """``HOST`` or ``HOST:PORT`` that config.js may name as the WebSocket/BOSH server besides the
    meeting's own host (:mod:`tui.jitsi.endpoints`)."""
    insecure: bool = False
    """Skip TLS certificate checks (self-signed test deployments only)."""
    timeout: float = 10.0
    """Seconds to wait for ``config.js`` and for the connection."""


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """Login settings.

    ``mode=None`` lets :func:`tui.jitsi.auth.choose_mode` pick: JWT if a token or an app id is at
    hand, password if a username is set, anonymous otherwise.
    """

    mode: AuthMode | None = None
    username: str | None = None
    password: Secret | None = None
    password_file: Path | None = None
    jwt: Secret | None = None
    jwt_file: Path | None = None
    app_id: str | None = None
    app_secret: Secret | None = None
    app_secret_file: Path | None = None
    room_password: Secret | None = None
    """The meeting's own password (a locked room), not a login secret."""
    room_password_file: Path | None = None
    algorithm: str = "HS256"
    audience: str | None = None
    """``aud`` of minted tokens; ``None`` means the app id (tui/jitsi/PROTOCOL.md §1.7)."""
    key_file: Path | None = None
    """Private key (PEM) for RS256/384/512."""
    key_id: str | None = None
    """``kid`` header for RS256/384/512."""
    token_lifetime: int = DEFAULT_TOKEN_LIFETIME
    moderator: bool = True
    """Ask for moderator rights in minted tokens (``context.user.moderator``/``affiliation``)."""
    user_id: str | None = None
    email: str | None = None
    avatar: str | None = None


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    """How the console appears to others in the meeting."""

    name: str = "Moderator Console"


KeyBindings = tuple[tuple[str, tuple[str, ...]], ...]
"""``[keys]``: (binding id, its keys) pairs, in file order. Which ids and keys exist is the UI's
to say (:mod:`tui.ui.user_keys` checks them); the config only reads them."""


@dataclass(frozen=True, slots=True)
class ConsoleSettings:
    """How the console itself behaves (``[console]``)."""

    read_only: bool = False
    """Watch only: nothing is sent to the meeting until the user leaves read-only mode
    (``--read-only`` sets it too)."""


@dataclass(frozen=True, slots=True)
class WorkshopSettings:
    """The breakout-session toolkit (``[workshop]``, :mod:`tui.workshop`)."""

    warn: float = 120.0
    """Seconds before a breakout timer's end when the rooms are warned (``warn = "2m"``)."""
    lockdown: Mapping[str, Preset] = field(default_factory=dict)
    """The ``[lockdown.NAME]`` presets (none: the built-in ``default``)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the live connection needs to know before it starts."""

    server: ServerSettings = field(default_factory=ServerSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    workshop: WorkshopSettings = field(default_factory=WorkshopSettings)
    keys: KeyBindings = ()
    """The ``[keys]`` section (:func:`tui.config.load.read_keys`)."""
    config_path: Path | None = None
    """The file that was read, or ``None`` when there was none."""


def server_overrides(server: ServerSettings) -> dict[str, str]:
    """The deployment fields the user set (``None`` fields left out), by field name."""
    skip = {"insecure", "timeout", "allow_hosts"}
    return {
        f.name: getattr(server, f.name)
        for f in fields(server)
        if f.name not in skip and getattr(server, f.name) is not None
    }
