"""``jitsi-tui ctl plan …`` and ``ctl auto-assign --rooms N | --per-room N``.

``plan apply FILE`` / ``plan save FILE [--toml] [--force]`` / ``plan stop`` / ``plan`` (state)
talk to the workshop's plan runner (:mod:`tui.workshop.plan`); the console reads and writes
the file, so the path is made absolute here. A sized auto-assign first asks the workshop to add
the rooms it needs (``add-rooms-for``), then sends the ordinary ``auto-assign`` with the size.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.control.client import exchange
from tui.model.text import safe_text

__all__ = ["add_parsers", "prepare", "run", "sizes"]

EXIT_OK, EXIT_FAILED = 0, 1


def _count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("a whole number from 1 to 1000")
    return value


def add_parsers(sub: Any) -> None:
    """Add ``plan`` and the sizes of ``auto-assign`` to ``ctl``'s sub-commands."""
    plan = sub.add_parser("plan", help="apply, save or stop a breakout plan; none: its state")
    plan.add_argument("action", nargs="?", choices=["apply", "save", "stop"], default=None)
    plan.add_argument("file", nargs="?", type=Path, help="the plan (CSV or TOML)")
    plan.add_argument("--toml", action="store_true", help="save as TOML (default: CSV)")
    plan.add_argument("--force", action="store_true", help="overwrite an existing file")
    plan.add_argument("--json", action="store_true", help="machine-readable state")
    size = sub.choices["auto-assign"].add_mutually_exclusive_group()
    size.add_argument("--rooms", type=_count, metavar="N", help="fill N rooms (added if missing)")
    size.add_argument("--per-room", type=_count, metavar="N", help="N people per room at most")


def sizes(args: argparse.Namespace) -> dict[str, int]:
    """The auto-assign request's size fields (none when no size was given)."""
    if getattr(args, "rooms", None):
        return {"room_count": args.rooms}
    if getattr(args, "per_room", None):
        return {"per_room": args.per_room}
    return {}


def _failed(answer: dict[str, Any]) -> int:
    print(f"jitsi-tui ctl: {safe_text(str(answer.get('error', 'failed')), 500)}", file=sys.stderr)
    return EXIT_FAILED


def prepare(args: argparse.Namespace, path: Path) -> int | None:
    """For a sized auto-assign, add the rooms it needs first; an exit status if that failed."""
    fields = sizes(args) if args.op == "auto-assign" else {}
    if not fields:
        return None
    answer = exchange(path, {"op": "add-rooms-for", **fields})
    if not answer.get("ok"):
        return _failed(answer)
    if answer.get("added"):
        print(f"added {safe_text(str(answer['added']))} room(s)")
    return None


def run(args: argparse.Namespace, path: Path, dump: Callable[[Any], str]) -> int:
    """``ctl plan …``: one request to the console's plan runner; prints its answer.

    ``dump`` is ctl's terminal-safe JSON (``--json``), passed in: ctl imports this module.
    """
    action = args.action or "state"
    if action in ("apply", "save") and args.file is None:
        print(f"jitsi-tui ctl: plan {action} needs a FILE", file=sys.stderr)
        return 2
    request: dict[str, Any] = {"op": "plan", "action": action}
    if args.file is not None:
        request["path"] = str(args.file.expanduser().absolute())
    if action == "save":
        request["toml"] = args.toml or args.file.suffix.lower() == ".toml"
        request["force"] = args.force
    answer = exchange(path, request)
    if not answer.get("ok"):
        return _failed(answer)
    if action == "save":
        print(f"saved {answer.get('rooms', 0)} room(s), {answer.get('people', 0)} people")
    elif args.json:
        answer.pop("ok", None)
        print(dump(answer))
    else:
        print_state(answer)
    return EXIT_OK


def _names(values: object) -> str:
    if not isinstance(values, list):
        return ""
    return ", ".join(safe_text(str(v), 60) for v in values)


def print_state(answer: dict[str, Any]) -> None:
    """The plan's state in a few lines: counts, then who is waiting, ambiguous, unplanned."""
    if not answer.get("plan"):
        print("no plan applied")
        return
    source = safe_text(str(answer.get("source") or ""), 200)
    print(f"plan {'active' if answer.get('active') else 'stopped'}: {source}")
    print(
        f"matched {answer.get('matched', 0)} · waiting {answer.get('waiting', 0)} · "
        f"unmatched {answer.get('unmatched', 0)} · ambiguous {answer.get('ambiguous', 0)}"
    )
    print(f"moved {answer.get('moved', 0)} · failed {answer.get('failed', 0)}")
    settled = answer.get("settled_after")
    if isinstance(settled, int | float):
        print(f"everyone matched sat in their room {settled:.1f} s after apply")
    for label, key in (
        ("waiting", "waiting_names"),
        ("ambiguous", "ambiguous_names"),
        ("in no plan", "unmatched_names"),
    ):
        if answer.get(key):
            print(f"{label}: {_names(answer[key])}")
    for reason in answer.get("failures") or []:
        print(f"failed: {safe_text(str(reason), 200)}")
