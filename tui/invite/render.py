"""The one entry point of the invite package: a request in, every format out.

Provides :class:`InviteFormat`, :class:`Invitation`, :func:`render` (all three formats) and
:func:`preview` (one format, for a live preview that re-renders on every keystroke; errors become
a readable line instead of an exception).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tui.invite.content import InviteRequest, resolve
from tui.invite.ics import render_ics
from tui.invite.links import LinkError
from tui.invite.outlook_html import html_document, render_html
from tui.invite.plain_text import render_text
from tui.invite.slug import RandomSource, random_part
from tui.invite.times import TimeError

# C0/C1 controls (ESC starts terminal sequences such as OSC 52) and bidi overrides; CR, LF and
# TAB stay. HTML escaping does not touch these, and the output may well be printed to a terminal.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """``text`` with terminal control characters replaced by U+FFFD."""
    return _CONTROLS.sub("\ufffd", text)


class InviteFormat(StrEnum):
    """The forms an invitation can take."""

    HTML = "html"
    TEXT = "text"
    ICS = "ics"


@dataclass(frozen=True, slots=True)
class Invitation:
    """One meeting's invitation in every format."""

    text: str
    html: str
    """The HTML block (a fragment: what Outlook's body and the calendar's X-ALT-DESC hold)."""
    html_document: str
    """The block as a whole document with ``<meta charset="utf-8">``: the ``html`` format."""
    ics: str
    warnings: tuple[str, ...]
    """Things the user should know about every format (no dial-in because ...)."""
    ics_warnings: tuple[str, ...]
    """Things that matter for the calendar event only (no start time ...)."""
    url: str
    room: str
    location: str

    def warnings_for(self, fmt: InviteFormat | str) -> tuple[str, ...]:
        """The warnings that matter for ``fmt``."""
        extra = self.ics_warnings if InviteFormat(fmt) is InviteFormat.ICS else ()
        return (*self.warnings, *extra)

    def as_format(self, fmt: InviteFormat | str) -> str:
        """The invitation in ``fmt`` (``html`` is the whole document, ``text`` or ``ics``)."""
        kind = InviteFormat(fmt).value
        return {"html": self.html_document, "text": self.text, "ics": self.ics}[kind]


def _time_warnings(start: datetime | None) -> list[str]:
    if start is None:
        return ["no start time: calendar programs may refuse the .ics event; give a start"]
    return []


def render(request: InviteRequest, random: RandomSource = random_part) -> Invitation:
    """Render ``request`` as text, HTML and iCalendar.

    Raises:
        KeyError: unknown meeting type.
        tui.invite.links.LinkError: unusable base URL or room name.
        tui.invite.times.TimeError: the end is not after the start.
    """
    content = resolve(request, random)
    text = render_text(content)
    html = inert(render_html(content))
    ics = inert(render_ics(content, text, html, request.now))
    return Invitation(
        text=text,
        html=html,
        html_document=inert(html_document(html, content)),
        ics=ics,
        warnings=content.warnings,
        ics_warnings=tuple(_time_warnings(request.start)),
        url=content.url,
        room=content.room,
        location=content.location,
    )


def preview(request: InviteRequest, fmt: InviteFormat | str = InviteFormat.TEXT) -> str:
    """``request`` in one format, for a live preview; never raises on bad input.

    Give the request a fixed ``random_part`` so the room does not change on every keystroke.
    An unknown type, an unusable URL or an end before the start gives a one-line explanation
    instead of the invitation.
    """
    try:
        content = resolve(request)
    except (KeyError, LinkError, TimeError) as exc:
        return f"(no invitation: {exc.args[0] if exc.args else exc})\n"
    kind = InviteFormat(fmt)
    text = render_text(content)
    if kind is InviteFormat.TEXT:
        return text
    html = inert(render_html(content))
    if kind is InviteFormat.HTML:
        return inert(html_document(html, content))
    return inert(render_ics(content, text, html, request.now))
