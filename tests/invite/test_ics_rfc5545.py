"""The .ics against RFC 5545, read back with the icalendar library and line by line.

What Outlook and Thunderbird need to import it: CRLF lines folded at 75 octets, VERSION and
PRODID, one VEVENT with UID and DTSTAMP, and a start in a named zone whose VTIMEZONE is in the
file (Outlook ignores a TZID it cannot find a definition for and reads the time as floating).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from tui.invite import InviteRequest, render
from tui.invite.ics import PRODID

from .conftest import NOW, RANDOM

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 12, 3, 14, 0, tzinfo=STOCKHOLM)


def _ics(**changes: object) -> str:
    request = InviteRequest(
        subject="Möte angående nästa sprint, del 2; långt ämne som måste vikas över flera rader",
        base_url="https://meet.example.org/",
        start=START,
        end=START + timedelta(minutes=45),
        random_part=RANDOM,
        now=NOW,
        **changes,  # type: ignore[arg-type]
    )
    return render(request).ics


def test_lines_are_crlf_and_folded_at_75_octets() -> None:
    ics = _ics()
    assert ics.endswith("\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    lines = ics.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines), "the long subject is folded"
    # Folding never splits a UTF-8 sequence: every physical line decodes on its own.
    for line in lines:
        line.encode("utf-8").decode("utf-8")


def test_required_properties_and_a_vtimezone_for_the_tzid() -> None:
    ics = _ics()
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == PRODID
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in zones] == ["Europe/Stockholm"]
    # The definition covers the meeting: CET (+01:00) in December.
    offsets = {str(sub["tzname"]): sub.decoded("tzoffsetto") for sub in zones[0].subcomponents}
    assert offsets["CET"] == timedelta(hours=1)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]).endswith("@jitsi-tui")
    assert event.decoded("dtstamp") == NOW
    assert event.decoded("dtstamp").tzinfo is not None
    assert "DTSTART;TZID=Europe/Stockholm:20261203T140000\r\n" in ics
    assert "DTEND;TZID=Europe/Stockholm:20261203T144500\r\n" in ics
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    # The VTIMEZONE comes before the event that uses it (Outlook reads the file in order).
    assert ics.index("BEGIN:VTIMEZONE") < ics.index("BEGIN:VEVENT")


def test_the_file_reads_back_unchanged_through_the_library() -> None:
    ics = _ics()
    again = icalendar.Calendar.from_ical(ics).to_ical().decode("utf-8")
    assert icalendar.Calendar.from_ical(again) == icalendar.Calendar.from_ical(ics)


def test_the_vtimezone_changes_at_the_old_offsets_wall_clock() -> None:
    # RFC 5545 3.6.5: DTSTART of an observance is local time in TZOFFSETFROM. Stockholm goes
    # to summer time at 02:00 CET on 2027-03-28 and back at 03:00 CEST on 2027-10-31.
    ics = _ics()
    blocks = ics.split("BEGIN:")
    daylight = next(b for b in blocks if b.startswith("DAYLIGHT") and "20270328" in b)
    standard = next(b for b in blocks if b.startswith("STANDARD") and "20271031" in b)
    assert "DTSTART:20270328T020000\r\n" in daylight
    assert "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n" in daylight
    assert "DTSTART:20271031T030000\r\n" in standard
    assert "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n" in standard
