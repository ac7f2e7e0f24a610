"""A gateway for benchmarks: it delivers nothing itself, the benchmark drives its sink."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bench.stream import MUC, ROOM
from tui.model.commands import Command
from tui.model.conference import Conference
from tui.model.events import Event
from tui.model.gateway import EventSink


class BenchGateway:
    """Hands its sink to the benchmark once the console connects."""

    title = "bench"

    def __init__(self) -> None:
        self.sink: EventSink | None = None
        self.connected = asyncio.Event()
        self.sent: list[Command] = []

    def initial(self) -> Conference:
        return Conference.empty(ROOM, f"{ROOM}@{MUC}", "Bench")

    async def connect(self, sink: EventSink) -> None:
        self.sink = sink
        self.connected.set()

    async def send(self, commands: Sequence[Command]) -> None:
        self.sent.extend(commands)

    async def disconnect(self) -> None:
        self.sink = None

    def deliver(self, event: Event) -> None:
        assert self.sink is not None
        self.sink(event)
