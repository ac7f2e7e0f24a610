"""The invitation as plain text, for chat, plain-text mail and the calendar's DESCRIPTION.

Provides :func:`render_text`. The order follows Jitsi Meet's "Copy meeting invitation"
(``react/features/invite/functions.ts`` ``getInviteText``): the link, then "tap to join by
phone" (``number,,PIN#``), the number and PIN, the page with every number, and the
``#config.startSilent=true`` link for rooms with a phone. Every line goes through
:func:`tui.model.text.safe_text`, so a subject holding terminal escapes (OSC 52 ...) cannot act
on the terminal this text is printed to.
"""

from __future__ import annotations

from tui.invite.content import Content
from tui.invite.strings import text as string
from tui.model.text import safe_text


def _dial_in(content: Content) -> list[str]:
    dial_in = content.dial_in
    if dial_in is None:
        return []
    lang = content.language
    number = dial_in.default_number.number
    pin = dial_in.pin
    lines = [
        "",
        string(lang, "dial_in_heading"),
        f"{string(lang, 'tap_to_join')} {dial_in.tap_to_join}",
        f"{string(lang, 'dial_in_number')} {number} {string(lang, 'pin')} {pin}#",
    ]
    if dial_in.info_page_url:
        lines.append(f"{string(lang, 'more_numbers')} {dial_in.info_page_url}")
    if content.room_phone is not None:
        lines += ["", f"{string(lang, 'room_phone')} {content.room_phone.url}"]
    return lines


def _texts(content: Content) -> list[str]:
    lines: list[str] = []
    current = ""
    for item in content.texts:
        part = f"{item.text}: {item.url}" if item.url else item.text
        current = f"{current} {part}" if current else part
        if item.new_line:
            lines.append(current)
            current = ""
    if current:
        lines.append(current)
    return ["", *lines] if lines else []


def render_text(content: Content) -> str:
    """The invitation as lines of text ending in a newline."""
    lang = content.language
    heading = [line for line in (content.subject, content.header) if line]
    if content.when:
        heading.append(f"{string(lang, 'when')} {content.when}")
    lines = [*heading, ""] if heading else []
    lines += [string(lang, "join_meeting"), content.url]
    if content.links:
        lines.append("")
        lines += [f"{link.label}: {link.url}" for link in content.links]
    lines += _dial_in(content)
    lines += _texts(content)
    # Every line, URLs included (hash values come verbatim from the config), is made inert.
    return "\n".join(safe_text(line) for line in lines) + "\n"
