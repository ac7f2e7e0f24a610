"""Keys the user remapped in ``[keys]`` work, and the footer, the help and the palette say so;
g/G, Home/End and PageUp/PageDown move the table's cursor; End reaches the end of the help."""

from __future__ import annotations

import re

import pytest
from textual.containers import VerticalScroll

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, screen_text
from tui.ui.screens.help import HelpScreen


def _people(count: int) -> FakeGateway:
    return FakeGateway([person(f"p{i:03}", f"Person {i:03}") for i in range(count)])


async def test_a_remapped_key_runs_its_action_and_the_default_no_longer_does(make_app) -> None:
    app = make_app(_people(3), keys={"console.move": "n", "console.cycle_sort": ["S", "f9"]})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 4)
        screen = console_screen(app)
        await pilot.press("m")
        assert not screen.picker.is_open
        await pilot.press("n")
        assert screen.picker.is_open
        await pilot.press("escape")
        await pilot.press("f9")
        assert screen.table.sort_column != "name"


async def test_footer_help_and_palette_show_the_users_keys(make_app) -> None:
    app = make_app(_people(3), keys={"console.move": "n", "console.filter": "f"})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 4)
        footer = screen_text(app).splitlines()[-1]
        assert " n Move to… " in footer
        assert " m Move" not in footer
        assert " f Filter " in footer
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = screen_text(app).splitlines()
        [move] = [line for line in lines if "Move the selection (or the cursor row)" in line]
        assert " n " in move and " m " not in move
        await pilot.press("escape", "ctrl+p", *"move to")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Move to… (n)" in text
        assert "Move to… (m)" not in text


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_g_and_shift_g_home_end_and_pages_move_the_table_cursor(make_app, size) -> None:
    app = make_app(_people(80))
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(pilot, 81)
        table = console_screen(app).table
        await pilot.press("G")
        assert table.cursor_row == 80
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        assert table.cursor_row > 10
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == 80
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_table_navigation_keys_are_remappable(make_app) -> None:
    app = make_app(_people(20), keys={"table.last": "z", "table.cursor_down": ["down", "j"]})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 21)
        table = console_screen(app).table
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("G")
        assert table.cursor_row == 2  # G is no longer "last"
        await pilot.press("z")
        assert table.cursor_row == 20


async def test_moderator_rights_left_g_for_the_cursor(make_app) -> None:
    app = make_app(_people(3))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 4)
        await pilot.press("question_mark")
        lines = screen_text(app).splitlines()
        [rights] = [line for line in lines if "Make the cursor row a moderator" in line]
        assert re.search(r" R +Make the cursor row a moderator", rights), rights


async def test_end_reaches_the_end_of_the_help_and_home_the_top(make_app) -> None:
    for size in ((80, 24), (120, 36), (200, 60)):
        app = make_app(_people(3))
        async with app.run_test(size=size, notifications=True) as pilot:
            await ready(pilot, 4)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            scroll = app.screen.query_one(VerticalScroll)
            await pilot.press("end")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y, size
            # the key list's last line (other panels' lines read "Back to the participants")
            assert "Close the key list" in screen_text(app), size
            await pilot.press("home")
            await pilot.pause()
            assert scroll.scroll_y == 0
            if scroll.max_scroll_y:  # the top again: the last line is out of sight
                assert "Close the key list" not in screen_text(app), size
            await pilot.press("G", "g", "pagedown")
            await pilot.pause()
            assert scroll.scroll_y > 0 or scroll.max_scroll_y == 0


async def test_the_palette_offers_one_quit(make_app) -> None:
    app = make_app(_people(3))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 4)
        await pilot.press("ctrl+p", *"quit")
        await pilot.pause(0.3)
        quits = [line for line in screen_text(app).splitlines() if "Quit" in line]
        assert len(quits) == 1, quits
