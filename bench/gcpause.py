"""Full garbage collections with a loaded meeting, with and without the app's ``gc.freeze()``.

The app calls ``gc.freeze()`` after the first refresh once ``connect`` has returned
(``ConsoleApp._connect``; so the rows drawn from the join are frozen too), which on
the live gateway is after the MUC join, so after the server's presence of every occupant. Here
the app runs on :class:`~bench.gateway.BenchGateway`, whose ``connect`` likewise returns once
the join storm has been fed; then, with the table listing everyone, the benchmark times
``gc.collect()`` (a full, generation-2 collection: what stalls a keypress now and then) a
number of times. The same is done with ``gc.freeze`` made a no-op, the app as it would be
without it.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from dataclasses import dataclass
from unittest import mock

from bench.gateway import BenchGateway
from bench.harness import console_xmpp, feed
from bench.stream import join_storm
from bench.ui import SIZE, _app, _table


@dataclass(frozen=True)
class GcPauses:
    """Durations of full collections, seconds, and how many objects the freeze had moved."""

    samples: list[float]
    frozen: int

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def worst(self) -> float:
        return max(self.samples)


async def _pauses(n: int, collections: int) -> GcPauses:
    gateway = BenchGateway()
    app = _app(gateway)
    samples: list[float] = []
    frozen = [0]

    async def scenario(pilot: object) -> None:
        await gateway.connected.wait()
        table = await _table(app)
        xmpp, _client = console_xmpp(gateway.deliver)
        feed(xmpp, join_storm(n))
        gateway.joined()  # connect() returns: the app freezes now, as after a real join
        while table.row_count < n:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        frozen[0] = gc.get_freeze_count()
        for _ in range(collections):
            start = time.perf_counter()
            gc.collect()
            samples.append(time.perf_counter() - start)
            await asyncio.sleep(0.02)
        app.exit()

    await app.run_async(size=SIZE, auto_pilot=scenario)
    gc.unfreeze()
    return GcPauses(samples, frozen[0])


def gc_pauses(n: int = 1000, collections: int = 30, *, freeze: bool = True) -> GcPauses:
    """Full-collection times with ``n`` people loaded; ``freeze=False``: the app's freeze off."""
    gc.collect()
    if freeze:
        return asyncio.run(_pauses(n, collections))
    with mock.patch("tui.ui.app.gc.freeze", lambda: None):
        return asyncio.run(_pauses(n, collections))
