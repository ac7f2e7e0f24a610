"""Read the ``[invite]`` section of an already-parsed TOML config into :class:`InviteSettings`.

Provides :func:`settings_from_document` (the whole ``tomllib`` result) and
:func:`parse_invite_table` (just the section). Loading the file is :mod:`tui.config`'s job.

Example::

    [invite]
    base_url = "https://meet.example.org/"
    language = "sv"
    type = "team"                       # default meeting type
    duration = "45m"                    # when only a start is given (minutes, "1h30m"); 1h
    time_zone = "Europe/Stockholm"      # for times without an offset; default: the system's
    location = { default = "Jitsi meeting", sv = "Jitsi-möte" }
    config = { startWithAudioMuted = true }

    [[invite.links]]                    # extra links to the same room
    text = { default = "Screen sharing only", sv = "Endast skärmdelning" }
    config = { startSilent = true, disableInitialGUM = true }
    font_size = "12px"

    [[invite.texts]]
    font_size = "12px"
    items = [{ text = "User guide", url = "https://example.org/guide" }]

    [invite.types.team]
    prefix = "team_"
    header = { default = "Team meeting", sv = "Teammöte" }

The Outlook add-in's own option names (``baseUrl``, ``locationString``, ``meetingUrl``,
``globalAdditionalLinks``, ``meetings = [{type = ..., meetingPrefix = ...}]`` ...) are accepted
too, so an existing add-in ``config.json`` converted to TOML works unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from types import MappingProxyType
from typing import Any

from tui.invite.links import HashValue, LinkError, normalize_base_url
from tui.invite.meeting_types import (
    BUILTIN_TYPES,
    ExtraLink,
    InviteSettings,
    MeetingType,
    TextBlock,
    TextItem,
    TextStyle,
)
from tui.invite.strings import STRINGS, Localized, language_of
from tui.invite.times import TimeError, parse_duration, zone_named


class InviteConfigError(ValueError):
    """The ``[invite]`` section has a value of the wrong kind; the message names it."""


_ALIASES = {
    # the Outlook add-in's names (both generations) → ours
    "baseUrl": "base_url",
    "locationString": "location",
    "fontFamily": "font_family",
    "fontSize": "font_size",
    "fontColor": "font_color",
    "useDiv": "use_divider",
    "divColor": "divider_color",
    "overrideLinkToMeeting": "link_to_meeting",
    "overrideConnectToMeeting": "connect_to_meeting",
    "meetingUrl": "config",
    "globalAdditionalLinks": "links",
    "globalAdditionalTexts": "texts",
    "meetingPrefix": "prefix",
    "meetingSuffix": "suffix",
    "additionalConfig": "config",
    "meetingHeader": "header",
    "additionalLinks": "links",
    "additionalTexts": "texts",
    "addNewLine": "new_line",
    "currentLanguage": "language",
    "additionalText": "additional_text",
    "timeZone": "time_zone",
}
_TOP_KEYS = {
    "base_url",
    "language",
    "type",
    "font_family",
    "font_size",
    "font_color",
    "use_divider",
    "divider_color",
    "show_url",
    "room_phone_link",
    "location",
    "link_to_meeting",
    "connect_to_meeting",
    "config",
    "links",
    "texts",
    "types",
    "meetings",
    "additional_text",
    "duration",
    "time_zone",
}
_TYPE_KEYS = {"type", "prefix", "suffix", "config", "header", "location", "links", "texts"}
_STYLE_KEYS = {"font_family", "font_size", "font_color"}


def _canonical(table: Mapping[str, Any]) -> dict[str, Any]:
    return {_ALIASES.get(key, key): value for key, value in table.items()}


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InviteConfigError(f"{where} must be a string")
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise InviteConfigError(f"{where} must be true or false")
    return value


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InviteConfigError(f"{where} must be a table")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InviteConfigError(f"{where} must be a list (an array of tables)")
    return value


def _localized(value: object, where: str) -> Localized:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and value and all(isinstance(v, str) for v in value.values()):
        return MappingProxyType({str(k): v for k, v in value.items()})
    raise InviteConfigError(f"{where} must be a string or a table like {{ default = '...' }}")


def _hash(value: object, where: str) -> Mapping[str, HashValue]:
    table = _table(value, where)
    for key, item in table.items():
        if not isinstance(item, str | bool | int | float | list | dict):
            raise InviteConfigError(f"{where}.{key} must be a string, number, boolean or list")
    return MappingProxyType(dict(table))


def _duration(value: object) -> timedelta:
    """``duration = 45`` (minutes) or ``duration = "1h30m"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    try:
        return parse_duration(_str(value, "[invite] duration"))
    except TimeError as exc:
        raise InviteConfigError(f"[invite] duration: {exc}") from None


