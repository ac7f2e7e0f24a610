"""The invite pane: live preview, format and language, copy, show, save, dial-in, hostile text."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from textual.widgets import Input, Select

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready, screen_text, wait_until
from tui.invite import InviteSettings
from tui.model.gateway import DialInSources, InviteSource
from tui.ui.app import ConsoleApp
from tui.ui.screens.console import ConsoleScreen
from tui.ui.screens.invite import InviteScreen, copy_report
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


def _preview(screen: InviteScreen) -> str:
    return str(screen.query_one("#invite-preview-text").render())


async def _type_subject(pilot, screen: InviteScreen, subject: str) -> None:  # type: ignore[no-untyped-def]
    box = screen.query_one("#invite-subject", Input)
    box.focus()
    box.value = ""
    await pilot.press(*subject)
    await wait_until(pilot, lambda: subject in _preview(screen), what="subject in preview")


async def test_i_opens_the_pane_for_the_current_meeting_and_typing_updates_the_preview() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
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
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
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
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        screen.query_one("#invite-room", Input).value = ""
        await _type_subject(pilot, screen, "Möte Q3")
        assert "https://meet.example.org/Mote-Q3_" in _preview(screen)


async def test_copy_puts_the_text_on_the_clipboard_and_says_how() -> None:
    app = _app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(pilot)
        await _type_subject(pilot, screen, "Board")
        await pilot.press("ctrl+y")
        assert screen.invitation is not None
        assert app.clipboard == screen.invitation.text
        assert "Board" in app.clipboard
        await wait_until(pilot, lambda: "OSC 52" in screen_text(app), what="copy report")


async def test_copying_html_says_osc52_carries_plain_text() -> None:
    app = _app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(pilot)
        screen.query_one("#invite-format", Select).value = "html"
        await wait_until(pilot, lambda: "jitsi-link" in _preview(screen), what="HTML")
        await pilot.press("ctrl+y")
        assert screen.invitation is not None
        assert app.clipboard == screen.invitation.html
        notes = [n.message for n in app._notifications]
        assert any("OSC 52 carries plain text" in note for note in notes)


async def test_copy_on_a_local_desktop_also_uses_pyperclip(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.setenv("DISPLAY", ":0")
    copied: list[str] = []
    monkeypatch.setattr("tui.ui.screens.invite.pyperclip_copy", copied.append)
    app = _app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(pilot)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: bool(copied), what="pyperclip")
        assert copied == [app.clipboard]
        await wait_until(
            pilot,
            lambda: any("desktop clipboard" in n.message for n in app._notifications),
            what="report",
        )
        assert screen.invitation is not None


def test_copy_report_names_the_way_and_the_fallbacks() -> None:
    from tui.invite import InviteFormat

    remote = copy_report(10, InviteFormat.TEXT, None, in_tmux=True)
    assert "OSC 52" in remote and "set-clipboard on" in remote and "Show" in remote
    failed = copy_report(10, InviteFormat.TEXT, "PyperclipException", in_tmux=False)
    assert "desktop clipboard failed (PyperclipException)" in failed
    assert "pyperclip" in copy_report(10, InviteFormat.TEXT, "", in_tmux=False)


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
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await _type_subject(pilot, screen, "Shown in full")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, TextView)
        assert "Shown in full" in screen_text(app)
        await pilot.press("escape")
        assert app.screen_stack[-1] is screen
        await pilot.press("escape")
        assert isinstance(app.screen, ConsoleScreen)


async def test_hostile_subject_is_shown_literally() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
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
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_live_meeting_gets_dial_in_fetched_in_the_background(dial_in_server: str) -> None:
    gateway = _LiveLike(f"{dial_in_server}/numbers", f"{dial_in_server}/code")
    app = _app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
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
    app = _app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
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
