"""Work guards for what a keystroke costs around the table (not timed; see ``bench/``).

Each counts what an interaction causes — footer rebuilds, screen switches, layouts — so a
change that brings the cost back fails here.
"""

from __future__ import annotations

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, screen_text
from tui.ui.widgets.steady_footer import SteadyFooter

CROWD = [person(f"p{n:03d}", f"Person {n:03d}") for n in range(60)]
SIZE = (120, 36)


async def test_coming_back_from_the_room_picker_rebuilds_no_footer(make_app) -> None:
    app = make_app(FakeGateway(CROWD))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        screen = console_screen(app)
        footer = screen.query_one(SteadyFooter)
        await pilot.pause()
        before = footer.rebuilds
        for _ in range(3):
            await pilot.press("m")
            await pilot.pause()
            assert " to:" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert " to:" not in screen_text(app)
        assert footer.rebuilds == before  # the console's keys are the same as before
        assert "Move to…" in screen_text(app)  # and the footer still shows them
