"""Room keys that stay with their room, and a remove that asks when people are inside (issue 13)."""

from __future__ import annotations

from tests.ui.helpers import (
    card_of,
    console_screen,
    cursor_on_someone,
    ready,
    screen_text,
    wait_until,
)
from tui.ui.screens.confirm import ConfirmDialog


def _room_named(app, name: str) -> str:
    return next(r.id for r in app.conference.rooms.values() if r.name == name)


async def _remove_room_under_cursor(pilot, app, downs: int) -> None:
    await pilot.press("tab", *["down"] * downs, "d")


async def test_removing_room_1_leaves_room_2_on_key_2(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        first, second = _room_named(app, "Breakout room #1"), _room_named(app, "Breakout room #2")
        await _remove_room_under_cursor(pilot, app, 1)
        if isinstance(app.screen, ConfirmDialog):  # people are inside: it asks first
            await pilot.press("y")
        await sim.idle()
        cards = console_screen(app).rooms
        await wait_until(pilot, lambda: all(card.room_id != first for card in cards.cards))
        assert card_of(app, second).view.title.plain.startswith("2 Breakout room #2 (")
        # The table's Room column says the same number.
        inside = app.conference.rooms[second].members[0]
        table = console_screen(app).table
        await wait_until(
            pilot, lambda: table.get_cell(inside, "room").text.plain == "2 Breakout room #2"
        )
        await pilot.press("shift+tab")
        # The picker numbers the rooms the same way.
        await pilot.press("m")
        assert console_screen(app).picker.is_open
        picker = screen_text(app)
        assert "2 Breakout room #2" in picker
        assert "1 Breakout room #2" not in picker
        await pilot.press("escape")
        pid = cursor_on_someone(app)
        # The key learned for room 1 no longer sends anyone anywhere...
        await pilot.press("1")
        await wait_until(pilot, lambda: "there is no room 1" in screen_text(app))
        assert not app.session.pending
        # ...and 2 still means "Breakout room #2".
        await pilot.press("2")
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[pid].room == second)


async def test_delete_on_an_occupied_room_asks_saying_how_many_are_inside(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        room = app.conference.rooms[_room_named(app, "Breakout room #1")]
        inside = len(room.members)
        assert inside > 1
        await pilot.press("tab", "down", "delete")
        assert isinstance(app.screen, ConfirmDialog)
        question = f"Remove Breakout room #1? The {inside} people in it go back to the main room."
        assert app.screen.question == question
        assert "Remove Breakout room #1?" in screen_text(app)
        await pilot.press("n")
        assert not app.session.pending
        assert room.id in app.conference.rooms
        await pilot.press("delete", "y")
        await sim.idle()
        await wait_until(pilot, lambda: room.id not in app.conference.rooms)
        assert len(app.conference.main.members) > inside


async def test_delete_on_an_empty_room_removes_it_at_once(make_sim, make_app) -> None:
    sim = make_sim(participants=2, rooms=3)
    app = make_app(sim)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        room = _room_named(app, "Breakout room #3")
        assert not app.conference.rooms[room].members
        await pilot.press("tab", "down", "down", "down", "delete")
        assert not isinstance(app.screen, ConfirmDialog)
        await sim.idle()
        await wait_until(pilot, lambda: room not in app.conference.rooms)
