"""The participants table: filter, sort, hands first, diff updates, join storms."""

from __future__ import annotations

import time
from dataclasses import replace

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, region_text, screen_text, wait_until
from tui.model.events import ParticipantLeft, ParticipantPresent
from tui.ui.widgets.participants_table import ParticipantsTable

PEOPLE = [
    person("a1", "Anna Andersson", audio_muted=False),
    person("b2", "Bengt Berg", hand_raised_at=2000),
    person("c3", "Cecilia Carlsson", hand_raised_at=1000),
    person("d4", "Annika Dahl", video_muted=False),
]


def _names(app) -> list[str]:
    table = console_screen(app).table
    return [app.conference.participants[pid].name for pid in table.shown_ids]


async def test_filter_as_you_type_and_escape_clears(make_app) -> None:
    app = make_app(FakeGateway(PEOPLE))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 5)
        await pilot.press("slash", *"ann")
        assert sorted(_names(app)) == ["Anna Andersson", "Annika Dahl"]
        text = region_text(app, console_screen(app).table)
        assert "Annika Dahl" in text and "Bengt Berg" not in text
        await pilot.press("escape")
        assert console_screen(app).table.row_count == 5
        assert console_screen(app).table.has_focus
        assert "Bengt Berg" in region_text(app, console_screen(app).table)


async def test_sort_key_cycles_and_header_click_sorts(make_app) -> None:
    app = make_app(FakeGateway(PEOPLE))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 5)
        assert _names(app) == sorted(_names(app), key=str.casefold)
        await pilot.press("s")  # room
        await pilot.press("s")  # role: the moderator console first
        assert _names(app)[0] == "Console"
        assert "Role▼" in screen_text(app)
        await pilot.press("s")  # mic: unmuted first
        assert _names(app)[0] == "Anna Andersson"
        table = console_screen(app).table
        # Click the "Cam" header: unmuted cameras first.
        cam_x = table.column_x("cam") + 1
        await pilot.click(ParticipantsTable, offset=(cam_x, 0))
        assert table.sort_column == "cam"
        assert _names(app)[0] == "Annika Dahl"


async def test_hands_first_orders_by_raise_time(make_app) -> None:
    app = make_app(FakeGateway(PEOPLE))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 5)
        await pilot.press("h")
        assert _names(app)[:2] == ["Cecilia Carlsson", "Bengt Berg"]
        table = console_screen(app).table
        assert table.get_cell("c3", "hand").text.plain == "✋1"
        assert table.get_cell("b2", "hand").text.plain == "✋2"
        assert "Hand⇧" in region_text(app, table)  # the header says hands come first
        await pilot.press("h")
        assert _names(app)[0] == "Anna Andersson"
        assert "Hand⇧" not in region_text(app, table)


async def test_one_presence_change_updates_cells_without_rebuilding(make_app) -> None:
    gateway = FakeGateway(PEOPLE)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 5)
        table = console_screen(app).table
        built = table.rows_built
        keys_before = set(table.shown_ids)
        gateway.emit(ParticipantPresent(replace(PEOPLE[1], audio_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("b2", "mic").text.plain == "on")
        assert table.rows_built - built == 1  # Bengt's row alone was built again
        assert set(table.shown_ids) == keys_before
        assert "on" in region_text(app, table)

        gateway.emit(ParticipantLeft("d4", "main"))
        await wait_until(pilot, lambda: table.row_count == 4)
        assert table.rows_built - built == 1  # a leave builds nothing
        assert "Annika Dahl" not in region_text(app, table)


async def test_join_storm_of_1000_is_coalesced(make_app) -> None:
    gateway = FakeGateway(PEOPLE)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 5)
        flushes = app.flushes
        started = time.perf_counter()
        for n in range(1000):
            gateway.emit(ParticipantPresent(person(f"{n:08x}", f"Guest {n}")))
        await ready(pilot, 1005)
        elapsed = time.perf_counter() - started
        # One redraw per refresh interval at most, not one per presence.
        assert app.flushes - flushes <= 3
        assert elapsed < 5.0
        # One more presence change in a 1,005-row table is a single cell update.
        table = console_screen(app).table
        gateway.emit(ParticipantPresent(replace(PEOPLE[0], video_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("a1", "cam").text.plain == "on")
