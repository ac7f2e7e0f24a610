"""The console's keepalive: a lost link is a ping unanswered in silence, not a busy server."""

from __future__ import annotations

import asyncio
import contextlib

from tui.jitsi.keepalive import Keepalive


class FakeServer:
    """Answers pings (or not) and counts them."""

    def __init__(self, *, answers: bool) -> None:
        self.answers = answers
        self.pings = 0
        self.pinged = asyncio.Event()

    async def ping(self, timeout: float) -> None:
        self.pings += 1
        self.pinged.set()
        if not self.answers:
            await asyncio.sleep(timeout)
            raise TimeoutError


async def _pings(server: FakeServer, count: int) -> None:
    while server.pings < count:
        server.pinged.clear()
        await server.pinged.wait()


async def test_a_server_that_falls_silent_is_a_lost_link_after_one_unanswered_ping() -> None:
    server = FakeServer(answers=False)
    lost: list[str] = []
    keepalive = Keepalive(server.ping, lost.append, interval=0.01, timeout=0.02)
    await keepalive.run()  # returns once the link counts as lost
    assert lost == ["Ping timeout after 0.02s"]
    assert server.pings == 1


async def test_an_unanswered_ping_while_the_server_keeps_sending_is_a_busy_server() -> None:
    server = FakeServer(answers=False)
    lost: list[str] = []
    keepalive = Keepalive(server.ping, lost.append, interval=0.01, timeout=0.02)

    async def talk() -> None:  # presences and breakout updates keep coming
        while True:
            keepalive.heard()
            await asyncio.sleep(0.002)

    talking = asyncio.ensure_future(talk())
    running = asyncio.ensure_future(keepalive.run())
    try:
        await _pings(server, 4)
        assert lost == []
        assert keepalive.forgiven >= 3
        assert not running.done()
    finally:
        for task in (talking, running):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def test_answered_pings_keep_the_link() -> None:
    server = FakeServer(answers=True)
    lost: list[str] = []
    keepalive = Keepalive(server.ping, lost.append, interval=0.005, timeout=0.02)
    running = asyncio.ensure_future(keepalive.run())
    try:
        await _pings(server, 5)
        assert lost == [] and not running.done()
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
