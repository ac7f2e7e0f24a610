"""Rows stay put under the pointer: whether the participants table holds its order.

In a live meeting the table re-sorts as people change, and a click could land on someone else
(issue 10). While the mouse is over the table, presence-driven moves (re-sorts, joins sorted
in, leavers' gaps closing) wait; the table says "order held" and catches up when the pointer
leaves, or after :data:`HOLD_IDLE` seconds without a mouse event. The moderator's own sort,
filter and hands-first apply at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

HOLD_IDLE = 5.0
"""Seconds without a mouse event after which a held order catches up anyway (a terminal does
not say when the pointer leaves its window, so "over the table" cannot last forever)."""


class PointerHold:
    """Whether the pointer is over ``widget``, as far as its mouse events tell.

    Attributes:
        held: Presence-driven moves wait.
    """

    def __init__(self, widget: Widget, changed: Callable[[bool], None]) -> None:
        """Follow the pointer over ``widget``; ``changed(held)`` is called when ``held`` flips."""
        self.held = False
        self._widget = widget
        self._changed = changed
        self._pointer_at = 0.0
        self._idle_timer: Timer | None = None

    def pointer(self) -> None:
        """A mouse event over the widget: hold (or keep holding)."""
        self._pointer_at = time.monotonic()
        if self.held:
            return
        self.held = True
        self._changed(True)
        if self._idle_timer is None:
            self._idle_timer = self._widget.set_interval(
                HOLD_IDLE / 5, self._check_idle, name="hold"
            )

    def release(self) -> None:
        """The pointer left (or went quiet): stop holding."""
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        if not self.held:
            return
        self.held = False
        self._changed(False)

    def _check_idle(self) -> None:
        if self.held and time.monotonic() - self._pointer_at >= HOLD_IDLE:
            self.release()
