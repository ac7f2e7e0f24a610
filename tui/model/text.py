r"""Make untrusted text (display names, chat, room names) safe to put on a terminal.

Names come from anyone who joins the meeting. Control characters (C0, C1 — ESC starts ANSI and
OSC sequences such as OSC 52, which writes the clipboard), bidi overrides that reorder the line
(Trojan Source), and invisible format characters that hide look-alikes are replaced with a
visible U+FFFD, so what the moderator sees is inert and shows that something was there. The
zero-width (non-)joiners stay: emoji sequences and Persian or Indic names need them. Lone
surrogates (JSON can carry ``"\ud800"``) are replaced too: writing one to the terminal would raise
``UnicodeEncodeError`` in the renderer. Line and paragraph separators (U+2028/9) become spaces,
like other line breaks. Markup safety is the renderer's job (Textual ``Text`` objects), not this
module's.

The words for counts live here too (:func:`plural`, :func:`every`), so that the status line,
the questions, the notifications and ``ctl`` all say "1 room" and "2 rooms" the same way.
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "\ufffd"
_KEEP_FORMAT = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: part of real names and emoji
_WHITESPACE = frozenset("\t\n\r\v\f\u2028\u2029")


def _safe_char(ch: str) -> str:
    if ch in _WHITESPACE:
        return " "
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs") or (category == "Cf" and ch not in _KEEP_FORMAT):
        return REPLACEMENT  # ESC, BEL, C1, DEL; surrogates; bidi controls, ZWSP, BOM, soft hyphen
    return ch


def safe_text(text: str, limit: int | None = None) -> str:
    """``text`` with every terminal-control and invisible format character made visible.

    Args:
        text: Untrusted text.
        limit: Longest result in characters; longer text ends with "…".
    """
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    if text.isascii() and text.isprintable():
        return text  # the common case, checked in C
    return "".join(_safe_char(ch) for ch in text)


def word(count: int, one: str, many: str) -> str:
    """The word for ``count`` things: ``one`` for exactly 1, else ``many`` ("goes" / "go")."""
    return one if count == 1 else many


def plural(count: int, one: str, many: str) -> str:
    """``count`` with the word for one or for many ("1 hand up", "2 hands up"), 1,000s grouped."""
    return f"{count:,} {word(count, one, many)}"


def every(count: int, one: str, many: str) -> str:
    """All of ``count`` things: "the 1 breakout room", "all 2 breakout rooms"."""
    return f"the {plural(count, one, many)}" if count == 1 else f"all {plural(count, one, many)}"
