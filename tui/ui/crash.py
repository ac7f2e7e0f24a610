"""Crash reports without local variables, for every Textual app of the console.

Textual 8.2.8 renders an unhandled exception with ``rich.traceback.Traceback(show_locals=True)``
(``App._fatal_error``): every frame's local variables go to the terminal, and a frame may hold a
revealed password or token. :func:`guard_crash_report` replaces that one step with
:func:`tui.logs.crash_report` (standard traceback, secrets redacted, controls escaped).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from rich.text import Text
from textual.app import App

from tui.logs import crash_report

log = logging.getLogger(__name__)


def guard_crash_report(app: App[Any]) -> None:
    """Make ``app`` report a crash with :func:`tui.logs.crash_report`, not Textual's traceback.

    Textual 8.2.8 renders an unhandled exception with ``rich.traceback.Traceback(
    show_locals=True)`` (``App._fatal_error``): every frame's local variables go to the terminal,
    and a frame may hold a revealed password or token. This replaces that one step; the rest of
    Textual's crash handling (exit code 1, shutting down, printing at exit) is unchanged.
    """

    def fatal_error() -> None:
        error = sys.exc_info()[1] or app._exception
        if error is None:  # pragma: no cover - Textual calls this while handling an exception
            error = RuntimeError("the console stopped after an unknown error")
        log.critical("the console crashed", exc_info=error)
        app.bell()
        app._exit_renderables.append(Text(crash_report(error)))
        app._close_messages_no_wait()

    # Textual has no public hook for this; the version is pinned, and a test checks the hook.
    setattr(app, "_fatal_error", fatal_error)  # noqa: B010
