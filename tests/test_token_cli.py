"""``jitsi-tui token``: what it prints, where the secret may come from, and its exit codes."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from tui.cli import console as cli
from tui.cli.token import main

APP_SECRET = "token-cli-test-secret-" + "z" * 48


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real config file or JITSI_TUI_* variable may leak into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("JITSI_TUI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(APP_SECRET + "\n")
    path.chmod(0o600)
    return path


def claims_of(token: str, audience: str = "myapp") -> dict[str, object]:
    return jwt.decode(token, APP_SECRET, algorithms=["HS256"], audience=audience)


def test_prints_a_token_with_the_requested_claims(
    secret_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = int(time.time())
    code = main(
        ["--app-id", "myapp", "--app-secret-file", str(secret_file), "--room", "StandUp",
         "--name", "Anna", "--moderator", "--token-lifetime", "30m", "--sub", "meet.jitsi"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    claims = claims_of(out.strip())
    assert claims["room"] == "standup"
    assert claims["sub"] == "meet.jitsi"
    assert claims["iss"] == claims["aud"] == "myapp"
    assert claims["context"] == {
        "user": {"name": "Anna", "moderator": "true", "affiliation": "owner"}
    }
    assert before + 1800 <= claims["exp"] <= int(time.time()) + 1800  # type: ignore[operator]


def test_url_gives_a_meeting_link(secret_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--app-id", "myapp", "--app-secret-file", str(secret_file),
         "--url", "https://meet.example.org/acme/StandUp?lang=de#config.startWithAudioMuted=true"]
    )  # fmt: skip
    out = capsys.readouterr().out.strip()
    assert code == 0
    link = urlsplit(out)
    assert (link.netloc, link.path) == ("meet.example.org", "/acme/StandUp")
    assert link.fragment == "config.startWithAudioMuted=true"
    query = parse_qs(link.query)
    assert query["lang"] == ["de"]
    assert claims_of(query["jwt"][0])["room"] == "standup"


def test_secret_from_environment(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("JITSI_TUI_APP_SECRET", APP_SECRET)
    assert main(["--app-id", "myapp", "--room", "*"]) == 0
    assert claims_of(capsys.readouterr().out.strip())["room"] == "*"


def test_app_id_and_secret_file_from_the_config_file(
    tmp_path: Path, secret_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "xdg" / "jitsi-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(
        f'[auth]\napp_id = "fromconfig"\napp_secret_file = "{secret_file}"\naudience = "jitsi"\n'
    )
    assert main(["--room", "daily"]) == 0
    claims = claims_of(capsys.readouterr().out.strip(), audience="jitsi")
    assert claims["iss"] == "fromconfig"


@pytest.mark.parametrize("flag", ["--app-secret", "--app-secret=hunter2-secret", "--app-secre"])
def test_there_is_no_secret_flag(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--app-id", "myapp", "--room", "r", flag, "hunter2-secret"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert "hunter2" not in err  # not even when the flag is misspelt
    assert err.count("\n") == 1
    if flag.startswith("--app-secret"):
        assert "--app-secret-file" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--room", "r"], "give --app-id"),
        (["--app-id", "a"], "give --room"),
        (["--app-id", "a", "--room", "r", "--token-lifetime", "soon"], "--token-lifetime"),
        (["--app-id", "a", "--room", "r", "--bogus"], "unrecognized arguments"),
        (
            ["--app-id", "a", "--room", "retro", "--url", "https://m.example/standup"],
            "not the room",
        ),
        (["--app-id", "a", "--url", "https://m.example/"], "names no room"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, secret_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--app-secret-file", str(secret_file)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("jitsi-tui token: ") and err.count("\n") == 1


def test_missing_secret_without_a_terminal_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # pytest's stdin is not a TTY, so there is nobody to prompt.
    assert main(["--app-id", "a", "--room", "r"]) == 2
    assert "JITSI_TUI_APP_SECRET" in capsys.readouterr().err


def test_unreadable_secret_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["--app-id", "a", "--room", "r", "--app-secret-file", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"jitsi-tui token: the app secret file {missing} does not exist\n"
    )


def test_rs256_needs_a_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--app-id", "a", "--room", "r", "--algorithm", "RS256", "--key-id", "k"]) == 1
    assert "--key-file" in capsys.readouterr().err


def test_registered_as_a_subcommand(secret_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["token", "--app-id", "myapp", "--app-secret-file", str(secret_file),
                     "--room", "standup"])  # fmt: skip
    assert code == 0
    assert claims_of(capsys.readouterr().out.strip())["room"] == "standup"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--app-secret-file" in out
    assert "--app-secret " not in out


def test_the_token_lifetime_flag_is_spelled_as_in_the_console() -> None:
    from tui.cli.token import build_parser

    def options(parser: argparse.ArgumentParser) -> set[str]:
        return {o for action in parser._actions for o in action.option_strings}

    for parser in (cli.build_parser(), build_parser()):
        assert "--token-lifetime" in options(parser) and "--lifetime" not in options(parser)
