"""The ``jitsi-tui`` command itself (``jitsi-tui [URL] [--demo ...]``) and its subcommand dispatch.

Each subcommand's front end is a module of its own in :mod:`tui.cli` (``ctl``, ``invite``,
``token``). Only argument parsing, exit codes and crash reporting live here; everything heavy
is imported lazily inside the command that needs it, so ``jitsi-tui --help`` stays fast. A
crash prints :func:`tui.logs.crash_report` (no local variables, secrets redacted) instead of
Python's or Textual's traceback: Textual's shows every frame's locals, where a revealed token
may sit.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.argparsing import SecretSafeParser

if TYPE_CHECKING:
    from tui.jitsi.gateway import LiveGateway
    from tui.model.gateway import ConferenceGateway

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser (the console itself); subcommands are dispatched in :func:`main`."""
    parser = SecretSafeParser(
        prog="jitsi-tui",
        allow_abbrev=False,  # else "--password x" would match "--password-file" and echo x
        description="A terminal moderator console for Jitsi Meet.",
        epilog=(
            "Subcommands: 'jitsi-tui token --help'; your keys: 'jitsi-tui config --sample'. "
            "Try it without a server: jitsi-tui --demo"
        ),
    )
    parser.add_argument("--version", action="version", version=f"jitsi-tui {__version__}")
    parser.add_argument("url", nargs="?", help="meeting URL, e.g. https://meet.example.org/Room")
    demo = parser.add_argument_group("simulated conference")
    demo.add_argument(
        "--demo", action="store_true", help="open the console on a built-in simulated meeting"
    )
    demo.add_argument(
        "--participants",
        type=_positive_int,
        default=40,
        metavar="N",
        help="people in the simulated meeting (default 40)",
    )
    demo.add_argument(
        "--seed", type=int, default=None, metavar="S", help="make the demo repeatable"
    )
    demo.add_argument(
        "--hostile-names",
        action="store_true",
        help="mix the names that break careless UIs (markup, right-to-left, a 100+ character "
        "name, emoji) into the demo",
    )
    ui = parser.add_argument_group("screen")
    ui.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    ui.add_argument(
        "--headless",
        action="store_true",
        help="no screen: serve the control socket for 'jitsi-tui ctl' until interrupted",
    )
    ui.add_argument("--socket", type=Path, metavar="PATH", help="control socket path")
    ui.add_argument(
        "--read-only",
        action="store_true",
        help="watch only: nothing is sent to the meeting, from the screen or 'jitsi-tui ctl' "
        "(also [console] read_only in the config file); ctrl+r asks before leaving it",
    )
    from tui.cli.connection_flags import add_connection_arguments

    add_connection_arguments(parser)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


SUBCOMMANDS: dict[str, str] = {
    "config": "tui.cli.config:main",
    "ctl": "tui.cli.ctl:main",
    "invite": "tui.cli.invite:main",
    "token": "tui.cli.token:main",
}
"""Subcommand name → ``module:function`` taking ``argv`` and returning an exit code."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code (a crash is reported, then 1)."""
    try:
        return _main(argv)
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as error:  # the last line of defence: report without locals or secrets
        from tui.logs import crash_report

        log.critical("jitsi-tui crashed", exc_info=error)
        print(f"jitsi-tui crashed:\n{crash_report(error)}", file=sys.stderr)
        return EXIT_ERROR


EXIT_CLOSED_PIPE = 128 + 13
"""What a shell reports for a writer killed by SIGPIPE (``… | head -1``): not an error."""


