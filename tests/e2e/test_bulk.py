"""Bulk actions that land: auto-assign and call back a crowd of real web participants.

The stack's Prosody limits clients to 10 kB/s like a real deployment (tests/stack/config.py,
tui/jitsi/pacing.md), so the console must pace its moves (~33 a second) and count each
deadline from when the move went out. 150 people by default: at 300, the one-process stack
(Prosody plus 300 slixmpp clients on a shared 2-core machine) saturates on the N² presences
and updates a move of everyone causes, and reads the console so late that its keepalive ping
times out; ``JITSI_TUI_BULK_PEOPLE=300`` runs the full size. Every move must be confirmed by
the component's updates, none reported failed, and the moderator hears one summary per
action. One stack and one meeting serve both actions: a crowd takes a while to join.
"""

from __future__ import annotations

import logging
import os
import time

import pytest

from tests.e2e.conftest import Meeting, meeting
from tui.model.intents import AddRoom, AutoAssign, CallEveryoneBack, Intent
from tui.session import Change

pytestmark = [pytest.mark.stack, pytest.mark.timeout(420)]
log = logging.getLogger(__name__)

PEOPLE = int(os.environ.get("JITSI_TUI_BULK_PEOPLE", "150"))
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


async def test_auto_assign_and_call_back_300_web_participants(jitsi_stack) -> None:  # type: ignore[no-untyped-def]
    joined = time.monotonic()
    async with meeting(jitsi_stack, PEOPLE, prefix="bulk", crowd=True) as m:
        log.warning("%d participants joined in %.1f s", PEOPLE, time.monotonic() - joined)
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
        print(f"\nbulk e2e: auto-assign {assigned:.1f} s, call back {back:.1f} s, {PEOPLE} people")
