"""Run the test stack by hand: ``python -m tests.stack [--domain D] [--secure | --token]``.

Prints the meeting URL to point the console at (``jitsi-tui http://127.0.0.1:<port>/standup``)
and the other endpoints, then keeps Prosody and the jicofo stand-in (tests/stack/focus.py)
running until Ctrl-C. ``--guests N`` joins N simulated web participants to the room, who follow
breakout moves like the web client.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import threading

from tests.stack.config import Authentication
from tests.stack.focus import Focus
from tests.stack.server import ProsodyStack, StackError
from tests.stack.webclient import leave_all, spawn


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
        "--token",
        action="store_true",
        help="JWT logins (HS256 with the printed app id and secret) instead of anonymous",
    )
    parser.add_argument("--room", default="standup", help="room of the printed meeting URL")
    parser.add_argument(
        "--guests",
        type=int,
        default=0,
        metavar="N",
        help="join N simulated web participants to --room (anonymous stacks only)",
    )
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="NAME:PASSWORD",
        help="register an account on the main domain (needs --secure); repeatable",
    )
    args = parser.parse_args(argv)
    if args.secure and args.token:
        parser.error("--secure and --token exclude each other")
    if args.guests and (args.secure or args.token):
        parser.error("--guests needs the anonymous stack")
    authentication: Authentication = (
        "internal_hashed" if args.secure else "token" if args.token else "anonymous"
    )
    stack = ProsodyStack(domain=args.domain, authentication=authentication)
    focus = Focus(stack, authentication=authentication != "anonymous")
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    guests: threading.Thread | None = None
    try:
        stack.start()
        focus.start()
        for spec in args.user:
            name, _, password = spec.partition(":")
            stack.register_user(name, password=password)
        sys.stdout.write(_describe(stack, focus, args.room) + "\n")
        sys.stdout.flush()
        if args.guests > 0:
            guests = threading.Thread(
                target=asyncio.run,
                args=(_host_guests(stack, focus, args.room, args.guests, stopped),),
                daemon=True,
            )
            guests.start()
        stopped.wait()
    except StackError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        stopped.set()
        if guests is not None:
            guests.join(10)
        focus.stop()
        stack.stop()
    return 0


async def _host_guests(
    stack: ProsodyStack, focus: Focus, room: str, count: int, stopped: threading.Event
) -> None:
    # Wait for the console to arrive and be made owner, so that it, not a guest, moderates.
    sys.stdout.write(f"{count} web participants will join once someone owns {room}\n")
    sys.stdout.flush()
    room_jid = f"{room}@{stack.muc}"
    while not focus.owners(room_jid):
        if stopped.is_set():
            return
        await asyncio.sleep(0.2)  # polling another thread's record; a person is waiting anyway
    people = await spawn(stack, room, count)
    sys.stdout.write(f"{count} web participants joined {room}\n")
    sys.stdout.flush()
    try:
        # The stop signal comes from another thread (signal handler / Ctrl-C in main).
        await asyncio.get_running_loop().run_in_executor(None, stopped.wait)
    finally:
        await leave_all(people)


def _describe(stack: ProsodyStack, focus: Focus, room: str) -> str:
    components = ", ".join(stack.external_components) or "-"
    login = {
        "anonymous": "anonymous (the first to join becomes moderator)",
        "internal_hashed": "password accounts (--user NAME:PASSWORD); every login is moderator",
        "token": f"JWT, HS256, app id {stack.app_id!r}, secret {stack.app_secret!r}",
    }[stack.settings.authentication]
    how = {
        "anonymous": f"jitsi-tui {stack.meeting_url(room)}",
        "internal_hashed": f"jitsi-tui {stack.meeting_url(room)} --username NAME",
        "token": (
            f"JITSI_TUI_APP_SECRET={stack.app_secret} jitsi-tui {stack.meeting_url(room)} "
            f"--app-id {stack.app_id}"
        ),
    }[stack.settings.authentication]
    return "\n".join(
        [
            f"Prosody ready in {stack.startup_seconds or 0:.2f} s",
            f"  meeting URL     {stack.meeting_url(room)}",
            f"  try             {how}",
            f"  config.js       {stack.config_js_url}",
            f"  logins          {login}",
            f"  XMPP domain     {stack.domain}",
            f"  main-room MUC   {stack.muc}",
            f"  breakout MUC    {stack.breakout_muc}",
            f"  WebSocket       {stack.ws_url}?room=<room>",
            f"  BOSH            {stack.bosh_url}",
            f"  c2s (plain)     127.0.0.1:{stack.c2s_port}",
            f"  components      127.0.0.1:{stack.component_port} secret "
            f"{stack.component_secret!r} for {components}",
            f"  focus account   {stack.focus_jid} / {stack.focus_password}",
            f"  jicofo stand-in {focus.component_jid} (running: conference requests, "
            f"{'authenticated owners' if focus.authentication else 'auto-owner'}, Jingle offers)",
            f"  breakout rooms  {stack.breakout_muc} (our stand-in component)",
            f"  log             {stack.log_path}",
            "Ctrl-C stops it.",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
