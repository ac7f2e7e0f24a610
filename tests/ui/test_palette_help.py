"""The command palette offers every action; ``?`` lists every key."""

from __future__ import annotations

import io

from rich.console import Console

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready, screen_text
from tui.ui.keymap import ACTIONS, CHAT_ACTIONS, HANDS_ACTIONS, LOBBY_ACTIONS
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.help import HelpScreen, help_table
from tui.ui.screens.name_prompt import NamePrompt


async def test_palette_runs_add_room(make_app) -> None:
    app = make_app(FakeGateway([person("a1", "Anna")]))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        await pilot.press("ctrl+p")
        await pilot.press(*"add room")
        await pilot.pause(0.3)
        assert "Add room (a)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NamePrompt)


async def test_help_lists_every_action(make_app) -> None:
    app = make_app(FakeGateway([person("a1", "Anna")]))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert ACTIONS[0].help in text
        # The list is longer than the screen: check all of it as the help screen renders it.
        console = Console(width=250, record=True, file=io.StringIO())
        console.print(help_table())
        listed = console.export_text()
        for action in (*ACTIONS, *CHAT_ACTIONS, *LOBBY_ACTIONS, *HANDS_ACTIONS):
            assert action.help in listed, action.help
        assert "Not possible remotely" in listed  # where people look for "unmute"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_moderation_actions(make_app) -> None:
    app = make_app(FakeGateway([person("a1", "Anna", audio_muted=False)]))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        await pilot.press("ctrl+p", *"mute everyone")
        await pilot.pause(0.3)
        assert "Mute everyone (M)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.press("l", "ctrl+p", *"admit all")
        await pilot.pause(0.3)
        assert "Admit all (A)" in screen_text(app)  # the lobby panel's own actions
