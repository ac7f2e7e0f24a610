"""Loading the settings: the config file, then the environment, then the flags.

A later layer overwrites an earlier one. Secret files are read here (a missing or empty one
fails before anything connects), and a secret that group or others can read, in the config
file or a secret file, produces a warning (logged and returned by :func:`load_settings`).
"""

from __future__ import annotations

import argparse
import logging
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.config.secret import Secret
from tui.config.settings import (
    AuthSettings,
    ConsoleSettings,
    DisplaySettings,
    KeyBindings,
    ServerSettings,
    Settings,
    WorkshopSettings,
)
from tui.config.values import SECTIONS, ConfigError, as_str
from tui.model.lockdown import Preset, parse_presets

log = logging.getLogger(__name__)

ENV_PREFIX = "JITSI_TUI_"
ENV_CONFIG = "JITSI_TUI_CONFIG"
ENV_PASSWORD = "JITSI_TUI_PASSWORD"
ENV_JWT = "JITSI_TUI_JWT"
ENV_APP_SECRET = "JITSI_TUI_APP_SECRET"
ENV_ROOM_PASSWORD = "JITSI_TUI_ROOM_PASSWORD"

# secret name → (file key, env var)
_SECRETS: dict[str, tuple[str, str]] = {
    "password": ("password_file", ENV_PASSWORD),
    "jwt": ("jwt_file", ENV_JWT),
    "app_secret": ("app_secret_file", ENV_APP_SECRET),
    "room_password": ("room_password_file", ENV_ROOM_PASSWORD),
}


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


# --- keys ---------------------------------------------------------------------------------------


