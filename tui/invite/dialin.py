"""Phone dial-in data: the two number-list shapes, the conference code (PIN), the info page.

Provides :class:`DialInNumber`, :class:`DialIn`, the parsers :func:`parse_numbers` and
:func:`parse_conference_code` (any JSON in, data or :class:`DialInDataError` out) and the URL
builders :func:`numbers_request_url`, :func:`conference_code_request_url` and
:func:`info_page_url`. Fetching is :mod:`tui.jitsi.dialin`'s job; nothing here does I/O.

What Jitsi Meet accepts from ``dialInNumbersUrl?conference=<room>@<muc>``
(``react/features/invite/_utils.ts``, ``functions.ts``)::

    [{"countryCode": "US", "tollFree": false, "formattedNumber": "+1 512 647 1431",
      "default": true}, ...]                                   # current shape
    {"numbersEnabled": true, "numbers": {"US": ["+1.512.647.1431"], "SE": [...]}}  # deprecated

and from ``dialInConfCodeUrl?conference=<room>@<muc>&url=<page>``::

    {"conference": "room@conference.meet.example.org", "id": 1518845548, "message": "..."}

The default number is the entry marked ``default``, else the first (deprecated shape: the first
number of the first country). An answer without ``conference`` or ``id`` is an error.

Answers are untrusted: a value longer than :data:`MAX_FIELD` or holding control, format or bidi
characters is treated as absent (invitations are printed to terminals and pasted into mail,
where an escape sequence or a reordered number would do harm).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

MAX_FIELD = 200
"""Longest number, country, PIN or message accepted from a dial-in service."""
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

DIAL_IN_INFO_PAGE = "static/dialInInfo.html"
"""Jitsi Meet's page listing every number for a room (``DIAL_IN_INFO_PAGE_PATH_NAME``)."""


class DialInDataError(ValueError):
    """A dial-in endpoint answered something unusable; the message is one sentence."""


@dataclass(frozen=True, slots=True)
class DialInNumber:
    """One phone number that reaches the deployment's dial-in gateway."""

    number: str
    """As the service formats it for people (``+46 8 123 456 78``)."""
    country: str = ""
    """Country code (``SE``) or region name, as the service gives it."""
    toll_free: bool = False
    default: bool = False


@dataclass(frozen=True, slots=True)
class DialIn:
    """Everything an invitation says about joining by phone."""

    numbers: tuple[DialInNumber, ...]
    pin: str
    """The conference code the caller types, without the closing ``#``."""
    info_page_url: str | None = None
    """The page that lists every number for this room."""

    @property
    def default_number(self) -> DialInNumber:
        """The number marked default, else the first."""
        return next((n for n in self.numbers if n.default), self.numbers[0])

    @property
    def tap_to_join(self) -> str:
        """``+1 512 647 1431,,1518845548#``: phones dial the number, wait, then send the PIN."""
        return f"{self.default_number.number},,{self.pin}#"

    @property
    def tel_uri(self) -> str:
        """``tel:+15126471431,,1518845548%23`` for one-tap dialling from a link (RFC 3966)."""
        digits = re.sub(r"[^0-9+]", "", self.default_number.number)
        return f"tel:{digits},,{quote(self.pin, safe='')}%23"


def _text(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value) if abs(value) < 10**MAX_FIELD else ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not text or len(text) > MAX_FIELD:
        return None
    if not (text.isascii() and text.isprintable()) and any(
        unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in text
    ):
        return None
    return text


def parse_numbers(data: object) -> tuple[DialInNumber, ...]:
    """The numbers in a ``dialInNumbersUrl`` answer (either shape).

    Entries that are not numbers are skipped; an answer with none left is an error.

    Raises:
        DialInDataError: not one of the two shapes, dial-in disabled, or no number in it.
    """
    found: list[DialInNumber] = []
    if data in ({}, {"numbers": []}):
        # An empty list or table encoded the other way round (Lua's JSON has one table type).
        data = []
    if isinstance(data, list):
        for entry in data:
            if not isinstance(entry, Mapping):
                continue
            number = _text(entry.get("formattedNumber"))
            if number is None:
                continue
            found.append(
                DialInNumber(
                    number=number,
                    country=_text(entry.get("countryCode")) or "",
                    toll_free=entry.get("tollFree") is True,
                    default=entry.get("default") is True,
                )
            )
    elif isinstance(data, Mapping) and "numbers" in data:
        if data.get("numbersEnabled") is False:
            raise DialInDataError("the deployment has dial-in switched off (numbersEnabled)")
        numbers = data["numbers"]
        if not isinstance(numbers, Mapping):
            raise DialInDataError("the dial-in numbers answer has no number table")
        for country, entries in numbers.items():
            for entry in entries if isinstance(entries, list) else []:
                number = _text(entry)
                if number is not None:
                    found.append(DialInNumber(number=number, country=_text(country) or ""))
    else:
        raise DialInDataError("the dial-in numbers answer is not a list of numbers")
    if not found:
        raise DialInDataError("the dial-in numbers answer lists no number")
    return tuple(found)


def parse_conference_code(data: object) -> str:
    """The PIN in a ``dialInConfCodeUrl`` answer.

    Raises:
        DialInDataError: no ``conference`` or no ``id`` (the service's ``message`` is quoted).
    """
    if not isinstance(data, Mapping):
        raise DialInDataError("the conference code answer is not a JSON object")
    pin = _text(data.get("id"))
    if not data.get("conference") or pin is None:
        message = _text(data.get("message"))
        reason = f": {message[:200]}" if message else ""
        raise DialInDataError(f"the conference code service gave no PIN{reason}")
    return pin


def format_pin(pin: str) -> str:
    """``1518845548`` → ``1518 8455 48``: three groups of ceil(len/3), as Jitsi Meet shows it."""
    size = max(math.ceil(len(pin) / 3), 1)
    return " ".join(part for part in (pin[:size], pin[size : 2 * size], pin[2 * size :]) if part)


def _with_query(endpoint: str, query: str) -> str:
    return endpoint + ("&" if "?" in endpoint else "?") + query


def conference_jid(room: str, muc_domain: str) -> str:
    """``room@muc`` as the dial-in services expect it (room lower-cased, like the MUC JID).

    Give the backend-safe room (already percent-encoded where needed); ``%`` is kept as is.
    """
    return f"{room.lower()}@{muc_domain}"


def numbers_request_url(endpoint: str, room: str, muc_domain: str) -> str:
    """``<dialInNumbersUrl>?conference=<room>@<muc>`` (``&`` when it already has a query)."""
    return _with_query(endpoint, "conference=" + quote(conference_jid(room, muc_domain), safe="@%"))


def conference_code_request_url(endpoint: str, room: str, muc_domain: str, page_url: str) -> str:
    """``<dialInConfCodeUrl>?conference=<room>@<muc>&url=<meeting URL without hash>``."""
    jid = quote(conference_jid(room, muc_domain), safe="@%")
    page = quote(page_url.split("#", 1)[0].split("?", 1)[0], safe=":/")
    return _with_query(endpoint, f"conference={jid}&url={page}")


def info_page_url(base_url: str, room: str) -> str:
    """``https://host[/tenant]/static/dialInInfo.html?room=<room>`` for a normalized base URL."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return f"{base}{DIAL_IN_INFO_PAGE}?{urlencode({'room': room})}"
