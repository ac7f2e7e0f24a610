"""Reading one setting's value: durations, booleans, host lists, paths, login modes.

Every reader takes the raw value (TOML, an environment string or a flag) and ``where`` (the
setting's name, for the one-line :class:`ConfigError`); :data:`SECTIONS` says which plain key
of which section is read by which reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tui.config.settings import SERVER_NAMES, AuthMode
from tui.model.durations import seconds_in


class ConfigError(ValueError):
    """A setting is missing, malformed or contradictory; the message is one user-facing line."""


def parse_duration(value: str | int) -> int:
    """Seconds in ``value``: an integer (seconds) or a string like ``2h``, ``90m``, ``1h30m``.

    Read by :func:`tui.model.durations.seconds_in`, as the timer reads "15m" (a bare number
    here means seconds).

    Raises:
        ConfigError: the value is not a positive duration.
    """
    if isinstance(value, bool):
        raise ConfigError(f"not a duration: {value!r}")
    if isinstance(value, int):
        seconds = value
    else:
        try:
            seconds = seconds_in(value, bare=1)
        except ValueError:
            raise ConfigError(f"not a duration: {value!r} (try 2h, 90m or 1h30m)") from None
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


def as_str(value: object, where: str) -> str:
    """``value`` if it is a string; ``where`` names the setting in the error."""
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
        return AuthMode(as_str(value, where).strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in AuthMode)
        raise ConfigError(f"{where} must be one of {choices}, not {value!r}") from None


def _as_algorithm(value: object, where: str) -> str:
    algorithm = as_str(value, where).strip().upper()
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
    path = Path(as_str(value, where)).expanduser()
    # A relative path in the config file means "next to the config file", not "wherever the
    # console happens to be started from".
    if base is not None and not path.is_absolute():
        path = base / path
    return path


# Plain (non-secret) keys per section: name → converter(value, where, base_dir).
_SERVER_KEYS: dict[str, Any] = {name: (lambda v, w, b: as_str(v, w)) for name in SERVER_NAMES}
_SERVER_KEYS["allow_hosts"] = lambda v, w, b: _as_hosts(v, w)
_SERVER_KEYS["insecure"] = lambda v, w, b: _as_bool(v, w)
_SERVER_KEYS["timeout"] = lambda v, w, b: _as_float(v, w)

_AUTH_KEYS: dict[str, Any] = {
    "mode": lambda v, w, b: _as_mode(v, w),
    "username": lambda v, w, b: as_str(v, w),
    "password_file": _as_path,
    "jwt_file": _as_path,
    "app_id": lambda v, w, b: as_str(v, w),
    "app_secret_file": _as_path,
    "room_password_file": _as_path,
    "algorithm": lambda v, w, b: _as_algorithm(v, w),
    "audience": lambda v, w, b: as_str(v, w),
    "key_file": _as_path,
    "key_id": lambda v, w, b: as_str(v, w),
    "token_lifetime": lambda v, w, b: _duration(v, w),
    "moderator": lambda v, w, b: _as_bool(v, w),
    "user_id": lambda v, w, b: as_str(v, w),
    "email": lambda v, w, b: as_str(v, w),
    "avatar": lambda v, w, b: as_str(v, w),
}

_DISPLAY_KEYS: dict[str, Any] = {"name": lambda v, w, b: as_str(v, w)}

_CONSOLE_KEYS: dict[str, Any] = {"read_only": lambda v, w, b: _as_bool(v, w)}

_WORKSHOP_KEYS: dict[str, Any] = {"warn": lambda v, w, b: float(_duration(v, w))}

SECTIONS: dict[str, dict[str, Any]] = {
    "server": _SERVER_KEYS,
    "auth": _AUTH_KEYS,
    "display": _DISPLAY_KEYS,
    "console": _CONSOLE_KEYS,
    "workshop": _WORKSHOP_KEYS,
}


def _duration(value: object, where: str) -> int:
    if not isinstance(value, str | int):
        raise ConfigError(f"{where} must be a duration such as 2h, not {value!r}")
    try:
        return parse_duration(value)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
