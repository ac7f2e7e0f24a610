"""Rows stay put under the pointer: a re-sort that arrives mid-click must not change who is hit.

Issue 10: in a live meeting the table re-sorted between press and release, and the click
selected someone else. While the pointer is over the table, presence-driven moves wait ("order
held" on the pane's border) and catch up when it leaves.
"""

from __future__ import annotations

from dataclasses import replace

from textual import events

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, row_offset, screen_text, wait_until
from tui.model.events import ParticipantLeft, ParticipantPresent
from tui.ui.screens.console import ORDER_HELD
from tui.ui.widgets.participants_table import ParticipantsTable
from tui.ui.widgets.rooms_pane import RoomsPane


def _driver_mouse(app, kind: type[events.MouseEvent], offset: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """A mouse event the way a terminal driver posts it (the app makes the click itself)."""
    table = console_screen(app).table
    x, y = table.region.x + offset[0], table.region.y + offset[1]
    button = 0 if kind is events.MouseMove else 1
    app.post_message(kind(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y))


CROWD = [person(f"p{n:03d}", f"Person {n:03d}") for n in range(40)]
SIZE = (120, 36)


async def test_a_click_racing_a_resort_selects_the_person_clicked(make_app) -> None:
    gateway = FakeGateway(CROWD)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 41)
        table = console_screen(app).table
        await pilot.press("s", "s", "s")  # by mic: unmuted first, so an unmute moves a row up
        assert table.sort_column == "mic"
        target = "p010"
        where = row_offset(app, target)
        order = table.shown_ids
        _driver_mouse(app, events.MouseMove, where)
        _driver_mouse(app, events.MouseDown, where)
        await pilot.pause()

        # Between press and release, p005 unmutes: sorted by mic it belongs on top, which
        # would push p010 one row down, under someone else.
        gateway.emit(ParticipantPresent(replace(CROWD[5], audio_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("p005", "mic").text.plain == "on")
        await pilot.pause()
        assert table.shown_ids == order  # nothing moved under the pointer
        assert ORDER_HELD in screen_text(app)

        _driver_mouse(app, events.MouseUp, where)  # release: Textual makes the click
        await pilot.pause()
        assert table.cursor_pid == target  # the person clicked, not their new neighbour

        # The pointer leaves: the order catches up, the cursor stays on whom it was on.
        await pilot.hover(RoomsPane, offset=(3, 3))
        await wait_until(pilot, lambda: table.shown_ids[0] == "p005")
        assert ORDER_HELD not in screen_text(app)
        assert table.cursor_pid == target


async def test_while_held_a_leaver_stays_in_place_and_a_joiner_waits_at_the_bottom(
    make_app,
) -> None:
    gateway = FakeGateway(CROWD)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 41)
        table = console_screen(app).table
        await pilot.hover(ParticipantsTable, offset=row_offset(app, "p020"))
        order = table.shown_ids
        gateway.emit(ParticipantLeft("p003", "main"))
        gateway.emit(ParticipantPresent(person("a0", "Aaron")))  # sorts first by name
        await wait_until(pilot, lambda: "a0" in table.shown_ids)
        assert table.shown_ids == [*order, "a0"]  # p003 still there, Aaron at the end
        assert "Person 003" in screen_text(app)

        await pilot.hover(RoomsPane, offset=(3, 3))
        await wait_until(pilot, lambda: "p003" not in table.shown_ids)
        assert table.shown_ids[:2] == ["a0", "c0ffee00"]  # Aaron before the console by name


async def test_while_held_the_title_counts_only_who_is_still_here(make_app) -> None:
    # Found in the tmux walk-through at 120×36: "Participants 1,035 of 1,019" with the order
    # held, the leavers' dimmed rows counted as shown.
    gateway = FakeGateway(CROWD)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 41)
        table = console_screen(app).table
        await pilot.hover(ParticipantsTable, offset=row_offset(app, "p020"))
        gateway.emit(ParticipantLeft("p003", "main"))
        gateway.emit(ParticipantLeft("p004", "main"))
        await wait_until(pilot, lambda: len(app.conference.participants) == 39)
        await pilot.pause()
        assert "p003" in table.shown_ids  # still drawn, dimmed
        assert "Participants 39 ─" in screen_text(app)
        await pilot.press("slash", *"Person 00")  # p000…p009, two of them gone
        await wait_until(pilot, lambda: "Participants 8 of 39" in screen_text(app))
