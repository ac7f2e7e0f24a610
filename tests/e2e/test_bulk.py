"""Bulk actions that land: auto-assign and call back a crowd of real web participants.

The stack's Prosody limits clients to 10 kB/s like a real deployment (tests/stack/config.py,
tui/jitsi/pacing.md), so the console must pace its moves (~33 a second) and count each
deadline from when the move went out. Every move must be confirmed by the component's updates,
none reported failed, and the moderator hears one summary per action. One stack of its own
(``crowd_stack``: logging at info like a deployment) and one meeting serve both actions: a
crowd takes a while to join.

A move of everyone keeps Prosody busy: ~N² presences, and the component's update (the whole
meeting, ~70 kB at 300 people) to every participant each time its 0.3 s timer fires, as
upstream's does. At 300 people one update round costs Prosody about a second of CPU here, so
it runs nearly back to back, the moves land at the pace Prosody can carry them out and the
console's pings are answered seconds late (it stays: the server keeps sending,
tui/jitsi/keepalive.py). 300 people by default, about two minutes on a shared 2-core machine;
``JITSI_TUI_BULK_PEOPLE=150`` (or any size) for a quicker run.
"""

from __future__ import annotations

import logging
import os
import time

import pytest

from tests.e2e.conftest import Meeting, meeting
from tests.stack.focus import JitsiStack
from tui.model.intents import AddRoom, AutoAssign, CallEveryoneBack, Intent
from tui.session import Change

pytestmark = [pytest.mark.stack, pytest.mark.timeout(420)]
log = logging.getLogger(__name__)

PEOPLE = int(os.environ.get("JITSI_TUI_BULK_PEOPLE", "300"))
ROOMS = 10


async def _bulk(m: Meeting, intent: Intent, changes: list[Change]) -> float:
    mark = len(changes)
    started = time.monotonic()
    outcome = await m.session.perform(intent)
    took = time.monotonic() - started
    seen = changes[mark:]
    failed = [f for c in seen for f in c.failed]
    assert failed == [], f"{len(failed)} reported failed, first: {failed[:3]}"
    assert outcome.ok, outcome.summary
    assert len(outcome.confirmed) == PEOPLE
    summaries = [s for c in seen for s in c.finished]
    assert len(summaries) == 1 and summaries[0].text().endswith(f"all {PEOPLE} landed")
    assert m.session.progress == ()
    return took


async def test_auto_assign_and_call_back_300_web_participants(crowd_stack: JitsiStack) -> None:
    joined = time.monotonic()
    async with meeting(crowd_stack, PEOPLE, prefix="bulk", crowd=True) as m:
        joining = time.monotonic() - joined
        log.warning("%d participants joined in %.1f s", PEOPLE, joining)
        for n in range(1, ROOMS + 1):
            assert (await m.session.perform(AddRoom(f"Room {n}"))).ok
        changes: list[Change] = []
        progress: list[str] = []

        def watch(change: Change) -> None:
            changes.append(change)
            progress.extend(p.text() for p in m.session.progress)

        m.session.subscribe(watch)
        rooms = {r.jid for r in m.session.conference.breakout_rooms}

        assigned = await _bulk(m, AutoAssign(seed=11), changes)
        assert all(g.room in rooms for g in m.guests)  # confirmed means they really moved
        assert any(p.startswith("moving ") and f"of {PEOPLE}" in p for p in progress)

        back = await _bulk(m, CallEveryoneBack(), changes)
        assert [g.room for g in m.guests] == [m.main_jid] * PEOPLE
        assert all(not g.destroyed for g in m.guests)
        log.warning("auto-assign %.1f s, call back %.1f s (%d people)", assigned, back, PEOPLE)
        print(
            f"\nbulk e2e, {PEOPLE} people: joined in {joining:.1f} s, "
            f"auto-assign {assigned:.1f} s, call back {back:.1f} s"
        )
