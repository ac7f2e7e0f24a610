"""``jitsi-tui ctl lockdown [NAME]`` and ``ctl open-up [NAME]``: run a preset, one line a step.

::

    $ jitsi-tui ctl lockdown
    lobby on: landed
    audio moderation on: landed
    video moderation on: not available on this deployment

The exit status is 0 only when every step landed.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.model.text import safe_text

__all__ = ["VERBS", "add_parsers", "print_answer", "request"]

VERBS = frozenset({"lockdown", "open-up"})


def add_parsers(sub: Any) -> None:
    """Add ``lockdown`` and ``open-up`` to ``ctl``'s subcommands."""
    for op, text in (
        ("lockdown", "apply a lockdown preset, one line per step (none named: default)"),
        ("open-up", "switch off what a lockdown preset switched on"),
    ):
        verb = sub.add_parser(op, help=text)
        verb.add_argument(
            "name",
            nargs="?",
            default=None,
            help="a [lockdown.NAME] preset (default: default, or the only one)",
        )


def request(args: argparse.Namespace) -> dict[str, Any]:
    """The control request for a ``lockdown`` or ``open-up`` command line."""
    out: dict[str, Any] = {"op": args.op}
    if args.name:
        out["name"] = args.name
    return out


def print_answer(answer: dict[str, Any]) -> bool:
    """Print one line per step; True when every step landed."""
    steps = answer.get("steps")
    if not isinstance(steps, list):
        return False
    landed = True
    for step in steps:
        if not isinstance(step, dict):
            continue
        result = str(step.get("result", ""))
        landed = landed and result == "landed"
        print(f"{safe_text(str(step.get('step', '')), 60)}: {safe_text(result, 300)}")
    return landed
