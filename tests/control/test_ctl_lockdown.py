"""``ctl lockdown`` and ``ctl open-up`` against a real --headless demo console."""

from __future__ import annotations

from pathlib import Path

from tests.control.test_ctl import ctl, headless  # noqa: F401  (the fixture)


def test_lockdown_reports_each_step_and_open_up_undoes_them(headless: Path) -> None:  # noqa: F811
    locked = ctl(headless, "lockdown")
    lines = locked.stdout.splitlines()
    assert lines[0] == "lobby on: landed", locked.stdout + locked.stderr
    assert [line.split(":")[0] for line in lines] == [
        "lobby on",
        "audio moderation on",
        "video moderation on",
    ]
    again = ctl(headless, "lockdown")
    assert again.returncode == 1
    assert "audio moderation on: refused: audio moderation is already on" in again.stdout
    opened = ctl(headless, "open-up")
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert opened.stdout.splitlines() == [
        "audio moderation off: landed",
        "video moderation off: landed",
        "lobby off: landed",
    ]


def test_an_unknown_preset_is_refused_with_the_known_ones(headless: Path) -> None:  # noqa: F811
    done = ctl(headless, "lockdown", "nosuch")
    assert done.returncode == 1
    assert "no lockdown preset 'nosuch' (configured: default)" in done.stderr
