"""Make untrusted text (display names, chat, room names) safe to put on a terminal.

Names come from anyone who joins the meeting. Control characters (C0, C1 — ESC starts ANSI and
OSC sequences such as OSC 52, which writes the clipboard), bidi overrides that reorder the line,
and zero-width characters that hide look-alikes are replaced, so what the moderator sees is
exactly what was typed, inert. Markup safety is the renderer's job (Textual ``Text`` objects),
not this module's.
"""

from __future__ import annotations

import unicodedata

_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad")
REPLACEMENT = "\ufffd"  # "�": shows that something was there, unlike silently dropping it


def _safe_char(ch: str) -> str:
    if ch in _BIDI_CONTROLS or ch in _INVISIBLE:
        return REPLACEMENT
    category = unicodedata.category(ch)
    if category == "Cc":  # C0 and C1 controls, DEL; includes ESC, BEL, CR, LF, TAB
        return REPLACEMENT if ch not in "\t\n" else " "
    return ch


def safe_text(text: str, limit: int | None = None) -> str:
    """``text`` with every terminal-control character made visible and inert.

    Args:
        text: Untrusted text.
        limit: Longest result in characters; longer text ends with "…".
    """
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    if text.isprintable() and not (
        _BIDI_CONTROLS.intersection(text) or _INVISIBLE.intersection(text)
    ):
        return text  # the common case, without a per-character walk
    return "".join(_safe_char(ch) for ch in text)
