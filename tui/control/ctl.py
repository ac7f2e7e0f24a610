"""``jitsi-tui ctl``: script a running console over its control socket.

Exit status: 0 only when the server confirmed the change (or the listing worked), 1 when it
was refused or failed, 2 for usage errors, 3 when no console answers on the socket.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.model.text import safe_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_CONSOLE = 0, 1, 2, 3
WAIT_SECONDS = 60.0


def build_parser() -> argparse.ArgumentParser:
    """Parser for ``jitsi-tui ctl``."""
    parser = argparse.ArgumentParser(
        prog="jitsi-tui ctl", description="Control a running jitsi-tui console."
    )
    parser.add_argument("--socket", type=Path, help="control socket (default: the console's)")
    sub = parser.add_subparsers(dest="op", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", help="list participants and rooms")
    listing.add_argument("what", nargs="?", choices=["participants", "rooms"], default=None)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add = sub.add_parser("add-room", help="add a breakout room")
    add.add_argument("name", nargs="?", default="")
    rename = sub.add_parser("rename-room", help="rename a breakout room")
    rename.add_argument("room")
    rename.add_argument("name")
    for op, text in (
        ("remove-room", "remove a room (its people come back first)"),
        ("close-room", "send everyone in a room back to the main room"),
    ):
        sub.add_parser(op, help=text).add_argument("room")
    sub.add_parser("close-all", help="close and remove every breakout room")
    sub.add_parser("auto-assign", help="spread everyone evenly over the breakout rooms")
    sub.add_parser("call-back", help="bring everyone back to the main room")
    move = sub.add_parser("move", help="move participants (by unique name or id) to a room")
    move.add_argument("who", nargs="+")
    move.add_argument("--to", required=True, metavar="ROOM")
    return parser


def _request(args: argparse.Namespace) -> dict[str, Any]:
    request: dict[str, Any] = {"op": args.op}
    for key in ("name", "room", "who", "to"):
        if hasattr(args, key):
            request[key] = getattr(args, key)
    return request


def exchange(path: Path, request: dict[str, Any], timeout: float = WAIT_SECONDS) -> dict[str, Any]:
    """Send one request and read one answer.

    Raises:
        OSError: Nobody listens on ``path``.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(path))
        sock.sendall(json.dumps(request).encode() + b"\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    answer = json.loads(data)
    if not isinstance(answer, dict):
        raise ValueError("the console sent something that is not an answer")
    return answer


def _print_listing(answer: dict[str, Any], what: str | None) -> None:
    rooms = {r["id"]: r for r in answer.get("rooms", [])}
    if what in (None, "rooms"):
        for r in rooms.values():
            print(f"{safe_text(r['name'], 60)} ({len(r['members'])})  [{r['id']}]")
    if what is None:
        print()
    if what in (None, "participants"):
        for p in answer.get("participants", []):
            room = rooms.get(p["room"], {}).get("name", p["room"])
            hand = "  ✋" if p.get("hand_raised_at") else ""
            print(f"{p['id']}  {safe_text(p['name'], 60)}  — {safe_text(room, 40)}{hand}")


def main(argv: Sequence[str]) -> int:
    """Run ``jitsi-tui ctl``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    from tui.control.server import default_socket_path

    path = args.socket or default_socket_path()
    try:
        answer = exchange(path, _request(args))
    except (OSError, ValueError) as exc:
        print(f"jitsi-tui ctl: no console answers on {path}: {exc}", file=sys.stderr)
        return EXIT_NO_CONSOLE
    if not answer.get("ok"):
        print(f"jitsi-tui ctl: {safe_text(str(answer.get('error', 'failed')))}", file=sys.stderr)
        return EXIT_FAILED
    if args.op == "list":
        if args.json:
            answer.pop("ok", None)
            if args.what:
                answer = {args.what: answer[args.what]}
            print(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            _print_listing(answer, args.what)
    else:
        print(f"done: {answer.get('confirmed', 0)} change(s) confirmed by the server")
    return EXIT_OK
