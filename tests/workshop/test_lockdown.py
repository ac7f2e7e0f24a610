"""Lockdown presets from the config file, run on a simulated meeting; ``config --check``."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tui.cli import config as config_cli
from tui.config.load import load_settings, load_workshop_settings
from tui.config.values import ConfigError
from tui.model.commands import SendMembersOnly
from tui.model.conference import Feature, Media
from tui.model.progress import NOT_CONFIRMED
from tui.session import ConsoleSession, Outcome
from tui.sim.gateway import SimulatedConference
from tui.workshop.lockdown import Lockdown
from tui.workshop.parts import build

BIG = """
[lockdown.big]
lobby = true
password_file = "meeting.pw"
av_moderation = ["audio", "video", "desktop"]
mute_everyone = true
chat_restricted = true
"""


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "meeting.pw").write_text("hunter2-lock\n", encoding="utf-8")
    (tmp_path / "meeting.pw").chmod(0o600)
    return path


def test_presets_are_read_and_the_password_file_is_beside_the_config(tmp_path: Path) -> None:
    path = _config(tmp_path, BIG)
    settings, warnings = load_settings(env={}, config_path=path)
    preset = settings.workshop.lockdown["big"]
    assert preset.password_file == str(tmp_path / "meeting.pw") and warnings == []
    assert load_workshop_settings(path, env={}).lockdown["big"] == preset


def test_config_check_names_a_bad_preset_and_a_missing_password_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _config(tmp_path, '[lockdown.x]\nav_moderation = ["sound"]\n')
    assert config_cli.main(["--check", "--config", str(bad)]) == config_cli.EXIT_USAGE
    assert "[lockdown.x] av_moderation" in capsys.readouterr().err
    with pytest.raises(ConfigError, match=r"\[lockdown.x\]"):
        load_settings(env={}, config_path=bad)
    gone = _config(tmp_path, '[lockdown.y]\npassword_file = "nothere"\n')
    assert config_cli.main(["--check", "--config", str(gone)]) == config_cli.EXIT_USAGE
    assert "nothere" in capsys.readouterr().err
    good = _config(tmp_path, BIG)
    assert config_cli.main(["--check", "--config", str(good)]) == config_cli.EXIT_OK


async def test_a_configured_lockdown_locks_the_meeting_and_open_up_opens_it(
    tmp_path: Path,
) -> None:
    settings = load_workshop_settings(_config(tmp_path, BIG), env={})
    session = ConsoleSession(SimulatedConference(participants=4, seed=1, activity=False))
    await session.connect()
    lockdown = build(session, settings=settings).find(Lockdown)
    assert lockdown is not None
    answer = await lockdown.op({"op": "lockdown", "name": "big"})
    assert [(s["step"], s["result"]) for s in answer["steps"]] == [
        ("lobby on", "landed"),
        ("password", "landed"),
        ("audio moderation on", "landed"),
        ("video moderation on", "landed"),
        ("desktop moderation on", "landed"),
        ("mute everyone", "refused: everyone's audio is already off"),
        ("chat restricted", "needs room metadata (not yet supported)"),
    ]
    conference = session.conference
    assert conference.lobby_enabled and conference.locked
    assert conference.av_moderation == frozenset(Media)
    assert "hunter2-lock" not in repr(answer)
    opened = await lockdown.op({"op": "open-up", "name": "big"})
    assert all(
        s["result"] in ("landed", "needs room metadata (not yet supported)")
        for s in opened["steps"]
    )
    conference = session.conference
    assert not (conference.lobby_enabled or conference.locked or conference.av_moderation)
    await session.disconnect()


async def test_read_only_refuses_a_lockdown(tmp_path: Path) -> None:
    session = ConsoleSession(
        SimulatedConference(participants=2, seed=1, activity=False), read_only=True
    )
    await session.connect()
    lockdown = build(session).find(Lockdown)
    assert lockdown is not None
    answer = await lockdown.op({"op": "lockdown"})
    assert answer["ok"] is False and "read-only" in answer["error"]
    assert not session.conference.lobby_enabled
    await session.disconnect()


class _Answers:
    """A session whose every wish ends as ``outcome`` (to see how each result is reported)."""

    read_only = False

    def __init__(self, outcome: Outcome, conference: object) -> None:
        self.outcome, self.conference = outcome, conference

    async def perform(self, intent: object) -> Outcome:
        return self.outcome


@pytest.mark.parametrize(
    ("outcome", "result"),
    [
        (Outcome(confirmed=(SendMembersOnly(True),)), "landed"),
        (Outcome(refused="you are not a moderator"), "refused: you are not a moderator"),
        (
            Outcome(failed=((SendMembersOnly(True), f"{NOT_CONFIRMED}: lobby on"),)),
            f"lost: {NOT_CONFIRMED}: lobby on",
        ),
        (
            Outcome(failed=((SendMembersOnly(True), "forbidden: not allowed"),)),
            "refused: forbidden: not allowed",
        ),
    ],
)
async def test_each_step_says_landed_refused_or_lost(outcome: Outcome, result: str) -> None:
    conference = SimpleNamespace(features=frozenset({Feature.LOBBY}))
    session: Any = _Answers(outcome, conference)
    answer = await Lockdown(session, {}).op({"op": "lockdown"})
    assert answer["steps"][0] == {"step": "lobby on", "result": result}
    assert answer["steps"][1]["result"] == "not available on this deployment"
