"""T starts the breakout timer, N schedules notices; the time left shows in the status line
and on every breakout room card, at 80×24 and 120×36."""

from __future__ import annotations

import pytest

from tests.ui.helpers import card_of, console_screen, ready, screen_text, wait_until
from tui.ui.screens.notices_dialog import NoticesDialog
from tui.ui.screens.timer_dialog import TimerDialog
from tui.workshop.notices import ScheduledNotices
from tui.workshop.ticking import SETTLE
from tui.workshop.timer import SessionTimer

T0 = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+a", "ctrl+k", *text)


async def _timer_dialog(pilot, typed: str) -> str:  # type: ignore[no-untyped-def]
    """Press T, type into its first field and Enter; what the dialog showed on opening."""
    app = pilot.app
    await pilot.press("T")
    assert isinstance(app.screen, TimerDialog)
    shown = screen_text(app)
    await _type(pilot, typed)
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, TimerDialog))
    return shown


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_timer_dialog_starts_extends_and_stops(make_sim, make_app, size) -> None:
    clock = Clock()
    sim = make_sim(participants=12, rooms=2)
    app = make_app(sim, wall_clock=clock)
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(pilot, 13)
        clock.now += SETTLE
        screen = console_screen(app)
        assert "Breakout timer" in await _timer_dialog(pilot, "5m")
        timer = app.workshop.find(SessionTimer)
        assert timer is not None and timer.running
        clock.now += 64
        screen.show_clock()
        await pilot.pause()
        assert "⏱" in screen.status.plain and "3:56" in screen.status.plain
        breakout = app.conference.breakout_rooms[0]
        assert "⏱ 3:56" in str(card_of(app, breakout.id).border_title)
        assert "⏱" not in str(card_of(app, app.conference.main_room).border_title)
        await wait_until(
            pilot, lambda: any("5:00 left" in m.text for m in app.conference.chat if m.mine)
        )
        assert "3:56 left" in await _timer_dialog(pilot, "1m")
        screen.show_clock()
        assert "4:56" in screen.status.plain
        await pilot.press("T")
        await pilot.click("#stop")
        await wait_until(pilot, lambda: not timer.running)
        screen.show_clock()
        await pilot.pause()
        assert "⏱" not in screen.status.plain
        assert "⏱" not in str(card_of(app, breakout.id).border_title)


async def test_a_bad_duration_is_explained_in_the_dialog(make_sim, make_app) -> None:
    app = make_app(make_sim(participants=4, rooms=1), wall_clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 5)
        await pilot.press("T")
        await _type(pilot, "soon")
        await pilot.press("enter")
        assert isinstance(app.screen, TimerDialog)
        assert "not a duration" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, TimerDialog)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_notices_dialog_adds_lists_and_cancels(make_sim, make_app, size) -> None:
    app = make_app(make_sim(participants=6, rooms=2), wall_clock=Clock())
    async with app.run_test(size=size) as pilot:
        await ready(pilot, 7)
        await pilot.press("N")
        assert isinstance(app.screen, NoticesDialog)
        assert "nothing scheduled" in screen_text(app)
        await pilot.press(*"5 minutes left", "tab", *"10m", "tab", "1", "enter")
        notices = app.workshop.find(ScheduledNotices)
        assert notices is not None
        await wait_until(pilot, lambda: len(notices.notices.pending) == 1)
        room = app.conference.breakout_rooms[0]
        assert notices.notices.pending[0].rooms == (room.id,)
        text = screen_text(app)
        assert "5 minutes left" in text and room.label in text
        await pilot.press(*"Lunch", "tab", *"1h", "enter")
        await wait_until(pilot, lambda: len(notices.notices.pending) == 2)
        assert "every room: Lunch" in screen_text(app)
        await pilot.press("shift+tab")  # to the list; its first line is highlighted
        await pilot.press("delete")
        await wait_until(pilot, lambda: len(notices.notices.pending) == 1)
        assert [n.text for n in notices.notices.pending] == ["Lunch"]
        await pilot.press("escape")
        assert not isinstance(app.screen, NoticesDialog)
