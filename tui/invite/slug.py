"""Room names for new meetings, made exactly as the Outlook add-in makes them.

Provides :func:`subject_slug` (the add-in's ``secureSubjectUrl``), :func:`random_part` (16
characters from :mod:`secrets`, where the add-in used ``Math.random``) and :func:`room_name`,
which joins ``prefix + slug + random + suffix`` or keeps a name the user gave.

The slug rules (jitsi-outlook ``src/utils/URLHelper.ts``, both generations):

- ``á à ä â ã å`` → ``a``, ``ó ò ö ô õ`` → ``o``, ``é è ë ê`` → ``e``, ``ú ù ü û`` → ``u``,
  ``í ì ï î`` → ``i``, upper case included (``Ö`` → ``o``); nothing else is folded;
- every other character outside ``A-Z a-z 0-9`` becomes ``-`` and runs of ``-`` collapse;
- the result is cut to 30 characters; one character or less is dropped, otherwise ``_`` follows.

"Möte angående nästa sprint sen i fredags" → ``Mote-angaende-nasta-sprint-sen_`` (31 characters).

One rule for every room name, made or named (:func:`jitsi_room`): what Jitsi Meet itself joins
for that name. jitsi-meet's ``parseURIString`` (``react/features/base/util/uri.ts``, read at
commit 0cafcc94e1e4365aa6aff7471dd209c749de740a) strips whitespace and removes
``: ? # [ ] @ ! $ & ' ( ) * + , ; = < > / "`` from the room segment ("the list is based on RFC
3986 and the jxmpp library utilized by jicofo"), and ``getBackendSafeRoomName`` NFKC-normalizes
and lower-cases what it sends to the server. So a named room loses exactly those characters (and
``%``, which Jitsi would decode a second time, and control characters); case and letters of
any script stay, and the link percent-encodes them as UTF-8 (``Möte`` → ``M%C3%B6te``). The
server lower-cases, so ``Standup`` and ``standup`` are one room. A slug only ever holds
``A-Z a-z 0-9 - _``, so a room made from a subject passes the rule unchanged.
"""

from __future__ import annotations

import re
import secrets
import string
import unicodedata
from collections.abc import Callable
from typing import Final

SLUG_LENGTH: Final = 30
RANDOM_LENGTH: Final = 16
RANDOM_ALPHABET: Final = string.ascii_lowercase + string.digits
"""Lower case and digits (the Försäkringskassan add-in): room names are case-insensitive in
XMPP, so upper case would only add look-alike links to the same room."""

_FOLD: Final = str.maketrans(
    {
        **dict.fromkeys("áàäâãåÁÀÄÂÃÅ", "a"),
        **dict.fromkeys("óòöôõÓÒÖÔÕ", "o"),
        **dict.fromkeys("éèëêÉÈËÊ", "e"),
        **dict.fromkeys("úùüûÚÙÜÛ", "u"),
        **dict.fromkeys("íìïîÍÌÏÎ", "i"),
    }
)
_OTHER: Final = re.compile(r"[^A-Za-z0-9]+")  # one "+" does the add-in's replace-then-collapse

_NOT_IN_ROOMS: Final = re.compile(r"""[\s:?#\[\]@!$&'()*+,;=<>/"%\x00-\x1f\x7f-\x9f]+""")
"""jitsi-meet's ``_ROOM_EXCLUDE_PATTERN``, whitespace (its parser strips it), ``%`` and controls."""

ROOM_RULE: Final = """Jitsi drops spaces, controls and :?#[]@!$&'()*+,;=<>/"% from room names"""
"""What to tell the user when :func:`jitsi_room` changed a name they gave."""

RandomSource = Callable[[], str]
"""Returns the random part of a room name; tests inject a fixed one."""


def subject_slug(subject: str | None, length: int = SLUG_LENGTH) -> str:
    """The subject as the start of a room name: ``"Möte: Q3"`` → ``"Mote-Q3_"``.

    Returns ``""`` when less than two characters survive (an empty subject, only punctuation).
    """
    if not subject:
        return ""
    slug = _OTHER.sub("-", subject.translate(_FOLD))[:length]
    return "" if len(slug) <= 1 else slug + "_"


def jitsi_room(name: str) -> str:
    """``name`` as Jitsi Meet would join it: NFKC, without the characters it removes.

    ``"Möte Q3: plan?"`` → ``"MöteQ3plan"``; ``""`` when nothing is left.
    """
    # Again after the removal: "t¨" is NFKC "t" + space + combining diaeresis; without the space
    # the pair composes to "ẗ". A fixed point, so naming a printed room gives that same room.
    room = name
    for _ in range(4):
        cleaned = _NOT_IN_ROOMS.sub("", unicodedata.normalize("NFKC", room))
        if cleaned == room:
            break
        room = cleaned
    return room


def random_part(length: int = RANDOM_LENGTH, alphabet: str = RANDOM_ALPHABET) -> str:
    """``length`` characters drawn from ``alphabet`` by the cryptographic generator."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def room_name(
    subject: str | None,
    *,
    prefix: str = "",
    suffix: str = "",
    given: str | None = None,
    random: RandomSource = random_part,
) -> str:
    """The room of a new meeting: ``prefix + slug(subject) + random + suffix``.

    Args:
        subject: The meeting subject (may be empty).
        prefix: Per-meeting-type text before the slug (``"comp_"``).
        suffix: Per-meeting-type text after the random part.
        given: A room name chosen by the user; kept, without prefix or suffix, after
            :func:`jitsi_room` (the one rule for every room name).
        random: Source of the unguessable part (default: :func:`random_part`).
    """
    if given and given.strip():
        return jitsi_room(given)
    return f"{prefix}{subject_slug(subject)}{random()}{suffix}"
