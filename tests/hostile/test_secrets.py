"""Secrets never reach logs, crash reports or argv; readable secret files are warned about.

Log tests go through the real code paths (``jitsi-tui --headless`` end to end, the live gateway
with a token URL, password and minted-token logins) with :func:`tui.logs.setup_logging` writing
to a temporary ``XDG_STATE_HOME``, then read the log file for the secret strings.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from rich.console import Console
from textual.app import App

from tests.ui.fakes import FakeGateway
from tui.cli import console as cli
from tui.cli.connection_flags import add_connection_arguments
from tui.config.secret import Secret
from tui.config.settings import AuthSettings, ServerSettings, Settings
from tui.jitsi.discovery import parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.jitsi.websocket import build_url
from tui.logs import crash_report, setup_logging
from tui.model.gateway import ConnectError
from tui.redact import REDACTOR, install_redaction
from tui.ui.app import ConsoleApp
from tui.ui.crash import guard_crash_report

URL_JWT = jwt.encode({"room": "standup", "sub": "meet.jitsi"}, "k" * 32, algorithm="HS256")
PASSWORD = "correct-horse-battery-staple"
ROOM_PASSWORD = "open-sesame-4711"
APP_SECRET = "app-secret-" + "s" * 40
SECRETS = (URL_JWT, URL_JWT.split(".")[1], URL_JWT.split(".")[2], PASSWORD, ROOM_PASSWORD)


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _leaks(text: str, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    return [s[:12] + "…" for s in secrets if s in text]


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The real log set-up, into a temporary state directory; handlers removed afterwards."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging(stderr=False)
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


# -- end to end: the jitsi-tui command ---------------------------------------------------------


def test_headless_run_warns_about_readable_secrets_and_logs_none(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[auth]\npassword = "{PASSWORD}"\nroom_password = "{ROOM_PASSWORD}"\n', encoding="utf-8"
    )
    config.chmod(0o644)  # others can read it: the console must say so
    port = _closed_port()
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "JITSI_TUI_CONFIG": str(config),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            f"https://127.0.0.1:{port}/standup?jwt={URL_JWT}",
            "--headless",
            "--socket",
            str(tmp_path / "ctl.sock"),
            "--xmpp-domain",
            "meet.jitsi",
            "--muc-domain",
            "conference.meet.jitsi",
            "--websocket-url",
            f"wss://127.0.0.1:{port}/xmpp-websocket",
            "--insecure",
            "--timeout",
            "5",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    log_text = (tmp_path / "state" / "jitsi-tui" / "jitsi-tui.log").read_text(encoding="utf-8")
    assert result.returncode == 1, result.stderr
    assert f"{config} holds the password and is readable by other users" in result.stderr
    assert f"{config} holds the room_password and is readable by other users" in result.stderr
    assert f"chmod 600 {config}" in result.stderr
    # the paths that carry the token ran: the WebSocket URL was logged, redacted
    assert f"wss://127.0.0.1:{port}/xmpp-websocket?room=standup&token=***" in log_text
    assert "could not join" in log_text
    assert _leaks(result.stdout + result.stderr) == []
    assert _leaks(log_text) == []
    assert (
        oct(os.stat(tmp_path / "state" / "jitsi-tui" / "jitsi-tui.log").st_mode & 0o777) == "0o600"
    )


# -- in process: the live gateway's login modes --------------------------------------------------


def _settings(port: int, auth: AuthSettings) -> Settings:
    server = ServerSettings(
        xmpp_domain="meet.jitsi",
        muc_domain="conference.meet.jitsi",
        websocket_url=f"ws://127.0.0.1:{port}/xmpp-websocket",
        timeout=5,
    )
    return Settings(server=server, auth=auth)


@pytest.mark.parametrize(
    ("url_query", "auth", "secrets"),
    [
        (f"?jwt={URL_JWT}", AuthSettings(room_password=Secret(ROOM_PASSWORD)), SECRETS),
        ("", AuthSettings(username="mod", password=Secret(PASSWORD)), (PASSWORD,)),
        ("", AuthSettings(app_id="app", app_secret=Secret(APP_SECRET)), (APP_SECRET,)),
    ],
    ids=["url-token", "password", "minted-token"],
)
async def test_failed_logins_log_no_secret(
    log_file: Path, url_query: str, auth: AuthSettings, secrets: tuple[str, ...]
) -> None:
    port = _closed_port()
    gateway = LiveGateway(
        parse_meeting_url(f"https://127.0.0.1:{port}/standup{url_query}"), _settings(port, auth)
    )
    events: list[Any] = []
    with pytest.raises(ConnectError) as failed:
        await gateway.connect(events.append)
    # what the UI does with it (tui.ui.app._connect), with the chained exceptions
    logging.getLogger("tui.ui.app").exception("connect failed")
    # a careless log line with the live URL (token included) must be redacted too
    xmpp_token = gateway.xmpp.token if gateway.xmpp else None
    url = build_url(f"ws://127.0.0.1:{port}/x", room="standup", token=xmpp_token or URL_JWT)
    logging.getLogger("tui.jitsi.xmpp").warning("opening %s for %s", url, auth)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "connect failed" in text and str(failed.value) in text
    assert _leaks(text + str(failed.value) + repr(events), secrets) == []
    minted = [s for s in REDACTOR._secrets if s.startswith("eyJ")]
    assert all(m not in text for m in minted)


def test_every_kind_of_secret_is_redacted_by_the_installed_handler(log_file: Path) -> None:
    Secret(ROOM_PASSWORD)  # read from a file or the config: from then on never logged
    log = logging.getLogger("tui.jitsi.client")
    log.warning("join with %s / %r", ROOM_PASSWORD, {"token": URL_JWT})
    log.info("url-encoded: %s", build_url("wss://h/x", room="r", token=URL_JWT))
    try:
        raise ValueError(f"bad password {ROOM_PASSWORD} in wss://h/x?token={URL_JWT}")
    except ValueError:
        log.exception("failed")
    log.warning("name: %s", "Eve\x1b]52;c;cm0gLXJmIH4K\x07\u202e")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert text.count("<redacted>") >= 5
    assert _leaks(text) == []
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Eve\\u001b]52;c;cm0gLXJmIH4K\\u0007\\u202e" in text


def test_redaction_works_on_any_handler_it_is_installed_on() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    install_redaction(handler)
    logger = logging.getLogger("tui.hostile.redaction")
    logger.addHandler(handler)
    try:
        logger.error("token %s password %s", URL_JWT, Secret("hunter2-but-longer"))
        logger.error("password %s", "hunter2-but-longer")
    finally:
        logger.removeHandler(handler)
    assert URL_JWT not in stream.getvalue() and "hunter2-but-longer" not in stream.getvalue()


# -- crash reports ----------------------------------------------------------------------------


class Crasher(App[None]):
    """Crashes on mount while a local variable holds a revealed secret, like a login frame."""

    def on_mount(self) -> None:
        password = Secret(PASSWORD).reveal()
        token = URL_JWT
        raise RuntimeError(f"boom after {len(password) + len(token)} characters")


async def _crash_output(app: App[Any]) -> str:
    out = io.StringIO()
    app.error_console = Console(file=out, width=200, force_terminal=False)
    with pytest.raises(RuntimeError):
        async with app.run_test():
            pass
    return out.getvalue()


async def test_textual_crash_report_shows_local_variables() -> None:
    """The finding: Textual 8.2.8 prints locals of every frame when an app crashes.

    If this starts failing, Textual stopped doing so and the guard could go.
    """
    output = await _crash_output(Crasher())
    assert "boom" in output
    assert PASSWORD in output  # the local variable, printed in full


async def test_guarded_crash_report_has_no_locals_and_no_secrets() -> None:
    app = Crasher()
    guard_crash_report(app)
    output = await _crash_output(app)
    assert "RuntimeError: boom after" in output and "on_mount" in output
    assert _leaks(output) == []
    assert app.return_code == 1


async def test_the_console_app_reports_crashes_without_locals() -> None:
    app = ConsoleApp(FakeGateway(), serve_control=False)  # type: ignore[arg-type]

    def boom() -> None:
        token = URL_JWT
        raise RuntimeError("crash in a handler " + token[:0])

    out = io.StringIO()
    app.error_console = Console(file=out, width=200)
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            app.call_later(boom)
            await pilot.pause()
    assert "crash in a handler" in out.getvalue()
    assert _leaks(out.getvalue()) == []


def test_crash_report_is_a_plain_redacted_traceback() -> None:
    def login(password: str) -> None:
        raise ConnectionError(f"refused wss://h/x?token={URL_JWT} \x1b]52;c;eA==\x07")

    try:
        login(PASSWORD)
    except ConnectionError as error:
        report = crash_report(error)
    assert "ConnectionError: refused wss://h/x?token=<redacted>" in report
    assert "in login" in report
    assert _leaks(report) == [] and "\x1b" not in report


def test_a_crash_outside_the_app_is_reported_without_secrets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(args: argparse.Namespace) -> None:
        secret = Secret(ROOM_PASSWORD).reveal()
        raise KeyError(f"no such room for {secret}")

    monkeypatch.setattr("tui.jitsi.launch.live_gateway", explode)
    assert cli.main(["https://meet.example.org/standup"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "jitsi-tui crashed" in err and "KeyError" in err
    assert ROOM_PASSWORD not in err


# -- argv -------------------------------------------------------------------------------------

SECRET_WORDS = ("password", "secret", "token", "jwt", "key")
NOT_SECRET = {"--token-lifetime", "--key-id", "--socket"}
"""Options whose names contain one of the words, or that ``ctl password`` takes too (``--socket``
after the verb, issue 13: a path), but whose values are not secrets."""


def _parsers() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    from tui.cli import ctl
    from tui.cli.invite import build_parser as invite_parser
    from tui.cli.token import build_parser as token_parser

    todo: list[tuple[str, argparse.ArgumentParser]] = [
        ("jitsi-tui", cli.build_parser()),
        ("jitsi-tui token", token_parser()),
        ("jitsi-tui invite", invite_parser()),
        ("jitsi-tui ctl", ctl.build_parser()),
    ]
    while todo:
        name, parser = todo.pop()
        yield name, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend((f"{name} {sub}", p) for sub, p in action.choices.items())


def test_no_option_takes_a_secret_value_on_argv() -> None:
    checked = 0
    for name, parser in _parsers():
        secret_command = name.endswith(" password")  # jitsi-tui ctl password: every value is one
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0:
                continue  # positionals and switches carry no secret value
            flag = max(action.option_strings, key=len)
            if flag in NOT_SECRET:
                continue
            if secret_command or any(word in flag for word in SECRET_WORDS):
                checked += 1
                assert flag.endswith("file") and action.metavar in (None, "FILE"), (name, flag)
    assert checked >= 8  # password, jwt, app secret, room password, key files, ctl password --file


def test_the_connection_flags_offer_no_inline_secret() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    add_connection_arguments(parser)
    for flag in ("--password", "--jwt", "--token", "--app-secret", "--room-password"):
        with pytest.raises(SystemExit):
            parser.parse_args([flag, "x"])