def _closed_pipe() -> int:
    """Whoever read our output stopped (``| head``): end quietly, like any Unix filter.

    The Python documentation's recipe: point stdout at /dev/null so that the interpreter's
    final flush does not raise a second BrokenPipeError on the way out.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_CLOSED_PIPE


NO_TERMINAL = (
    "jitsi-tui: the console needs a terminal (stdin and stdout are not one); "
    "without one, run 'jitsi-tui --headless URL' and script it with 'jitsi-tui ctl'"
)


def _has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        module_name, func_name = SUBCOMMANDS[args_list[0]].split(":")
        import importlib

        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(args_list[1:]))
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.demo or args.url:
        from tui.cli.config import keys_problem

        # Before anything connects or takes the terminal: a bad [keys] line loses nothing.
        args.keys, problem = keys_problem(args)
        if problem is not None:
            print(f"jitsi-tui: {problem}", file=sys.stderr)
            return EXIT_USAGE
    if args.demo:
        if not args.headless and not _has_terminal():
            print(NO_TERMINAL, file=sys.stderr)
            return EXIT_USAGE
        from tui.config.load import load_console_settings, load_workshop_settings
        from tui.config.values import ConfigError

        try:
            configured = load_console_settings(Path(args.config) if args.config else None)
            args.workshop = load_workshop_settings(Path(args.config) if args.config else None)
        except ConfigError as exc:
            print(f"jitsi-tui: {exc}", file=sys.stderr)
            return EXIT_USAGE
        args.read_only = args.read_only or configured.read_only
        return _run(demo_gateway(args), args)
    if args.url:
        from tui.jitsi.launch import LaunchError, live_gateway

        try:
            live, warnings = live_gateway(args)
        except LaunchError as exc:
            print(f"jitsi-tui: {exc}", file=sys.stderr)
            return EXIT_ERROR
        for warning in warnings:
            print(f"jitsi-tui: warning: {warning}", file=sys.stderr)
        args.read_only = args.read_only or live.settings.console.read_only
        args.workshop = live.settings.workshop
        if not args.headless and not _has_terminal():
            print(NO_TERMINAL, file=sys.stderr)
            return EXIT_USAGE
        return _run_live(live, args)
    parser.print_usage(sys.stderr)
    print("jitsi-tui: give a meeting URL, or --demo for a simulated meeting", file=sys.stderr)
    return EXIT_USAGE


def demo_gateway(args: argparse.Namespace) -> ConferenceGateway:
    """The simulated meeting ``--demo`` opens.

    Its names are ordinary unless ``--hostile-names``: the first rows a newcomer sees are a
    meeting, not the markup and right-to-left names the tests and ``hostile.svg`` are for.
    """
    from tui.sim.gateway import SimulatedConference

    return SimulatedConference(
        participants=args.participants, seed=args.seed, hard_cases=args.hostile_names
    )


def _logging_refused(args: argparse.Namespace) -> bool:
    """Set up the log; True (after one line on stderr) when it would not be private."""
    from tui.logs import LogSetupError, setup_logging

    try:
        setup_logging(stderr=args.headless)
    except LogSetupError as exc:
        print(f"jitsi-tui: {exc}", file=sys.stderr)
        return True
    return False


def _run(gateway: ConferenceGateway, args: argparse.Namespace) -> int:
    """The demo: it cannot fail to join, so the screen opens at once and joins inside."""
    if _logging_refused(args):
        return EXIT_ERROR
    if args.headless:
        import asyncio

        from tui.headless import run_headless

        return asyncio.run(
            run_headless(gateway, args.socket, read_only=args.read_only, workshop=args.workshop)
        )
    from tui.ui.app import ConsoleApp

    app = ConsoleApp(
        gateway,
        socket_path=args.socket,
        read_only=args.read_only,
        keys=args.keys,
        workshop=args.workshop,
    )
    app.run(mouse=not args.no_mouse)
    return app.exit_status


def _run_live(gateway: LiveGateway, args: argparse.Namespace) -> int:
    """A live meeting: discover and join first, then open the screen (or serve headless)."""
    import asyncio

    if _logging_refused(args):
        return EXIT_ERROR
    return asyncio.run(_live(gateway, args))


async def _live(gateway: LiveGateway, args: argparse.Namespace) -> int:
    from tui.jitsi.launch import Relay, join_before_screen
    from tui.session import ConsoleSession

    session = ConsoleSession(gateway, read_only=args.read_only)
    relay = Relay(session.handle)
    with _stderr_log_quiet():  # the failure is said once, below; the log file has the detail
        error = await join_before_screen(
            session, relay, _say, None if args.headless else _ask_room_password
        )
        if error is not None:
            log.error("could not join: %s", error)
    if error is not None:
        await session.disconnect()
        print(f"jitsi-tui: could not join: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.headless:
        from tui.headless import run_headless

        return await run_headless(gateway, args.socket, session=session, workshop=args.workshop)
    from tui.ui.app import ConsoleApp

    app = ConsoleApp(
        gateway,
        socket_path=args.socket,
        session=session,
        relay=relay,
        keys=args.keys,
        workshop=args.workshop,
    )
    await app.run_async(mouse=not args.no_mouse)
    return app.exit_status


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _ask_room_password() -> str | None:
    """The meeting is locked: ask in the terminal (hidden), before the screen takes it over."""
    import getpass

    try:
        return getpass.getpass("This meeting is locked. Its password (ask the organiser): ")
    except (EOFError, KeyboardInterrupt):
        return None


@contextlib.contextmanager
def _stderr_log_quiet() -> Iterator[None]:
    """Silence log lines on stderr (``--headless``) while joining; the file keeps them."""
    root = logging.getLogger()
    handlers = [
        h
        for h in root.handlers
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
    ]
    levels = [h.level for h in handlers]
    for handler in handlers:
        handler.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for handler, level in zip(handlers, levels, strict=True):
            handler.setLevel(level)
