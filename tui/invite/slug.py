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
"""

from __future__ import annotations

import re
import secrets
import string
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
        given: A room name chosen by the user; used as is, without prefix or suffix.
        random: Source of the unguessable part (default: :func:`random_part`).
    """
    if given and given.strip():
        return given.strip()
    return f"{prefix}{subject_slug(subject)}{random()}{suffix}"
