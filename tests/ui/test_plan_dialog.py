"""The breakout plan dialog (n): apply a file, see the counts and names, stop; 80×24 and 120×36."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import ready, screen_text, wait_until
from tui.ui.screens.plan import PlanDialog


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_apply_a_plan_from_the_dialog(make_sim, make_app, tmp_path: Path, size) -> None:
    sim = make_sim(participants=12, rooms=0)
    app = make_app(sim)
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(pilot, 13)
        people = sorted(
            p.name for p in app.conference.participants.values() if p.id != app.conference.me
        )
        plan = tmp_path / "plan.csv"
        plan.write_text(
            f"Lag Ett,{people[0]}\nLag Ett,{people[1]}\n"
            f"Lag Två,{people[2]}\nLag Två,Saknad Person\n",
            encoding="utf-8",
        )
        await pilot.press("n")
        assert isinstance(app.screen, PlanDialog)
        assert "No plan applied" in screen_text(app)
        await pilot.press(*str(plan), "enter")
        await wait_until(pilot, lambda: "moved 3" in screen_text(app), what="the moves")
        text = screen_text(app)
        assert "1 waiting" in text and "waiting: Saknad Person" in text
        assert "Plan active" in text
        rooms = {r.label for r in app.conference.breakout_rooms}
        assert rooms == {"Lag Ett", "Lag Två"}
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "Plan stopped" in screen_text(app), what="stopped")
        await pilot.press("escape")
        assert not isinstance(app.screen, PlanDialog)


async def test_a_bad_file_shows_its_line(make_sim, make_app, tmp_path: Path) -> None:
    app = make_app(make_sim(participants=4, rooms=0))
    bad = tmp_path / "bad.csv"
    bad.write_text("A,Anna\nB,ANNA\n", encoding="utf-8")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 5)
        await pilot.press("n", *str(bad), "enter")
        await wait_until(
            pilot,
            lambda: "line 2: ANNA is already planned for A" in screen_text(app),
            what="the error line",
        )
