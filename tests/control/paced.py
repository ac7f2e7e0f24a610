"""A gateway double that sends the way the live one does: paced, over a fake clock.

The live gateway puts a bulk action on the wire a stanza at a time (the deployment's c2s rate
limit allows ~35 moves a second) and reports each as it goes out (``CommandsSent``); the
breakout component carries a move out when it arrives and broadcasts one coalesced ``update``.
:class:`PacedGateway` does the same against a :class:`FakeClock` the test advances, so a
1,000-person action is checked in milliseconds and without wall-clock limits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from tests.model.factories import ROOM, connected, person, snapshot
from tui.model.commands import Command, SendMove
from tui.model.conference import Conference
from tui.model.events import CommandsSent, Event
from tui.model.gateway import EventSink, InviteSource


class FakeClock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class _Flight:
    command: Command
    sent_at: float
    reported: bool = False
    landed: bool = False


def meeting(people: int, rooms: int) -> Conference:
    """A connected conference: ``people`` in the main room, ``rooms`` empty breakout rooms."""
    ids = [f"p{i:04d}" for i in range(people)]
    conf = connected(*(person(pid, f"Person {pid}") for pid in ids))
    from tui.model.reduce import apply

    layout: dict[str, list[str]] = {ROOM: [conf.me or "", *ids]}
    layout.update({f"r{n}": [] for n in range(1, rooms + 1)})
    return apply(conf, snapshot(conf, layout))


@dataclass
class PacedGateway:
    """Sends one command every ``gap`` seconds; the server acts ``land_after`` seconds later.

    Attributes:
        refuse: Participant ids whose moves the server refuses (``CommandFailed``).
        ignore: Participant ids whose moves the server drops silently (they never land).
    """

    start: Conference
    clock: FakeClock
    gap: float = 0.02
    land_after: float = 0.35
    coalesce: float = 0.3
    refuse: dict[str, str] = field(default_factory=dict)
    ignore: set[str] = field(default_factory=set)
    title: str = "paced"
    _sink: EventSink | None = None
    _flights: list[_Flight] = field(default_factory=list)
    _done: list[tuple[float, asyncio.Future[None]]] = field(default_factory=list)
    _rooms: dict[str, list[str]] = field(default_factory=dict)
    _update_due: float | None = None

    def initial(self) -> Conference:
        return self.start

    async def connect(self, sink: EventSink) -> None:
        self._sink = sink
        conf = self.start
        self._rooms = {rid: list(room.members) for rid, room in conf.rooms.items()}

    async def disconnect(self) -> None:
        self._sink = None

    def set_room_password(self, password: str) -> None:
        del password

    def invite_source(self) -> InviteSource:
        return InviteSource()

    async def send(self, commands: Sequence[Command]) -> None:
        """Queue ``commands`` behind those still going out; return once the last is out."""
        now = self.clock()
        last = max((f.sent_at for f in self._flights if not f.reported), default=now - self.gap)
        at = max(now, last + self.gap)
        for command in commands:
            self._flights.append(_Flight(command, at))
            at += self.gap
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._done.append((at - self.gap, future))
        await future

    def advance(self, seconds: float, step: float = 0.05) -> None:
        """Move the clock on, sending and landing what falls due (the test ticks the session)."""
        end = self.clock.now + seconds
        while self.clock.now < end:
            self.clock.now = min(end, self.clock.now + step)
            self._step()

    def _emit(self, event: Event) -> None:
        if self._sink is not None:
            self._sink(event)

    def _step(self) -> None:
        now = self.clock()
        going = [f for f in self._flights if not f.reported and f.sent_at <= now]
        for flight in going:
            flight.reported = True
        if going:
            self._emit(CommandsSent(tuple(f.command for f in going)))
        for due, future in list(self._done):
            if due <= now and not future.done():
                future.set_result(None)
                self._done.remove((due, future))
        for flight in self._flights:
            if flight.landed or not flight.reported or flight.sent_at + self.land_after > now:
                continue
            flight.landed = True
            self._land(flight.command)
        if self._update_due is not None and self._update_due <= now:
            self._update_due = None
            self._emit(snapshot(self.start, self._rooms))
        self._flights = [f for f in self._flights if not f.landed]

    def _land(self, command: Command) -> None:
        from tui.model.events import CommandFailed

        if not isinstance(command, SendMove):
            return
        if command.participant in self.refuse:
            self._emit(CommandFailed(command, self.refuse[command.participant]))
            return
        if command.participant in self.ignore:
            return
        for members in self._rooms.values():
            if command.participant in members:
                members.remove(command.participant)
        self._rooms.setdefault(command.room, []).append(command.participant)
        if self._update_due is None:  # the component's timer: one update per interval
            self._update_due = self.clock() + self.coalesce