def read_keys(path: Path, document: Mapping[str, Any]) -> KeyBindings:
    """``[keys]`` of a parsed config file: binding id → a key or a list of keys.

    ``console.move = "n"`` is a dotted TOML key, which TOML reads as a table ``console`` holding
    ``move``; ``"console.move" = "n"`` and ``[keys.console]`` say the same, so nested tables are
    joined back into dotted ids.

    Raises:
        ConfigError: ``[keys]`` is not a table, or a value is neither a key nor a list of keys.
    """
    table = document.get("keys", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [keys] must be a table of binding id = key")
    found: list[tuple[str, tuple[str, ...]]] = []

    def walk(prefix: str, node: Mapping[str, Any]) -> None:
        for name, value in node.items():
            binding_id = f"{prefix}{name}"
            if isinstance(value, dict):
                walk(f"{binding_id}.", value)
            elif isinstance(value, str):
                found.append((binding_id, tuple(k.strip() for k in value.split(","))))
            elif isinstance(value, list) and all(isinstance(k, str) for k in value):
                found.append((binding_id, tuple(k.strip() for k in value)))
            else:
                raise ConfigError(
                    f"{path} [keys] {binding_id} must be a key or a list of keys, not {value!r}"
                )

    walk("", table)
    return tuple(found)


def read_lockdown(path: Path, document: Mapping[str, Any]) -> dict[str, Preset]:
    """The ``[lockdown.NAME]`` presets, password files relative to the config file's folder.

    Raises:
        ConfigError: a preset is malformed.
    """
    try:
        presets = parse_presets(document.get("lockdown", {}))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    for name, preset in presets.items():
        if preset.password_file is not None:
            where = path.parent / Path(preset.password_file).expanduser()
            presets[name] = replace(preset, password_file=str(where))
    return presets


def load_keys(
    flags: Mapping[str, object] | argparse.Namespace | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[KeyBindings, Path]:
    """Only ``[keys]`` of the config file (``--config``, ``JITSI_TUI_CONFIG`` or XDG), and the path.

    The demo reads its keys here: it needs no server or login settings, so a half-written
    ``[auth]`` must not stop it.

    Raises:
        ConfigError: the file named does not exist or is not TOML, or ``[keys]`` is malformed.
    """
    env = os.environ if env is None else env
    flag_map = dict(vars(flags) if isinstance(flags, argparse.Namespace) else (flags or {}))
    if flag_map.get("config"):
        path = Path(str(flag_map["config"])).expanduser()
        if not path.exists():
            raise ConfigError(f"config file {path} does not exist")
    else:
        path = default_config_path(env)
    return read_keys(path, read_toml(path)), path


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
"""argparse ``dest`` → (section, key) for the flags of
:func:`tui.cli.connection_flags.add_connection_arguments`."""


# --- loading -------------------------------------------------------------------------------------


class _Collector:
    """Values per section, filled layer by layer; a later layer overwrites an earlier one."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
        # secret name → (is_file, path or Secret); the last layer that names a secret wins.
        self.secrets: dict[str, tuple[bool, Any]] = {}
        self.warnings: list[str] = []
        self.keys: KeyBindings = ()
        self.lockdown: dict[str, Preset] = {}

    def set(self, section: str, key: str, raw: object, where: str, base: Path | None) -> None:
        value = SECTIONS[section][key](raw, where, base)
        self.values[section][key] = value
        secret = key.removesuffix("_file")
        if section == "auth" and key.endswith("_file") and secret in _SECRETS:
            self.secrets[secret] = (True, value)

    def read_file(self, path: Path, document: Mapping[str, Any]) -> None:
        self.keys = read_keys(path, document)
        self.lockdown = read_lockdown(path, document)
        for section, keys in SECTIONS.items():
            table = document.get(section, {})
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [{section}] must be a table")
            for secret in _SECRETS:
                if section == "auth" and secret in table and f"{secret}_file" in table:
                    raise ConfigError(f"{path}: give [auth] {secret} or {secret}_file, not both")
            for key, raw in table.items():
                where = f"{path.name} [{section}] {key}"
                if section == "auth" and key in _SECRETS:
                    self.secrets[key] = (False, Secret(as_str(raw, where)))
                    if _readable_by_others(path):
                        self.warnings.append(_permission_warning(path, f"the {key}"))
                elif key in keys:
                    self.set(section, key, raw, where, path.parent)
                else:
                    self.warnings.append(f"{path}: unknown setting [{section}] {key} (ignored)")

    def read_env(self, env: Mapping[str, str]) -> None:
        for section, keys in SECTIONS.items():
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
            console=ConsoleSettings(**self.values["console"]),
            workshop=WorkshopSettings(**self.values["workshop"], lockdown=self.lockdown),
            keys=self.keys,
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


def load_console_settings(
    config_path: Path | None = None, env: Mapping[str, str] | None = None
) -> ConsoleSettings:
    """Only the ``[console]`` settings (file, then environment): what the demo needs.

    The demo connects nowhere, so a broken ``[auth]`` (a secret file that is gone) must not
    keep it from starting; a broken ``[console]`` value is still an error.

    Raises:
        ConfigError: a ``[console]`` value is malformed, or the file is not TOML.
    """
    return ConsoleSettings(**_only("console", config_path, env))


def load_workshop_settings(
    config_path: Path | None = None, env: Mapping[str, str] | None = None
) -> WorkshopSettings:
    """Only the ``[workshop]`` settings, as :func:`load_console_settings` reads ``[console]``.

    Raises:
        ConfigError: a ``[workshop]`` value is malformed, or the file is not TOML.
    """
    values = _only("workshop", config_path, env)
    path = config_path if config_path is not None else default_config_path(env or os.environ)
    return WorkshopSettings(**values, lockdown=read_lockdown(path, read_toml(path)))


def _only(section: str, config_path: Path | None, env: Mapping[str, str] | None) -> dict[str, Any]:
    env = os.environ if env is None else env
    if config_path is not None and not config_path.exists():
        raise ConfigError(f"config file {config_path} does not exist")
    path = config_path if config_path is not None else default_config_path(env)
    collector = _Collector()
    collector.read_file(path, {section: read_toml(path).get(section, {})})
    prefix = f"{ENV_PREFIX}{section.upper()}_"
    collector.read_env({name: value for name, value in env.items() if name.startswith(prefix)})
    return collector.values[section]
