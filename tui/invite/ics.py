"""The invitation as an iCalendar (RFC 5545) event, built with the ``icalendar`` library.

Provides :func:`render_ics`. The event carries SUMMARY (the subject), DTSTART/DTEND when given
(a time in a named zone as ``DTSTART;TZID=<zone>`` with that zone's VTIMEZONE, a bare UTC offset
as UTC; the console never makes floating times), LOCATION, URL, DESCRIPTION (the plain text),
``X-ALT-DESC;FMTTYPE=text/html`` (the HTML block, which Outlook shows instead of the text) and
RFC 7986 CONFERENCE entries for the video link and the phone number. The UID is derived from the
room URL, so importing a new version of the same meeting updates the event instead of adding one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vText,
    vUri,
)

from tui.invite.content import Content

PRODID = "-//jitsi-tui//invite//EN"
"""Without the version, so a release does not change every .ics (and every golden file)."""


def _when(moment: datetime) -> datetime:
    """A named zone stays (TZID); UTC and bare offsets become UTC (``Z``); naive stays naive."""
    if isinstance(moment.tzinfo, ZoneInfo) and moment.tzinfo.key not in {"UTC", "Etc/UTC"}:
        return moment
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def _offset_changes(zone: ZoneInfo, first: datetime, last: datetime) -> list[datetime]:
    """The UTC instants in ``[first, last)`` where ``zone`` changes its offset (to the minute)."""
    changes = []
    day = first
    while day < last:
        following = day + timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = day, following  # the offset changes in (low, high]: halve to a minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            changes.append(high.replace(second=0, microsecond=0))
        day = following
    return changes


def _observance(zone: ZoneInfo, at: datetime, before: datetime) -> Component:
    """One STANDARD or DAYLIGHT block: from the offset at ``before`` to the one at ``at``.

    DTSTART is the wall clock of the old offset at the change (RFC 5545 3.6.5: 02:00 for the
    Stockholm spring change, 03:00 for the autumn one).
    """
    after_local, before_local = at.astimezone(zone), before.astimezone(zone)
    offset_to, offset_from = after_local.utcoffset(), before_local.utcoffset()
    assert offset_to is not None and offset_from is not None
    block = TimezoneDaylight() if after_local.dst() else TimezoneStandard()
    block.add("dtstart", (at + offset_from).replace(tzinfo=None))
    block.add("tzname", after_local.tzname() or zone.key)
    block.add("tzoffsetfrom", offset_from)
    block.add("tzoffsetto", offset_to)
    return block


def _timezone(zone: ZoneInfo, start: date, end: date) -> Timezone:
    """The VTIMEZONE of ``zone`` from the January before ``start`` to a year after ``end``.

    Written here rather than by ``Timezone.from_tzinfo``, which puts the spring change at the
    new offset's wall clock (03:00 instead of 02:00 for Stockholm); short, because it covers
    only the years around the event, not 1970-2038.
    """
    first = datetime(start.year, 1, 1, tzinfo=UTC)
    last = datetime.combine(end + timedelta(days=366), datetime.min.time(), tzinfo=UTC)
    component = Timezone()
    component.add("tzid", zone.key)
    component.add_component(_observance(zone, first, first))
    for change in _offset_changes(zone, first, last):
        component.add_component(_observance(zone, change, change - timedelta(minutes=1)))
    return component


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
    start = end = None
    if content.start is not None:
        start = _when(content.start)
        event.add("dtstart", start)
        if content.end is not None and content.end > content.start:
            # The end in the start's zone: one TZID, one VTIMEZONE.
            end = _when(content.end.astimezone(start.tzinfo) if start.tzinfo else content.end)
            event.add("dtend", end)
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
    if start is not None and isinstance(start.tzinfo, ZoneInfo):
        last = (end or start).date()
        calendar.add_component(_timezone(start.tzinfo, start.date(), last))
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")
