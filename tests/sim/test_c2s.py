"""The simulated server reads a client like Prosody's c2s limit does."""

from __future__ import annotations

from tui.model.events import Event
from tui.model.pacing import C2S_RATE, READ_SIZE
from tui.sim.c2s import ServerReads


def test_one_read_goes_at_once_then_the_rate_binds() -> None:
    reads = ServerReads()
    times = [reads.arrive(284, 0.0) for _ in range(100)]  # a client that does not pace
    assert times[: READ_SIZE // 284] == [0.0] * (READ_SIZE // 284)
    # the rest wait for the pauses: 100 moves take (bytes - one read) / rate
    assert abs(times[-1] - (100 * 284 - READ_SIZE) / C2S_RATE) < 0.03
    assert times == sorted(times)


def test_a_client_under_the_limit_is_never_delayed() -> None:
    reads = ServerReads()
    gap = 284 / (C2S_RATE * 0.95)
    assert all(reads.arrive(284, i * gap) == i * gap for i in range(500))


async def test_the_simulated_conference_paces_a_bulk_action_like_the_live_client() -> None:
    import asyncio

    from tests.sim.recorder import SessionWatch
    from tui.model.intents import AutoAssign
    from tui.model.pacing import BURST, PACED_RATE, stanza_bytes
    from tui.sim.gateway import SimulatedConference
    from tui.sim.roster import BREAKOUT_DOMAIN

    sim = SimulatedConference(80, seed=2, activity=False, rooms=4, breakout_delay=0.0)
    watch = SessionWatch(sim)
    sent: list[tuple[float, int]] = []
    loop = asyncio.get_running_loop()
    handle = watch.session.handle

    def spy(event: object) -> None:
        from tui.model.events import CommandsSent

        if isinstance(event, CommandsSent):
            sent.append((loop.time(), len(event.commands)))

    def spying(event: Event) -> None:
        spy(event)
        handle(event)

    watch.session.handle = spying  # type: ignore[method-assign]
    await watch.session.connect(watch)
    started = loop.time()
    outcome = await watch.session.perform(AutoAssign(seed=5))
    assert outcome.ok and outcome.summary is not None
    moves = len(outcome.confirmed)
    assert moves > 60
    # The first group is what one read takes at once; the rest go as the budget refills.
    first = sent[0][1]
    assert 0 < first < moves and len(sent) > 1
    size = sum(stanza_bytes(c, BREAKOUT_DOMAIN) for c in outcome.confirmed)
    assert sent[-1][0] - started >= (size - BURST) / PACED_RATE - 0.01
    assert watch.violations == []
