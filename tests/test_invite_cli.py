"""``jitsi-tui invite`` end to end: stdout, --out, --copy (OSC 52 / pyperclip), dial-in, exits."""

from __future__ import annotations

import asyncio
import base64
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from aiohttp import web

from tui.cli import console as cli
from tui.cli.invite import main
from tui.clipboard import osc52_sequence

RANDOM = "r" * 16
NO_DESKTOP: dict[str, str] = {}
DESKTOP = {"DISPLAY": ":0"}


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture(autouse=True)
def fixed_random(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("tui.invite.slug.secrets.choice", lambda alphabet: "r")
    # Never read the developer's own config file.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("JITSI_TUI_CONFIG", raising=False)


def run(
    *argv: str, env: dict[str, str] | None = None, stdout: io.StringIO | None = None, **kw: object
) -> tuple[int, str, str]:
    out = stdout if stdout is not None else Pipe()
    err = Pipe()
    code = main(list(argv), stdout=out, stderr=err, env=NO_DESKTOP if env is None else env, **kw)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_prints_text_to_stdout_by_default() -> None:
    code, out, err = run("https://meet.example.org/", "-s", "Sprint review", "--no-dial-in")
    assert code == 0
    assert out == (
        f"Sprint review\n\nJoin the meeting:\nhttps://meet.example.org/Sprint-review_{RANDOM}\n"
    )
    # The room it made, on stderr (stdout stays the invitation), with how to reuse it.
    room = f"Sprint-review_{RANDOM}"
    assert err == f"jitsi-tui invite: room: {room} (another invitation to it: --room {room})\n"


def test_a_meeting_url_invites_to_that_room_in_the_chosen_language() -> None:
    code, out, _ = run(
        "https://meet.example.org/acme/Standup", "--lang", "nl", "--format", "html", "--no-dial-in"
    )
    assert code == 0
    assert 'href="https://meet.example.org/acme/Standup"' in out
    assert "Verbinden met vergadering" in out


def test_hash_flags_reach_the_link() -> None:
    _, out, _ = run(
        "meet.example.org/",
        "--room",
        "x",
        "--muted",
        "--hash",
        "disableInitialGUM=true",
        "--hash",
        "resolution=720",
        "--no-dial-in",
    )
    assert (
        "https://meet.example.org/x#config.startWithAudioMuted=true&config.startWithVideoMuted=true"
        "&config.disableInitialGUM=true&config.resolution=720"
    ) in out


def test_out_writes_an_ics_file_with_crlf(tmp_path: Path) -> None:
    target = tmp_path / "invite.ics"
    code, out, err = run(
        "https://meet.example.org/",
        "-s",
        "Q3",
        "--format",
        "ics",
        "--no-dial-in",
        "--start",
        "2026-12-01T09:00+01:00",
        "--end",
        "2026-12-01T10:00+01:00",
        "--room",
        "q3",
        "--out",
        str(target),
    )
    assert code == 0
    assert out == ""
    assert f"wrote ics invitation to {target}" in err
    data = target.read_bytes()
    assert b"\r\nEND:VCALENDAR\r\n" in data
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["summary"]) == "Q3"
    assert event.decoded("dtstart").isoformat() == "2026-12-01T08:00:00+00:00"


def test_out_without_format_takes_the_format_its_name_ends_in(tmp_path: Path) -> None:
    # Walk-through: `--out sprint.ics` wrote a plain text invitation Outlook cannot import.
    argv = ("https://meet.example.org/", "-s", "Q3", "--no-dial-in", "--start", "2026-12-01T09:00")
    for name, starts in (("a.ics", "BEGIN:VCALENDAR\r\n"), ("b.HTML", "<!DOCTYPE html>")):
        code, _, err = run(*argv, "--out", str(tmp_path / name), env={"TZ": "Europe/Stockholm"})
        assert code == 0, err
        assert (tmp_path / name).read_bytes().decode("utf-8").startswith(starts)
    code, _, err = run(*argv, "--out", str(tmp_path / "c.txt"))
    assert code == 0 and (tmp_path / "c.txt").read_text(encoding="utf-8").startswith("Q3")
    # a format given wins over the name
    code, _, err = run(*argv, "--format", "text", "--out", str(tmp_path / "d.ics"))
    assert code == 0 and "wrote text invitation" in err
    assert not (tmp_path / "d.ics").read_text(encoding="utf-8").startswith("BEGIN")


