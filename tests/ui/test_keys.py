"""Everything the mouse does, by keys: quick moves, the room picker, selection, room actions."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList

from tests.ui.helpers import (
    card_of,
    console_screen,
    cursor_on_someone,
    cursor_to,
    movable_in,
    ready,
    screen_text,
    wait_until,
)
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.name_prompt import NamePrompt


async def test_digit_moves_cursor_row_to_that_room(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = cursor_on_someone(app)
        await pilot.press("2")
        await sim.idle()
        target = list(app.conference.rooms)[2]
        await wait_until(pilot, lambda: app.conference.participants[pid].room == target)
        await wait_until(pilot, lambda: pid in card_of(app, target).view.members)
        # And 0 brings them home.
        await pilot.press("0")
        await sim.idle()
        main = app.conference.main_room
        await wait_until(pilot, lambda: app.conference.participants[pid].room == main)


async def test_room_picker_moves_to_the_chosen_room(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = cursor_on_someone(app)
        name = app.conference.participants[pid].name
        await pilot.press("m")
        assert console_screen(app).picker.is_open
        assert f"Move {name} to:" in screen_text(app)
        await pilot.press("down", "down", "down", "enter")
        assert not console_screen(app).picker.is_open
        await sim.idle()
        target = list(app.conference.rooms)[3]
        await wait_until(pilot, lambda: app.conference.participants[pid].room == target)


async def test_room_picker_escape_moves_nobody(demo_console) -> None:
    async with demo_console() as (_sim, app, pilot):
        await pilot.press("m")
        assert console_screen(app).picker.is_open
        await pilot.press("down", "escape")
        assert not console_screen(app).picker.is_open
        assert " to:" not in screen_text(app)
        assert not app.session.pending


async def test_while_the_room_picker_is_open_console_keys_do_nothing(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        table = console_screen(app).table
        await pilot.press("m", "2", "s", "space", "tab")
        await pilot.pause()
        assert console_screen(app).picker.is_open  # tab stays inside, as in a modal
        assert table.sort_column == "name"
        assert not table.selected
        await sim.idle()
        assert not app.session.pending  # "2" moved nobody
        await pilot.press("escape")
        assert table.has_focus  # back where the moderator was


async def test_a_click_outside_the_open_room_picker_does_nothing(demo_console) -> None:
    async with demo_console() as (_sim, app, pilot):
        table = console_screen(app).table
        await pilot.press("m")
        await pilot.pause()
        x, y = table.region.x + 6, table.region.y
        for line in (3, 0):  # a row left of the picker; the header (a click there sorts)
            for kind in (events.MouseDown, events.MouseUp):  # as a terminal sends them
                app.post_message(kind(None, x, y + line, 0, 0, 1, False, False, False))
            await pilot.pause()
        assert console_screen(app).picker.is_open
        assert table.cursor_row == 0
        assert table.sort_column == "name"


async def test_a_click_on_a_room_in_the_picker_moves_there(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = cursor_on_someone(app)
        await pilot.press("m")
        await pilot.pause()
        options = console_screen(app).picker.query_one(OptionList)
        x, y = options.region.x + 4, options.region.y + 3  # the third room, under the border
        assert screen_text(app).splitlines()[y][x - 2 :].startswith("2 ")
        for kind in (events.MouseDown, events.MouseUp):  # as a terminal sends them
            app.post_message(kind(None, x, y, 0, 0, 1, False, False, False))
        await pilot.pause()
        assert not console_screen(app).picker.is_open
        target = list(app.conference.rooms)[2]
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[pid].room == target)


async def test_space_selects_and_a_digit_moves_the_selection(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        screen = console_screen(app)
        ids = movable_in(app, app.conference.main_room, 3)
        for pid in ids:
            cursor_to(app, pid)
            await pilot.press("space")
        await pilot.pause()
        assert screen.table.selected == set(ids)
        assert all(screen.table.get_cell(pid, "sel").text.plain == "●" for pid in ids)
        await pilot.press("1")
        await sim.idle()
        target = list(app.conference.rooms)[1]
        await wait_until(
            pilot, lambda: all(app.conference.participants[p].room == target for p in ids)
        )
        await wait_until(pilot, lambda: set(ids) <= set(card_of(app, target).view.members))
        assert screen.table.selected == set()


async def test_add_room_shows_pending_then_the_room(make_sim, make_app) -> None:
    sim = make_sim(rooms=0, breakout_delay=1.0)
    app = make_app(sim)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 31)
        await pilot.press("a")
        assert isinstance(app.screen, NamePrompt)
        await pilot.press(*"Group A", "enter")
        await wait_until(pilot, lambda: "Group A adding…" in screen_text(app))
        await sim.idle()
        await wait_until(pilot, lambda: "1 Group A (0)" in screen_text(app))
        assert [r.name for r in app.conference.breakout_rooms] == ["Group A"]


async def test_rename_room_under_the_rooms_cursor(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        screen = console_screen(app)
        await pilot.press("tab")
        assert screen.rooms.has_focus
        await pilot.press("down")
        room = list(app.conference.rooms)[1]
        assert screen.rooms.cursor_room == room
        assert card_of(app, room).has_class("-cursor")
        await pilot.press("r")
        assert isinstance(app.screen, NamePrompt)
        await pilot.press("ctrl+u", *"Quiet corner", "enter")  # it starts from the old name
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.rooms[room].name == "Quiet corner")
        await wait_until(pilot, lambda: "1 Quiet corner (" in screen_text(app))


async def test_remove_and_close_room(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        rooms = list(app.conference.rooms)
        main = app.conference.main_room
        await pilot.press("tab", "down", "down")  # room 2
        members = app.conference.rooms[rooms[2]].members
        assert members
        await pilot.press("c")
        await sim.idle()
        await wait_until(
            pilot, lambda: all(app.conference.participants[p].room == main for p in members)
        )
        assert rooms[2] in app.conference.rooms
        await wait_until(pilot, lambda: "2 Breakout room #2 (0)" in screen_text(app))

        await pilot.press("up")  # room 1
        members = app.conference.rooms[rooms[1]].members
        await pilot.press("d", "y")  # people are inside: it asks first (test_room_keys.py)
        await sim.idle()
        await wait_until(pilot, lambda: rooms[1] not in app.conference.rooms)
        assert all(app.conference.participants[p].room == main for p in members)
        await wait_until(pilot, lambda: "Breakout room #1" not in screen_text(app))


async def test_close_all_asks_first(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        await pilot.press("C")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Close all 3 breakout rooms" in screen_text(app)
        await pilot.press("n")
        assert not app.session.pending
        await pilot.press("C", "y")
        await sim.idle()
        await wait_until(pilot, lambda: not app.conference.breakout_rooms)
        main = app.conference.main_room
        assert all(p.room == main for p in app.conference.participants.values())
        await wait_until(pilot, lambda: "1 Breakout room" not in screen_text(app))


async def test_auto_assign_spreads_people_evenly(make_sim, make_app) -> None:
    sim = make_sim(rooms=0)
    app = make_app(sim)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 31)
        for name in ("A", "B"):
            await pilot.press("a", name, "enter")
        await sim.idle()
        await wait_until(pilot, lambda: len(app.conference.breakout_rooms) == 2)
        await pilot.press("A")
        await sim.idle()
        await wait_until(pilot, lambda: not app.session.pending)
        sizes = [len(r.members) for r in app.conference.breakout_rooms]
        assert min(sizes) > 0 and max(sizes) - min(sizes) <= 1
        movable = movable_in(app, app.conference.main_room, 0)
        assert movable == []


async def test_call_everyone_back(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        assert any(r.members for r in app.conference.breakout_rooms)
        await pilot.press("b")
        await sim.idle()
        await wait_until(pilot, lambda: not any(r.members for r in app.conference.breakout_rooms))
        await wait_until(pilot, lambda: "1 Breakout room #1 (0)" in screen_text(app))


async def test_tab_switches_panes(make_sim, make_app) -> None:
    app = make_app(make_sim())
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 31)
        screen = console_screen(app)
        assert screen.table.has_focus
        await pilot.press("tab")
        assert screen.rooms.has_focus
        await pilot.press("shift+tab")
        assert screen.table.has_focus
