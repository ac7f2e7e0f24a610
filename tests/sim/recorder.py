"""Test helpers: an event sink that folds events into a conference, and controllable clocks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tui.model.conference import Conference, invariant_violations
from tui.model.events import CommandsSent, Event, RoomsSnapshot
from tui.model.reduce import apply
from tui.sim.gateway import SimulatedConference

EPOCH = 1_800_000_000.0  # a fixed "now" (2027) so event streams can be compared


class Recorder:
    """Keeps every event, the reduced conference, and checks the invariant after each event."""

    def __init__(self, sim: SimulatedConference) -> None:
        self.events: list[Event] = []
        """What the server did (``CommandsSent`` reports are kept apart, in ``sent``)."""
        self.sent: list[CommandsSent] = []
        self.conference: Conference = sim.initial()
        self.violations: list[str] = []
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    def __call__(self, event: Event) -> None:
        if isinstance(event, CommandsSent):
            self.sent.append(event)
            return
        self.events.append(event)
        self.conference = apply(self.conference, event)
        self.violations += invariant_violations(self.conference)
        for check, future in list(self._waiters):
            if not future.done() and check():
                future.set_result(None)

    def since(self, mark: int) -> list[Event]:
        return self.events[mark:]

    def snapshots(self, mark: int = 0) -> list[RoomsSnapshot]:
        return [e for e in self.events[mark:] if isinstance(e, RoomsSnapshot)]

    async def wait_for(self, check: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``check()`` holds after some event; fail after ``timeout`` seconds."""
        if check():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((check, future))
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.remove((check, future))


class TickingClock:
    """A clock that moves forward by ``step`` seconds every time it is read."""

    def __init__(self, start: float = EPOCH, step: float = 1.0) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class ManualClock:
    """A clock that only moves when the test says so."""

    def __init__(self, start: float = EPOCH) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class SessionWatch:
    """Feeds a :class:`~tui.session.ConsoleSession` and keeps every event and invariant breach."""

    def __init__(self, sim: SimulatedConference) -> None:
        from tui.session import ConsoleSession

        self.sim = sim
        self.session = ConsoleSession(sim, timeout=5.0)
        self.events: list[Event] = []
        self.violations: list[str] = []

    def __call__(self, event: Event) -> None:
        if not isinstance(event, CommandsSent):
            self.events.append(event)
        self.session.handle(event)
        self.violations += invariant_violations(self.session.conference)

    @property
    def conference(self) -> Conference:
        return self.session.conference

    def since(self, mark: int) -> list[Event]:
        return self.events[mark:]


async def watched(
    participants: int = 40, seed: int = 1, rooms: int = 0, delay: float = 0.0
) -> SessionWatch:
    """A connected simulation without spontaneous activity, driven through a session."""
    sim = SimulatedConference(
        participants,
        seed,
        activity=False,
        breakout_delay=delay,
        rooms=rooms,
        clock=TickingClock(),
    )
    watch = SessionWatch(sim)
    await watch.session.connect(watch)
    return watch
