"""One console's workshop: its parts and the control-socket verbs they answer.

A part (the plan runner, the timer, the help queue, ...) is created with the session and added
to the :class:`Workshop`; the verbs it adds are served by :class:`tui.control.server.ControlServer`
beside the gateway's own, so ``jitsi-tui ctl timer start 15m`` and the screen's timer key reach
the same object.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol, TypeVar

from tui.session import ConsoleSession

__all__ = ["Op", "Part", "Workshop"]

log = logging.getLogger(__name__)

P = TypeVar("P")

Op = Callable[[Mapping[str, Any]], Awaitable[dict[str, Any]]]
"""A control-socket verb: the (type-checked) request in, the answer (with ``ok``) out."""


class Part(Protocol):
    """Something the workshop starts with the console and stops with it."""

    async def start(self) -> None:
        """Begin listening and ticking (called once the console runs)."""

    async def stop(self) -> None:
        """Cancel what runs; idempotent."""


class Workshop:
    """The parts of one console's workshop and their verbs."""

    def __init__(
        self, session: ConsoleSession, *, wall_clock: Callable[[], float] = time.time
    ) -> None:
        """Hold ``session``; ``wall_clock`` (epoch seconds) is what deadlines are set in."""
        self.session = session
        self.wall_clock = wall_clock
        self.ops: dict[str, Op] = {}
        self._parts: list[Part] = []

    def add(self, part: Part, ops: Mapping[str, Op] | None = None) -> None:
        """Adopt ``part`` and serve its verbs; a verb name is taken once."""
        for name, op in (ops or {}).items():
            if name in self.ops:
                raise ValueError(f"control verb {name!r} is served twice")
            self.ops[name] = op
        self._parts.append(part)

    def find(self, kind: type[P]) -> P | None:
        """The part of type ``kind``, if one was added (the screen finds the timer by it)."""
        return next((part for part in self._parts if isinstance(part, kind)), None)

    async def start(self) -> None:
        """Start every part."""
        for part in self._parts:
            await part.start()

    async def stop(self) -> None:
        """Stop every part (one part's failure does not keep the others running)."""
        for part in reversed(self._parts):
            try:
                await part.stop()
            except Exception:  # logged, and the next part still stops
                log.exception("workshop part %s did not stop cleanly", type(part).__name__)
