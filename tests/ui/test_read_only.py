"""Read-only mode (``--read-only``): for people who watch; nothing leaves the console.

Issue 13, k9s ``--readonly`` the anchor: every key that would change the meeting says why it
is unavailable instead (no prompt opens first), a command from any path is refused before the
gateway, and ctrl+r asks before leaving read-only.
"""

from __future__ import annotations

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


def _gateway() -> FakeGateway:
    people = [person("a1", "Anna", audio_muted=False, hand_raised_at=1000), person("b2", "Bo")]
    return FakeGateway(people, rooms=[("r1", "Breakout room #1")])


def _said(app) -> list[str]:
    said: list[str] = []
    notify = app.notify

    def spy(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = spy
    return said


async def test_every_changing_key_says_why_and_nothing_reaches_the_gateway(make_app) -> None:
    gateway = _gateway()
    app = make_app(gateway, read_only=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
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


async def test_the_menu_and_the_panels_say_why_too(make_app) -> None:
    gateway = _gateway()
    app = make_app(gateway, read_only=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
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


async def test_requests_from_outside_the_screen_are_refused_before_the_gateway(make_app) -> None:
    gateway = _gateway()
    app = make_app(gateway, read_only=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        for intent in (MoveParticipants(("a1",), "r1"), AddRoom("X"), SendChat("hi")):
            outcome = await app.session.perform(intent)  # what the control socket does
            assert "read-only" in outcome.refused
        assert gateway.sent == []


async def test_ctrl_r_asks_before_leaving_read_only(make_app) -> None:
    gateway = _gateway()
    app = make_app(gateway, read_only=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
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


async def test_the_palette_says_why_too(make_app) -> None:
    gateway = _gateway()
    app = make_app(gateway, read_only=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        said = _said(app)
        await pilot.press("ctrl+p", *"mute everyone")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is console_screen(app)  # no "are you sure?" for what cannot happen
        assert any("read-only: Mute everyone is unavailable" in line for line in said), said
        assert gateway.sent == []
