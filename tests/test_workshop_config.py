"""``[workshop] warn`` sets the breakout timer's default warning, on screen and in ctl alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config.load import load_settings, load_workshop_settings
from tui.config.values import ConfigError
from tui.session import ConsoleSession
from tui.sim.gateway import SimulatedConference
from tui.workshop.parts import build
from tui.workshop.timer import SessionTimer


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_warn_is_read_from_the_file_and_the_environment(tmp_path: Path) -> None:
    path = _config(tmp_path, '[workshop]\nwarn = "3m"\n')
    assert load_workshop_settings(path, env={}).warn == 180
    assert load_workshop_settings(path, env={"JITSI_TUI_WORKSHOP_WARN": "90s"}).warn == 90
    settings, warnings = load_settings(env={}, config_path=path)
    assert settings.workshop.warn == 180 and warnings == []
    assert load_workshop_settings(_config(tmp_path, ""), env={}).warn == 120


def test_a_bad_warn_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[workshop\] warn"):
        load_workshop_settings(_config(tmp_path, '[workshop]\nwarn = "soon"\n'), env={})


async def test_the_timer_warns_as_configured(tmp_path: Path) -> None:
    settings = load_workshop_settings(_config(tmp_path, '[workshop]\nwarn = "45s"\n'), env={})
    session = ConsoleSession(SimulatedConference(participants=2, seed=1, activity=False))
    timer = build(session, settings=settings).find(SessionTimer)
    assert timer is not None
    answer = await timer.op({"op": "timer", "action": "start", "duration": "5m"})
    assert answer["timer"]["warn"] == 45
