"""``ctl plan`` and a sized ``ctl auto-assign`` against a headless demo console."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.control.test_ctl import ctl, headless

__all__ = ["headless"]  # the fixture, shared with test_ctl


def test_plan_apply_state_save_and_stop(headless: Path, tmp_path: Path) -> None:
    data = json.loads(ctl(headless, "list", "--json").stdout)
    people = [p["name"] for p in data["participants"] if p["kind"] == "person"]
    unique = [n for n in people if people.count(n) == 1][:4]
    plan = tmp_path / "plan.csv"
    plan.write_text(
        f"room,person\nLag 1,{unique[0]}\nLag 1,{unique[1]}\n"
        f"Lag 2,{unique[2]}\nLag 2,Frånvarande\n",
        encoding="utf-8",
    )
    assert ctl(headless, "plan").stdout == "no plan applied\n"
    applied = ctl(headless, "plan", "apply", str(plan))
    assert applied.returncode == 0, applied.stderr
    assert "matched 3 · waiting 1" in applied.stdout
    assert "waiting: Frånvarande" in applied.stdout
    state = json.loads(ctl(headless, "plan", "--json").stdout)
    assert state["active"] is True and state["failed"] == 0
    rooms = json.loads(ctl(headless, "list", "--json").stdout)["rooms"]
    lag1 = next(r for r in rooms if r["name"] == "Lag 1")
    assert len(lag1["members"]) == 2
    out = tmp_path / "saved.csv"
    saved = ctl(headless, "plan", "save", str(out))
    assert saved.returncode == 0 and "saved 2 room(s), 3 people" in saved.stdout
    assert os.stat(out).st_mode & 0o777 == 0o600
    refused = ctl(headless, "plan", "save", str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert "plan stopped" in ctl(headless, "plan", "stop").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("Lag 1,Anna\nLag 2,anna\n", encoding="utf-8")
    failed = ctl(headless, "plan", "apply", str(bad))
    assert failed.returncode == 1
    assert failed.stderr == "jitsi-tui ctl: line 2: anna is already planned for Lag 1\n"


def test_auto_assign_by_people_per_room_adds_the_rooms(headless: Path) -> None:
    done = ctl(headless, "auto-assign", "--per-room", "5")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added ")
    listing = json.loads(ctl(headless, "list", "--json").stdout)
    breakout = [r for r in listing["rooms"] if not r["main"]]
    assert breakout and all(len(r["members"]) <= 5 for r in breakout)
    assert sum(len(r["members"]) for r in breakout) >= 20
