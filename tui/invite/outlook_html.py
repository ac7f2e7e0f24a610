"""The invitation as an HTML block for the body of an Outlook invitation.

Provides :func:`render_html` (the block) and :func:`html_document` (the block as a whole
document, for a file). The block keeps the Outlook add-in's structure (Försäkringskassan
generation, ``src/utils/DOMHelper.ts`` ``getJitsiLinkDiv``) so both can regenerate each other's
block: a ``div`` with the id ``jitsi-link`` (Outlook prefixes it, ``x_jitsi-link``), a ``<br>``,
an optional rule, the bold header, the "→ Connect to meeting" link titled "Link to meeting",
the extra links, then the additional texts, a ``<br>`` and an optional closing rule. Added here:
the full URL under the link (the diggsweden generation showed it), and Jitsi Meet's dial-in
section. Styles are inline only, because Outlook drops ``<style>`` blocks and classes; every text
and URL is escaped, and every ``div`` is closed (the add-in left two open).
"""

from __future__ import annotations

import re
from html import escape

from tui.invite.content import Content, Link, Text
from tui.invite.meeting_types import TextStyle
from tui.invite.strings import text as string

DIV_ID = "jitsi-link"
_CSS_UNSAFE = re.compile(r"""[;'"<>{}\\]""")


def _css(value: str) -> str:
    """A config value made safe inside a ``style`` attribute (no way out of the declaration)."""
    return _CSS_UNSAFE.sub("", value).strip()


def _font(content: Content, style: TextStyle | None = None, *, color: bool = True) -> str:
    settings = content.settings
    style = style or TextStyle()
    size = _css(style.font_size or settings.font_size)
    family = _css(style.font_family or settings.font_family)
    parts = [f"font-size: {size}", f"font-family: '{family}'"]
    if color:
        parts.append(f"color: {_css(style.font_color or settings.font_color)}")
    return "; ".join(parts) + ";"


def _a(label: str, url: str, title: str | None = None) -> str:
    title_text = escape(title if title is not None else label)
    return (
        f'<a aria-label="{title_text}" title="{title_text}" style="text-decoration: none;" '
        f'href="{escape(url)}">{escape(label)}</a>'
    )


def _extra_link(content: Content, link: Link) -> str:
    return f'<span style="{_font(content, link.style)}">{_a(link.label, link.url)}</span><br>'


def _dial_in(content: Content) -> list[str]:
    dial_in = content.dial_in
    if dial_in is None:
        return []
    lang = content.language
    style = _font(content, TextStyle(font_size="12px"))
    number = dial_in.default_number.number
    lines = [
        f'<div style="{style}"><br>',
        f"<b>{escape(string(lang, 'dial_in_heading'))}</b><br>",
        f"{escape(string(lang, 'dial_in_number'))} "
        f'<a style="text-decoration: none;" href="{escape(dial_in.tel_uri)}">{escape(number)}</a>'
        f" {escape(string(lang, 'pin'))} {escape(dial_in.pin)}#<br>",
    ]
    if dial_in.info_page_url:
        lines.append(
            f"{escape(string(lang, 'more_numbers'))} "
            f"{_a(dial_in.info_page_url, dial_in.info_page_url)}<br>"
        )
    lines.append("</div>")
    return lines


def _texts(content: Content, texts: tuple[Text, ...]) -> list[str]:
    lines = []
    for item in texts:
        body = _a(item.text, item.url) if item.url else escape(item.text)
        end = "<br>" if item.new_line else " "
        lines.append(f'<span style="{_font(content, item.style)}">{body}</span>{end}')
    return lines


def render_html(content: Content) -> str:
    """The HTML block (a fragment, no ``<html>``/``<body>``), one element per line."""
    settings = content.settings
    divider = _css(settings.divider_color)
    lines = [f'<div id="{DIV_ID}"><br>']
    if settings.use_divider:
        lines.append(f'<hr style="color: {divider}; border-color: {divider}">')
    # The add-in's bold header line; without a type header the subject takes its place.
    header = content.header or content.subject
    if header:
        size, family = _css(settings.font_size), _css(settings.font_family)
        header_style = f"font-size: {size}; font-weight: 700; font-family: '{family}';"
        lines.append(f'<div style="{header_style}">{escape(header)}</div>')
    if content.when:
        when = f"{string(content.language, 'when')} {content.when}"
        lines.append(f'<div style="{_font(content)}">{escape(when)}</div>')
    arrow = f'<span style="{_font(content, color=False)}">&rarr;</span>'
    lines += [
        '<div style="padding-right: 10px; vertical-align: middle; background-color: transparent;">',
        f'<span style="{_font(content)}">'
        f'<a aria-label="{escape(content.link_title)}" title="{escape(content.link_title)}" '
        f'style="text-decoration: none;" href="{escape(content.url)}">'
        f"{arrow} {escape(content.connect_label)}</a><br></span>",
    ]
    if settings.show_url:
        small = _font(content, TextStyle(font_size="12px"))
        link = _a(content.url, content.url, content.link_title)
        lines.append(f'<span style="{small}">{link}</span><br>')
    lines.append("</div>")
    extra = [_extra_link(content, link) for link in content.links]
    if content.room_phone is not None:
        extra.append(_extra_link(content, content.room_phone))
    if extra:
        lines += ["<div><br>", *extra, "</div>"]
    lines += _dial_in(content)
    lines += _texts(content, content.texts)
    lines.append("<br>")
    if settings.use_divider:
        lines.append("<hr>")
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def html_document(block: str, content: Content) -> str:
    """``block`` as a whole HTML document: what a saved ``.html`` file must be.

    ``<meta charset="utf-8">`` first in the head, so a browser, and Outlook's "Insert > Attach
    file > Insert as text", read å, ä and ö as UTF-8 instead of guessing Windows-1252.
    """
    title = escape(content.subject or content.header or content.room)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(content.language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "</head>\n"
        "<body>\n"
        f"{block}"
        "</body>\n"
        "</html>\n"
    )
