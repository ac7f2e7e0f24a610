"""The shared dialog base: a dialog covered by another cannot close it, every dialog is framed."""

from __future__ import annotations

from rich.text import Text

from tests.ui.helpers import ready
from tests.ui.test_modal_snapshots import MODALS, _app
from tui.ui.app import ConsoleApp
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.modal import FRAME, ConsoleModal
from tui.ui.screens.name_prompt import NamePrompt


def _top(app: ConsoleApp) -> object:
    return app.screen


async def test_a_covered_dialog_does_not_close_the_one_on_top() -> None:
    app = _app()
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 21)
        below = NamePrompt(Text("Name the new room:"))
        await app.push_screen(below, answers.append)
        on_top = ConfirmDialog(Text("End the meeting for everyone?"))
        await app.push_screen(on_top, answers.append)
        await pilot.pause()

        # e.g. an Enter the prompt received just before the question covered it
        below.dismiss("Room 4")
        await pilot.pause()

        assert _top(app) is on_top, "the question the user is reading stays open"
        assert answers == [], "nobody's callback got an answer that was not given"
        await pilot.press("n")
        await pilot.pause()
        assert answers == [False]
        assert _top(app) is below


async def test_every_dialog_draws_the_shared_frame_and_escape_cancels() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 21)
        for name, make in MODALS.items():
            dialog = make(app)
            assert isinstance(dialog, ConsoleModal), name
            answers: list[object] = []
            await app.push_screen(dialog, answers.append)
            await pilot.pause()
            frames = dialog.query(f".{FRAME}")
            assert len(frames) == 1, f"{name} has one frame"
            assert frames.first().region.width > 0
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not dialog, f"Escape closes {name}"
            assert answers == [False if name == "confirm" else None], name
