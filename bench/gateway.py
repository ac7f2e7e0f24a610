"""A gateway for benchmarks: it delivers nothing itself, the benchmark drives its sink."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bench.stream import MUC, ROOM
from tui.model.commands import Command
from tui.model.conference import Conference
from tui.model.events import Event
from tui.model.gateway import EventSink, InviteSource


class BenchGateway:
    """Hands its sink to the benchmark once the console connects.

    :meth:`connect` returns only when the benchmark calls :meth:`joined`, after it has fed the
    join storm: the live gateway's ``connect`` returns once the MUC join completed, and the
    server sends every occupant's presence before the console's own. What the app does after
    ``connect`` returns (``gc.freeze()`` in ``ConsoleApp._connect``) then happens at the same
    point of the meeting as in production, after the storm, not before it.
    """

    title = "bench"

    def __init__(self) -> None:
        self.sink: EventSink | None = None
        self.connected = asyncio.Event()
        self._joined = asyncio.Event()
        self.sent: list[Command] = []

    def initial(self) -> Conference:
        return Conference.empty(ROOM, f"{ROOM}@{MUC}", "Bench")

    async def connect(self, sink: EventSink) -> None:
        self.sink = sink
        self.connected.set()
        await self._joined.wait()

    def joined(self) -> None:
        """The join storm has been fed: let :meth:`connect` return, as the live one would."""
        self._joined.set()

    async def send(self, commands: Sequence[Command]) -> None:
        self.sent.extend(commands)

    async def disconnect(self) -> None:
        self.sink = None

    def set_room_password(self, password: str) -> None:
        """Accepted and unused: the benchmark's meeting is never locked."""
        del password

    def invite_source(self) -> InviteSource:
        """No real meeting behind the benchmark: the invite pane makes up an address."""
        return InviteSource()

    def deliver(self, event: Event) -> None:
        assert self.sink is not None
        self.sink(event)
