"""Drag and drop: press on a participant, drag past the threshold, release on a room."""

from __future__ import annotations

from tests.ui.helpers import (
    card_of,
    console_screen,
    movable_in,
    ready,
    row_offset,
    screen_text,
    wait_until,
)
from tui.ui.widgets.drag_label import DragLabel
from tui.ui.widgets.participants_table import ParticipantsTable


async def test_drag_row_onto_room_moves_participant(make_sim, make_app) -> None:
    sim = make_sim(breakout_delay=1.0)  # long enough to see the pending state
    app = make_app(sim)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 31)
        screen = console_screen(app)
        target = list(app.conference.rooms)[1]
        [pid] = movable_in(app, app.conference.main_room)
        name = app.conference.participants[pid].name
        card = card_of(app, target)

        await pilot.mouse_down(ParticipantsTable, offset=row_offset(app, pid))
        await pilot.hover(card, offset=(4, 0))
        assert card.has_class("-drop-target")
        assert screen.query_one(DragLabel).display
        assert screen.status.plain.startswith(f"Dragging {name} → 1 Breakout room #1")
        await pilot.mouse_up(card, offset=(4, 0))

        # Sent, not yet confirmed: the row says where they are going.
        assert not card.has_class("-drop-target")
        assert not screen.query_one(DragLabel).display
        await wait_until(
            pilot, lambda: screen.table.get_cell(pid, "room").text.plain == "→ Breakout room #1"
        )
        assert "1 pending" in screen.status.plain
        assert "→ Breakout room #1" in screen_text(app)
        assert app.conference.participants[pid].room == app.conference.main_room

        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[pid].room == target)
        await wait_until(pilot, lambda: not app.session.pending)
        await wait_until(pilot, lambda: pid in card.view.members)
        assert screen.table.get_cell(pid, "room").text.plain == "1 Breakout room #1"
        assert name in screen_text(app)


async def test_escape_cancels_drag_and_nothing_moves(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        screen = console_screen(app)
        target = list(app.conference.rooms)[2]
        [pid] = movable_in(app, app.conference.main_room)
        card = card_of(app, target)

        await pilot.mouse_down(ParticipantsTable, offset=row_offset(app, pid))
        await pilot.hover(card, offset=(4, 1))
        assert card.has_class("-drop-target")
        await pilot.press("escape")
        assert not card.has_class("-drop-target")
        assert "Dragging" not in screen.status.plain
        await pilot.mouse_up(card, offset=(4, 1))
        await pilot.pause()

        assert not app.session.pending
        await sim.idle()
        await pilot.pause()
        assert app.conference.participants[pid].room == app.conference.main_room


async def test_small_wiggle_is_a_click_not_a_drag(demo_console) -> None:
    async with demo_console() as (_sim, app, pilot):
        screen = console_screen(app)
        [pid] = movable_in(app, app.conference.main_room)
        x, y = row_offset(app, pid)
        await pilot.mouse_down(ParticipantsTable, offset=(x, y))
        await pilot.hover(ParticipantsTable, offset=(x + 1, y))
        await pilot.mouse_up(ParticipantsTable, offset=(x + 1, y))
        assert not app.session.pending
        assert "Dragging" not in screen.status.plain


async def test_drag_from_inside_a_room_to_another_room(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        rooms = list(app.conference.rooms)
        source, target = card_of(app, rooms[1]), card_of(app, rooms[2])
        pid = source.view.members[0]
        # Content line 0 is the first member; the border takes row 0, padding one column.
        await pilot.mouse_down(source, offset=(4, 1))
        await pilot.hover(target, offset=(4, 0))
        await pilot.mouse_up(target, offset=(4, 0))
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[pid].room == rooms[2])
        await wait_until(pilot, lambda: pid in target.view.members)


async def test_dragging_a_selected_row_moves_the_whole_selection(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        screen = console_screen(app)
        target = list(app.conference.rooms)[3]
        ids = movable_in(app, app.conference.main_room, 3)
        for pid in ids:
            screen.table.move_cursor(row=screen.table.get_row_index(pid))
            await pilot.press("space")
        assert screen.table.selected == set(ids)
        card = card_of(app, target)
        await pilot.mouse_down(ParticipantsTable, offset=row_offset(app, ids[1]))
        await pilot.hover(card, offset=(4, 0))
        assert "Dragging 3 people" in screen.status.plain
        await pilot.mouse_up(card, offset=(4, 0))
        await sim.idle()
        await wait_until(
            pilot, lambda: all(app.conference.participants[p].room == target for p in ids)
        )
        assert screen.table.selected == set()


async def test_a_long_drag_label_ends_in_an_ellipsis(make_sim, make_app) -> None:
    # Found in the tmux walk-through: "Dragging Anna Andersson → 1 Breakout" cut mid-word, as
    # if that were the room's whole name.
    sim = make_sim()
    app = make_app(sim)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 31)
        screen = console_screen(app)
        card = card_of(app, list(app.conference.rooms)[1])
        [pid] = movable_in(app, app.conference.main_room)
        await pilot.mouse_down(ParticipantsTable, offset=row_offset(app, pid))
        await pilot.hover(card, offset=(4, 0))
        label = screen.query_one(DragLabel)
        assert label.display
        drawn = [line for line in screen_text(app).splitlines() if "Dragging" in line]
        said = screen.status.plain.split("  ")[0]  # the whole of it, in the status line
        assert len(said) > 38, said  # longer than the label holds
        assert any(said[:30] in line and "…" in line for line in drawn), drawn
        await pilot.press("escape")
