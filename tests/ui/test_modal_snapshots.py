"""Snapshot tests of the modals over the main screen, at 80x24.

They pin what each dialog looks like, so the shared frame (``tui/ui/screens/modal.py`` and the
modal section of ``tui/ui/app.tcss``) can change without any of them changing by a pixel. Update
deliberately with ``pytest tests/ui/test_modal_snapshots.py --snapshot-update`` and look at the
result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot

from tests.ui.helpers import ready
from tui.sim.gateway import SimulatedConference
from tui.ui.app import ConsoleApp
from tui.ui.screens.broadcast import BroadcastDialog
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.modal import ConsoleModal
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.screens.notices_dialog import NoticesDialog
from tui.ui.screens.participant_menu import ParticipantMenu
from tui.ui.screens.password_prompt import PasswordPrompt
from tui.ui.screens.timer_dialog import TimerDialog
from tui.workshop.notices import ScheduledNotices
from tui.workshop.timer import SessionTimer

EPOCH = 1_767_225_600.0


def _app() -> ConsoleApp:
    sim = SimulatedConference(
        20, seed=3, activity=False, rooms=2, breakout_delay=0.0, clock=lambda: EPOCH
    )
    return ConsoleApp(sim, serve_control=False)


def _part(app: ConsoleApp, kind: type[Any]) -> Any:
    part = app.workshop.find(kind)
    assert part is not None
    return part


def _first_person(app: ConsoleApp) -> str:
    return min(pid for pid in app.conference.participants if pid != app.conference.me)


MODALS: dict[str, Callable[[ConsoleApp], ConsoleModal[Any]]] = {
    "name_prompt": lambda app: NamePrompt(Text("Name the new room:"), "Room 4", "room name"),
    "confirm": lambda app: ConfirmDialog(Text("End the meeting for all 21 people?")),
    "help": lambda app: HelpScreen(),
    "participant_menu": lambda app: ParticipantMenu(app.conference, _first_person(app)),
    "broadcast": lambda app: BroadcastDialog(app.conference, "Back in five minutes"),
    "password_prompt": lambda app: PasswordPrompt(locked=False),
    "timer": lambda app: TimerDialog(_part(app, SessionTimer)),
    "notices": lambda app: NoticesDialog(_part(app, ScheduledNotices)),
}


@pytest.mark.parametrize("name", list(MODALS))
def test_modal(snap_compare, name: str) -> None:
    async def open_modal(pilot: Pilot[None]) -> None:
        await ready(pilot, 21)
        app = pilot.app
        assert isinstance(app, ConsoleApp)
        await app.push_screen(MODALS[name](app))
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=open_modal)
