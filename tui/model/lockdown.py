"""Lockdown and open-up presets (issue 15): a named set of steps, planned as ordered intents.

A preset comes from a ``[lockdown.NAME]`` table in the config file (``lobby = true``,
``password_file = "..."``, ``av_moderation = ["audio", "video"]``, ``mute_everyone = true``);
with none configured, the built-in ``default`` is lobby on and AV moderation for audio and
video. Planning is pure: the runner (:mod:`tui.workshop.lockdown`) reads the password file and
performs each step in order, reporting each one. A step the deployment lacks is reported as not
available, never skipped silently; steps that need the room-metadata component (chat restricted,
start muted) are named and reported as not yet supported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui.model.conference import Feature, Media
from tui.model.intents import Intent, MuteEveryone, SetAvModeration, SetLobby, SetPassword

__all__ = [
    "DEFAULT",
    "NEEDS_METADATA",
    "NOT_AVAILABLE",
    "Preset",
    "Step",
    "lockdown_steps",
    "open_up_steps",
    "parse_presets",
]

DEFAULT = "default"
NOT_AVAILABLE = "not available on this deployment"
NEEDS_METADATA = "needs room metadata (not yet supported)"
_METADATA_KEYS = ("chat_restricted", "start_muted")
_KEYS = frozenset({"lobby", "password_file", "av_moderation", "mute_everyone", *_METADATA_KEYS})


@dataclass(frozen=True, slots=True)
class Preset:
    """One named lockdown: what it switches on (and open-up switches off)."""

    name: str
    lobby: bool = False
    password_file: str | None = None
    """Where the meeting password is read from when the preset runs (never argv or screen)."""
    av_moderation: tuple[Media, ...] = ()
    mute_everyone: bool = False
    needs_metadata: tuple[str, ...] = ()
    """Steps named in the preset that need the room-metadata component."""


BUILT_IN = Preset(DEFAULT, lobby=True, av_moderation=(Media.AUDIO, Media.VIDEO))


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a lockdown or open-up: its label and intent, or why it cannot be done."""

    label: str
    intent: Intent | None = None
    unavailable: str = ""


def _flag(table: Mapping[str, object], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{where} {key} must be true or false")
    return value


def _preset(name: str, table: object) -> Preset:
    where = f"[lockdown.{name}]"
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown setting {unknown[0]!r}")
    media = table.get("av_moderation", [])
    if not isinstance(media, list) or not all(isinstance(m, str) for m in media):
        raise ValueError(f'{where} av_moderation must be a list such as ["audio", "video"]')
    try:
        kinds = tuple(dict.fromkeys(Media(m) for m in media))
    except ValueError:
        raise ValueError(f"{where} av_moderation: each is audio, video or desktop") from None
    password = table.get("password_file")
    if password is not None and (not isinstance(password, str) or not password.strip()):
        raise ValueError(f"{where} password_file must be a file name")
    return Preset(
        name,
        lobby=_flag(table, "lobby", where),
        password_file=password,
        av_moderation=kinds,
        mute_everyone=_flag(table, "mute_everyone", where),
        needs_metadata=tuple(k for k in _METADATA_KEYS if _flag(table, k, where)),
    )


def parse_presets(tables: object) -> dict[str, Preset]:
    """The presets of a ``[lockdown]`` table (by name); the built-in ``default`` when none.

    Raises:
        ValueError: a preset is malformed (the message names it and the setting).
    """
    if not isinstance(tables, dict):
        raise ValueError("[lockdown] must hold [lockdown.NAME] tables")
    presets = {str(name): _preset(str(name), table) for name, table in tables.items()}
    return presets or {DEFAULT: BUILT_IN}


def _metadata_steps(preset: Preset) -> list[Step]:
    names = (key.replace("_", " ") for key in preset.needs_metadata)
    return [Step(name, unavailable=NEEDS_METADATA) for name in names]


def _av_steps(preset: Preset, features: frozenset[Feature], enabled: bool) -> list[Step]:
    steps = []
    for media in preset.av_moderation:
        label = f"{media.value} moderation {'on' if enabled else 'off'}"
        if Feature.AV_MODERATION in features:
            steps.append(Step(label, SetAvModeration(media, enabled)))
        else:
            steps.append(Step(label, unavailable=NOT_AVAILABLE))
    return steps


def _lobby_step(features: frozenset[Feature], enabled: bool) -> Step:
    label = f"lobby {'on' if enabled else 'off'}"
    if Feature.LOBBY not in features:
        return Step(label, unavailable=NOT_AVAILABLE)
    return Step(label, SetLobby(enabled))


def lockdown_steps(
    preset: Preset, features: frozenset[Feature], password: str | None = None
) -> tuple[Step, ...]:
    """The ordered steps of ``preset`` on a deployment with ``features``.

    ``password`` is what the preset's ``password_file`` held (read by the runner); the lobby
    goes first so nobody walks in while the rest is applied.
    """
    steps: list[Step] = []
    if preset.lobby:
        steps.append(_lobby_step(features, True))
    if preset.password_file is not None:
        if password:
            steps.append(Step("password", SetPassword(password)))
        else:
            steps.append(Step("password", unavailable="no password was read from password_file"))
    steps += _av_steps(preset, features, True)
    if preset.mute_everyone:
        steps += [Step("mute everyone", MuteEveryone(Media.AUDIO))]
    return tuple(steps + _metadata_steps(preset))


def open_up_steps(preset: Preset, features: frozenset[Feature]) -> tuple[Step, ...]:
    """The inverse of ``preset``: AV moderation off, the password removed, the lobby off.

    Muting is not undone (nobody can be unmuted remotely); the lobby goes last so the meeting
    stays closed until everything else is open.
    """
    steps = _av_steps(preset, features, False)
    if preset.password_file is not None:
        steps.append(Step("password removed", SetPassword("")))
    if preset.lobby:
        steps.append(_lobby_step(features, False))
    return tuple(steps + _metadata_steps(preset))