def _time_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if "duration" in data:
        changes["duration"] = _duration(data["duration"])
    if "time_zone" in data:
        zone = _str(data["time_zone"], "[invite] time_zone")
        try:
            changes["time_zone"] = zone_named(zone).key
        except TimeError as exc:
            raise InviteConfigError(f"[invite] time_zone: {exc}") from None
    return changes


def _style(table: Mapping[str, Any], where: str) -> TextStyle:
    return TextStyle(
        **{key: _str(table[key], f"{where}.{key}") for key in _STYLE_KEYS if key in table}
    )


def _unknown(table: Mapping[str, Any], known: set[str], where: str, warnings: list[str]) -> None:
    warnings.extend(
        f"{where}: unknown setting {key!r} (ignored)" for key in table if key not in known
    )


def _links(value: object, where: str, warnings: list[str]) -> tuple[ExtraLink, ...]:
    links = []
    for index, raw in enumerate(_list(value, where)):
        here = f"{where}[{index}]"
        table = _canonical(_table(raw, here))
        _unknown(table, {"text", "config", *_STYLE_KEYS}, here, warnings)
        if "text" not in table:
            raise InviteConfigError(f"{here} needs a text")
        links.append(
            ExtraLink(
                text=_localized(table["text"], f"{here}.text"),
                config=_hash(table.get("config", {}), f"{here}.config"),
                style=_style(table, here),
            )
        )
    return tuple(links)


def _texts(value: object, where: str, warnings: list[str]) -> tuple[TextBlock, ...]:
    blocks = []
    for index, raw in enumerate(_list(value, where)):
        here = f"{where}[{index}]"
        table = _canonical(_table(raw, here))
        if "texts" in table and "items" not in table:  # the add-in's name for the list
            table["items"] = table.pop("texts")
        _unknown(table, {"items", *_STYLE_KEYS}, here, warnings)
        items = []
        for number, item_raw in enumerate(_list(table.get("items", []), f"{here}.items")):
            item_where = f"{here}.items[{number}]"
            item = _canonical(_table(item_raw, item_where))
            _unknown(item, {"text", "url", "new_line"}, item_where, warnings)
            if "text" not in item:
                raise InviteConfigError(f"{item_where} needs a text")
            items.append(
                TextItem(
                    text=_localized(item["text"], f"{item_where}.text"),
                    url=_localized(item["url"], f"{item_where}.url") if "url" in item else None,
                    new_line=_bool(item.get("new_line", True), f"{item_where}.new_line"),
                )
            )
        blocks.append(TextBlock(items=tuple(items), style=_style(table, here)))
    return tuple(blocks)


