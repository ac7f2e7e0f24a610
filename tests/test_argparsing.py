"""Usage errors name unknown flags but never echo the values after them (maybe secrets)."""

from __future__ import annotations

import pytest

from tui.argparsing import hide_values
from tui.cli import console as cli
from tui.jitsi.discovery import DiscoveryError, parse_meeting_url


def test_hide_values() -> None:
    assert hide_values("unrecognized arguments: --password hunter2") == (
        "unrecognized arguments: --password"
    )
    assert hide_values("unrecognized arguments: hunter2") == (
        "unrecognized arguments: (values not shown)"
    )
    assert hide_values("the following arguments are required: --to") == (
        "the following arguments are required: --to"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["https://meet.example.org/room", "--password", "hunter2-secret"],
        ["ctl", "password", "--set", "hunter2-secret"],
        ["invite", "https://meet.example.org/", "--secret", "hunter2-secret"],
    ],
)
def test_mistyped_secret_flags_are_not_echoed(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = cli.main(argv)
    except SystemExit as exit_info:  # the console's own parser exits; subcommands return
        code = int(exit_info.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err and "hunter2-secret" not in err


def test_url_errors_do_not_quote_the_token() -> None:
    with pytest.raises(DiscoveryError) as err:
        parse_meeting_url("https://host:99999/room?jwt=eyJhbGciOi.secret.sig")
    assert "bad port" in str(err.value) and "eyJ" not in str(err.value)
