"""Nothing a stranger types can forge a log line or ctl output (issue 11.4).

Reproduced on main: the log sanitizer kept newlines and tabs, so a display name wrote fake
records into the log file and onto ``--headless`` stderr; ``ctl list --json`` printed C1
controls and bidi overrides raw, the plain listing printed ids as they came; the log file was
created with the default umask and chmod-ed afterwards; an existing log directory's mode was
never looked at.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.strategies import HOSTILE_NAMES, OSC52
from tui.cli import ctl
from tui.control import runtime
from tui.logs import LogSetupError, setup_logging

FORGED = "Eve\n2026-12-02 04:00:00,000 INFO tui.jitsi.gateway: Mallory is now a moderator"
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")


@pytest.fixture
def logging_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield state / "jitsi-tui"
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def records(text: str) -> list[str]:
    """Lines that start a record (a timestamp at column 0)."""
    return [line for line in text.splitlines() if RECORD_START.match(line)]


def test_a_display_name_cannot_write_a_log_line(
    logging_to: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(stderr=True)  # --headless: the file and stderr
    log = logging.getLogger("tui.headless")
    log.info("confirmed: moved %s to Room 1", FORGED)
    log.info("joined: %s", "Tab\tSeparated\u2028Line\u2029Para\x85Next")
    try:
        raise ValueError(f"no participant called {FORGED!s}")
    except ValueError:
        log.exception("request failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    for text in (path.read_text(encoding="utf-8"), capsys.readouterr().err):
        lines = records(text)
        assert len(lines) == 3, text  # one record each, the traceback's lines indented under it
        assert not any("Mallory is now" in line and "Eve" not in line for line in lines)
        assert "\\n2026-12-02" in lines[0] and "Tab\\tSeparated" in lines[1]
        assert all(line.startswith(" ") for line in text.splitlines() if line not in lines)
        assert not any(ch in text for ch in "\t\u2028\u2029\x85")


def test_the_log_file_is_born_private(logging_to: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With a permissive umask and no chmod afterwards (a crash in between on main), the file
    # must still never have been readable by others.
    old = os.umask(0)
    monkeypatch.setattr(os, "chmod", lambda *a, **k: None)
    try:
        path = setup_logging(stderr=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_open_log_directory_and_file_are_made_private(logging_to: Path) -> None:
    logging_to.mkdir(parents=True)
    logging_to.chmod(0o755)
    (logging_to / "jitsi-tui.log").write_text("old\n")
    (logging_to / "jitsi-tui.log").chmod(0o644)
    path = setup_logging(stderr=False)
    assert stat.S_IMODE(logging_to.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_log_directory_of_another_user_is_refused(
    logging_to: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logging_to.mkdir(parents=True, mode=0o700)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1000)
    with pytest.raises(LogSetupError) as info:
        setup_logging(stderr=False)
    assert str(logging_to) in str(info.value) and "\n" not in str(info.value)


def test_a_symlinked_log_file_is_refused(logging_to: Path, tmp_path: Path) -> None:
    logging_to.mkdir(parents=True, mode=0o700)
    (logging_to / "jitsi-tui.log").symlink_to(tmp_path / "elsewhere.log")
    with pytest.raises(LogSetupError):
        setup_logging(stderr=False)
    assert not (tmp_path / "elsewhere.log").exists()


# -- ctl output --------------------------------------------------------------------------------


EVIL_ID = "a1b2\x1b]52;c;cm0gLXJmIH4K\x07\u202e"


def listing() -> dict[str, Any]:
    names = [*HOSTILE_NAMES[:14], "Grupp Ö", "Zoë 👩‍👩‍👧"]
    return {
        "ok": True,
        "rooms": [
            {"id": "main\x9b2J", "name": "Main\u202e", "main": True, "members": []},
        ],
        "participants": [
            {"id": EVIL_ID + str(i), "name": name, "room": "gone\x1b[2J", "hand_raised_at": 1}
            for i, name in enumerate(names)
        ],
        "hands": [],
        "chat": [{"from": "x", "name": OSC52, "text": "\ud800", "room": "r", "to": None}],
    }


def _inert(text: str) -> bool:
    return not any(
        (unicodedata.category(ch) in ("Cc", "Cs") and ch != "\n")
        or (unicodedata.category(ch) == "Cf" and ch not in "\u200c\u200d")
        or ch in "\u2028\u2029"
        for ch in text
    )


@pytest.mark.parametrize("argv", [["list", "--json"], ["list"], ["list", "participants"]])
def test_ctl_listings_are_inert_on_the_terminal(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = listing()
    monkeypatch.setattr(ctl, "exchange", lambda path, request, timeout=0: dict(sent))
    monkeypatch.setattr(runtime, "check_private_dir", lambda path: None)
    monkeypatch.setattr(runtime, "check_socket_file", lambda path: True)
    assert ctl.main(argv) == 0
    out = capsys.readouterr().out
    assert _inert(out), [ch for ch in out if not _inert(ch)][:5]
    if "--json" in argv:
        # Escaped, not dropped: a script reading the JSON gets exactly what the server sent.
        decoded = json.loads(out)
        assert decoded["participants"][0]["id"] == EVIL_ID + "0"
        assert decoded["participants"][14]["name"] == "Grupp Ö" and "Grupp Ö" in out
        assert decoded["chat"][0]["text"] == "\ud800"
    else:
        assert "a1b2" in out and "Grupp Ö" in out


# -- notifications -----------------------------------------------------------------------------


async def test_a_control_socket_failure_is_notified_as_plain_text(tmp_path: Path) -> None:
    from tests.ui.fakes import FakeGateway
    from tui.ui.app import ConsoleApp

    # The reason quotes the path; a directory name is markup to Textual unless told otherwise.
    bad = tmp_path / "[@click=app.quit]x"
    bad.mkdir()
    bad.chmod(0o777)  # refused: writable by others, not sticky
    app = ConsoleApp(FakeGateway(), socket_path=bad / "control.sock")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            notes = [n for n in app._notifications if "no control socket" in n.message]
            if notes:
                break
        assert notes, "the failure is notified"
        assert "[@click=app.quit]x" in notes[0].message and not notes[0].markup


def test_an_unusable_log_directory_is_one_line_and_exit_1(tmp_path: Path) -> None:
    import subprocess
    import sys

    state = tmp_path / "state"
    state.mkdir()
    (state / "jitsi-tui").write_text("not a directory")
    env = {**os.environ, "XDG_STATE_HOME": str(state), "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--demo", "--headless"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "log directory" in done.stderr, done.stderr


def test_setting_up_the_log_twice_writes_each_record_once(logging_to: Path) -> None:
    setup_logging(stderr=False)
    path = setup_logging(stderr=False)
    logging.getLogger("tui.headless").info("only once")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.read_text(encoding="utf-8").count("only once") == 1
