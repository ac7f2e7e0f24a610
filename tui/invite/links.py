"""Meeting links: base URL, tenant, room and the ``#config.*`` hash Jitsi Meet reads.

Provides :func:`normalize_base_url` (scheme added, one trailing slash), :func:`split_meeting_url`
(``https://host/tenant/Room`` → base and room), :func:`hash_fragment` (settings → ``#config.x=y&…``)
and :func:`meeting_url`.

Hash values follow what Jitsi Meet's ``parseURLParams`` expects: it URL-decodes each value and
reads it as JSON. So ``True`` → ``true``, numbers as written, lists and tables as JSON with
``"`` written ``%22``; a *string* is taken as already written for the URL (``"[%22desktop%22]"``,
as in the Försäkringskassan add-in's configs). Keys get ``config.`` in front unless they already
name a namespace (``config.``, ``interfaceConfig.``, ``userInfo.``, ``appData.``), so both the
diggsweden style (``startWithAudioMuted``) and the Försäkringskassan style
(``config.startWithAudioMuted``) work.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit

HashValue = str | bool | int | float | list[object] | dict[str, object]
"""A value in a ``#config`` hash (TOML gives exactly these types)."""

HASH_NAMESPACES = ("config.", "interfaceConfig.", "userInfo.", "appData.")
"""Hash keys already starting with one of these are written verbatim."""

DEFAULT_BASE_URL = "https://meet.jit.si/"
"""The add-in's default deployment."""


class LinkError(ValueError):
    """A base URL or a room name cannot make a meeting link; the message is one sentence."""


def normalize_base_url(base: str, tenant: str | None = None) -> str:
    """``meet.example.org`` → ``https://meet.example.org/``; with a tenant, ``…/tenant/``.

    Query and fragment are dropped (they belong to a meeting, not to a deployment).

    Raises:
        LinkError: not an http(s) URL with a host.
    """
    raw = base.strip()
    if not raw:
        raise LinkError("no base URL given; expected e.g. https://meet.example.org/")
    if "://" not in raw:
        raw = "https://" + raw.removeprefix("//")
    parts = urlsplit(raw)
    if parts.scheme.lower() not in {"https", "http"} or not parts.netloc:
        raise LinkError(f"{base.strip()!r} is not an https:// address with a host name")
    path = "/".join(segment for segment in parts.path.split("/") if segment)
    if tenant and tenant.strip("/"):
        path = f"{path}/{quote(tenant.strip('/'), safe='')}".lstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc}/" + (f"{path}/" if path else "")


def split_meeting_url(url: str) -> tuple[str, str | None]:
    """Split ``https://host[/tenant]/Room`` into the normalized base and the decoded room.

    A URL that ends in ``/`` (or has no path) is a base URL: the room is ``None``.

    Raises:
        LinkError: not an http(s) URL with a host.
    """
    raw = url.strip()
    if "://" not in raw:
        raw = "https://" + raw.removeprefix("//")
    parts = urlsplit(raw)
    if parts.path.endswith("/") or not parts.path.strip("/"):
        return normalize_base_url(raw), None
    head, _, room = parts.path.rstrip("/").rpartition("/")
    base = normalize_base_url(f"{parts.scheme}://{parts.netloc}{head}")
    return base, unquote(room)


def hash_key(key: str) -> str:
    """``startWithAudioMuted`` → ``config.startWithAudioMuted``; namespaced keys unchanged."""
    return key if key.startswith(HASH_NAMESPACES) else f"config.{key}"


def hash_value(value: HashValue) -> str:
    """A hash value as Jitsi Meet reads it back (JSON after URL-decoding)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return value
    return quote(json.dumps(value, separators=(",", ":"), ensure_ascii=False), safe=",:[]{}")


def merge_hash(*layers: Mapping[str, HashValue] | None) -> dict[str, HashValue]:
    """Later layers win; keys are compared after :func:`hash_key`, so both spellings merge."""
    merged: dict[str, HashValue] = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            merged[hash_key(key)] = value
    return merged


def hash_fragment(settings: Mapping[str, HashValue] | Iterable[tuple[str, HashValue]]) -> str:
    """``{"startWithAudioMuted": True}`` → ``#config.startWithAudioMuted=true``; empty → ``""``.

    No trailing ``&`` (the diggsweden add-in left one; Försäkringskassan strips it).
    """
    items = settings.items() if isinstance(settings, Mapping) else settings
    pairs = [f"{hash_key(key)}={hash_value(value)}" for key, value in items]
    return "#" + "&".join(pairs) if pairs else ""


def room_path(room: str) -> str:
    """The room as a URL path segment (``Möte`` → ``M%C3%B6te``).

    Raises:
        LinkError: the room is empty or contains ``/``.
    """
    if not room.strip() or "/" in room:
        raise LinkError(f"{room!r} is not a room name; use letters, digits, '-' and '_'")
    return quote(room.strip(), safe="-_.~")


def meeting_url(base: str, room: str, settings: Mapping[str, HashValue] | None = None) -> str:
    """``https://host[/tenant]/Room#config…`` from a (normalized or not) base and a room."""
    return normalize_base_url(base) + room_path(room) + hash_fragment(settings or {})
