"""The invitation's user-visible strings in Swedish, English, German and Dutch.

Provides :data:`LANGUAGES`, :data:`STRINGS` (language → key → text), :func:`language_of`
(``sv-SE`` → ``sv``, unknown → ``en``, as the Outlook add-in falls back), :func:`text` and
:func:`localize`, which picks a value from a localized object (``{"sv": ..., "default": ...}``,
the add-in's "object(localized)").

"Connect to meeting" and "Link to meeting" are the add-in's own wording in all four languages
(jitsi-outlook ``src/localization.ts``); the dial-in sentences follow the structure of Jitsi Meet's
invitation (``info.invitePhone``, ``share.dialInfoText``) in our own words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

LANGUAGES: Final = ("sv", "en", "de", "nl")
"""Languages with a full string table; the first part of a locale tag selects one."""

DEFAULT_LANGUAGE: Final = "en"

Localized = str | Mapping[str, str]
"""A plain string, or language → string with an optional ``"default"`` entry."""

STRINGS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "connect_to_meeting": "Connect to meeting",
        "link_to_meeting": "Link to meeting",
        "location": "Jitsi meeting",
        "join_meeting": "Join the meeting:",
        "dial_in_heading": "Just want to dial in on your phone?",
        "dial_in_number": "Dial-in:",
        "pin": "PIN:",
        "tap_to_join": "To join by phone instead, tap this:",
        "more_numbers": (
            "Looking for a different dial-in number? See the meeting's dial-in numbers:"
        ),
        "room_phone": "If you also dial in through a room phone, join without connecting to audio:",
        "room_phone_link": "Join without audio (room phone in use)",
        "when": "When:",
    },
    "sv": {
        "connect_to_meeting": "Anslut till mötet",
        "link_to_meeting": "Länk till mötet",
        "location": "Jitsi-möte",
        "join_meeting": "Anslut till mötet:",
        "dial_in_heading": "Vill du hellre ringa in med telefon?",
        "dial_in_number": "Telefon:",
        "pin": "PIN-kod:",
        "tap_to_join": "Ring in med ett tryck:",
        "more_numbers": "Vill du ha ett annat inringningsnummer? Se mötets alla nummer:",
        "room_phone": "Om du också ringer in från en konferenstelefon, anslut utan ljud:",
        "room_phone_link": "Anslut utan ljud (konferenstelefon i rummet)",
        "when": "När:",
    },
    "de": {
        "connect_to_meeting": "Verbinden",
        "link_to_meeting": "Link zum Treffen",
        "location": "Jitsi-Besprechung",
        "join_meeting": "An der Besprechung teilnehmen:",
        "dial_in_heading": "Lieber per Telefon einwählen?",
        "dial_in_number": "Einwahl:",
        "pin": "PIN:",
        "tap_to_join": "Per Telefon teilnehmen, hier tippen:",
        "more_numbers": "Eine andere Einwahlnummer gesucht? Alle Einwahlnummern der Besprechung:",
        "room_phone": "Wenn Sie sich auch über ein Raumtelefon einwählen, ohne Audio teilnehmen:",
        "room_phone_link": "Ohne Audio teilnehmen (Raumtelefon)",
        "when": "Wann:",
    },
    "nl": {
        "connect_to_meeting": "Verbinden met vergadering",
        "link_to_meeting": "Link naar vergadering",
        "location": "Jitsi-vergadering",
        "join_meeting": "Neem deel aan de vergadering:",
        "dial_in_heading": "Liever inbellen met je telefoon?",
        "dial_in_number": "Inbellen:",
        "pin": "PIN:",
        "tap_to_join": "Deelnemen per telefoon, tik hier:",
        "more_numbers": "Een ander inbelnummer nodig? Bekijk de inbelnummers van de vergadering:",
        "room_phone": "Bel je ook in via een vergadertelefoon, neem dan deel zonder audio:",
        "room_phone_link": "Deelnemen zonder audio (vergadertelefoon)",
        "when": "Wanneer:",
    },
}
"""Language → key → text. Every language has every key (a test checks it)."""


def language_of(tag: str | None) -> str:
    """The supported language for a locale tag: ``sv-SE`` → ``sv``, unknown or empty → ``en``."""
    if not tag:
        return DEFAULT_LANGUAGE
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in STRINGS else DEFAULT_LANGUAGE


def text(language: str, key: str) -> str:
    """The string ``key`` in ``language`` (English when the language is unknown)."""
    return STRINGS[language_of(language)][key]


def localize(value: Localized | None, language: str, fallback: str = "") -> str:
    """Pick ``value`` for ``language``: the exact tag, its primary language, ``default``, English.

    A plain string is the same in every language; ``None`` or an empty mapping gives
    ``fallback``. This is the add-in's ``getLocalizedText`` lookup, made forgiving of ``sv-SE``.
    """
    if value is None:
        return fallback
    if isinstance(value, str):
        return value
    for key in (language, language.split("-", 1)[0].lower(), "default", DEFAULT_LANGUAGE):
        found = value.get(key)
        if found is not None:
            return found
    return fallback
