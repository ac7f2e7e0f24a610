"""A breakout plan applied to 40 real web participants, and a latecomer moved on arrival.

The plan (CSV, 4 rooms) names all 40 guests and one person not yet there; two people present
share the name "Guest 1", so that entry is ambiguous and moves neither. Applying creates the
four rooms, moves the 39 others through the component (confirmed by its updates, none reported
failed); the latecomer joins afterwards and lands in their room without anyone asking.
``JITSI_TUI_PLAN_PEOPLE=300`` runs the same with more guests (as a crowd, like test_bulk).
Measured on the shared 2-core machine: 40 people all moved 3 s after apply (latecomer 0.3–1 s
after joining); 300 people 57.5 s (latecomer 1.8 s): the moves go at Prosody's pace.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import meeting, until
from tests.stack.focus import JitsiStack
from tests.stack.webclient import WebParticipant, leave_all
from tui.model.plan_match import room_named
from tui.workshop.plan import PlanRunner

pytestmark = [pytest.mark.stack, pytest.mark.timeout(420)]
log = logging.getLogger(__name__)

PEOPLE = int(os.environ.get("JITSI_TUI_PLAN_PEOPLE", "40"))
ROOMS = 4
CROWD = 100
"""More guests than this run as a crowd (tests/stack/webclient.py ``crowd``)."""
LATE = "Sen Ankomst"


async def test_plan_for_40_moves_everyone_matched_and_the_latecomer(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    # A crowd gets a stack of its own and guests that skip parsing what they never look at,
    # as in test_bulk: 300 guests parsing every presence starve the console's event loop.
    crowd = PEOPLE > CROWD
    jitsi_stack: JitsiStack = request.getfixturevalue("crowd_stack" if crowd else "jitsi_stack")
    async with meeting(jitsi_stack, PEOPLE, prefix="plan", crowd=crowd) as m:
        twin = WebParticipant(jitsi_stack.prosody, m.room, "Guest 1")
        await twin.join()
        extra = [twin]
        try:
            await until(m.session, lambda: m.seen(twin) is not None, 10)
            rows = [f"Grupp {i % ROOMS + 1},{g.display_name}" for i, g in enumerate(m.guests)]
            rows.append(f"Grupp {ROOMS},{LATE}")
            plan = tmp_path / "plan.csv"
            plan.write_text("room,person\n" + "\n".join(rows) + "\n", encoding="utf-8")
            planned = {g.display_name: f"Grupp {i % ROOMS + 1}" for i, g in enumerate(m.guests)}

            runner = PlanRunner(m.session)
            await runner.start()
            failed: list[object] = []
            m.session.subscribe(lambda change: failed.extend(change.failed))
            started = time.monotonic()
            answer = await runner.op_plan({"op": "plan", "action": "apply", "path": str(plan)})
            answered = time.monotonic() - started
            assert answer["ok"] is True, answer
            assert answer["failed"] == 0 and failed == [], (answer["failures"], failed[:3])
            conference = m.session.conference
            jids = {
                name: room.jid
                for name in set(planned.values())
                if (room := room_named(conference, name)) is not None
            }
            assert len(jids) == ROOMS

            def placed() -> bool:  # as the guests themselves see it
                return all(g.room == jids[planned[g.display_name]] for g in m.guests[1:])

            await until(m.session, placed, 60)
            applied = time.monotonic() - started
            assert m.guests[0].room == twin.room == m.main_jid  # ambiguous: nobody guessed

            # The console's picture catches up with the component's (a second behind at 300).
            def caught_up() -> bool:
                match = runner.state().match
                return match is not None and len(match.matched) == PEOPLE - 1

            await until(m.session, caught_up, 30)
            state = runner.state()
            assert state.match is not None
            assert [entry for _, entry in state.match.waiting] == [LATE]
            assert [a.entry for a in state.match.ambiguous] == ["Guest 1"]

            late = WebParticipant(jitsi_stack.prosody, m.room, LATE)
            joined = time.monotonic()
            await late.join()
            extra.append(late)
            await late.wait_for(lambda: late.room == jids[f"Grupp {ROOMS}"], timeout=20)
            arrival = time.monotonic() - joined
            assert failed == []
            settled = runner.state().settled_after
            log.warning(
                "plan for %d people: applied → all moved %.1f s (apply answered after %.1f s, "
                "the console saw everyone settled after %.1f s); latecomer moved %.1f s after "
                "joining",
                PEOPLE,
                applied,
                answered,
                settled or -1.0,
                arrival,
            )
            print(
                f"\nplan for {PEOPLE}: applied → all moved {applied:.1f} s, "
                f"latecomer moved {arrival:.1f} s after joining"
            )
            await runner.stop()
        finally:
            await leave_all(extra)
