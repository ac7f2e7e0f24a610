"""``ctl timer`` and ``ctl notice`` against a real --headless demo console in another process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.control.test_ctl import ctl, headless  # noqa: F401  (the fixture)


def snapshot(sock: Path) -> dict[str, Any]:
    done = ctl(sock, "list", "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def wait_until(sock: Path, check: Any, seconds: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        data = snapshot(sock)
        if check(data) or time.monotonic() > deadline:
            return data
        time.sleep(0.2)


def test_timer_start_extend_stop_and_its_state(headless: Path) -> None:  # noqa: F811
    assert ctl(headless, "timer").stdout.strip() == "no timer"
    started = ctl(headless, "timer", "start", "15m", "--warn", "2m", "--no-recall")
    assert started.returncode == 0, started.stderr
    assert "15:00 left" in started.stdout or "14:59 left" in started.stdout
    assert "warning at 2:00 left; no recall at zero" in started.stdout
    again = ctl(headless, "timer", "start", "5m")
    assert again.returncode == 1 and "running already" in again.stderr
    extended = ctl(headless, "timer", "extend", "5m")
    assert extended.returncode == 0
    assert "20:00 left" in extended.stdout or "19:59 left" in extended.stdout
    after = subprocess.run(
        [sys.executable, "-m", "tui", "ctl", "timer", "stop", "--socket", str(headless)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert after.stdout.startswith("timer stopped"), after.stderr
    typo = ctl(headless, "timer", "start", "15 minutes")
    assert typo.returncode == 2 and "not a duration" in typo.stderr


def test_a_short_timer_recalls_everyone(headless: Path) -> None:  # noqa: F811
    for name in ("A", "B"):
        assert ctl(headless, "add-room", name).returncode == 0
    assert ctl(headless, "auto-assign").returncode == 0
    assert any(not r["main"] and r["members"] for r in snapshot(headless)["rooms"])
    assert ctl(headless, "timer", "start", "4s", "--warn", "2s").returncode == 0

    def back(data: dict[str, Any]) -> bool:
        return all(r["main"] or not r["members"] for r in data["rooms"])

    data = wait_until(headless, back)
    assert back(data), data["rooms"]
    texts = " | ".join(m["text"] for m in data["chat"])
    assert "Breakout session started" in texts and "in this breakout session" in texts
    state = ctl(headless, "timer")
    assert state.stdout.startswith("timer over"), state.stdout
    assert "recall at zero took" in state.stdout


def test_notices_add_list_cancel_and_one_is_posted(headless: Path) -> None:  # noqa: F811
    assert ctl(headless, "add-room", "Grupp Ö").returncode == 0
    later = ctl(headless, "notice", "add", "Lunch", "--in", "1h")
    assert later.returncode == 0 and "notice 1 added" in later.stdout
    soon = ctl(headless, "notice", "add", "5 minutes left", "--in", "1s", "--room", "Grupp Ö")
    assert soon.returncode == 0, soon.stderr
    listing = ctl(headless, "notice", "list").stdout
    assert "Grupp Ö: 5 minutes left" in listing and "every room: Lunch" in listing
    assert ctl(headless, "notice", "cancel", "1").returncode == 0
    assert ctl(headless, "notice", "cancel", "1").returncode == 1
    data = wait_until(headless, lambda d: any(m["text"] == "5 minutes left" for m in d["chat"]))
    rooms = {r["id"]: r["name"] for r in data["rooms"]}
    assert [rooms[m["room"]] for m in data["chat"] if m["text"] == "5 minutes left"] == ["Grupp Ö"]
    assert ctl(headless, "notice", "list").stdout.strip() == "no notices waiting"
    bad = ctl(headless, "notice", "add", "x", "--at", "25:00")
    assert bad.returncode == 2
