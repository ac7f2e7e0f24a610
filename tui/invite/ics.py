"""The invitation as an iCalendar (RFC 5545) event, built with the ``icalendar`` library.

Provides :func:`render_ics`. The event carries SUMMARY (the subject), DTSTART/DTEND when given
(aware times in UTC, naive ones floating), LOCATION, URL, DESCRIPTION (the plain text),
``X-ALT-DESC;FMTTYPE=text/html`` (the HTML block, which Outlook shows instead of the text) and
RFC 7986 CONFERENCE entries for the video link and the phone number. The UID is derived from the
room URL, so importing a new version of the same meeting updates the event instead of adding one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from icalendar import Calendar, Event, vText, vUri

from tui.invite.content import Content

PRODID = "-//jitsi-tui//invite//EN"
"""Without the version, so a release does not change every .ics (and every golden file)."""


def _when(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def event_uid(room_url: str) -> str:
    """A stable UID for the meeting at ``room_url``."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, room_url)}@jitsi-tui"


def render_ics(content: Content, text: str, html: str, now: datetime | None = None) -> str:
    """The ``.ics`` file for ``content`` (CRLF line ends, folded at 75 octets).

    Args:
        content: The resolved invitation.
        text: Its plain-text rendering (DESCRIPTION).
        html: Its HTML block (X-ALT-DESC).
        now: Time of creation (DTSTAMP); default the real clock.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", event_uid(content.room_url))
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("summary", content.subject or content.header or content.room)
    if content.start is not None:
        event.add("dtstart", _when(content.start))
        if content.end is not None and content.end > content.start:
            event.add("dtend", _when(content.end))
    event.add("location", content.location)
    event.add("url", vUri(content.url), parameters={"VALUE": "URI"})
    event.add("description", text)
    # vText escapes "," ";" "\" and newlines; a bare X- value would be written raw.
    event.add(
        "x-alt-desc",
        vText(f"<html><body>\n{html}</body></html>"),
        parameters={"FMTTYPE": "text/html"},
    )
    event.add(
        "conference",
        vUri(content.url),
        parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO", "LABEL": content.connect_label},
    )
    if content.dial_in is not None:
        event.add(
            "conference",
            vUri(content.dial_in.tel_uri),
            parameters={"VALUE": "URI", "FEATURE": "PHONE", "LABEL": content.dial_in.tap_to_join},
        )
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")
