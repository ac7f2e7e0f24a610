"""Rendering: HTML structure and escaping, text content, the .ics parsed back, preview."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import icalendar
import pytest

from tui.invite import DialIn, InviteFormat, InviteRequest, preview, render, settings_from_document
from tui.invite.ics import event_uid
from tui.invite.times import TimeError

from .conftest import END, NOW, RANDOM, START

HOSTILE = '<script>alert("x")</script> & \x1b]52;c;aGk=\x07 \u202eevil'


class _Tags(HTMLParser):
    """Collects tags and checks that every opened element is closed in order."""

    VOID = frozenset({"br", "hr", "img", "meta"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _request(**changes: object) -> InviteRequest:
    base = InviteRequest(
        subject="Sprint review",
        base_url="https://meet.example.org/",
        random_part=RANDOM,
        now=NOW,
        start=START,
        end=END,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_html_is_one_balanced_jitsi_link_block_with_inline_styles_only(dial_in: DialIn) -> None:
    html = render(_request(dial_in=dial_in)).html
    tags = _parse(html)
    assert tags.errors == []
    assert tags.stack == []
    first_tag, first_attrs = tags.tags[0]
    assert (first_tag, first_attrs.get("id")) == ("div", "jitsi-link")
    assert html.rstrip().endswith("</div>")
    assert not any("class" in attrs for _, attrs in tags.tags)
    assert "<style" not in html and "<script" not in html


def test_main_link_is_titled_and_says_connect(dial_in: DialIn) -> None:
    invitation = render(_request(dial_in=dial_in, language="sv"))
    anchors = [attrs for tag, attrs in _parse(invitation.html).tags if tag == "a"]
    assert anchors[0]["href"] == invitation.url
    assert anchors[0]["title"] == "Länk till mötet"
    assert "&rarr;</span> Anslut till mötet</a>" in invitation.html
    assert any(a["href"] == dial_in.tel_uri for a in anchors)
    assert any(a["href"] == dial_in.info_page_url for a in anchors)


def test_hostile_subject_is_escaped_in_html_and_inert_everywhere() -> None:
    invitation = render(_request(subject=HOSTILE))
    assert "<script>" not in invitation.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in invitation.html
    for output in (invitation.html, invitation.text, invitation.ics):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    # the slug keeps only letters, digits and "-" (a leading "-" too, as the add-in does)
    assert invitation.room == f"-script-alert-x-script-52-c-aG_{RANDOM}"
    assert _parse(invitation.html).errors == []


def test_hostile_config_text_and_css_are_neutralised() -> None:
    settings, _ = settings_from_document(
        {
            "invite": {
                "font_family": "Arial'; background: url(javascript:x)\"><b>",
                "texts": [{"items": [{"text": "<i>x</i>", "url": 'https://e.org/"onclick="x'}]}],
                "types": {"t": {"header": "<h1>big</h1>"}},
            }
        }
    )
    html = render(_request(settings=settings, meeting_type="t")).html
    tags = _parse(html)
    assert tags.errors == []
    assert {tag for tag, _ in tags.tags} <= {"div", "span", "a", "br", "hr", "b"}
    assert all("onclick" not in attrs for _, attrs in tags.tags)
    assert "font-family: 'Arial background: url(javascript:x)b'" in html
    assert "&lt;h1&gt;big&lt;/h1&gt;" in html


def test_text_follows_jitsis_invitation_order(dial_in: DialIn) -> None:
    text = render(_request(dial_in=dial_in)).text
    lines = text.splitlines()
    assert lines[:5] == [
        "Sprint review",
        "When: 2026-12-01 09:00–10:00 (Europe/Stockholm)",
        "",
        "Join the meeting:",
        render(_request()).url,
    ]
    order = [
        "To join by phone instead, tap this: +1 512 647 1431,,1518845548#",
        "Dial-in: +1 512 647 1431 PIN: 1518845548#",
        f"Looking for a different dial-in number? See the meeting's dial-in numbers: "
        f"{dial_in.info_page_url}",
        "If you also dial in through a room phone, join without connecting to audio: "
        f"https://meet.example.org/Sprint-review_{RANDOM}#config.startSilent=true",
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)


def test_without_dial_in_there_is_no_phone_text_and_no_silent_link() -> None:
    invitation = render(_request())
    for output in (invitation.text, invitation.html):
        assert "PIN" not in output
        assert "startSilent" not in output


def test_dial_in_warnings_are_carried_through() -> None:
    invitation = render(_request(warnings=("no dial-in numbers in the invitation: 500",)))
    assert invitation.warnings == ("no dial-in numbers in the invitation: 500",)


def _event(ics: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert isinstance(events[0], icalendar.Event)
    return events[0]


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_ics_parses_back_field_by_field(dial_in: DialIn) -> None:
    invitation = render(_request(dial_in=dial_in, language="de", subject="Möte; Q3, <b>"))
    assert "\r\n" in invitation.ics
    assert all(len(line.encode()) <= 75 for line in invitation.ics.split("\r\n"))
    event = _event(invitation.ics)
    assert str(event["summary"]) == "Möte; Q3, <b>"
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == END
    assert event.decoded("dtstamp") == NOW
    assert str(event["location"]) == "Jitsi-Besprechung"
    assert str(event["url"]) == invitation.url
    assert str(event["uid"]) == event_uid(f"https://meet.example.org/Mote-Q3-b-_{RANDOM}")
    assert str(event["description"]) == invitation.text
    alt = event["x-alt-desc"]
    assert alt.params["FMTTYPE"] == "text/html"
    assert _unescape(str(alt)) == f"<html><body>\n{invitation.html}</body></html>"
    conferences = event["conference"]
    assert isinstance(conferences, list), "two CONFERENCE lines: the link and the phone"
    assert [str(c) for c in conferences] == [invitation.url, dial_in.tel_uri]
    assert conferences[1].params["FEATURE"] == "PHONE"


def test_ics_keeps_a_named_zone_and_writes_bare_offsets_as_utc() -> None:
    from zoneinfo import ZoneInfo

    stockholm = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    ics = render(_request(start=stockholm, end=stockholm.replace(hour=10))).ics
    assert "DTSTART;TZID=Europe/Stockholm:20261201T090000\r\n" in ics
    assert "DTEND;TZID=Europe/Stockholm:20261201T100000\r\n" in ics
    assert _event(ics).decoded("dtstart") == START
    offset = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    ics = render(_request(start=offset, end=None)).ics
    assert "DTSTART:20261201T080000Z\r\n" in ics
    assert "VTIMEZONE" not in ics


def test_ics_without_start_warns_for_ics_only() -> None:
    invitation = render(_request(start=None, end=None))
    assert "dtstart" not in _event(invitation.ics)
    assert invitation.warnings_for("text") == ()
    assert any("start" in w for w in invitation.warnings_for(InviteFormat.ICS))


def test_end_before_start_is_an_error_not_a_warning() -> None:
    with pytest.raises(TimeError, match="is not after the start"):
        render(_request(start=END, end=START))
    assert "is not after the start" in preview(_request(start=END, end=START))


def test_same_room_same_uid_so_a_reimport_updates_the_event() -> None:
    first = _event(render(_request(room="standup")).ics)
    second = _event(render(_request(room="standup", subject="Other")).ics)
    assert first["uid"] == second["uid"]


@pytest.mark.parametrize("fmt", list(InviteFormat))
def test_preview_equals_render_for_each_format(fmt: InviteFormat, dial_in: DialIn) -> None:
    request = _request(dial_in=dial_in)
    assert preview(request, fmt) == render(request).as_format(fmt)


def test_preview_explains_bad_input_instead_of_raising() -> None:
    assert "unknown meeting type 'nope'" in preview(_request(meeting_type="nope"))
    assert "not an https:// address" in preview(_request(base_url="ftp://x"))


def test_random_part_is_drawn_when_not_fixed() -> None:
    first = render(_request(random_part=None))
    second = render(_request(random_part=None))
    assert first.room != second.room
    assert first.room.startswith("Sprint-review_")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("sv", "Du ansluter med mikrofon och kamera avstängda."), ("de", "ausgeschaltetem Mikrofon")],
)
def test_builtin_muted_type_mutes_the_link_and_says_so(language: str, sentence: str) -> None:
    invitation = render(_request(meeting_type="muted", language=language))
    assert invitation.url.endswith(
        "#config.startWithAudioMuted=true&config.startWithVideoMuted=true"
    )
    assert sentence in invitation.text
    assert sentence in invitation.html


def test_the_html_format_is_a_whole_utf8_document_around_the_block() -> None:
    invitation = render(_request(subject="Möte på fredag", language="sv"))
    document = invitation.as_format(InviteFormat.HTML)
    assert document.startswith('<!DOCTYPE html>\n<html lang="sv">\n<head>\n')
    head = document[: document.index("</head>")]
    assert '<meta charset="utf-8">' in head
    assert "<title>Möte på fredag</title>" in head
    body = document[document.index("<body>\n") + 7 : document.index("</body>")]
    assert body == invitation.html
    assert document.endswith("</body>\n</html>\n")
    parsed = _parse(document)
    assert parsed.errors == [] and parsed.stack == []


def test_the_time_is_in_the_text_and_the_html(dial_in: DialIn) -> None:
    from zoneinfo import ZoneInfo

    start = datetime(2026, 12, 3, 14, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    invitation = render(_request(start=start, end=start + timedelta(hours=1), language="sv"))
    assert "När: 2026-12-03 14:00–15:00 (Europe/Stockholm)" in invitation.text.splitlines()
    assert "När: 2026-12-03 14:00–15:00 (Europe/Stockholm)" in invitation.html
