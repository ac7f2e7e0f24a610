"""``jitsi-tui ctl timer`` and ``ctl notice``: the breakout timer and scheduled notices.

::

    jitsi-tui ctl timer                      the state ("12:04 left, warning at 2:00 left")
    jitsi-tui ctl timer start 15m [--warn 2m] [--no-recall]
    jitsi-tui ctl timer extend 5m
    jitsi-tui ctl timer stop
    jitsi-tui ctl notice add "5 minutes left" --in 10m | --at 14:30 [--room N ...]
    jitsi-tui ctl notice list
    jitsi-tui ctl notice cancel ID

Durations and times are checked here first (a typo is a usage error, exit 2, nothing sent) with
the same parser the console uses (:mod:`tui.model.durations`).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from tui.model.durations import at_clock_time, format_duration, parse_duration
from tui.model.text import safe_text
from tui.model.timer import left_text

__all__ = ["VERBS", "add_parsers", "print_answer", "request"]

VERBS = frozenset({"timer", "notice"})


def _duration(text: str) -> str:
    try:
        parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _clock(text: str) -> str:
    try:
        at_clock_time(text, time.time())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_parsers(sub: Any) -> None:
    """Add ``timer`` and ``notice`` to ``ctl``'s subcommands."""
    timer = sub.add_parser(
        "timer",
        help="the breakout timer: start, extend, stop, or its state",
        description="Without an action: the timer's state (time left, warning, recall).",
    )
    steps = timer.add_subparsers(dest="action", metavar="ACTION")
    begin = steps.add_parser("start", help="start a breakout session of this long (15m, 1h30m)")
    begin.add_argument("duration", type=_duration)
    begin.add_argument("--warn", type=_duration, help="warn this long before the end (2m)")
    begin.add_argument("--no-recall", action="store_true", help="at zero, leave people in rooms")
    steps.add_parser("extend", help="add time (5m)").add_argument("duration", type=_duration)
    steps.add_parser("stop", help="stop the timer; nobody is called back")
    notice = sub.add_parser(
        "notice",
        help="scheduled notices: add, list, cancel",
        description="Without an action: the notices waiting.",
    )
    what = notice.add_subparsers(dest="action", metavar="ACTION")
    add = what.add_parser("add", help="post a message at a time or after a delay")
    add.add_argument("text")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--in", dest="after", type=_duration, metavar="DELAY", help="post after this long (10m)"
    )
    when.add_argument("--at", type=_clock, metavar="HH:MM", help="post at this local time (14:30)")
    add.add_argument(
        "--room", dest="rooms", action="append", metavar="ROOM", help="repeatable; none: every room"
    )
    what.add_parser("list", help="what is waiting")
    what.add_parser("cancel", help="cancel a notice").add_argument("id", type=int)
    for steps_of in (steps, what):
        for verb in steps_of.choices.values():  # `ctl timer start 15m --socket X` too
            verb.add_argument("--socket", type=Path, default=argparse.SUPPRESS, help="socket")


def request(args: argparse.Namespace) -> dict[str, Any]:
    """The control request for a ``timer`` or ``notice`` command line."""
    out: dict[str, Any] = {"op": args.op, "action": args.action}
    if args.op == "timer" and args.action in ("start", "extend"):
        out["duration"] = args.duration
    if args.op == "timer" and args.action == "start":
        out["recall"] = not args.no_recall
        if args.warn is not None:
            out["warn"] = args.warn
    if args.op == "notice" and args.action == "add":
        out.update(text=args.text, rooms=args.rooms or [])
        out.update({"in": args.after} if args.after is not None else {"at": args.at})
    if args.op == "notice" and args.action == "cancel":
        out["id"] = args.id
    return out


def _timer_lines(state: dict[str, Any] | None) -> list[str]:
    if state is None:
        return ["no timer"]
    if not state.get("running"):
        how = "stopped" if state.get("stopped") else "over"
        lines = [f"timer {how} (it ran for {format_duration(float(state['duration']))})"]
        if isinstance(state.get("recall_seconds"), int | float):
            lines.append(f"recall at zero took {state['recall_seconds']:.1f} s")
        return lines
    warn = float(state["warn"])
    extra = f", warning at {left_text(warn)}" if 0 < warn < float(state["duration"]) else ""
    recall = "everyone comes back at zero" if state.get("recall") else "no recall at zero"
    ends = time.strftime("%H:%M:%S", time.localtime(float(state["ends_at"])))
    return [f"⏱ {left_text(float(state['left']))} (ends {ends}){extra}; {recall}"]


def _notice_lines(notices: list[dict[str, Any]]) -> list[str]:
    if not notices:
        return ["no notices waiting"]
    lines = []
    for n in notices:
        at = time.strftime("%H:%M:%S", time.localtime(float(n["at"])))
        rooms = ", ".join(safe_text(str(r), 40) for r in n.get("rooms", [])) or "every room"
        lines.append(f"{int(n['id']):>3}  {at}  {rooms}: {safe_text(str(n['text']), 200)}")
    return lines


def print_answer(args: argparse.Namespace, answer: dict[str, Any]) -> None:
    """Print the answer to a ``timer`` or ``notice`` request."""
    if args.op == "timer":
        lines = _timer_lines(answer.get("timer"))
    else:
        lines = [f"notice {answer['added']} added"] if "added" in answer else []
        lines += _notice_lines(list(answer.get("notices", [])))
    for line in lines:
        print(line)
