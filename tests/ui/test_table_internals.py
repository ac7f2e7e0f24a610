"""What ParticipantsTable relies on inside Textual's DataTable, checked so an upgrade fails loudly.

The table evicts only a changed cell's cached renders instead of letting ``update_cell`` drop
them all (see ``ParticipantsTable.update_cell``). That reaches into private DataTable state;
if any of it moves, these tests say what to re-check before bumping the pin.
"""

from __future__ import annotations

from importlib.metadata import version

from textual.widgets.data_table import ColumnKey, RowKey

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, wait_until
from tui.ui.widgets.participants_table import Cell

PEOPLE = [person(f"p{n}", f"Person {n}") for n in range(5)]


def test_textual_is_the_version_the_eviction_was_written_against() -> None:
    assert version("textual") == "8.2.8", (
        "re-check ParticipantsTable.update_cell/_evict_stale_cells against the new DataTable "
        "(cache names and key layouts), then update this pin"
    )


async def test_private_state_the_row_local_eviction_uses(make_app) -> None:
    app = make_app(FakeGateway(PEOPLE))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, 6)
        table = console_screen(app).table

        def drawn() -> bool:  # a frame since the last global invalidation (a resize is one)
            table.refresh()
            counter = table._update_count
            return any(k[6] == counter for k in tuple(table._cell_render_cache.keys()))

        await wait_until(pilot, drawn, what="a frame")
        row = RowKey("p3")
        # Cell values live in _data by row key then column key, and can be set in place.
        assert isinstance(table._data[row][ColumnKey("name")], Cell)
        # Row order: key <-> index.
        index = table._row_locations.get(row)
        assert isinstance(index, int) and table._row_locations.get_key(index) == row
        assert ColumnKey("mic") in table._column_locations
        # Cached cells are keyed (row key, column key, ...), row lines by row key first (what
        # eviction filters on);
        # the global counter is the seventh part of a cell key.
        cell_keys = tuple(table._cell_render_cache.keys())
        assert cell_keys and all(len(k) == 8 and isinstance(k[0], RowKey) for k in cell_keys)
        assert all(isinstance(k[1], ColumnKey) for k in cell_keys)
        assert all(isinstance(k[0], RowKey) for k in tuple(table._row_render_cache.keys()))
        # Row renderables are keyed (counter, row index); screen lines have their own cache.
        assert all(
            isinstance(k, tuple) and len(k) == 2 and all(isinstance(v, int) for v in k)
            for k in tuple(table._row_renderable_cache.keys())
        )
        assert callable(table._row_renderable_cache.discard)
        assert callable(table._line_cache.clear)
