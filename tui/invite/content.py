"""What an invitation says, resolved once and shared by the HTML, text and iCalendar renderers.

Provides :class:`InviteRequest` (what the user asked for), :class:`Link`, :class:`Text`,
:class:`Content` (every string already localized, every URL built) and :func:`resolve`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from tui.invite.dialin import DialIn
from tui.invite.links import HashValue, hash_fragment, merge_hash, normalize_base_url, room_path
from tui.invite.meeting_types import InviteSettings, MeetingType, TextStyle
from tui.invite.slug import RandomSource, random_part, room_name
from tui.invite.strings import language_of, localize
from tui.invite.strings import text as string
from tui.invite.times import TimeError, format_when

_NO_HASH: Mapping[str, HashValue] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class InviteRequest:
    """Everything the user chose for one invitation.

    ``room=None`` makes a new room from the subject; ``random_part`` fixes its unguessable part
    (a live preview keeps it while the user types; tests inject it).
    """

    subject: str = ""
    base_url: str | None = None
    """Deployment, ``https://host[/tenant]/``; ``None`` uses the settings' base URL."""
    tenant: str | None = None
    room: str | None = None
    meeting_type: str | None = None
    language: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    config: Mapping[str, HashValue] = field(default_factory=lambda: _NO_HASH)
    """Extra hash settings for the main link, on top of the settings' and the type's."""
    dial_in: DialIn | None = None
    warnings: tuple[str, ...] = ()
    """Problems found while gathering the data (a dial-in fetch that failed ...)."""
    random_part: str | None = None
    now: datetime | None = None
    """The clock for the calendar's DTSTAMP; ``None`` reads the real one."""
    settings: InviteSettings = field(default_factory=InviteSettings)


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled URL with its inline style."""

    label: str
    url: str
    style: TextStyle = field(default_factory=TextStyle)


@dataclass(frozen=True, slots=True)
class Text:
    """An additional text, linked when ``url`` is set."""

    text: str
    url: str | None
    new_line: bool
    style: TextStyle


@dataclass(frozen=True, slots=True)
class Content:
    """The invitation with every choice made and every string localized."""

    language: str
    subject: str
    room: str
    base_url: str
    url: str
    """The main link, with its ``#config`` hash."""
    room_url: str
    """The room without any hash (what Jitsi's own invitation shows)."""
    header: str
    """The meeting type's header ("" when it has none)."""
    connect_label: str
    link_title: str
    location: str
    links: tuple[Link, ...]
    room_phone: Link | None
    texts: tuple[Text, ...]
    dial_in: DialIn | None
    start: datetime | None
    end: datetime | None
    when: str
    """``2026-12-03 14:00–15:00 (Europe/Stockholm)``, or "" without a start."""
    settings: InviteSettings
    warnings: tuple[str, ...]


def _constant(value: str) -> RandomSource:
    return lambda: value


def room_for(request: InviteRequest, random: RandomSource = random_part) -> str:
    """The room the request names, or a new one from its subject and type.

    Raises:
        KeyError: unknown meeting type.
    """
    kind = request.settings.meeting_type(request.meeting_type)
    source = random if request.random_part is None else _constant(request.random_part)
    return room_name(
        request.subject, prefix=kind.prefix, suffix=kind.suffix, given=request.room, random=source
    )


def _texts(kind: MeetingType, settings: InviteSettings, language: str) -> tuple[Text, ...]:
    texts = []
    for block in (*kind.texts, *settings.texts):
        for item in block.items:
            url = localize(item.url, language) or None
            texts.append(Text(localize(item.text, language), url, item.new_line, block.style))
    return tuple(texts)


def resolve(request: InviteRequest, random: RandomSource = random_part) -> Content:
    """Build every URL and pick every string for ``request``.

    Raises:
        KeyError: unknown meeting type.
        tui.invite.links.LinkError: unusable base URL or room name.
        tui.invite.times.TimeError: the end is not after the start.
    """
    if request.start is not None and request.end is not None and request.end <= request.start:
        # An error, not an event without an end: the user meant some other time.
        raise TimeError(
            f"the end {request.end:%Y-%m-%d %H:%M} is not after the start "
            f"{request.start:%Y-%m-%d %H:%M}"
        )
    settings = request.settings
    language = language_of(request.language or settings.language)
    kind = settings.meeting_type(request.meeting_type)
    room = room_for(request, random)
    base = normalize_base_url(request.base_url or settings.base_url, request.tenant)
    room_url = base + room_path(room)
    hash_settings = merge_hash(settings.config, kind.config, request.config)
    links = tuple(
        Link(localize(link.text, language), room_url + hash_fragment(link.config), link.style)
        for link in (*kind.links, *settings.links)
    )
    # Jitsi Meet offers the silent link only next to dial-in: it is for rooms with a phone.
    room_phone = (
        Link(
            string(language, "room_phone_link"),
            room_url + "#config.startSilent=true",
            TextStyle(font_size="12px"),
        )
        if settings.room_phone_link and request.dial_in is not None
        else None
    )
    location = localize(kind.location or settings.location, language) or string(
        language, "location"
    )
    return Content(
        language=language,
        subject=request.subject.strip(),
        room=room,
        base_url=base,
        url=room_url + hash_fragment(hash_settings),
        room_url=room_url,
        header=localize(kind.header, language),
        connect_label=localize(settings.connect_to_meeting, language)
        or string(language, "connect_to_meeting"),
        link_title=localize(settings.link_to_meeting, language)
        or string(language, "link_to_meeting"),
        location=location,
        links=links,
        room_phone=room_phone,
        texts=_texts(kind, settings, language),
        dial_in=request.dial_in,
        start=request.start,
        end=request.end,
        when=format_when(request.start, request.end) if request.start is not None else "",
        settings=settings,
        warnings=request.warnings,
    )
