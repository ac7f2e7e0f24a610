"""Meeting types and the look of the invitation, as frozen values.

Provides :class:`TextStyle`, :class:`ExtraLink` (another link to the same room with other hash
settings), :class:`TextItem`/:class:`TextBlock` (additional texts, optionally linked),
:class:`MeetingType` (prefix, suffix, hash settings, header, location, links, texts, as in the
Försäkringskassan add-in's ``meetings[]``), :class:`InviteSettings` (everything the ``[invite]``
config section can set) and :data:`BUILTIN_TYPES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from tui.invite.links import DEFAULT_BASE_URL, HashValue
from tui.invite.strings import DEFAULT_LANGUAGE, Localized
from tui.invite.times import DEFAULT_DURATION

_EMPTY: Mapping[str, HashValue] = MappingProxyType({})


def _no_hash() -> Mapping[str, HashValue]:
    return _EMPTY


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Inline font settings of one block; ``None`` inherits the invitation's."""

    font_family: str | None = None
    font_size: str | None = None
    font_color: str | None = None


@dataclass(frozen=True, slots=True)
class ExtraLink:
    """Another link to the same room, opening it with other settings ("screen sharing only")."""

    text: Localized
    config: Mapping[str, HashValue] = field(default_factory=_no_hash)
    """Hash settings of this link only (the main link's settings are not carried over)."""
    style: TextStyle = field(default_factory=TextStyle)


@dataclass(frozen=True, slots=True)
class TextItem:
    """One additional text, optionally a link."""

    text: Localized
    url: Localized | None = None
    new_line: bool = True


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Additional texts sharing one style."""

    items: tuple[TextItem, ...]
    style: TextStyle = field(default_factory=TextStyle)


@dataclass(frozen=True, slots=True)
class MeetingType:
    """A kind of meeting: how its room is named, opened, headed and described."""

    name: str
    prefix: str = ""
    suffix: str = ""
    config: Mapping[str, HashValue] = field(default_factory=_no_hash)
    """Hash settings of the main link (added to the invitation-wide ones)."""
    header: Localized | None = None
    location: Localized | None = None
    """Overrides the invitation-wide location string."""
    links: tuple[ExtraLink, ...] = ()
    texts: tuple[TextBlock, ...] = ()


BUILTIN_TYPES: Mapping[str, MeetingType] = MappingProxyType(
    {
        "standard": MeetingType(name="standard"),
        "muted": MeetingType(
            name="muted",
            config=MappingProxyType({"startWithAudioMuted": True, "startWithVideoMuted": True}),
            texts=(
                TextBlock(
                    items=(
                        TextItem(
                            text={
                                "en": "You join with microphone and camera off.",
                                "sv": "Du ansluter med mikrofon och kamera avstängda.",
                                "de": "Sie nehmen mit ausgeschaltetem Mikrofon und Kamera teil.",
                                "nl": "Je neemt deel met microfoon en camera uit.",
                            }
                        ),
                    ),
                    style=TextStyle(font_size="12px"),
                ),
            ),
        ),
    }
)
"""Types that exist without any configuration; ``[invite.types.<name>]`` overrides them."""


@dataclass(frozen=True, slots=True)
class InviteSettings:
    """The ``[invite]`` section of the config file, with the add-in's defaults."""

    base_url: str = DEFAULT_BASE_URL
    language: str = DEFAULT_LANGUAGE
    default_type: str = "standard"
    font_family: str = "Arial"
    font_size: str = "20px"
    font_color: str = "#000000"
    use_divider: bool = False
    divider_color: str = "#ffffff"
    show_url: bool = True
    """Also print the full URL under the link (diggsweden did; useful when links are stripped)."""
    room_phone_link: bool = True
    """Add Jitsi Meet's ``#config.startSilent=true`` link for people in a room with a phone."""
    location: Localized | None = None
    """Location field; ``None`` uses the localized "Jitsi meeting"."""
    link_to_meeting: Localized | None = None
    connect_to_meeting: Localized | None = None
    config: Mapping[str, HashValue] = field(default_factory=_no_hash)
    """Hash settings of every main link (the diggsweden add-in's ``meetingUrl``)."""
    links: tuple[ExtraLink, ...] = ()
    texts: tuple[TextBlock, ...] = ()
    types: Mapping[str, MeetingType] = field(default_factory=lambda: BUILTIN_TYPES)
    duration: timedelta = DEFAULT_DURATION
    """How long a meeting lasts when only its start is given (``duration = "45m"``)."""
    time_zone: str | None = None
    """Zone of times written without an offset (``"Europe/Stockholm"``); ``None``: the system's."""

    def meeting_type(self, name: str | None) -> MeetingType:
        """The type called ``name`` (default type when ``None``).

        Raises:
            KeyError: no such type; the message lists the known ones.
        """
        key = name or self.default_type
        try:
            return self.types[key]
        except KeyError:
            known = ", ".join(sorted(self.types))
            raise KeyError(f"unknown meeting type {key!r}; known types: {known}") from None
