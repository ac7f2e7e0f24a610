"""Every part of the workshop, put together for one session (the app and headless call this)."""

from __future__ import annotations

import time
from collections.abc import Callable

from tui.session import ConsoleSession
from tui.workshop.plan import add_plan
from tui.workshop.toolkit import Workshop

__all__ = ["build"]


def build(session: ConsoleSession, *, wall_clock: Callable[[], float] = time.time) -> Workshop:
    """A workshop for ``session`` holding every part (each part adds its verbs)."""
    workshop = Workshop(session, wall_clock=wall_clock)
    # Each part adds itself here, one line each: add_<part>(workshop, ...).
    add_plan(workshop)
    return workshop