def test_out_to_an_unwritable_place_is_exit_1(tmp_path: Path) -> None:
    code, _, err = run(
        "https://meet.example.org/", "--no-dial-in", "--out", str(tmp_path / "no" / "such" / "f")
    )
    assert code == 1
    assert "cannot write" in err


def _osc52_payload(stream_text: str) -> str:
    match = re.search(r"\x1b]52;c;([A-Za-z0-9+/=]+)\x07", stream_text)
    assert match, "no OSC 52 sequence written"
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_copy_over_ssh_sends_osc52_to_the_terminal() -> None:
    terminal = Terminal()
    code, out, err = run(
        "https://meet.example.org/",
        "-s",
        "Möte",
        "--no-dial-in",
        "--copy",
        env={"SSH_CONNECTION": "1 2 3 4", "DISPLAY": "localhost:10"},
        stdout=terminal,
    )
    assert code == 0
    assert (
        _osc52_payload(out)
        == f"Möte\n\nJoin the meeting:\nhttps://meet.example.org/Mote_{RANDOM}\n"
    )
    assert "Join the meeting" not in out  # copied, not printed as well
    assert "OSC 52" in err


def _copy_x_on_a_terminal(**kwargs: Any) -> tuple[int, str, str]:
    """``invite https://meet.example.org/ --room x --no-dial-in --copy`` with a terminal."""
    args = ("https://meet.example.org/", "--room", "x", "--no-dial-in", "--copy")
    return run(*args, stdout=Terminal(), **kwargs)


def test_copy_inside_tmux_wraps_the_sequence() -> None:
    code, out, err = _copy_x_on_a_terminal(env={"TMUX": "/tmp/tmux-0/default,1,0"})
    assert code == 0
    assert out.startswith("\x1bPtmux;\x1b\x1b]52;c;") and out.endswith("\x07\x1b\\")
    assert "set-clipboard on" in err


def test_copy_on_a_local_desktop_uses_pyperclip() -> None:
    copied: list[str] = []
    code, out, err = _copy_x_on_a_terminal(env=DESKTOP, desktop_copy=copied.append)
    assert code == 0
    assert copied == ["Join the meeting:\nhttps://meet.example.org/x\n"]
    assert out == ""
    assert "pyperclip" in err


def test_a_failing_desktop_clipboard_falls_back_to_osc52() -> None:
    def broken(text: str) -> None:
        raise RuntimeError("no xclip")

    code, out, err = _copy_x_on_a_terminal(env=DESKTOP, desktop_copy=broken)
    assert code == 0
    assert _osc52_payload(out).endswith("https://meet.example.org/x\n")
    assert "desktop clipboard failed" in err


def test_copy_without_terminal_or_desktop_shows_the_text_and_exits_1() -> None:
    code, out, err = run("https://meet.example.org/", "--room", "x", "--no-dial-in", "--copy")
    assert code == 1
    assert out == "Join the meeting:\nhttps://meet.example.org/x\n"
    assert "not copied" in err and "--out FILE" in err


def test_osc52_sequence_is_base64_between_esc_and_bel() -> None:
    assert osc52_sequence("hi") == "\x1b]52;c;aGk=\x07"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["https://meet.example.org/", "--type", "nope"], "unknown meeting type 'nope'"),
        (["https://meet.example.org/", "--start", "tomorrow"], "is not a time like"),
        (["https://meet.example.org/", "--end", "2026-12-01T10:00"], "needs a start"),
        (
            ["https://meet.example.org/", "--start", "2026-12-03T14:00", "--end", "13:00"],
            "error: the end 2026-12-03 13:00 is not after the start 2026-12-03 14:00",
        ),
        (
            ["https://meet.example.org/", "--start", "2026-12-03T14:00", "--end", "2026-12-02"],
            "is not after the start",
        ),
        (["https://meet.example.org/", "--start", "2026-12-03T14:00", "--tz", "X/Y"], "time zone"),
        (["https://meet.example.org/", "--start", "2026-12-03T14:00", "--duration", "0"], "zero"),
        (["https://meet.example.org/", "--room", ":?#"], "not a room name"),
        (["ftp://meet.example.org/"], "not an https:// address"),
        (["https://meet.example.org/", "--hash", "novalue"], "not KEY=VALUE"),
        (["https://meet.example.org/", "--config", "/nonexistent.toml"], "does not exist"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv: list[str], message: str) -> None:
    code, out, err = run(*argv, "--no-dial-in")
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1, "one line"