def _meeting_type(
    name: str, raw: object, where: str, base: MeetingType | None, warnings: list[str]
) -> MeetingType:
    table = _canonical(_table(raw, where))
    _unknown(table, _TYPE_KEYS, where, warnings)
    kind = base or MeetingType(name=name)
    changes: dict[str, Any] = {}
    for key in ("prefix", "suffix"):
        if key in table:
            changes[key] = _str(table[key], f"{where}.{key}")
    for key in ("header", "location"):
        if key in table:
            changes[key] = _localized(table[key], f"{where}.{key}")
    if "config" in table:
        changes["config"] = _hash(table["config"], f"{where}.config")
    if "links" in table:
        changes["links"] = _links(table["links"], f"{where}.links", warnings)
    if "texts" in table:
        changes["texts"] = _texts(table["texts"], f"{where}.texts", warnings)
    return replace(kind, **changes)


def parse_invite_table(table: Mapping[str, Any]) -> tuple[InviteSettings, list[str]]:
    """:class:`InviteSettings` from the ``[invite]`` table.

    Returns:
        The settings, and warnings (unknown keys) for the user.

    Raises:
        InviteConfigError: a value of the wrong kind, a bad base URL or language.
    """
    warnings: list[str] = []
    data = _canonical(_table(table, "[invite]"))
    _unknown(data, _TOP_KEYS, "[invite]", warnings)
    changes: dict[str, Any] = {}
    if "base_url" in data:
        try:
            changes["base_url"] = normalize_base_url(_str(data["base_url"], "[invite] base_url"))
        except LinkError as exc:
            raise InviteConfigError(f"[invite] base_url: {exc}") from None
    if "language" in data:
        tag = _str(data["language"], "[invite] language")
        if language_of(tag) != tag.replace("_", "-").split("-")[0].lower():
            known = ", ".join(STRINGS)
            raise InviteConfigError(f"[invite] language {tag!r} is not one of {known}")
        changes["language"] = language_of(tag)
    for key in ("font_family", "font_size", "font_color", "divider_color"):
        if key in data:
            changes[key] = _str(data[key], f"[invite] {key}")
    for key in ("use_divider", "show_url", "room_phone_link"):
        if key in data:
            changes[key] = _bool(data[key], f"[invite] {key}")
    for key in ("location", "link_to_meeting", "connect_to_meeting"):
        if key in data:
            changes[key] = _localized(data[key], f"[invite] {key}")
    if "config" in data:
        changes["config"] = _hash(data["config"], "[invite] config")
    changes.update(_time_settings(data))
    if "links" in data:
        changes["links"] = _links(data["links"], "[invite] links", warnings)
    texts = _texts(data["texts"], "[invite] texts", warnings) if "texts" in data else ()
    if "additional_text" in data:  # diggsweden's single italic line
        line = _localized(data["additional_text"], "[invite] additionalText")
        texts += (TextBlock(items=(TextItem(text=line),), style=TextStyle(font_size="0.8em")),)
    if texts:
        changes["texts"] = texts
    types = dict(BUILTIN_TYPES)
    for name, raw in _table(data.get("types", {}), "[invite] types").items():
        types[name] = _meeting_type(name, raw, f"[invite.types.{name}]", types.get(name), warnings)
    for index, raw in enumerate(_list(data.get("meetings", []), "[invite] meetings")):
        name = _str(_table(raw, f"[invite] meetings[{index}]").get("type"), "meetings[].type")
        where = f"[invite] meetings[{index}]"
        types[name] = _meeting_type(name, raw, where, types.get(name), warnings)
    changes["types"] = MappingProxyType(types)
    if "type" in data:
        default_type = _str(data["type"], "[invite] type")
        if default_type not in types:
            raise InviteConfigError(f"[invite] type {default_type!r} is not a defined type")
        changes["default_type"] = default_type
    return replace(InviteSettings(), **changes), warnings


def settings_from_document(document: Mapping[str, Any]) -> tuple[InviteSettings, list[str]]:
    """:class:`InviteSettings` from a whole parsed config file (``tomllib.load`` result).

    No ``[invite]`` section gives the defaults.

    Raises:
        InviteConfigError: see :func:`parse_invite_table`.
    """
    return parse_invite_table(document.get("invite", {}))
