"""What a newcomer sees first in ``jitsi-tui --demo`` (issue 13: "the hostile test names belong
in tests and in a screenshot of their own, not in the first rows a newcomer sees")."""

from __future__ import annotations

import pytest

from tests.ui.helpers import console_screen, ready, screen_text
from tui.cli.console import build_parser, demo_gateway
from tui.model.conference import Kind
from tui.sim.names import HARD_CASES, LONG_NAME, MARKUP_NAMES
from tui.ui.app import ConsoleApp

ODD = (*MARKUP_NAMES, LONG_NAME[:20], "🦊", "נועה", "مريم")


def _app(*argv: str) -> ConsoleApp:
    args = build_parser().parse_args(["--demo", "--seed", "7", *argv])
    return ConsoleApp(demo_gateway(args), serve_control=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_the_demo_is_an_ordinary_meeting(size) -> None:
    app = _app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot, 41)
        await pilot.pause()
        text = screen_text(app)
        shown = [name for name in ODD if name in text]
        assert not shown, text
        names = {p.name for p in app.conference.participants.values()}
        assert not names & set(HARD_CASES)
        # still a real-looking meeting: a phone caller and a recorder among the people
        kinds = {p.kind for p in app.conference.participants.values()}
        assert {Kind.JIGASI, Kind.JIBRI} <= kinds, kinds


async def test_hostile_names_mixes_the_hard_cases_back_in() -> None:
    app = _app("--hostile-names")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, 41)
        names = {p.name for p in app.conference.participants.values()}
        assert set(HARD_CASES) <= names
        assert console_screen(app).table.row_count == 41
