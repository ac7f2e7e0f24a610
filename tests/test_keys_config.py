"""``[keys]`` in the config file and ``jitsi-tui config --sample``, as a shell sees them.

A bad ``[keys]`` line is bad input: one clear line naming it, exit 2, before any screen or
connection, so nothing the moderator had is lost. The sample lists every binding id with its
default key; uncommented, it is a valid ``[keys]`` section that changes nothing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tui.cli import console as cli
from tui.ui.user_keys import DEFAULT_KEYS


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_sample_lists_every_binding_id_with_its_default_key_and_what_it_does(capsys) -> None:
    assert cli.main(["config", "--sample"]) == 0
    sample = capsys.readouterr().out
    assert tomllib.loads(sample) == {"keys": {}}  # all commented out: changes nothing as is
    uncommented = re.sub(r"(?m)^# ([a-z_]+\.[a-z0-9_]+ = )", r"\1", sample)
    keys = tomllib.loads(uncommented)["keys"]
    flat = {f"{scope}.{name}": key for scope, names in keys.items() for name, key in names.items()}
    assert set(flat) == set(DEFAULT_KEYS)
    assert flat["console.move"] == "m"
    assert flat["table.last"] == ["end", "ctrl+end", "G"]
    assert "Move the selection (or the cursor row) to a room" in sample


def test_sample_uncommented_is_accepted(tmp_path: Path, capsys) -> None:
    cli.main(["config", "--sample"])
    sample = re.sub(r"(?m)^# ([a-z_]+\.[a-z0-9_]+ = )", r"\1", capsys.readouterr().out)
    path = _config(tmp_path, sample)
    assert cli.main(["config", "--check", "--config", str(path)]) == 0


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('[keys]\nconsole.mvoe = "n"\n', "console.mvoe: no such binding id"),
        ('[keys]\n"console.move" = "ctrl+nope"\n', "console.move: 'ctrl+nope' is not a key"),
        ("[keys]\nconsole.move = 3\n", "console.move must be a key"),
        ('[keys]\nconsole.move = "s"\n', "console.cycle_sort"),  # s would no longer sort
        ('[keys]\ntable.first = ["g", "q"]\n', "console.quit"),  # the table hides q from quit
    ],
)
def test_bad_keys_exit_2_with_one_line(tmp_path: Path, capsys, body: str, said: str) -> None:
    path = _config(tmp_path, body)
    for argv in (["--demo", "--config", str(path)], ["config", "--check", "--config", str(path)]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert said in err
        assert str(path) in err


def test_bad_keys_stop_a_live_start_before_it_connects(tmp_path: Path, capsys) -> None:
    path = _config(tmp_path, '[keys]\nconsole.mvoe = "n"\n')
    # Port 9 on loopback: a start that got as far as connecting would say it could not join.
    assert cli.main(["https://127.0.0.1:9/room", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "console.mvoe" in err
    assert "join" not in err
