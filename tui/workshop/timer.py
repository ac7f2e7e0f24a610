"""The breakout session timer on the live session: announcements, the warning, the recall.

On start every room gets a chat line with the time left; ``warn`` before the end the warning;
at zero everyone is called back to the main room (unless started without recall), then a
"session over" line. The deadline is the console's wall clock, so it survives a reconnect: what
fell due while disconnected is done once, when connected again (:mod:`tui.workshop.ticking`).

Control verb ``timer`` (``ctl timer``, the ``T`` dialog)::

    {"op": "timer"}                                         the state
    {"op": "timer", "action": "start", "duration": "15m", "warn": "2m", "recall": true}
    {"op": "timer", "action": "extend", "duration": "5m"}
    {"op": "timer", "action": "stop"}
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from tui.model.durations import format_duration, parse_duration
from tui.model.intents import Broadcast, CallEveryoneBack
from tui.model.timer import DEFAULT_WARN, Due, Timer, advance, extend, left_text, start, stop
from tui.session import ConsoleSession
from tui.workshop.ticking import TickingPart, ready_rooms
from tui.workshop.toolkit import Workshop

__all__ = ["SessionTimer", "add_timer"]

log = logging.getLogger(__name__)


class SessionTimer(TickingPart):
    """The console's one breakout timer (``None`` until started)."""

    def __init__(
        self,
        session: ConsoleSession,
        *,
        wall_clock: Callable[[], float] = time.time,
        warn: float = DEFAULT_WARN,
    ) -> None:
        """A timer part for ``session``; ``warn`` is the default warning (``[workshop] warn``)."""
        super().__init__(session, wall_clock=wall_clock)
        self.default_warn = warn
        self.timer: Timer | None = None
        self.recall_seconds: float | None = None
        """How long the last recall took, zero → every move confirmed (logged, shown by ctl)."""

    @property
    def running(self) -> bool:
        """A timer was started and is not over."""
        return self.timer is not None and not self.timer.over

    def left(self) -> float | None:
        """Seconds left on a running timer, else ``None``."""
        if self.timer is None or self.timer.over:
            return None
        return self.timer.left(self.wall_clock())

    def begin(self, duration: float, *, warn: float | None = None, recall: bool = True) -> Timer:
        """Start a timer now (replacing none: stop a running one first).

        Raises:
            ValueError: a timer is running, or the durations are not valid.
        """
        if self.running:
            raise ValueError("a timer is running already: extend or stop it")
        warned = self.default_warn if warn is None else warn
        self.timer = start(self.wall_clock(), duration, warn=warned, recall=recall)
        self.recall_seconds = None
        log.info("breakout timer started: %s, warning %s", format_duration(duration), warned)
        self.tick()
        return self.timer

    def extend(self, seconds: float) -> Timer:
        """Move zero ``seconds`` later and tell the rooms.

        Raises:
            ValueError: no timer runs, or ``seconds`` is not positive.
        """
        if self.timer is None:
            raise ValueError("no timer is running")
        now = self.wall_clock()
        self.timer = extend(self.timer, seconds, now)
        self._say(f"⏱ Extended by {format_duration(seconds)}: {left_text(self.timer.left(now))}")
        return self.timer

    def end(self) -> Timer:
        """Stop the running timer: nobody is called back.

        Raises:
            ValueError: when no timer runs.
        """
        if self.timer is None or self.timer.over:
            raise ValueError("no timer is running")
        self.timer = stop(self.timer)
        self._say("⏱ The timer was stopped.")
        return self.timer

    def due(self, now: float) -> None:
        """Send what the timer owes the rooms at ``now``."""
        if self.timer is None:
            return
        self.timer, due = advance(self.timer, now)
        for what in due:
            if what is Due.START:
                self._say(f"⏱ Breakout session started: {left_text(self.timer.left(now))}")
            elif what is Due.WARNING:
                self._say(f"⏱ {left_text(self.timer.left(now))} in this breakout session")
            else:
                self._zero(self.timer.recall)

    def _say(self, text: str) -> None:
        async def send() -> None:
            rooms = ready_rooms(self.session)
            if rooms:
                await self.perform(Broadcast(text, rooms), "timer announcement")

        self.act(send)

    def _zero(self, recall: bool) -> None:
        zero = self.wall_clock()

        def away() -> bool:
            return any(room.members for room in self.session.conference.breakout_rooms)

        async def call_back() -> None:
            # Once more for whoever a first round missed (a move lost while someone rejoined).
            for _ in range(2):
                if not away():
                    break
                await self.perform(CallEveryoneBack(), "recall at zero")
            else:
                if away():
                    log.warning("recall at zero: some people are still in breakout rooms")
            self.recall_seconds = self.wall_clock() - zero
            log.info("recall at zero took %.1f s", self.recall_seconds)

        if recall:
            self._say("⏱ Time is up: everyone comes back to the main room.")
            self.act(call_back)
        self._say("⏱ The breakout session is over.")

    def state(self) -> dict[str, Any]:
        """The timer as plain JSON for ``ctl timer`` and the dialog."""
        timer = self.timer
        if timer is None:
            return {"timer": None}
        now = self.wall_clock()
        return {
            "timer": {
                "running": not timer.over,
                "stopped": timer.stopped,
                "left": timer.left(now),
                "left_text": left_text(timer.left(now)),
                "ends_at": timer.ends_at,
                "duration": timer.duration,
                "warn": timer.warn,
                "recall": timer.recall,
                "recall_seconds": self.recall_seconds,
            }
        }

    LOOK = "state"

    def answer(self, action: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """The ``timer`` control verb: start, extend, stop, state."""
        if action == "start":
            warn = request.get("warn")
            recall = request.get("recall", True)
            if not isinstance(recall, bool):
                raise ValueError("'recall' must be true or false")
            self.begin(
                _duration(request.get("duration")),
                warn=None if warn is None else _duration(warn, zero=True),
                recall=recall,
            )
        elif action == "extend":
            self.extend(_duration(request.get("duration")))
        elif action == "stop":
            self.end()
        elif action != "state":
            raise ValueError("timer: the action is start, extend, stop or state")
        return self.state()


def _duration(value: object, *, zero: bool = False) -> float:
    if not isinstance(value, str):
        raise ValueError("timer: give a duration such as 15m, 90s or 1h30m")
    seconds = parse_duration(value)
    if not zero and seconds <= 0:
        raise ValueError("timer: the duration must be above zero")
    return seconds


def add_timer(workshop: Workshop, *, warn: float = DEFAULT_WARN) -> SessionTimer:
    """Add the breakout timer and its ``timer`` verb to ``workshop``."""
    part = SessionTimer(workshop.session, wall_clock=workshop.wall_clock, warn=warn)
    workshop.add(part, {"timer": part.op})
    return part
