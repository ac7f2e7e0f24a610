"""``--read-only`` and ``[console] read_only``: a watching console sends nothing (issue 13).

Tested at the far end: a headless demo started read-only refuses every change the control
socket asks for, with the reason, while listing still works.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.control.headless import headless_console
from tests.control.test_ctl import ctl
from tui.cli.console import build_parser
from tui.config.load import load_console_settings, load_settings
from tui.config.values import ConfigError


def _config(tmp_path: Path, text: str) -> dict[str, str]:
    folder = tmp_path / "xdg" / "jitsi-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(folder.parent)}


def test_the_flag_parses() -> None:
    assert build_parser().parse_args(["--demo", "--read-only"]).read_only is True
    assert build_parser().parse_args(["--demo"]).read_only is False


def test_the_config_key_and_its_environment_variable(tmp_path: Path) -> None:
    env = _config(tmp_path, "[console]\nread_only = true\n")
    settings, warnings = load_settings(env=env)
    assert settings.console.read_only is True and warnings == []
    assert load_console_settings(env=env).read_only is True
    off = {**env, "JITSI_TUI_CONSOLE_READ_ONLY": "no"}
    assert load_console_settings(env=off).read_only is False
    assert load_console_settings(env={"XDG_CONFIG_HOME": str(tmp_path / "none")}).read_only is False
    with pytest.raises(ConfigError, match="READ_ONLY must be true or false"):
        load_console_settings(env={**env, "JITSI_TUI_CONSOLE_READ_ONLY": "maybe"})


@pytest.mark.parametrize("how", ["flag", "config"])
def test_a_read_only_console_refuses_the_control_socket(tmp_path: Path, how: str) -> None:
    flags: tuple[str, ...]
    if how == "flag":
        flags, env = ("--read-only",), {"XDG_CONFIG_HOME": str(tmp_path / "none")}
    else:
        flags, env = (), _config(tmp_path, "[console]\nread_only = true\n")
    sock = tmp_path / "run" / "control.sock"
    with headless_console(sock, "--seed", "5", "--participants", "12", *flags, env=env):
        listed = ctl(sock, "list", "rooms")
        assert listed.returncode == 0, listed.stderr
        for args in (("add-room", "X"), ("call-back",), ("chat", "hi"), ("mute-all", "--yes")):
            done = ctl(sock, *args)
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert "read-only" in done.stderr
        after = ctl(sock, "list", "rooms")
        assert after.stdout == listed.stdout  # nothing changed in the meeting
