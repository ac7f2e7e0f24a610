"""A simulated meeting with one ticking workshop part and a wall clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from tui.session import ConsoleSession
from tui.sim.gateway import SimulatedConference
from tui.workshop.ticking import SETTLE, TickingPart

T0 = 1_800_000_000.0
P = TypeVar("P", bound=TickingPart)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig(Generic[P]):
    sim: SimulatedConference
    session: ConsoleSession
    clock: Clock
    part: P

    async def at(self, seconds: float) -> None:
        """Move the wall clock to T0 + ``seconds``, tick, and let everything land."""
        self.clock.now = T0 + seconds
        self.part.tick()
        await self.part.idle()
        await self.sim.idle()

    def lines(self, text: str) -> list[str]:
        """Rooms (ids) where the console posted a line containing ``text``."""
        return [m.room for m in self.session.conference.chat if m.mine and text in m.text]

    @property
    def away(self) -> int:
        """People not in the main room."""
        return sum(len(r.members) for r in self.session.conference.breakout_rooms)


@asynccontextmanager
async def rigged(make: Callable[[ConsoleSession, Clock], P]) -> AsyncIterator[Rig[P]]:
    """12 people in 3 breakout rooms, the part started, connected for a while at T0."""
    sim = SimulatedConference(participants=12, seed=3, activity=False, rooms=3, breakout_delay=0)
    session = ConsoleSession(sim)
    clock = Clock()
    part = make(session, clock)
    part.interval = 3600  # the test ticks by hand
    await session.connect()
    await sim.idle()
    clock.now = T0 - SETTLE
    await part.start()
    clock.now = T0
    try:
        yield Rig(sim, session, clock, part)
    finally:
        await part.stop()
        await session.disconnect()
