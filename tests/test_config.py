"""Settings: file < environment < flags, secrets kept out of argv and repr, permission warnings."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli.connection_flags import add_connection_arguments
from tui.config.load import FLAG_KEYS, default_config_path, load_settings
from tui.config.secret import Secret
from tui.config.settings import AuthMode, server_overrides
from tui.config.values import ConfigError, parse_duration

posix_only = pytest.mark.skipif(os.name != "posix", reason="mode bits are POSIX")


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "xdg" / "jitsi-tui"
    folder.mkdir(parents=True)
    return folder


def env_for(config_dir: Path, **extra: str) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(config_dir.parent), **extra}


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def parse_flags(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    add_connection_arguments(parser)
    return parser.parse_args(list(argv))


def test_defaults_without_any_file(config_dir: Path) -> None:
    settings, warnings = load_settings(env=env_for(config_dir))
    assert settings.config_path is None
    assert settings.auth.mode is None
    assert settings.auth.token_lifetime == 2 * 3600
    assert settings.server.insecure is False
    assert settings.display.name == "Moderator Console"
    assert warnings == []


def test_file_is_found_under_xdg_config_home(config_dir: Path) -> None:
    path = write(config_dir / "config.toml", '[display]\nname = "Anna"\n')
    settings, _ = load_settings(env=env_for(config_dir))
    assert settings.config_path == path
    assert settings.display.name == "Anna"


def test_relative_xdg_config_home_is_ignored(tmp_path: Path) -> None:
    path = default_config_path({"XDG_CONFIG_HOME": "relative/dir"})
    assert path == Path.home() / ".config" / "jitsi-tui" / "config.toml"
    assert default_config_path({"JITSI_TUI_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / (
        "x.toml"
    )


def test_precedence_file_then_env_then_flag(config_dir: Path) -> None:
    write(
        config_dir / "config.toml",
        '[server]\nxmpp_domain = "from-file"\nmuc_domain = "muc.from-file"\n'
        '[auth]\nmode = "password"\nusername = "file-user"\n',
    )
    env = env_for(
        config_dir,
        JITSI_TUI_SERVER_XMPP_DOMAIN="from-env",
        JITSI_TUI_AUTH_USERNAME="env-user",
    )
    settings, _ = load_settings(parse_flags("--xmpp-domain", "from-flag"), env=env)
    assert settings.server.xmpp_domain == "from-flag"  # flag beats env
    assert settings.auth.username == "env-user"  # env beats file
    assert settings.server.muc_domain == "muc.from-file"  # file beats default
    assert settings.auth.mode is AuthMode.PASSWORD


def test_secret_precedence_file_then_env_then_flag_file(config_dir: Path) -> None:
    write(config_dir / "config.toml", '[auth]\npassword = "in-config"\n')
    assert load_settings(env=env_for(config_dir))[0].auth.password == Secret("in-config")

    env = env_for(config_dir, JITSI_TUI_PASSWORD="in-env")
    assert load_settings(env=env)[0].auth.password == Secret("in-env")

    flag_file = write(config_dir / "pw.txt", "in-flag-file\n")
    settings, _ = load_settings(parse_flags("--password-file", str(flag_file)), env=env)
    assert settings.auth.password == Secret("in-flag-file")  # newline dropped
    assert settings.auth.password_file == flag_file


def test_room_password_from_env_or_flag_file(config_dir: Path) -> None:
    env = env_for(config_dir, JITSI_TUI_ROOM_PASSWORD="locked-room")
    assert load_settings(env=env)[0].auth.room_password == Secret("locked-room")
    flag_file = write(config_dir / "room.txt", "from-file\n")
    settings, _ = load_settings(parse_flags("--room-password-file", str(flag_file)), env=env)
    assert settings.auth.room_password == Secret("from-file")
    assert "from-file" not in repr(settings)


def test_relative_secret_file_in_config_is_next_to_the_config(config_dir: Path) -> None:
    write(config_dir / "app.secret", "s3cr3t-value")
    write(config_dir / "config.toml", '[auth]\napp_id = "myapp"\napp_secret_file = "app.secret"\n')
    settings, _ = load_settings(env=env_for(config_dir))
    assert settings.auth.app_secret == Secret("s3cr3t-value")
    assert settings.auth.app_id == "myapp"


def test_secrets_never_show_in_repr(config_dir: Path) -> None:
    env = env_for(config_dir, JITSI_TUI_PASSWORD="hunter2-long", JITSI_TUI_APP_SECRET="appsecret")
    settings, _ = load_settings(env=env)
    text = repr(settings) + str(settings.auth.password)
    assert "hunter2" not in text
    assert "appsecret" not in text
    assert "<redacted>" in text
    assert settings.auth.password is not None
    assert settings.auth.password.reveal() == "hunter2-long"


def test_no_flag_takes_a_secret_value() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    add_connection_arguments(parser)
    options = {opt for action in parser._actions for opt in action.option_strings}
    assert {"--password-file", "--jwt-file", "--app-secret-file"} <= options
    assert not options & {"--password", "--jwt", "--app-secret", "--token"}


@posix_only
def test_inline_secret_in_readable_config_warns(
    config_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(config_dir / "config.toml", '[auth]\npassword = "pw-inline"\n', mode=0o644)
    with caplog.at_level(logging.WARNING, logger="tui.config"):
        _, warnings = load_settings(env=env_for(config_dir))
    assert len(warnings) == 1
    assert str(path) in warnings[0]
    assert "chmod 600" in warnings[0]
    assert warnings[0] in caplog.text
    assert "pw-inline" not in caplog.text

    path.chmod(0o600)
    assert load_settings(env=env_for(config_dir))[1] == []


@posix_only
def test_readable_secret_file_warns(config_dir: Path) -> None:
    secret = write(config_dir / "jwt.txt", "eyJ.token", mode=0o640)
    _, warnings = load_settings(parse_flags("--jwt-file", str(secret)), env=env_for(config_dir))
    assert warnings and str(secret) in warnings[0]


@posix_only
def test_config_without_secrets_may_be_world_readable(config_dir: Path) -> None:
    write(config_dir / "config.toml", '[display]\nname = "Anna"\n', mode=0o644)
    assert load_settings(env=env_for(config_dir))[1] == []


def test_unknown_sections_are_ignored_and_unknown_keys_warned(config_dir: Path) -> None:
    write(
        config_dir / "config.toml",
        '[invite]\n[invite.types.standup]\nprefix = "su-"\n[server]\nxmpp_domian = "typo"\n',
    )
    settings, warnings = load_settings(env=env_for(config_dir))
    assert warnings == [
        f"{config_dir / 'config.toml'}: unknown setting [server] xmpp_domian (ignored)"
    ]
    assert settings.server.xmpp_domain is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[auth\nmode = 1", "config.toml"),
        ('[auth]\nmode = "kerberos"', "must be one of anonymous, password, jwt"),
        ("[server]\ninsecure = 3", "must be true or false"),
        ('[auth]\ntoken_lifetime = "forever"', "not a duration"),
        ('[auth]\nalgorithm = "none"', "HS256"),
        ('[auth]\npassword = "x"\npassword_file = "y"', "not both"),
        ('server = "x"', "[server] must be a table"),
    ],
)
def test_bad_values_give_one_line_errors(config_dir: Path, text: str, fragment: str) -> None:
    write(config_dir / "config.toml", text)
    with pytest.raises(ConfigError) as info:
        load_settings(env=env_for(config_dir))
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_or_empty_secret_file_is_an_error(config_dir: Path) -> None:
    env = env_for(config_dir)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(parse_flags("--password-file", str(config_dir / "nope")), env=env)
    empty = write(config_dir / "empty", "\n")
    with pytest.raises(ConfigError, match="is empty"):
        load_settings(parse_flags("--password-file", str(empty)), env=env)


def test_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(parse_flags("--config", str(tmp_path / "missing.toml")), env={})


def test_flags_convert_types(config_dir: Path) -> None:
    flags = parse_flags(
        "--insecure", "--timeout", "2.5", "--token-lifetime", "90m", "--auth", "jwt", "--name", "X"
    )
    settings, _ = load_settings(flags, env=env_for(config_dir))
    assert settings.server.insecure is True
    assert settings.server.timeout == 2.5
    assert settings.auth.token_lifetime == 5400
    assert settings.auth.mode is AuthMode.JWT
    assert settings.display.name == "X"


def test_server_overrides_lists_only_what_was_set(config_dir: Path) -> None:
    flags = parse_flags("--muc-domain", "muc.x", "--lobby-domain", "lobby.x")
    settings, _ = load_settings(flags, env=env_for(config_dir))
    assert server_overrides(settings.server) == {"muc_domain": "muc.x", "lobby_domain": "lobby.x"}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2h", 7200), ("90m", 5400), ("1h30m", 5400), ("45s", 45), ("1d", 86400), ("600", 600)],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "2x", "h", "-5m", "2h junk"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)


def test_config_module_is_pure_stdlib() -> None:
    code = (
        "import sys, tui.config.load, tui.cli.connection_flags\n"
        "print(' '.join(m for m in ('aiohttp', 'slixmpp', 'jwt', 'textual') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_connection_flag_sets_a_setting_and_every_setting_flag_exists() -> None:
    # The flags (tui/cli/connection_flags.py) and what each one sets (tui/config/load.py) live
    # apart: a flag the loader does not know would be parsed and silently ignored.
    parser = argparse.ArgumentParser()
    add_connection_arguments(parser)
    dests = {action.dest for action in parser._actions} - {"help"}
    assert dests == set(FLAG_KEYS)
