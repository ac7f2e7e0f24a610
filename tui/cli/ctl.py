"""``jitsi-tui ctl``: script a running console over its control socket (the argparse front end).

The socket's client side (one request out, one answer back, after checking whose console it
is) is :func:`tui.control.client.exchange`; this module turns the command line into that
request and the answer into lines on the terminal.

Exit status: 0 only when the server confirmed the change (or the listing worked), 1 when it
was refused or failed, 2 for usage errors, 3 when no console of this user's answers on the
socket (nothing there, or a directory or process that is not ours: nothing is sent then).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.argparsing import SecretSafeParser
from tui.cli import ctl_lockdown, ctl_plan, ctl_timer
from tui.control import runtime
from tui.control.client import exchange
from tui.model.text import plural, safe_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_CONSOLE = 0, 1, 2, 3

SOCKET_HELP = "control socket (default: the console's); before or after the command"


def build_parser() -> argparse.ArgumentParser:
    """Parser for ``jitsi-tui ctl``."""
    parser = SecretSafeParser(
        prog="jitsi-tui ctl", description="Control a running jitsi-tui console."
    )
    parser.add_argument("--socket", type=Path, help=SOCKET_HELP)
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
    _add_moderation(sub)
    ctl_timer.add_parsers(sub)
    ctl_lockdown.add_parsers(sub)
    ctl_plan.add_parsers(sub)
    for verb in sub.choices.values():
        # After the verb too (`ctl list --socket X`, issue 13). SUPPRESS: a verb given without it
        # leaves the one before the verb (or None) in place instead of overwriting it.
        verb.add_argument("--socket", type=Path, default=argparse.SUPPRESS, help=SOCKET_HELP)
    return parser


MEDIA = ("audio", "video", "desktop")
DESTRUCTIVE = frozenset({"close-all", "kick", "end", "mute-all"})
"""Operations that ask before acting (``--yes`` answers for scripts)."""


def _add_moderation(sub: Any) -> None:
    mute = sub.add_parser("mute", help="mute participants (nobody can be unmuted remotely)")
    mute.add_argument("who", nargs="+")
    mute.add_argument("--media", choices=MEDIA, default="audio")
    mute_all = sub.add_parser("mute-all", help="mute everyone but this console and bots")
    mute_all.add_argument("--media", choices=MEDIA, default="audio")
    av = sub.add_parser("av-moderation", help="switch AV moderation (ask to unmute) on or off")
    av.add_argument("state", choices=["on", "off"])
    av.add_argument("--media", choices=MEDIA, default="audio")
    for op, text in (
        ("allow", "let someone unmute under AV moderation"),
        ("disallow", "take that permission back"),
    ):
        allow = sub.add_parser(op, help=text)
        allow.add_argument("who", nargs=1)
        allow.add_argument("--media", choices=MEDIA, default="audio")
    kick = sub.add_parser("kick", help="remove someone from the meeting")
    kick.add_argument("who", nargs=1)
    kick.add_argument("--reason", default="")
    for op, text in (
        ("grant", "make someone a moderator"),
        ("revoke", "take moderator rights away"),
        ("lower-hand", "lower someone's raised hand"),
    ):
        sub.add_parser(op, help=text).add_argument("who", nargs=1)
    lobby = sub.add_parser("lobby", help="switch the lobby on or off")
    lobby.add_argument("state", choices=["on", "off"])
    for op, text in (
        ("admit", "let people in from the lobby (none named: everyone)"),
        ("deny", "turn people away from the lobby (none named: everyone)"),
    ):
        sub.add_parser(op, help=text).add_argument("who", nargs="*")
    password = sub.add_parser(
        "password", help="lock with a password read from --file, stdin or a prompt; --clear unlocks"
    )
    how = password.add_mutually_exclusive_group(required=True)
    how.add_argument("--set", action="store_true", help="read the password (never from argv)")
    how.add_argument("--file", type=Path, help="read the password from this file")
    how.add_argument("--clear", action="store_true", help="remove the password")
    sub.add_parser("end", help="end the meeting for everyone")
    chat = sub.add_parser("chat", help="send a chat message to the main room, or --to someone")
    chat.add_argument("text")
    chat.add_argument("--to", metavar="WHO")
    broadcast = sub.add_parser("broadcast", help="send a message to several rooms at once")
    broadcast.add_argument("text")
    broadcast.add_argument(
        "--room",
        dest="rooms",
        action="append",
        default=[],
        metavar="ROOM",
        help="repeatable; none: every room",
    )
    for parser in sub.choices.values():
        if parser.prog.rsplit(" ", 1)[-1] in DESTRUCTIVE:
            parser.add_argument("--yes", action="store_true", help="do not ask first")


def _read_password(args: argparse.Namespace) -> str:
    if args.clear:
        return ""
    if args.file is not None:
        return str(args.file.read_text(encoding="utf-8")).strip("\r\n")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Meeting password: ")
    return sys.stdin.readline().strip("\r\n")


def _request(args: argparse.Namespace) -> dict[str, Any]:
    if args.op in ctl_timer.VERBS:
        return ctl_timer.request(args)
    if args.op in ctl_lockdown.VERBS:
        return ctl_lockdown.request(args)
    request: dict[str, Any] = {"op": args.op, "progress": args.op != "list"}
    for key in ("name", "room", "who", "to", "media", "reason", "text", "rooms"):
        if hasattr(args, key):
            request[key] = getattr(args, key)
    match args.op:
        case "av-moderation" | "lobby":
            request["enabled"] = args.state == "on"
        case "allow" | "disallow":
            request.update(op="allow-unmute", allow=args.op == "allow")
        case "grant" | "revoke":
            request.update(op="moderator", grant=args.op == "grant")
        case "password":
            request["password"] = _read_password(args)
        case "auto-assign":
            request.update(ctl_plan.sizes(args))
    return request


def _confirmed_by_user(args: argparse.Namespace) -> bool:
    if args.op not in DESTRUCTIVE or args.yes:
        return True
    if not sys.stdin.isatty():
        print(f"jitsi-tui ctl: {args.op} needs --yes when not run interactively", file=sys.stderr)
        return False
    answer = input(f"Really {args.op.replace('-', ' ')}? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


_NON_ASCII = re.compile(r"[^\x20-\x7e\n]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        return char  # printable: Ö, emoji, CJK stay readable
    code = ord(char)
    if code > 0xFFFF:  # JSON escapes an astral character as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def inert_json(value: Any) -> str:
    r"""``value`` as indented JSON that is inert on a terminal and decodes to exactly ``value``.

    ``ensure_ascii=False`` keeps names readable but lets C1 controls (``\x9b`` is CSI), bidi
    overrides, invisible format characters and lone surrogates through raw; those are written
    as ``\uXXXX`` escapes instead. Outside strings JSON is ASCII, so only string contents change
    spelling, never meaning.
    """
    return _NON_ASCII.sub(_json_escape, json.dumps(value, ensure_ascii=False, indent=2))


def _print_listing(answer: dict[str, Any], what: str | None) -> None:
    def shown(value: object, limit: int = 60) -> str:
        return safe_text(str(value), limit)

    rooms = {r["id"]: r for r in answer.get("rooms", [])}
    if what in (None, "rooms"):
        for r in rooms.values():
            print(f"{shown(r['name'])} ({len(r['members'])})  [{shown(r['id'])}]")
    if what is None:
        print()
    if what in (None, "participants"):
        for p in answer.get("participants", []):
            room = rooms.get(p["room"], {}).get("name", p["room"])
            hand = "  ✋" if p.get("hand_raised_at") else ""
            print(f"{shown(p['id'])}  {shown(p['name'])}  — {shown(room, 40)}{hand}")


def main(argv: Sequence[str]) -> int:
    """Run ``jitsi-tui ctl``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    path = args.socket or runtime.default_socket_path()
    try:
        # Checked before a password is even asked for: the default directory must be ours and
        # private (someone else may have made /tmp/jitsi-tui-<uid>), the socket ours.
        if args.socket is None:
            runtime.check_private_dir(path.parent)
        there = runtime.check_socket_file(path)
    except runtime.UnsafeSocketPath as exc:
        print(f"jitsi-tui ctl: not using the control socket: {exc}", file=sys.stderr)
        return EXIT_NO_CONSOLE
    if not there:
        print(f"jitsi-tui ctl: no console answers on {path} (is one running?)", file=sys.stderr)
        return EXIT_NO_CONSOLE
    if not _confirmed_by_user(args):
        return EXIT_FAILED
    try:
        request = _request(args)
    except OSError as exc:
        print(f"jitsi-tui ctl: cannot read the password: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.op == "plan":
            return ctl_plan.run(args, path, inert_json)
        if (failed := ctl_plan.prepare(args, path)) is not None:
            return failed
        answer = exchange(path, request)
    except runtime.UnsafeSocketPath as exc:
        print(f"jitsi-tui ctl: {exc}", file=sys.stderr)
        return EXIT_NO_CONSOLE
    except (OSError, ValueError) as exc:
        print(f"jitsi-tui ctl: no console answers on {path}: {exc}", file=sys.stderr)
        return EXIT_NO_CONSOLE
    if not answer.get("ok"):
        print(f"jitsi-tui ctl: {safe_text(str(answer.get('error', 'failed')))}", file=sys.stderr)
        return EXIT_FAILED
    if args.op in ctl_lockdown.VERBS:
        return EXIT_OK if ctl_lockdown.print_answer(answer) else EXIT_FAILED
    if args.op in ctl_timer.VERBS:
        ctl_timer.print_answer(args, answer)
    elif args.op == "list":
        if args.json:
            answer.pop("ok", None)
            if args.what:
                answer = {args.what: answer[args.what]}
            print(inert_json(answer))
        else:
            _print_listing(answer, args.what)
    else:
        confirmed = answer.get("confirmed", 0)
        if isinstance(confirmed, int) and not isinstance(confirmed, bool):
            changes = plural(confirmed, "change", "changes")
        else:  # not a console of ours: show what it said, inert
            changes = f"{safe_text(str(confirmed), 40)} changes"
        print(f"done: {changes} confirmed by the server")
        if isinstance(answer.get("summary"), str):
            print(safe_text(answer["summary"], 500))
    return EXIT_OK
