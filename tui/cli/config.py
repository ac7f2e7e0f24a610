"""``jitsi-tui config``: show what the config file may say, and check it.

``--sample`` prints every remappable key as a commented ``[keys]`` section (binding id, default
key, what it does), to copy into the config file. ``--check`` reads the file (``--config``,
``JITSI_TUI_CONFIG`` or the XDG path) and says in one line what is wrong with its ``[keys]``,
as the console would at start. Exit codes: 0 fine, 2 a bad file or command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.argparsing import SecretSafeParser

EXIT_OK = 0
EXIT_USAGE = 2
PROG = "jitsi-tui config"


def build_parser() -> argparse.ArgumentParser:
    """``config``'s flags."""
    parser = SecretSafeParser(
        prog=PROG,
        allow_abbrev=False,
        description="Show a sample of the config file's [keys], or check the config file.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--sample",
        action="store_true",
        help="print every binding id with its default key and what it does, as TOML",
    )
    what.add_argument(
        "--check", action="store_true", help="check the config file's [keys] as a start would"
    )
    parser.add_argument("--config", type=Path, metavar="PATH", help="the config file to check")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``jitsi-tui config``; returns the exit code."""
    args = build_parser().parse_args(list(sys.argv[2:] if argv is None else argv))
    if args.sample:
        from tui.ui.user_keys import sample

        sys.stdout.write(sample())
        return EXIT_OK
    error = keys_problem(args)[1] or (lockdown_problem(args) if args.check else None)
    if error is not None:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def lockdown_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the ``[lockdown.NAME]`` presets (a password file too), or ``None``."""
    from tui.config.load import load_workshop_settings, read_secret_file
    from tui.config.values import ConfigError

    try:
        for preset in load_workshop_settings(args.config).lockdown.values():
            if preset.password_file is not None:
                read_secret_file(Path(preset.password_file), f"[lockdown.{preset.name}] password")
    except ConfigError as exc:
        return str(exc)
    return None


def keys_problem(args: argparse.Namespace) -> tuple[dict[str, str], str | None]:
    """The user's checked keymap, or ``({}, the one line saying what is wrong)``.

    Shared with the console's start (:mod:`tui.cli.console`), so both refuse the same lines.
    """
    from tui.config.load import load_keys
    from tui.config.values import ConfigError
    from tui.ui.user_keys import KeysError, check_keys

    try:
        raw, path = load_keys(args)
        return check_keys(dict(raw), str(path)), None
    except (ConfigError, KeysError) as exc:
        return {}, str(exc)
