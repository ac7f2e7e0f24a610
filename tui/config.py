"""Settings of the live connection, as frozen dataclasses: file, then environment, then flags.

Sources, in rising priority:

1. ``$XDG_CONFIG_HOME/jitsi-tui/config.toml`` (default ``~/.config/jitsi-tui/config.toml``;
   ``JITSI_TUI_CONFIG`` names another file). Sections ``[server]``, ``[auth]`` and ``[display]``
   are read here; other sections (``[invite]`` ...) belong to other parts and are ignored.
2. Environment: ``JITSI_TUI_<SECTION>_<KEY>`` for any plain key (``JITSI_TUI_AUTH_MODE=jwt``,
   ``JITSI_TUI_SERVER_XMPP_DOMAIN=meet.jitsi``, ``JITSI_TUI_DISPLAY_NAME=...``), and the three
   secrets ``JITSI_TUI_PASSWORD``, ``JITSI_TUI_JWT`` and ``JITSI_TUI_APP_SECRET``.
3. Flags (:func:`add_connection_arguments`). Secrets never travel on argv (other users can read
   it in ``ps``): there are only ``--password-file``, ``--jwt-file`` and ``--app-secret-file``.

Secrets are held in :class:`Secret`, whose ``repr``/``str`` is ``<redacted>``. A secret stored in
the config file, or a secret file, that group or others can read produces a warning (logged and
returned by :func:`load_settings`). This module is pure stdlib so ``jitsi-tui --help`` stays fast.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_PREFIX = "JITSI_TUI_"
ENV_CONFIG = "JITSI_TUI_CONFIG"
ENV_PASSWORD = "JITSI_TUI_PASSWORD"
ENV_JWT = "JITSI_TUI_JWT"
ENV_APP_SECRET = "JITSI_TUI_APP_SECRET"
ENV_ROOM_PASSWORD = "JITSI_TUI_ROOM_PASSWORD"

DEFAULT_TOKEN_LIFETIME = 2 * 60 * 60
"""Seconds a minted token lives unless configured otherwise (2 h: one long meeting)."""


class ConfigError(ValueError):
    """A setting is missing, malformed or contradictory; the message is one user-facing line."""


_SECRET_VALUES: set[str] = set()
"""The value of every :class:`Secret` made in this process; the log filter redacts them all."""


def secret_values() -> frozenset[str]:
    """Every value ever wrapped in a :class:`Secret` here (for :mod:`tui.jitsi.auth`'s filter)."""
    return frozenset(_SECRET_VALUES)


class Secret:
    """A password, token or key that must never reach a log, a traceback or a screen.

    ``str()`` and ``repr()`` give ``<redacted>``; :meth:`reveal` gives the value to the one place
    that needs it (the SASL exchange, the JWT signer). Every value wrapped is also remembered
    for the log filter, so a secret is redacted from the moment it is read, before any code
    path registers it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        """Wrap ``value``."""
        self._value = value
        _SECRET_VALUES.add(value)

    def reveal(self) -> str:
        """The secret itself; call only where it is sent or used for signing."""
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


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


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the live connection needs to know before it starts."""

    server: ServerSettings = field(default_factory=ServerSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    config_path: Path | None = None
    """The file that was read, or ``None`` when there was none."""


# --- value parsing -------------------------------------------------------------------------------

_DURATION_PART = re.compile(r"(\d+)\s*([dhms])", re.IGNORECASE)
_DURATION_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(value: str | int) -> int:
    """Seconds in ``value``: an integer (seconds) or a string like ``2h``, ``90m``, ``1h30m``.

    Raises:
        ConfigError: the value is not a positive duration.
    """
    if isinstance(value, bool):
        raise ConfigError(f"not a duration: {value!r}")
    if isinstance(value, int):
        seconds = value
    else:
        text = value.strip().lower()
        if text.isdigit():
            seconds = int(text)
        else:
            compact = text.replace(" ", "")
            parts = _DURATION_PART.findall(compact)
            if not parts or "".join(n + u for n, u in parts) != compact:
                raise ConfigError(f"not a duration: {value!r} (try 2h, 90m or 1h30m)")
            seconds = sum(int(n) * _DURATION_UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise ConfigError(f"a duration must be more than 0 seconds, not {value!r}")
    return seconds


def _as_bool(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{where} must be true or false, not {value!r}")


def _as_str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a string, not {value!r}")
    return value


def _as_float(value: object, where: str) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{where} must be a number of seconds, not {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError(f"{where} must be a number of seconds, not {value!r}") from None
    if number <= 0:
        raise ConfigError(f"{where} must be more than 0, not {value!r}")
    return number


def _as_mode(value: object, where: str) -> AuthMode:
    try:
        return AuthMode(_as_str(value, where).strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in AuthMode)
        raise ConfigError(f"{where} must be one of {choices}, not {value!r}") from None


def _as_algorithm(value: object, where: str) -> str:
    algorithm = _as_str(value, where).strip().upper()
    if algorithm not in {"HS256", "HS384", "HS512", "RS256", "RS384", "RS512"}:
        raise ConfigError(f"{where} must be HS256, HS384, HS512, RS256, RS384 or RS512")
    return algorithm


_HOST_PORT = re.compile(
    r"(?:[^\s\x00-\x1f\x7f-\x9f\\/@%?#\[\]:,]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)
"""``HOST[:PORT]``: a bare name (IDN allowed) or ``[v6]``, nothing that could hide another host;
:mod:`tui.jitsi.endpoints` normalises and compares it."""


def _as_hosts(value: object, where: str) -> tuple[str, ...]:
    """A list of ``HOST[:PORT]`` (the environment gives one string, comma-separated)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"{where} must be a list of host names, not {value!r}")
    hosts = tuple(item.strip() for item in items if item.strip())
    for host in hosts:
        if not _HOST_PORT.fullmatch(host):
            raise ConfigError(
                f"{where}: {host!r} is not a host name such as xmpp.example.org[:PORT]"
            )
    return hosts


def _as_path(value: object, where: str, base: Path | None) -> Path:
    path = Path(_as_str(value, where)).expanduser()
    # A relative path in the config file means "next to the config file", not "wherever the
    # console happens to be started from".
    if base is not None and not path.is_absolute():
        path = base / path
    return path


# Plain (non-secret) keys per section: name → converter(value, where, base_dir).
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

_SERVER_KEYS: dict[str, Any] = {name: (lambda v, w, b: _as_str(v, w)) for name in SERVER_NAMES}
_SERVER_KEYS["allow_hosts"] = lambda v, w, b: _as_hosts(v, w)
_SERVER_KEYS["insecure"] = lambda v, w, b: _as_bool(v, w)
_SERVER_KEYS["timeout"] = lambda v, w, b: _as_float(v, w)

_AUTH_KEYS: dict[str, Any] = {
    "mode": lambda v, w, b: _as_mode(v, w),
    "username": lambda v, w, b: _as_str(v, w),
    "password_file": _as_path,
    "jwt_file": _as_path,
    "app_id": lambda v, w, b: _as_str(v, w),
    "app_secret_file": _as_path,
    "room_password_file": _as_path,
    "algorithm": lambda v, w, b: _as_algorithm(v, w),
    "audience": lambda v, w, b: _as_str(v, w),
    "key_file": _as_path,
    "key_id": lambda v, w, b: _as_str(v, w),
    "token_lifetime": lambda v, w, b: _duration(v, w),
    "moderator": lambda v, w, b: _as_bool(v, w),
    "user_id": lambda v, w, b: _as_str(v, w),
    "email": lambda v, w, b: _as_str(v, w),
    "avatar": lambda v, w, b: _as_str(v, w),
}

_DISPLAY_KEYS: dict[str, Any] = {"name": lambda v, w, b: _as_str(v, w)}

_SECTIONS: dict[str, dict[str, Any]] = {
    "server": _SERVER_KEYS,
    "auth": _AUTH_KEYS,
    "display": _DISPLAY_KEYS,
}

# secret name → (file key, env var)
_SECRETS: dict[str, tuple[str, str]] = {
    "password": ("password_file", ENV_PASSWORD),
    "jwt": ("jwt_file", ENV_JWT),
    "app_secret": ("app_secret_file", ENV_APP_SECRET),
    "room_password": ("room_password_file", ENV_ROOM_PASSWORD),
}


def _duration(value: object, where: str) -> int:
    if not isinstance(value, str | int):
        raise ConfigError(f"{where} must be a duration such as 2h, not {value!r}")
    try:
        return parse_duration(value)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


# --- files and permissions -----------------------------------------------------------------------


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the config file lives: ``JITSI_TUI_CONFIG``, else the XDG config dir."""
    env = os.environ if env is None else env
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or ""
    # The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "jitsi-tui" / "config.toml"


def _readable_by_others(path: Path) -> bool:
    if os.name != "posix":
        return False  # Windows ACLs are not mode bits; nothing sensible to check here.
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def _permission_warning(path: Path, what: str) -> str:
    return f"{path} holds {what} and is readable by other users; run: chmod 600 {path}"


def read_secret_file(path: Path, what: str = "a secret") -> tuple[Secret, list[str]]:
    """Read a one-line secret from ``path`` (trailing newline dropped).

    Returns:
        The secret, and warnings (the file is readable by group or others).

    Raises:
        ConfigError: the file cannot be read or is empty.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {what} file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} file {path} is not UTF-8 text") from None
    value = text.rstrip("\r\n")
    if not value.strip():
        raise ConfigError(f"{what} file {path} is empty")
    warnings = [_permission_warning(path, what)] if _readable_by_others(path) else []
    return Secret(value), warnings


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML file at ``path``; a missing file is ``{}``.

    Raises:
        ConfigError: The file is not valid TOML, or cannot be read.
    """
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None


# --- flags ---------------------------------------------------------------------------------------

FLAG_KEYS: dict[str, tuple[str, str]] = {
    "xmpp_domain": ("server", "xmpp_domain"),
    "muc_domain": ("server", "muc_domain"),
    "websocket_url": ("server", "websocket_url"),
    "bosh_url": ("server", "bosh_url"),
    "focus_domain": ("server", "focus_domain"),
    "hidden_domain": ("server", "hidden_domain"),
    "anonymous_domain": ("server", "anonymous_domain"),
    "auth_domain": ("server", "auth_domain"),
    "breakout_domain": ("server", "breakout_domain"),
    "lobby_domain": ("server", "lobby_domain"),
    "dial_in_numbers_url": ("server", "dial_in_numbers_url"),
    "dial_in_conf_code_url": ("server", "dial_in_conf_code_url"),
    "allow_hosts": ("server", "allow_hosts"),
    "insecure": ("server", "insecure"),
    "timeout": ("server", "timeout"),
    "auth": ("auth", "mode"),
    "username": ("auth", "username"),
    "password_file": ("auth", "password_file"),
    "jwt_file": ("auth", "jwt_file"),
    "app_id": ("auth", "app_id"),
    "app_secret_file": ("auth", "app_secret_file"),
    "room_password_file": ("auth", "room_password_file"),
    "algorithm": ("auth", "algorithm"),
    "audience": ("auth", "audience"),
    "key_file": ("auth", "key_file"),
    "key_id": ("auth", "key_id"),
    "token_lifetime": ("auth", "token_lifetime"),
    "name": ("display", "name"),
    "config": ("", ""),
}
"""argparse ``dest`` → (section, key) for the flags of :func:`add_connection_arguments`."""


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the connection flags (each one overrides the file and the environment)."""
    group = parser.add_argument_group("connection (overrides config file and environment)")
    group.add_argument("--config", metavar="FILE", help="config file (default: XDG config dir)")
    group.add_argument(
        "--auth", choices=[m.value for m in AuthMode], help="login mode (default: guess)"
    )
    group.add_argument("--username", metavar="USER", help="login name (password mode)")
    group.add_argument("--password-file", metavar="FILE", help="file holding the password")
    group.add_argument("--jwt-file", metavar="FILE", help="file holding a ready JWT")
    group.add_argument("--app-id", metavar="ID", help="JWT app id, to mint a token")
    group.add_argument("--app-secret-file", metavar="FILE", help="file holding the app secret")
    group.add_argument(
        "--room-password-file", metavar="FILE", help="file holding a locked meeting's password"
    )
    group.add_argument("--algorithm", metavar="ALG", help="JWT algorithm (default HS256)")
    group.add_argument("--audience", metavar="AUD", help="JWT aud (default: the app id)")
    group.add_argument("--key-file", metavar="FILE", help="private key for RS256/384/512")
    group.add_argument("--key-id", metavar="KID", help="JWT kid for RS256/384/512")
    group.add_argument("--token-lifetime", metavar="DURATION", help="minted token life, e.g. 2h")
    group.add_argument("--name", metavar="NAME", help="display name in the meeting")
    server = parser.add_argument_group("deployment overrides (normally read from config.js)")
    for dest in SERVER_NAMES:
        server.add_argument("--" + dest.replace("_", "-"), dest=dest, metavar="VALUE")
    server.add_argument(
        "--allow-host",
        dest="allow_hosts",
        action="append",
        metavar="HOST[:PORT]",
        help="a host config.js may send the login to besides the meeting's own (repeatable)",
    )
    server.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help="skip TLS certificate checks (self-signed test servers only)",
    )
    server.add_argument("--timeout", metavar="SECONDS", help="network timeout (default 10)")


# --- loading -------------------------------------------------------------------------------------


class _Collector:
    """Values per section, filled layer by layer; a later layer overwrites an earlier one."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
        # secret name → (is_file, path or Secret); the last layer that names a secret wins.
        self.secrets: dict[str, tuple[bool, Any]] = {}
        self.warnings: list[str] = []

    def set(self, section: str, key: str, raw: object, where: str, base: Path | None) -> None:
        value = _SECTIONS[section][key](raw, where, base)
        self.values[section][key] = value
        secret = key.removesuffix("_file")
        if section == "auth" and key.endswith("_file") and secret in _SECRETS:
            self.secrets[secret] = (True, value)

    def read_file(self, path: Path, document: Mapping[str, Any]) -> None:
        for section, keys in _SECTIONS.items():
            table = document.get(section, {})
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [{section}] must be a table")
            for secret in _SECRETS:
                if section == "auth" and secret in table and f"{secret}_file" in table:
                    raise ConfigError(f"{path}: give [auth] {secret} or {secret}_file, not both")
            for key, raw in table.items():
                where = f"{path.name} [{section}] {key}"
                if section == "auth" and key in _SECRETS:
                    self.secrets[key] = (False, Secret(_as_str(raw, where)))
                    if _readable_by_others(path):
                        self.warnings.append(_permission_warning(path, f"the {key}"))
                elif key in keys:
                    self.set(section, key, raw, where, path.parent)
                else:
                    self.warnings.append(f"{path}: unknown setting [{section}] {key} (ignored)")

    def read_env(self, env: Mapping[str, str]) -> None:
        for section, keys in _SECTIONS.items():
            for key in keys:
                name = f"{ENV_PREFIX}{section.upper()}_{key.upper()}"
                if name in env:
                    self.set(section, key, env[name], f"${name}", None)
        for secret, (_file_key, name) in _SECRETS.items():
            if env.get(name):
                self.secrets[secret] = (False, Secret(env[name]))

    def read_flags(self, flags: Mapping[str, object]) -> None:
        for dest, (section, key) in FLAG_KEYS.items():
            raw = flags.get(dest)
            if raw is not None and section:
                self.set(section, key, raw, "--" + dest.replace("_", "-"), None)

    def settings(self, read_path: Path | None) -> Settings:
        # Secret files are read now, so a bad path fails before anything connects.
        auth = self.values["auth"]
        for secret, (is_file, source) in self.secrets.items():
            if is_file:
                value, warnings = read_secret_file(source, f"the {secret.replace('_', ' ')}")
                self.warnings.extend(warnings)
                auth[secret] = value
            else:
                auth[secret] = source
                auth.pop(f"{secret}_file", None)
        return Settings(
            server=ServerSettings(**self.values["server"]),
            auth=AuthSettings(**auth),
            display=DisplaySettings(**self.values["display"]),
            config_path=read_path,
        )


def load_settings(
    flags: Mapping[str, object] | argparse.Namespace | None = None,
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> tuple[Settings, list[str]]:
    """Read the config file, then the environment, then the flags.

    Args:
        flags: parsed flags (``argparse.Namespace`` or a mapping by ``dest``); ``None`` values
            and unrelated keys are ignored.
        env: the environment (default ``os.environ``).
        config_path: the file to read (default: ``--config``, ``JITSI_TUI_CONFIG``, XDG).

    Returns:
        The settings, and warnings for the user (also logged).

    Raises:
        ConfigError: a value is malformed, or a secret file is unreadable.
    """
    env = os.environ if env is None else env
    flag_map = dict(vars(flags) if isinstance(flags, argparse.Namespace) else (flags or {}))
    if config_path is None and flag_map.get("config"):
        config_path = Path(str(flag_map["config"])).expanduser()
    if config_path is not None and not config_path.exists():
        raise ConfigError(f"config file {config_path} does not exist")
    path = config_path if config_path is not None else default_config_path(env)

    collector = _Collector()
    collector.read_file(path, read_toml(path))
    collector.read_env(env)
    collector.read_flags(flag_map)
    settings = collector.settings(path if path.exists() else None)
    for warning in collector.warnings:
        log.warning("%s", warning)
    return settings, collector.warnings


def server_overrides(server: ServerSettings) -> dict[str, str]:
    """The deployment fields the user set (``None`` fields left out), by field name."""
    skip = {"insecure", "timeout", "allow_hosts"}
    return {
        f.name: getattr(server, f.name)
        for f in fields(server)
        if f.name not in skip and getattr(server, f.name) is not None
    }
