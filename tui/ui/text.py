"""Safe display of names the server sent: literal, and free of terminal control characters.

Display names and room subjects come from strangers. They must never be parsed as markup (a name
``[@click=app.quit]x[/]`` is just characters) and must never smuggle escape sequences or bidi
overrides to the terminal, so everything shown goes through :func:`clean` and :func:`literal`.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.model.text import safe_text


def clean(value: str) -> str:
    """``value`` made harmless for a terminal (:func:`tui.model.text.safe_text`)."""
    return safe_text(value)


def literal(value: str, style: str | Style = "") -> Text:
    """A :class:`~rich.text.Text` showing ``value`` exactly (after :func:`clean`), never markup."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis", end="")
