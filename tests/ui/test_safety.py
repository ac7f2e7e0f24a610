"""Names are shown literally and inertly: no markup, no actions, no terminal escapes."""

from __future__ import annotations

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import card_of, console_screen, ready, region_text, row_offset, screen_text
from tui.ui.text import clean
from tui.ui.widgets.participants_table import ParticipantsTable

QUIT = "[@click=app.quit]y[/]"
BOLD = "[b]x[/b]"
EVIL = "Eve\x1b]52;c;ZXZpbA==\x07l\u202eX\x9b2J"


async def test_markup_names_render_literally_and_clicks_do_nothing(make_app) -> None:
    gateway = FakeGateway([person("a1", QUIT), person("b2", BOLD)], rooms=[("r1", "[red]Room[/]")])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        table = console_screen(app).table
        assert table.get_cell("a1", "name").text.plain == QUIT
        assert table.get_cell("b2", "name").text.plain == BOLD
        assert table.get_cell("b2", "name").text.spans == []
        table_text = region_text(app, table)
        assert QUIT in table_text and BOLD in table_text
        assert "1 [red]Room[/] (0)" in screen_text(app)

        # Click the name in the table, and in the room card: the app keeps running.
        await pilot.click(ParticipantsTable, offset=row_offset(app, "a1"))
        card = card_of(app, "main")
        line = card.view.members.index("a1")
        await pilot.click(card, offset=(5, 1 + line))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None
        assert not app.session.pending


async def test_control_characters_never_reach_the_terminal(make_app) -> None:
    app = make_app(FakeGateway([person("e1", EVIL)]))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        shown = console_screen(app).table.get_cell("e1", "name").text.plain
        # bidi overrides show as a visible U+FFFD too: the reader sees something was hidden there
        assert shown == "Eve\ufffd]52;c;ZXZpbA==\ufffdl\ufffdX\ufffd2J"
        text = screen_text(app)
        assert "Eve\ufffd]52;c;ZXZpbA==" in text
        for forbidden in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert forbidden not in text


def test_clean_keeps_ordinary_text_and_replaces_controls() -> None:
    assert clean("Åsa Öberg 🦊 مريم") == "Åsa Öberg 🦊 مريم"
    assert clean("a\tb\nc") == "a b c"
    assert clean("a\x00b\x7fc") == "a\ufffdb\ufffdc"
    assert clean("\u2066x\u2069") == "\ufffdx\ufffd"
    assert clean("a\u200bb\ufeff") == "a\ufffdb\ufffd"  # zero-width space, BOM
    assert clean("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # ZWJ emoji stay whole
