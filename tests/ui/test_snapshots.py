"""Snapshot tests of the main screen at the sizes moderators use (80x24, 120x36, 200x60).

Update deliberately with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import ready
from tui.sim.gateway import SimulatedConference
from tui.ui.app import ConsoleApp

EPOCH = 1_767_225_600.0


def _app() -> ConsoleApp:
    sim = SimulatedConference(
        20, seed=3, activity=False, rooms=2, breakout_delay=0.0, clock=lambda: EPOCH
    )
    return ConsoleApp(sim, serve_control=False)


async def _loaded(pilot: Pilot[None]) -> None:
    await ready(pilot, 21)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
def test_main_screen(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_loaded)


def test_room_picker_at_80x24(snap_compare) -> None:
    async def open_picker(pilot: Pilot[None]) -> None:
        await _loaded(pilot)
        await pilot.press("down", "m")

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=open_picker)
