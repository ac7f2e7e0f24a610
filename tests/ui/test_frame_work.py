"""Work guards for what a keystroke costs around the table (not timed; see ``bench/``).

Each counts what an interaction causes — footer rebuilds, screen switches, layouts — so a
change that brings the cost back fails here.
"""

from __future__ import annotations

from dataclasses import replace

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, region_text, screen_text, wait_until
from tui.model.events import ParticipantPresent
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


async def test_a_change_off_screen_repaints_no_line_and_one_on_screen_repaints_one(
    make_app,
) -> None:
    crowd = [person(f"p{n:03d}", f"Person {n:03d}") for n in range(200)]
    gateway = FakeGateway(crowd)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 201)
        table = console_screen(app).table
        await pilot.pause()
        await pilot.pause()
        before = table.lines_repainted

        # p150 sorts far below the ~30 lines on screen: its mute changes nothing visible.
        gateway.emit(ParticipantPresent(replace(crowd[150], audio_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("p150", "mic").text.plain == "on")
        await pilot.pause()
        assert table.lines_repainted == before

        gateway.emit(ParticipantPresent(replace(crowd[3], audio_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("p003", "mic").text.plain == "on")
        await pilot.pause()
        assert table.lines_repainted == before + 1
        line = next(row for row in region_text(app, table).splitlines() if "Person 003" in row)
        assert " on " in f"{line} "  # and that line shows the change
