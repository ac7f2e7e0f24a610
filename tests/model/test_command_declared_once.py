"""A command is declared once (:data:`tui.model.commands.Command`); mypy holds each gateway to it.

Each gateway handles every command in one exhaustive ``match`` ending in ``assert_never``: the
live one in :mod:`tui.jitsi.actions`, the simulated one in :mod:`tui.sim.dispatch`. This test
does what a newcomer would do: add a command type to the union in a copy of the package and
run mypy on it. mypy must name both gateways' handlers, and pass on the unchanged copy (so the
errors are the new command's and nothing else's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import tui

ROOT = Path(tui.__file__).parent
NEW_COMMAND = '''

@dataclass(frozen=True, slots=True)
class SendWave:
    """A command no gateway knows yet."""

    participant: str


Command = (
    SendWave
    |'''


def _mypy(where: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    return subprocess.run(
        # -p tui: the package only, whatever else the project's settings list for mypy
        [sys.executable, "-m", "mypy", "--cache-dir", str(where / "cache"), "-p", "tui"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_command_no_gateway_handles_fails_mypy_in_both_gateways(tmp_path: Path) -> None:
    shutil.copytree(ROOT, tmp_path / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT.parent / "pyproject.toml", tmp_path)  # the project's mypy settings (strict)

    unchanged = _mypy(tmp_path)
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr

    commands = tmp_path / "tui" / "model" / "commands.py"
    source = commands.read_text()
    assert source.count("\n\nCommand = (\n   ") == 1, "the Command union moved: update this test"
    commands.write_text(source.replace("\n\nCommand = (\n   ", NEW_COMMAND, 1))

    changed = _mypy(tmp_path)
    assert changed.returncode == 1, changed.stdout + changed.stderr
    never = [line for line in changed.stdout.splitlines() if '"assert_never"' in line]
    named = {line.split(":", 1)[0].replace(os.sep, "/") for line in never}
    assert {"tui/jitsi/actions.py", "tui/sim/dispatch.py"} <= named, changed.stdout
    assert all("SendWave" in line for line in never), changed.stdout
