"""Safe display of names the server sent: literal, and free of terminal control characters.

Display names and room subjects come from strangers. They must never be parsed as markup (a name
``[@click=app.quit]x[/]`` is just characters) and must never smuggle escape sequences or bidi
overrides to the terminal, so everything shown goes through :func:`clean` and :func:`literal`.
"""

from __future__ import annotations

import unicodedata

from rich.style import Style
from rich.text import Text

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
"""What a control character is shown as."""

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Marks and overrides that reorder text on screen (Trojan Source); dropped outright."""

_WHITESPACE = frozenset("\t\n\r\v\f")


def clean(value: str) -> str:
    """``value`` with C0/C1 controls, DEL and bidi controls made harmless for a terminal.

    Whitespace controls become a space, bidi controls vanish, other controls (ESC above all)
    become U+FFFD so that the user can see something was there.
    """
    if value.isprintable():
        return value  # the common case, checked in C
    out: list[str] = []
    for char in value:
        if char in _BIDI_CONTROLS:
            continue
        if char in _WHITESPACE:
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            out.append(REPLACEMENT)
        else:
            out.append(char)
    return "".join(out)


def literal(value: str, style: str | Style = "") -> Text:
    """A :class:`~rich.text.Text` showing ``value`` exactly (after :func:`clean`), never markup."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis", end="")
