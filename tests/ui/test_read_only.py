"""Read-only mode (``--read-only``): for people who watch; nothing leaves the console.

Issue 13, k9s ``--readonly`` the anchor: every key that would change the meeting says why it
is unavailable instead (no prompt opens first), a command from any path is refused before the
gateway, and ctrl+r asks before leaving read-only.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, screen_text, wait_until
from tui.model.intents import AddRoom, MoveParticipants, SendChat
from tui.ui.keymap import ACTIONS, QUICK_MOVES
from tui.ui.screens.chat import ChatScreen
from tui.ui.screens.confirm import ConfirmDialog

LOOKING = {
    "participant_menu",
    "toggle_select",
    "clear_selection",
    "filter",
    "cycle_sort",
    "hands_first",
    "chat",
    "lobby",
    "hands",
    "av_moderation",
    "app.invite",
    "help",
    "app.quit",
    "app.toggle_read_only",
}
"""The console's actions that only look (or open a panel): everything else changes the meeting."""


Run = tuple[FakeGateway, Any, Pilot[None]]


@pytest.fixture
def read_only_console(make_app: Any) -> Any:
    """``async with read_only_console() as (gateway, app, pilot)``: Anna and Bo, one breakout
    room, the console in read-only mode and drawn."""

    @contextlib.asynccontextmanager
    async def run() -> AsyncIterator[Run]:
        people = [person("a1", "Anna", audio_muted=False, hand_raised_at=1000), person("b2", "Bo")]
        gateway = FakeGateway(people, rooms=[("r1", "Breakout room #1")])
        app = make_app(gateway, read_only=True)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await ready(pilot, 3)
            yield gateway, app, pilot

    return run


def _said(app) -> list[str]:
    said: list[str] = []
    notify = app.notify

    def spy(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = spy
    return said


async def test_every_changing_key_says_why_and_nothing_reaches_the_gateway(
    read_only_console,
) -> None:
    async with read_only_console() as (gateway, app, pilot):
        screen = console_screen(app)
        assert "read-only" in screen.status.plain
        said = _said(app)
        screen.table.move_cursor(row=screen.table.get_row_index("a1"))
        changing = [a for a in (*ACTIONS, *QUICK_MOVES[:2]) if a.action not in LOOKING]
        assert len(changing) > 20
        for action in changing:
            said.clear()
            await pilot.press(action.key.split(",")[0])
            await pilot.pause()
            assert app.screen is screen, f"{action.label} opened {app.screen}"
            assert any("read-only" in line for line in said), (action.label, said)
        assert gateway.sent == []
        assert not app.session.pending


async def test_the_menu_and_the_panels_say_why_too(read_only_console) -> None:
    async with read_only_console() as (gateway, app, pilot):
        screen = console_screen(app)
        said = _said(app)
        screen.table.move_cursor(row=screen.table.get_row_index("a1"))
        for letter in ("x", "K", "w", "m"):
            said.clear()
            await pilot.press("o", letter)
            await pilot.pause()
            assert app.screen is screen
            assert any("read-only" in line for line in said), (letter, said)
        await pilot.press("t")
        assert isinstance(app.screen, ChatScreen)
        await pilot.press(*"hello", "enter")
        await wait_until(pilot, lambda: "read-only" in screen_text(app))
        await pilot.press("escape", "l", "t")  # the lobby panel's switch
        await pilot.pause()
        assert gateway.sent == []


async def test_requests_from_outside_the_screen_are_refused_before_the_gateway(
    read_only_console,
) -> None:
    async with read_only_console() as (gateway, app, _):
        for intent in (MoveParticipants(("a1",), "r1"), AddRoom("X"), SendChat("hi")):
            outcome = await app.session.perform(intent)  # what the control socket does
            assert "read-only" in outcome.refused
        assert gateway.sent == []


async def test_ctrl_r_asks_before_leaving_read_only(read_only_console) -> None:
    async with read_only_console() as (gateway, app, pilot):
        screen = console_screen(app)
        await pilot.press("ctrl+r")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "read-only" in dialog.question
        await pilot.press("n")
        assert app.session.read_only
        await pilot.press("ctrl+r", "y")
        await wait_until(pilot, lambda: not app.session.read_only)
        await wait_until(pilot, lambda: "moderator" in screen.status.plain)
        assert "read-only" not in screen.status.plain
        screen.table.move_cursor(row=screen.table.get_row_index("a1"))
        await pilot.press("1")
        await wait_until(pilot, lambda: bool(gateway.sent))
        # Back into read-only needs no question: it is the safe direction.
        await pilot.press("ctrl+r")
        assert app.screen is screen
        await wait_until(pilot, lambda: "read-only" in screen.status.plain)
        assert app.session.read_only


async def test_the_palette_says_why_too(read_only_console) -> None:
    async with read_only_console() as (gateway, app, pilot):
        said = _said(app)
        await pilot.press("ctrl+p", *"mute everyone")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is console_screen(app)  # no "are you sure?" for what cannot happen
        assert any("read-only: Mute everyone is unavailable" in line for line in said), said
        assert gateway.sent == []
