"""Every part of the workshop, put together for one session (the app and headless call this)."""

from __future__ import annotations

import time
from collections.abc import Callable

from tui.config.settings import WorkshopSettings
from tui.session import ConsoleSession
from tui.workshop.lockdown import add_lockdown
from tui.workshop.notices import add_notices
from tui.workshop.plan import add_plan
from tui.workshop.timer import add_timer
from tui.workshop.toolkit import Workshop

__all__ = ["build"]


def build(
    session: ConsoleSession,
    *,
    wall_clock: Callable[[], float] = time.time,
    settings: WorkshopSettings | None = None,
) -> Workshop:
    """A workshop for ``session`` holding every part (each part adds its verbs).

    ``settings`` is the ``[workshop]`` section (its defaults when ``None``).
    """
    settings = settings or WorkshopSettings()
    workshop = Workshop(session, wall_clock=wall_clock)
    # Each part adds itself here, one line each: add_<part>(workshop, ...).
    add_timer(workshop, warn=settings.warn)
    add_notices(workshop)
    add_lockdown(workshop, settings.lockdown)
    add_plan(workshop)
    return workshop
