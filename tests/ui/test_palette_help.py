"""The command palette offers every action; ``?`` lists every key."""

from __future__ import annotations

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready, screen_text
from tui.ui.keymap import ACTIONS
from tui.ui.screens.help import HelpScreen
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
        for action in ACTIONS:
            assert action.help in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
