"""jitsi-tui ctl against a real --headless console in another process (user-only socket)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.control.headless import headless_console


def ctl(sock: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "ctl", "--socket", str(sock), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def headless(tmp_path: Path) -> Iterator[Path]:
    sock = tmp_path / "run" / "control.sock"
    with headless_console(sock, "--hostile-names", "--seed", "5", "--participants", "24"):
        yield sock
    assert not sock.exists(), "the socket is removed on exit"


def test_socket_is_private(headless: Path) -> None:
    assert stat.S_IMODE(headless.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(headless.parent.stat().st_mode) == 0o700


def test_list_json_and_text(headless: Path) -> None:
    done = ctl(headless, "list", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["moderator"] is True and data["connection"] == "connected"
    assert len(data["participants"]) >= 20
    text = ctl(headless, "list", "rooms")
    assert text.returncode == 0 and "(" in text.stdout


def test_rooms_and_moves_confirmed_by_the_server(headless: Path) -> None:
    assert ctl(headless, "add-room", "Grupp Ö").returncode == 0
    data = json.loads(ctl(headless, "list", "--json").stdout)
    names = [p["name"] for p in data["participants"]]
    person = next(
        p for p in data["participants"] if p["kind"] == "person" and names.count(p["name"]) == 1
    )
    moved = ctl(headless, "move", person["name"], "--to", "Grupp Ö")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.strip() == "done: 1 change confirmed by the server"
    after = json.loads(ctl(headless, "list", "--json").stdout)
    room = next(r for r in after["rooms"] if r["name"] == "Grupp Ö")
    assert person["id"] in room["members"]
    again = ctl(headless, "move", person["id"], "--to", "Grupp Ö")
    assert again.returncode == 1 and "already in Grupp Ö" in again.stderr
    others = [p["id"] for p in data["participants"] if p["kind"] == "person"]
    pair = [pid for pid in others if pid != person["id"]][-2:]
    both = ctl(headless, "move", *pair, "--to", "Grupp Ö")
    assert both.stdout.splitlines()[0] == "done: 2 changes confirmed by the server", both.stderr
    assert ctl(headless, "rename-room", "Grupp Ö", "Grupp Ä").returncode == 0
    assert ctl(headless, "auto-assign").returncode == 0
    assert ctl(headless, "call-back").returncode == 0
    assert ctl(headless, "remove-room", "Grupp Ä").returncode == 0
    final = json.loads(ctl(headless, "list", "rooms", "--json").stdout)
    assert [r["main"] for r in final["rooms"]] == [True]


def test_ambiguous_and_unknown_names_are_errors(headless: Path) -> None:
    data = json.loads(ctl(headless, "list", "--json").stdout)
    names = [p["name"] for p in data["participants"]]
    dup = next(n for n in names if names.count(n) > 1)  # the sim always has a duplicate
    assert ctl(headless, "add-room", "R").returncode == 0
    done = ctl(headless, "move", dup, "--to", "R")
    assert done.returncode == 1
    assert "ambiguous" in done.stderr and done.stderr.count("(") >= 2
    unknown = ctl(headless, "move", "Nobody Atall", "--to", "R")
    assert unknown.returncode == 1 and "no participant called" in unknown.stderr


def test_no_console_is_exit_3(tmp_path: Path) -> None:
    done = ctl(tmp_path / "none.sock", "list")
    assert done.returncode == 3 and "no console answers" in done.stderr


def test_usage_error_is_exit_2(tmp_path: Path) -> None:
    assert ctl(tmp_path / "x.sock", "frobnicate").returncode == 2


def _ctl_socket_after_verb(sock: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "ctl", *args, "--socket", str(sock)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_socket_after_the_verb_is_the_same_as_before_it(headless: Path) -> None:
    # issue 13: `ctl list --socket X` was a usage error (exit 2).
    done = _ctl_socket_after_verb(headless, "list", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["connection"] == "connected"
    added = _ctl_socket_after_verb(headless, "add-room", "Efter")
    assert added.returncode == 0, added.stderr
    rooms = json.loads(ctl(headless, "list", "rooms", "--json").stdout)["rooms"]
    assert "Efter" in [r["name"] for r in rooms]


def test_socket_after_the_verb_names_the_socket_used(tmp_path: Path) -> None:
    missing = tmp_path / "after.sock"
    done = _ctl_socket_after_verb(missing, "list")
    assert done.returncode == 3 and "no console answers" in done.stderr
    # the one given after the verb wins over one given before it
    before = ("--socket", str(tmp_path / "before.sock"))
    both = subprocess.run(
        [sys.executable, "-m", "tui", "ctl", *before, "list", "--socket", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert both.returncode == 3 and "after.sock" in both.stderr
