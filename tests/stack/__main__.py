"""Run the test stack by hand: ``python -m tests.stack [--domain D] [--secure]``.

Prints the URLs to point the console at, then keeps Prosody and the jicofo stand-in
(tests/stack/focus.py) running until Ctrl-C.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from tests.stack.focus import Focus
from tests.stack.server import ProsodyStack, StackError


def main(argv: list[str] | None = None) -> int:
    """Start a stack, print where it listens, wait for Ctrl-C, stop it."""
    parser = argparse.ArgumentParser(prog="python -m tests.stack", description=__doc__)
    parser.add_argument("--domain", default="meet.jitsi", help="XMPP domain (default meet.jitsi)")
    parser.add_argument(
        "--secure",
        action="store_true",
        help="password accounts on the main domain (internal_hashed) instead of anonymous",
    )
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="NAME:PASSWORD",
        help="register an account on the main domain (needs --secure); repeatable",
    )
    args = parser.parse_args(argv)
    stack = ProsodyStack(
        domain=args.domain, authentication="internal_hashed" if args.secure else "anonymous"
    )
    focus = Focus(stack)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        stack.start()
        focus.start()
        for spec in args.user:
            name, _, password = spec.partition(":")
            stack.register_user(name, password=password)
        sys.stdout.write(_describe(stack, focus) + "\n")
        sys.stdout.flush()
        stopped.wait()
    except StackError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        focus.stop()
        stack.stop()
    return 0


def _describe(stack: ProsodyStack, focus: Focus) -> str:
    components = ", ".join(stack.external_components) or "-"
    return "\n".join(
        [
            f"Prosody ready in {stack.startup_seconds or 0:.2f} s",
            f"  XMPP domain     {stack.domain}",
            f"  main-room MUC   {stack.muc}",
            f"  breakout MUC    {stack.breakout_muc}",
            f"  WebSocket       {stack.ws_url}?room=<room>",
            f"  BOSH            {stack.bosh_url}",
            f"  c2s (plain)     127.0.0.1:{stack.c2s_port}",
            f"  components      127.0.0.1:{stack.component_port} secret "
            f"{stack.component_secret!r} for {components}",
            f"  focus account   {stack.focus_jid} / {stack.focus_password}",
            f"  jicofo stand-in {focus.component_jid} (running: conference requests, auto-owner,"
            " Jingle offers)",
            f"  breakout rooms  {stack.breakout_muc} (our stand-in component)",
            f"  log             {stack.log_path}",
            "Ctrl-C stops it.",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