def test_unknown_language_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("https://meet.example.org/", "--lang", "fr")
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_config_file_sets_defaults_and_types(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[invite]\nlanguage = "sv"\ntype = "team"\nbogus = 1\n'
        '[invite.types.team]\nprefix = "team_"\nheader = { default = "Team", sv = "Teamet" }\n',
        encoding="utf-8",
    )
    code, out, err = run(
        "https://meet.example.org/", "-s", "Q3", "--no-dial-in", "--config", str(config)
    )
    assert code == 0
    assert out.splitlines()[:4] == ["Q3", "Teamet", "", "Anslut till mötet:"]
    assert f"https://meet.example.org/team_Q3_{RANDOM}" in out
    assert "unknown setting 'bogus'" in err


def test_a_broken_config_file_is_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[invite\n", encoding="utf-8")
    code, _, err = run("https://meet.example.org/", "--no-dial-in", "--config", str(config))
    assert code == 2
    assert str(config) in err


# --- dial-in through a real (loopback) deployment ------------------------------------------------


@pytest.fixture
def deployment() -> Iterator[str]:
    """A loopback 'deployment' with config.js and both dial-in services, in its own thread."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box: dict[str, object] = {}

    async def config_js(request: web.Request) -> web.Response:
        base = f"http://{request.host}"
        body = (
            # A WebSocket on another host: refused for a login, irrelevant to an invitation.
            "var config = { hosts: { domain: 'meet.jitsi', muc: 'muc.meet.jitsi' },\n"
            "  websocket: 'wss://xmpp.elsewhere.example/xmpp-websocket',\n"
            f"  dialInNumbersUrl: '{base}/numbers', dialInConfCodeUrl: '{base}/pin' }};\n"
        )
        return web.Response(text=body, content_type="application/javascript")

    async def numbers(request: web.Request) -> web.Response:
        return web.json_response([{"countryCode": "SE", "formattedNumber": "+46 8 1"}])

    async def pin(request: web.Request) -> web.Response:
        conference = request.query.get("conference", "")
        if not conference.endswith("@muc.meet.jitsi"):
            return web.json_response({"message": "bad conference " + conference})
        return web.json_response({"conference": conference, "id": 4242})

    async def start() -> None:
        app = web.Application()
        app.router.add_get("/config.js", config_js)
        app.router.add_get("/numbers", numbers)
        app.router.add_get("/pin", pin)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["runner"] = runner
        box["url"] = "http://{}:{}/".format(*runner.addresses[0][:2])
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop)
    assert ready.wait(10)
    try:
        yield str(box["url"])
    finally:
        runner = box["runner"]
        assert isinstance(runner, web.AppRunner)
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_dial_in_is_found_through_config_js(deployment: str) -> None:
    code, out, err = run(deployment, "-s", "Q3")
    assert code == 0, err
    assert "Dial-in: +46 8 1 PIN: 4242#" in out
    assert f"{deployment}static/dialInInfo.html?room=Q3_{RANDOM}" in out
    room = f"Q3_{RANDOM}"
    assert err == f"jitsi-tui invite: room: {room} (another invitation to it: --room {room})\n"


def test_dial_in_flags_skip_config_js(deployment: str) -> None:
    code, out, err = run(
        "https://meet.example.org/",
        "--room",
        "x",
        "--dial-in-numbers-url",
        deployment + "numbers",
        "--dial-in-conf-code-url",
        deployment + "pin",
        "--muc-domain",
        "muc.meet.jitsi",
    )
    assert code == 0, err
    assert "To join by phone instead, tap this: +46 8 1,,4242#" in out


def test_dial_in_settings_from_the_server_section(deployment: str, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[server]\ndial_in_numbers_url = "{deployment}numbers"\n'
        f'dial_in_conf_code_url = "{deployment}pin"\nmuc_domain = "muc.meet.jitsi"\n',
        encoding="utf-8",
    )
    code, out, _ = run("https://meet.example.org/", "--room", "x", "--config", str(config))
    assert code == 0
    assert "PIN: 4242#" in out


def test_a_deployment_without_config_js_still_gets_an_invitation(deployment: str) -> None:
    code, out, err = run(deployment + "missing-tenant/", "--room", "x", "--timeout", "5")
    assert code == 0
    assert "Join the meeting:" in out
    assert "no dial-in" in err


def test_the_subcommand_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["invite", "https://meet.example.org/", "--room", "x", "--no-dial-in"])
    assert code == 0
    assert capsys.readouterr().out == "Join the meeting:\nhttps://meet.example.org/x\n"


def test_start_is_local_time_of_the_system_zone_with_tzid_and_default_duration() -> None:
    env = {"TZ": "Europe/Stockholm"}
    code, out, err = run(
        "https://meet.example.org/standup", "--start", "2026-12-03T14:00", "--format", "ics",
        "--no-dial-in", env=env,
    )  # fmt: skip
    assert code == 0, err
    assert "DTSTART;TZID=Europe/Stockholm:20261203T140000\r\n" in out
    assert "DTEND;TZID=Europe/Stockholm:20261203T150000\r\n" in out  # 1 h by default
    calendar = icalendar.Calendar.from_ical(out)
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart").utcoffset().total_seconds() == 3600
    for name in ("uid", "dtstamp"):
        assert name in event
    assert str(calendar["prodid"]) and str(calendar["version"]) == "2.0"


def test_duration_tz_flag_and_the_configured_default_duration(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[invite]\nduration = "30m"\n', encoding="utf-8")
    argv = ["https://meet.example.org/x", "--start", "2026-12-03 09:00", "--format", "ics"]
    stockholm = {"TZ": "Europe/Stockholm"}
    _, out, _ = run(*argv, "--no-dial-in", "--config", str(config), env=stockholm)
    assert "DTEND;TZID=Europe/Stockholm:20261203T093000\r\n" in out  # [invite] duration
    _, out, _ = run(*argv, "--no-dial-in", "--config", str(config), "--tz", "America/New_York")
    assert "DTSTART;TZID=America/New_York:20261203T090000\r\n" in out
    assert "DTEND;TZID=America/New_York:20261203T093000\r\n" in out
    _, out, _ = run(*argv, "--no-dial-in", "--tz", "Europe/Oslo", "--duration", "1h30m")
    assert "DTEND;TZID=Europe/Oslo:20261203T103000\r\n" in out
    _, text, _ = run(
        "https://meet.example.org/x", "--start", "2026-12-03 09:00", "--tz", "Europe/Oslo",
        "--lang", "sv", "--no-dial-in",
    )  # fmt: skip
    assert "När: 2026-12-03 09:00–10:00 (Europe/Oslo)" in text


def test_room_reuses_the_printed_room() -> None:
    code, first, err = run("https://meet.example.org/", "-s", "Möte: Q3", "--no-dial-in")
    assert code == 0
    room = re.search(r"--room (\S+)\)", err)
    assert room is not None
    code, second, err = run(
        "https://meet.example.org/", "-s", "Möte: Q3", "--room", room[1], "--no-dial-in"
    )
    assert code == 0
    assert first == second
    assert "room:" not in err  # nothing new was made


def test_a_named_room_follows_the_same_rule_and_the_change_is_said() -> None:
    code, out, err = run("https://meet.example.org/", "--room", "Möte Q3: plan?", "--no-dial-in")
    assert code == 0
    assert "https://meet.example.org/M%C3%B6teQ3plan\n" in out
    assert "warning: room 'Möte Q3: plan?' is 'MöteQ3plan'" in err
    # The same name in a meeting URL is the same room.
    _, again, _ = run("https://meet.example.org/M%C3%B6te%20Q3%3A%20plan", "--no-dial-in")
    assert again == out


def test_html_out_is_a_whole_utf8_document(tmp_path: Path) -> None:
    target = tmp_path / "invite.html"
    code, _, _ = run(
        "https://meet.example.org/x", "-s", "Möte på fredag", "--format", "html", "--no-dial-in",
        "--out", str(target),
    )  # fmt: skip
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert "Möte på fredag".encode() in data
    assert data.endswith(b"</html>\n")


def _fake_clipboard_program(directory: Path, name: str, *, fail: bool = False) -> Path:
    """A stand-in for wl-copy/xclip on PATH: it records its argv and what it read."""
    log = directory / f"{name}.log"
    script = directory / name
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{log}.args"\n'
        f'/bin/cat > "{log}"\n'
        f"exit {1 if fail else 0}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return log


@pytest.mark.parametrize(
    ("program", "display", "argv"),
    [
        ("wl-copy", {"WAYLAND_DISPLAY": "wayland-0"}, ["--type", "text/html"]),
        ("xclip", {"DISPLAY": ":0"}, ["-selection", "clipboard", "-t", "text/html"]),
    ],
)
def test_html_on_a_local_desktop_is_copied_as_text_html(
    tmp_path: Path, program: str, display: dict[str, str], argv: list[str]
) -> None:
    log = _fake_clipboard_program(tmp_path, program)
    pyperclip: list[str] = []
    code, out, err = run(
        "https://meet.example.org/x", "-s", "Möte", "--format", "html", "--copy", "--no-dial-in",
        env={"PATH": str(tmp_path), **display}, stdout=Terminal(), desktop_copy=pyperclip.append,
    )  # fmt: skip
    assert code == 0, err
    assert out == "" and pyperclip == []
    assert log.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Möte" in log.read_text(encoding="utf-8")
    assert log.with_suffix(".log.args").read_text(encoding="utf-8").split() == argv
    assert f"copied as HTML (text/html, {program})" in err


def test_over_ssh_html_goes_as_osc52_text_and_says_so(tmp_path: Path) -> None:
    log = _fake_clipboard_program(tmp_path, "xclip")
    terminal = Terminal()
    env = {"PATH": str(tmp_path), "DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"}
    code, out, err = run(
        "https://meet.example.org/x", "--format", "html", "--copy", "--no-dial-in",
        env=env, stdout=terminal,
    )  # fmt: skip
    assert code == 0
    assert not log.exists(), "this machine's X clipboard is not the user's over SSH"
    assert _osc52_payload(out).startswith("<!DOCTYPE html>")
    assert "over SSH with OSC 52 as text (OSC 52 carries no HTML" in err


def test_a_failing_html_copier_falls_back_to_osc52(tmp_path: Path) -> None:
    _fake_clipboard_program(tmp_path, "wl-copy", fail=True)
    code, out, err = run(
        "https://meet.example.org/x", "--format", "html", "--copy", "--no-dial-in",
        env={"PATH": str(tmp_path), "WAYLAND_DISPLAY": "w"}, stdout=Terminal(),
    )  # fmt: skip
    assert code == 0
    assert _osc52_payload(out).startswith("<!DOCTYPE html>")
    assert "wl-copy failed: CalledProcessError" in err


def test_text_is_never_sent_as_html(tmp_path: Path) -> None:
    log = _fake_clipboard_program(tmp_path, "wl-copy")
    copied: list[str] = []
    run(
        "https://meet.example.org/x", "--copy", "--no-dial-in",
        env={"PATH": str(tmp_path), "WAYLAND_DISPLAY": "w"}, stdout=Terminal(),
        desktop_copy=copied.append,
    )  # fmt: skip
    assert not log.exists()
    assert copied == ["Join the meeting:\nhttps://meet.example.org/x\n"]
