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


async def test_the_room_picker_opens_without_redrawing_the_panes_behind_it(make_app) -> None:
    app = make_app(FakeGateway(CROWD))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        screen = console_screen(app)
        footer = screen.query_one(SteadyFooter)
        table = screen.table
        await pilot.pause()
        before = footer.rebuilds, table.lines_drawn, list(app.screen_stack)
        for _ in range(3):
            await pilot.press("m")
            await pilot.pause()
            assert " to:" in screen_text(app)
            assert app.screen is screen  # shown in place, not a screen of its own
            await pilot.press("escape")
            await pilot.pause()
            assert " to:" not in screen_text(app)
        # No screen was pushed, the table drew no line again (it kept its focus and looks),
        # and the footer was not rebuilt: the console's keys are the same as before.
        assert app.screen_stack == before[2]
        assert table.lines_drawn == before[1]
        assert footer.rebuilds == before[0]
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


async def test_typing_into_the_filter_lays_out_nothing(make_app, monkeypatch) -> None:
    crowd = [person(f"p{n:03d}", f"Person {n:03d}") for n in range(200)]
    app = make_app(FakeGateway(crowd))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 201)
        screen = console_screen(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.pause()
        layouts = [0]
        original = type(screen)._refresh_layout

        def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            layouts[0] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(type(screen), "_refresh_layout", counted)
        for letter in "person 1":  # 100 of 200 still match: the rows still overflow the pane
            await pilot.press("space" if letter == " " else letter)
            await pilot.pause()
        assert screen.table.filter_text == "person 1"
        assert "Person 100" in region_text(app, screen.table)
        assert "Person 099" not in region_text(app, screen.table)
        # Neither the text's width, nor the row count, nor the footer moved anything.
        assert layouts[0] == 0


async def test_a_click_on_a_footer_key_presses_it(make_app) -> None:
    app = make_app(FakeGateway(CROWD))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        screen = console_screen(app)
        footer = screen.query_one(SteadyFooter)
        line = region_text(app, footer)
        await pilot.click(SteadyFooter, offset=(line.index("Filter"), 0))
        await pilot.pause()
        assert screen.focused is screen.query_one("#filter")
        assert "esc Cancel" in region_text(app, footer)
