"""What the timer and the notices share: a 1 s tick that acts only while connected.

Deadlines are the console's wall-clock times, so a reconnect does not move them; what fell due
while the connection was down is done once it is back (and the rejoined picture had
:data:`SETTLE` seconds to fill in, so a recall sees who is in which room again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from tui.model.conference import ConnectionState
from tui.model.intents import Intent
from tui.session import READ_ONLY_REFUSAL, Change, ConsoleSession

__all__ = ["SETTLE", "TickingPart", "ready_rooms"]

log = logging.getLogger(__name__)

SETTLE = 2.0
"""Seconds after (re)connecting before anything due is done: the rejoin fills the rooms."""


def ready_rooms(session: ConsoleSession, rooms: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Of ``rooms`` (empty: every room), those that exist now and can be posted into."""
    known = session.conference.rooms
    wanted = rooms or tuple(known)
    return tuple(rid for rid in wanted if rid in known and known[rid].jid)


class TickingPart:
    """A workshop part that looks at the clock every ``interval`` seconds while connected.

    Subclasses implement :meth:`due` (called with the wall-clock time, only when connected and
    settled) and :meth:`answer` (their control verb, served by :meth:`op`); :meth:`act` runs
    their actions one after the other in the background.
    """

    def __init__(
        self,
        session: ConsoleSession,
        *,
        wall_clock: Callable[[], float],
        interval: float = 1.0,
    ) -> None:
        """Tick on ``session`` every ``interval`` seconds of ``wall_clock``."""
        self.session = session
        self.wall_clock = wall_clock
        self.interval = interval
        self._connected_since: float | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._actions: asyncio.Queue[Callable[[], Awaitable[None]]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._unfinished = 0

    async def start(self) -> None:
        """Listen to the session and start ticking."""
        self._unsubscribe = self.session.subscribe(self._changed)
        self._changed(Change(self.session.conference))
        self._ticker = asyncio.create_task(self._tick_forever())
        self._worker = asyncio.create_task(self._work())

    async def stop(self) -> None:
        """Stop ticking; actions not yet done are dropped."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for task in (self._ticker, self._worker):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._ticker = self._worker = None

    def _changed(self, change: Change) -> None:
        connected = change.conference.connection is ConnectionState.CONNECTED
        if not connected:
            self._connected_since = None
        elif self._connected_since is None:
            self._connected_since = self.wall_clock()

    @property
    def connected(self) -> bool:
        """Connected for :data:`SETTLE` seconds: what is due can be done."""
        since = self._connected_since
        return since is not None and self.wall_clock() - since >= SETTLE

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.tick()

    def tick(self) -> None:
        """Do what is due now, if connected (the ticker calls this; tests call it directly)."""
        if self.connected:
            self.due(self.wall_clock())

    def due(self, now: float) -> None:
        """Queue what is due at ``now`` with :meth:`act`."""
        raise NotImplementedError

    def act(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run ``action`` after the ones queued before it."""
        self._unfinished += 1
        self._actions.put_nowait(action)

    async def _work(self) -> None:
        while True:
            action = await self._actions.get()
            try:
                await action()
            except Exception:  # one failed action must not stop the timer
                log.exception("workshop action failed")
            finally:
                self._unfinished -= 1

    async def idle(self) -> None:
        """Wait until every queued action is done (tests)."""
        while self._unfinished:
            await asyncio.sleep(0)

    LOOK = ""
    """The verb's action that only looks (its default): answered in read-only mode too."""

    async def op(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """The part's control verb: ``action`` (default :attr:`LOOK`), a refusal as one line."""
        action = str(request.get("action") or self.LOOK)
        if action != self.LOOK and self.session.read_only:
            return {"ok": False, "error": READ_ONLY_REFUSAL}
        try:
            return {"ok": True, **self.answer(action, request)}
        except ValueError as exc:
            return {"ok": False, "error": str(exc)}

    def answer(self, action: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """Do ``action``; the answer's fields (without ``ok``), or ValueError saying why not."""
        raise NotImplementedError

    async def perform(self, intent: Intent, what: str) -> bool:
        """Perform ``intent``; log (never raise) when it was refused or failed."""
        outcome = await self.session.perform(intent)
        if outcome.refused:
            log.warning("%s: refused: %s", what, outcome.refused)
        elif outcome.failed:
            log.warning("%s: %d command(s) failed", what, len(outcome.failed))
        return outcome.ok
