"""Bulk actions on a paced gateway: every move confirms, and the moderator hears one summary."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.control.paced import FakeClock, PacedGateway, meeting
from tui.model.intents import AutoAssign, CallEveryoneBack
from tui.session import Change, ConsoleSession


async def _session(gateway: PacedGateway, clock: FakeClock) -> tuple[ConsoleSession, list[Change]]:
    session = ConsoleSession(gateway, clock=clock, timeout=10.0)
    changes: list[Change] = []
    session.subscribe(changes.append)
    await session.connect()
    return session, changes


async def _run(gateway: PacedGateway, session: ConsoleSession, future: asyncio.Future[Any]) -> None:
    """Advance the fake clock a tick at a time until the request resolves (or 10 minutes)."""
    await asyncio.sleep(0)  # the send task starts
    for _ in range(600 * 10):
        if future.done():
            return
        gateway.advance(0.1)
        session.tick()
        await asyncio.sleep(0)


async def test_a_1000_person_auto_assign_on_a_paced_gateway_all_confirms() -> None:
    clock = FakeClock()
    gateway = PacedGateway(meeting(1000, 10), clock)  # 20 ms apart: the last goes out at ~20 s
    session, changes = await _session(gateway, clock)
    future = session.submit(AutoAssign(seed=7))
    await _run(gateway, session, future)
    outcome = future.result()
    failed = [c for change in changes for c in change.failed]
    assert len(failed) == 0, f"{len(failed)} of 1000 reported as failed"
    assert outcome.ok and len(outcome.confirmed) == 1000
    conf = session.conference
    assert sum(len(r.members) for r in conf.breakout_rooms) == 1000
    assert session.pending == ()


async def test_call_back_of_1000_confirms_too() -> None:
    clock = FakeClock()
    gateway = PacedGateway(meeting(1000, 10), clock)
    session, changes = await _session(gateway, clock)
    future = session.submit(AutoAssign(seed=3))
    await _run(gateway, session, future)
    assert future.result().ok
    back = session.submit(CallEveryoneBack())
    await _run(gateway, session, back)
    outcome = back.result()
    assert outcome.ok and len(outcome.confirmed) == 1000
    assert not [c for change in changes for c in change.failed]


async def test_failures_end_in_one_grouped_summary_and_progress_counts_up() -> None:
    clock = FakeClock()
    start = meeting(1000, 10)
    people = sorted(p for p in start.participants if p != start.me)
    refuse = {pid: "the server refused: not-allowed" for pid in people[:5]}
    gateway = PacedGateway(start, clock, refuse=refuse, ignore=set(people[5:8]))
    session, changes = await _session(gateway, clock)
    future = session.submit(AutoAssign(seed=7))
    await asyncio.sleep(0)
    gateway.advance(10.0)
    session.tick()
    [running] = session.progress
    assert running.total == 1000 and 0 < running.landed < 1000
    assert running.text().startswith(f"moving {running.landed:,} of 1,000")
    assert "still to send" in running.text()  # the pacing is visible, too
    await _run(gateway, session, future)
    outcome = future.result()
    assert session.progress == ()
    summaries = [s for change in changes for s in change.finished]
    assert summaries == [outcome.summary]  # one, however many failed
    summary = summaries[0]
    assert (summary.landed, summary.lost) == (992, 3)
    assert summary.refused == (("the server refused: not-allowed", 5),)
    assert summary.text() == (
        "auto-assign: 992 of 1,000 landed · 5 refused (the server refused: not-allowed ×5)"
        " · 3 lost (not confirmed by the server)"
    )
