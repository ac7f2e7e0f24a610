"""The invite pane: live preview, format and language, copy, show, save, dial-in, hostile text."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.local_http import serving
from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready, screen_text, wait_until
from tui.invite import InviteSettings
from tui.model.gateway import DialInSources, InviteSource
from tui.ui.app import ConsoleApp
from tui.ui.screens.console import ConsoleScreen
from tui.ui.screens.invite import InviteScreen
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.screens.text_view import TextView

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def _remote_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as over SSH unless a test says otherwise: no desktop clipboard, no tmux."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")


def _app(gateway: object | None = None) -> ConsoleApp:
    return ConsoleApp(
        gateway or FakeGateway([person("a1", "Anna")]),  # type: ignore[arg-type]
        serve_control=False,
        invite_settings=InviteSettings(),
    )


async def _open(pilot) -> InviteScreen:  # type: ignore[no-untyped-def]
    await ready(pilot, 2)
    await pilot.press("i")
    screen = pilot.app.screen
    assert isinstance(screen, InviteScreen)
    await wait_until(pilot, lambda: screen.invitation is not None, what="first preview")
    return screen


@contextlib.asynccontextmanager
async def _pane(
    gateway: object | None = None, *, size: tuple[int, int] = SIZE, notifications: bool = False
) -> AsyncIterator[tuple[ConsoleApp, Pilot[None], InviteScreen]]:
    """The console around ``gateway`` (Anna alone by default) with the invite pane open."""
    app = _app(gateway)
    async with app.run_test(size=size, notifications=notifications) as pilot:
        yield app, pilot, await _open(pilot)


def _preview(screen: InviteScreen) -> str:
    return str(screen.query_one("#invite-preview-text").render())


async def _type_subject(pilot, screen: InviteScreen, subject: str) -> None:  # type: ignore[no-untyped-def]
    box = screen.query_one("#invite-subject", Input)
    box.focus()
    box.value = ""
    await pilot.press(*subject)
    await wait_until(pilot, lambda: subject in _preview(screen), what="subject in preview")


async def test_i_opens_the_pane_for_the_current_meeting_and_typing_updates_the_preview() -> None:
    async with _pane() as (app, pilot, screen):
        # Defaults: the meeting's name and room, under an obviously fake host, said to be demo.
        assert "Fake meeting" in _preview(screen)
        assert "https://meet.example.org/main" in _preview(screen)
        assert "(demo" in screen_text(app)
        before = screen.renders
        await _type_subject(pilot, screen, "Sprint review")
        # Debounced: a burst of 13 keys is far fewer redraws than keys.
        assert screen.renders - before < 13
        assert "Sprint review" in screen_text(app)


async def test_format_and_language_switch_the_preview() -> None:
    async with _pane() as (app, pilot, screen):
        screen.query_one("#invite-language", Select).value = "sv"
        await wait_until(pilot, lambda: "Anslut till mötet" in _preview(screen), what="Swedish")
        screen.query_one("#invite-language", Select).value = "de"
        await wait_until(pilot, lambda: "teilnehmen" in _preview(screen), what="German")
        screen.query_one("#invite-format", Select).value = "html"
        await wait_until(pilot, lambda: 'id="jitsi-link"' in _preview(screen), what="HTML")
        screen.query_one("#invite-format", Select).value = "ics"
        await wait_until(pilot, lambda: "BEGIN:VCALENDAR" in _preview(screen), what=".ics")
        # The calendar warns that it has no start time.
        assert "no start time" in screen_text(app)


async def test_empty_room_names_a_new_room_after_the_subject() -> None:
    async with _pane() as (_ui, pilot, screen):
        screen.query_one("#invite-room", Input).value = ""
        await _type_subject(pilot, screen, "Möte Q3")
        assert "https://meet.example.org/Mote-Q3_" in _preview(screen)


async def test_copy_puts_the_text_on_the_clipboard_and_says_how() -> None:
    async with _pane(notifications=True) as (app, pilot, screen):
        await _type_subject(pilot, screen, "Board")
        await pilot.press("ctrl+y")
        assert screen.invitation is not None
        assert app.clipboard == screen.invitation.text
        assert "Board" in app.clipboard
        await wait_until(pilot, lambda: "OSC 52" in screen_text(app), what="copy report")


async def test_copying_html_over_ssh_goes_as_osc52_text_and_says_so_in_one_line() -> None:
    async with _pane(size=(80, 24), notifications=True) as (app, pilot, screen):
        screen.query_one("#invite-format", Select).value = "html"
        await wait_until(pilot, lambda: "jitsi-link" in _preview(screen), what="HTML")
        await pilot.press("ctrl+y")
        assert screen.invitation is not None
        assert app.clipboard == screen.invitation.html_document
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")), what="the toast")
        assert [n.message for n in app._notifications] == ["Copied as text via OSC 52 (SSH)"]
        _assert_one_line_toasts(app)
        # The longer story stays under the fields, where it does not time out.
        assert "OSC 52 carries text: Outlook pastes the HTML source" in screen_text(app)


def _assert_one_line_toasts(app: ConsoleApp) -> None:
    toasts = list(app.screen.query("Toast"))
    assert toasts
    for toast in toasts:
        # One line of text between the toast's one-row top and bottom padding.
        assert toast.region.height == 3, toast.region


def _fake_copier(directory: Path, name: str) -> Path:
    log = directory / f"{name}.log"
    script = directory / name
    script.write_text(f'#!/bin/sh\nprintf "%s " "$@" > "{log}.args"\n/bin/cat > "{log}"\n')
    script.chmod(0o755)
    return log


async def test_html_on_a_local_desktop_is_copied_as_text_html(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    log = _fake_copier(tmp_path, "wl-copy")
    async with _pane(size=(80, 24), notifications=True) as (app, pilot, screen):
        screen.query_one("#invite-format", Select).value = "html"
        await wait_until(pilot, lambda: "jitsi-link" in _preview(screen), what="HTML")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: bool(app._notifications), what="the report")
        assert [n.message for n in app._notifications] == ["Copied as HTML (wl-copy)"]
        assert log.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert log.with_suffix(".log.args").read_text().split() == ["--type", "text/html"]
        _assert_one_line_toasts(app)


async def test_copy_on_a_local_desktop_also_uses_pyperclip(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.setenv("DISPLAY", ":0")
    copied: list[str] = []
    monkeypatch.setattr("tui.ui.screens.invite.pyperclip_copy", copied.append)
    async with _pane(notifications=True) as (app, pilot, screen):
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: bool(copied), what="pyperclip")
        assert copied == [app.clipboard]
        await wait_until(
            pilot,
            lambda: any("desktop clipboard" in n.message for n in app._notifications),
            what="report",
        )
        assert screen.invitation is not None


def test_copy_notices_are_short_enough_for_one_toast_line() -> None:
    from tui.invite import InviteFormat
    from tui.ui.invite_output import CopyKind, CopyWay, copy_detail, copy_notice

    ssh = {"SSH_TTY": "/dev/pts/1", "TMUX": "x"}
    ways = [
        CopyWay(CopyKind.OSC52),
        CopyWay(CopyKind.DESKTOP),
        CopyWay(CopyKind.HTML_DESKTOP, ("/usr/bin/xclip",)),
    ]
    for way in ways:
        for fmt in InviteFormat:
            for failed in ("", "PyperclipException"):
                notice = copy_notice(way, fmt, ssh, failed)
                assert "\n" not in notice and len(notice) <= 36, notice
    detail = copy_detail(CopyWay(CopyKind.OSC52), InviteFormat.TEXT, ssh)
    assert "set-clipboard on" in detail and "ctrl+o Show" in detail


async def test_save_writes_the_exact_text_to_the_given_path(tmp_path: Path) -> None:
    app = _app()
    target = tmp_path / "invite.ics"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(pilot)
        screen.query_one("#invite-format", Select).value = "ics"
        await wait_until(pilot, lambda: "VCALENDAR" in _preview(screen), what=".ics")
        await pilot.press("ctrl+s")
        prompt = app.screen
        assert isinstance(prompt, NamePrompt)
        prompt.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, target.exists, what="the file")
        await wait_until(
            pilot,
            lambda: any(str(target) in n.message for n in app._notifications),
            what="saved report",
        )
        assert screen.invitation is not None
        # Byte for byte: the .ics keeps its CRLF line ends.
        assert target.read_bytes() == screen.invitation.ics.encode("utf-8")
        assert b"\r\n" in target.read_bytes()


async def test_save_asks_before_replacing_a_file(tmp_path: Path) -> None:
    app = _app()
    target = tmp_path / "old.txt"
    target.write_text("keep me", encoding="utf-8")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot)
        await pilot.press("ctrl+s")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Replace" in screen_text(app), what="the question")
        await pilot.press("n")
        assert target.read_text(encoding="utf-8") == "keep me"


async def test_show_opens_the_whole_text_and_escape_closes_it() -> None:
    async with _pane() as (app, pilot, screen):
        await _type_subject(pilot, screen, "Shown in full")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, TextView)
        assert "Shown in full" in screen_text(app)
        await pilot.press("escape")
        assert app.screen_stack[-1] is screen
        await pilot.press("escape")
        assert isinstance(app.screen, ConsoleScreen)


async def test_hostile_subject_is_shown_literally() -> None:
    async with _pane() as (app, pilot, screen):
        await _type_subject(pilot, screen, "[b]x[/b]")
        assert "[b]x[/b]" in screen_text(app)
        await pilot.press("ctrl+o")
        assert "[b]x[/b]" in screen_text(app)


async def test_palette_offers_invite_and_then_the_pane_actions() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 2)
        await pilot.press("ctrl+p", *"invite")
        await wait_until(pilot, lambda: "Invite… (i)" in screen_text(app), what="palette hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InviteScreen), what="the pane")
        await pilot.press("ctrl+p", *"copy")
        await wait_until(pilot, lambda: "Copy (ctrl+y)" in screen_text(app), what="palette hit")


async def test_fits_80x24() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        text = screen_text(app)
        for label in ("Subject", "Room", "Type", "Language", "Format", "Preview", "^y"):
            assert label in text
        assert "Join the meeting:" in text


# -- dial-in from a live deployment -----------------------------------------------------------


class _LiveLike(FakeGateway):
    """A gateway that looks live: a meeting URL and dial-in services in its invite source."""

    def __init__(
        self, numbers_url: str, code_url: str, url: str = "https://meet.example.org/TeamRoom"
    ) -> None:
        super().__init__([person("a1", "Anna")])
        self.source = InviteSource(
            url, DialInSources(numbers_url, code_url, "conference.meet.example.org")
        )

    def invite_source(self) -> InviteSource:
        return self.source


@pytest.fixture
async def dial_in_server() -> AsyncIterator[str]:
    """Loopback dial-in services: ``/numbers`` and ``/code`` answer, ``/broken`` says 500."""

    async def numbers(request: web.Request) -> web.Response:
        body = [{"countryCode": "SE", "formattedNumber": "+46 8 123 456 78", "default": True}]
        return web.Response(text=json.dumps(body), content_type="application/json")

    async def code(request: web.Request) -> web.Response:
        body = {"conference": request.query["conference"], "id": 1518845548}
        return web.Response(text=json.dumps(body), content_type="application/json")

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500)

    server = web.Application()
    server.router.add_get("/numbers", numbers)
    server.router.add_get("/code", code)
    server.router.add_get("/broken", broken)
    async with serving(server) as address:
        yield f"http://{address}"


async def test_live_meeting_gets_dial_in_fetched_in_the_background(dial_in_server: str) -> None:
    gateway = _LiveLike(f"{dial_in_server}/numbers", f"{dial_in_server}/code")
    async with _pane(gateway) as (app, pilot, screen):
        assert "https://meet.example.org/TeamRoom" in _preview(screen)
        assert "(demo" not in screen_text(app)
        await wait_until(
            pilot, lambda: "+46 8 123 456 78,,1518845548#" in _preview(screen), what="dial-in"
        )
        assert "PIN 1518 8455 48#" in screen_text(app)


async def test_failing_dial_in_gives_a_warning_and_still_an_invitation(
    dial_in_server: str,
) -> None:
    gateway = _LiveLike(f"{dial_in_server}/broken", f"{dial_in_server}/code")
    async with _pane(gateway) as (app, pilot, screen):
        await wait_until(
            pilot, lambda: "no dial-in numbers" in screen_text(app), what="the warning"
        )
        assert "https://meet.example.org/TeamRoom" in _preview(screen)


# -- where the pane starts from -----------------------------------------------------------------


def test_target_of_a_live_gateway_is_its_meeting_url_with_tenant() -> None:
    from tui.model.conference import Conference
    from tui.ui.invite_target import target_for

    gateway = _LiveLike(
        "https://x.example/numbers",
        "https://x.example/code",
        url="https://meet.example.org/acme/Weekly%20Sync",
    )
    target = target_for(gateway, Conference.empty("weekly%20sync", "", name="Weekly Sync"))
    assert (target.base_url, target.room, target.subject) == (
        "https://meet.example.org/acme/",
        "Weekly Sync",
        "Weekly Sync",
    )
    assert not target.demo
    assert target.dial_in is not None and target.dial_in.muc_domain.startswith("conference.")


def test_target_of_the_simulator_is_a_made_up_demo_address() -> None:
    from tui.sim.gateway import SimulatedConference
    from tui.ui.invite_target import DEMO_BASE_URL, target_for

    sim = SimulatedConference(3, seed=1, activity=False)
    target = target_for(sim, sim.initial())
    assert target.demo and target.base_url == DEMO_BASE_URL and target.room == "demo"
    assert target.dial_in is None


def test_invite_settings_come_from_the_config_file(tmp_path: Path) -> None:
    from tui.ui.invite_target import load_invite_settings

    config = tmp_path / "config.toml"
    config.write_text('[invite]\nlanguage = "nl"\n[invite.types.team]\nprefix = "t_"\n')
    settings, warnings = load_invite_settings(FakeGateway(), {"JITSI_TUI_CONFIG": str(config)})
    assert settings.language == "nl" and "team" in settings.types and warnings == []
    config.write_text("[invite]\nlanguage = 3\n")
    settings, warnings = load_invite_settings(FakeGateway(), {"JITSI_TUI_CONFIG": str(config)})
    assert settings.language == "en" and "language" in warnings[0]


async def test_a_config_problem_is_shown_above_the_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[invite]\nfont_size = 20\n")
    monkeypatch.setenv("JITSI_TUI_CONFIG", str(config))
    # No settings given: the pane reads the config file when it first opens.
    app = ConsoleApp(FakeGateway([person("a1", "Anna")]), serve_control=False)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        assert "⚠ [invite] font_size must be a string" in screen_text(app)


# -- times, a draft that outlives the pane, focus, show ----------------------------------------


async def _set(pilot, screen: InviteScreen, **fields: str) -> None:  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        screen.query_one(f"#invite-{name}", Input).value = value
    screen.refresh_preview()
    await pilot.pause()


async def test_start_end_and_zone_reach_the_calendar_file() -> None:
    async with _pane() as (app, pilot, screen):
        screen.query_one("#invite-format", Select).value = "ics"
        await _set(pilot, screen, start="2026-12-03 14:00", end="45m", zone="Europe/Stockholm")
        assert "DTSTART;TZID=Europe/Stockholm:20261203T140000" in _preview(screen)
        assert "DTEND;TZID=Europe/Stockholm:20261203T144500" in _preview(screen)
        assert "BEGIN:VTIMEZONE" in _preview(screen)
        assert "no start time" not in screen_text(app)
        await _set(pilot, screen, end="16:00")
        assert "DTEND;TZID=Europe/Stockholm:20261203T160000" in _preview(screen)
        await _set(pilot, screen, end="")  # the default duration
        assert "DTEND;TZID=Europe/Stockholm:20261203T150000" in _preview(screen)


async def test_an_end_before_the_start_is_an_error_and_nothing_is_copied() -> None:
    async with _pane(notifications=True) as (app, pilot, screen):
        await _set(pilot, screen, start="2026-12-03 14:00", end="13:00", zone="Europe/Oslo")
        assert screen.invitation is None
        assert "no invitation: the end 2026-12-03 13:00 is not after the start" in screen_text(app)
        await pilot.press("ctrl+y")
        assert app.clipboard == ""
        assert any(n.severity == "error" for n in app._notifications)
        await _set(pilot, screen, end="15:00", zone="Mars/Base")
        assert "is not a time zone name" in screen_text(app)
        await _set(pilot, screen, start="", end="15:00", zone="")
        assert "no invitation: an end or a duration needs a start" in screen_text(app)
        await _set(pilot, screen, start="2026-12-03 14:00", end="15:00", zone="")
        assert screen.invitation is not None  # an empty zone is the system's


async def test_the_fields_outlive_the_pane_while_the_console_runs() -> None:
    async with _pane() as (app, pilot, screen):
        await _type_subject(pilot, screen, "Kept")
        screen.query_one("#invite-language", Select).value = "sv"
        screen.query_one("#invite-format", Select).value = "html"
        screen.query_one("#invite-room", Input).value = ""
        await _set(pilot, screen, start="2026-12-03 14:00", end="30m", zone="Europe/Oslo")
        room = screen.invitation.room if screen.invitation else ""
        await pilot.press("escape")
        assert isinstance(app.screen, ConsoleScreen)
        again = await _open(pilot)
        assert again is not screen
        assert again.query_one("#invite-subject", Input).value == "Kept"
        assert again.query_one("#invite-language", Select).value == "sv"
        assert again.query_one("#invite-format", Select).value == "html"
        assert again.query_one("#invite-start", Input).value == "2026-12-03 14:00"
        assert again.query_one("#invite-end", Input).value == "30m"
        assert again.query_one("#invite-zone", Input).value == "Europe/Oslo"
        # The same new room, not a new random one.
        assert again.invitation is not None and again.invitation.room == room
        assert "När: 2026-12-03 14:00–14:30 (Europe/Oslo)" in _preview(again)


async def test_the_zone_starts_as_the_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    async with _pane() as (_ui, _pilot, screen):
        assert screen.query_one("#invite-zone", Input).value == "America/New_York"


async def test_focus_is_visible_on_every_field() -> None:
    async with _pane() as (_ui, pilot, screen):
        subject = screen.query_one("#invite-subject", Input)
        room = screen.query_one("#invite-room", Input)
        assert screen.focused is subject
        await pilot.pause()
        focused_bg = subject.styles.background
        assert focused_bg != room.styles.background
        labels = list(screen.query(".invite-row Label.-field"))
        assert labels[0].styles.color != labels[1].styles.color  # the focused row's label lit
        await pilot.press("tab")
        assert screen.focused is room
        await pilot.pause()
        assert room.styles.background == focused_bg
        for _ in range(3):
            await pilot.press("tab")
        select = screen.focused
        assert isinstance(select, Select)
        await pilot.pause()
        current = select.query_one("SelectCurrent")
        assert current.styles.background == focused_bg


async def test_show_prints_to_the_plain_terminal_with_urls_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import contextlib
    import io

    app = _app()
    suspended: list[bool] = []

    @contextlib.contextmanager
    def suspend():  # type: ignore[no-untyped-def]
        suspended.append(True)
        yield

    monkeypatch.setattr(app, "suspend", suspend)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    out = io.StringIO()
    monkeypatch.setattr("sys.__stdout__", out)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.query_one("#invite-type", Select).value = "muted"
        await _type_subject(pilot, screen, "Long link")
        assert screen.invitation is not None
        url = screen.invitation.url
        assert len(url) > 80
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "Enter returns" in out.getvalue(), what="the text")
        assert suspended == [True]
        assert url in out.getvalue().splitlines()  # one line; the terminal wraps it itself
        assert app.screen is screen


async def test_show_without_suspend_never_wraps_lines() -> None:
    from textual.widgets import TextArea

    async with _pane(size=(80, 24)) as (app, pilot, screen):
        await pilot.press("ctrl+o")  # the headless driver cannot suspend: the fallback view
        view = app.screen
        assert isinstance(view, TextView)
        area = view.query_one(TextArea)
        assert area.soft_wrap is False
        assert screen.invitation is not None
        assert screen.invitation.url in area.text.splitlines()


async def test_saved_html_is_a_whole_utf8_document(tmp_path: Path) -> None:
    app = _app()
    target = tmp_path / "invite.html"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(pilot)
        screen.query_one("#invite-format", Select).value = "html"
        await _type_subject(pilot, screen, "Möte på fredag")
        await pilot.press("ctrl+s")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, target.exists, what="the file")
        data = target.read_bytes()
        assert data.startswith(b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
        assert "Möte på fredag".encode() in data and data.endswith(b"</html>\n")


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_every_field_and_the_preview_fit(size: tuple[int, int]) -> None:
    async with _pane(size=size) as (app, _pilot, screen):
        text = screen_text(app)
        for label in ("Subject", "Room", "Type", "Language", "Format", "Start", "End", "Zone"):
            assert label in text, (label, size)
        for field in ("subject", "room", "start", "end", "zone"):
            widget = screen.query_one(f"#invite-{field}", Input)
            assert widget.region.width >= 12 and widget.region.right <= size[0], (field, size)
        assert "Join the meeting:" in text
        preview = screen.query_one("#invite-preview")
        assert preview.region.height >= size[1] // 3


async def test_a_named_room_follows_the_room_rule_and_the_pane_says_so() -> None:
    async with _pane() as (app, pilot, screen):
        await _set(pilot, screen, room="Möte Q3: plan?")
        assert "https://meet.example.org/M%C3%B6teQ3plan" in _preview(screen)
        assert "room 'Möte Q3: plan?' is 'MöteQ3plan': Jitsi drops spaces" in screen_text(app)
