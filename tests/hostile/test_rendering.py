"""Hostile names render inert: no control characters, no markup, nothing the terminal obeys.

Checks :func:`tui.model.text.safe_text` and the UI's :func:`tui.ui.text.literal` on every hostile
name, then the exact characters the console would write to the terminal for a screen full of
them (the compositor's update, rendered as the app's driver would receive it).
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from tests.hostile.strategies import HOSTILE_NAMES, OSC52, hostile_text
from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready
from tui.model.conference import ChatMessage, Knocker
from tui.model.events import ChatReceived, KnockerArrived, LobbyChanged, SubjectChanged
from tui.model.text import REPLACEMENT, safe_text
from tui.ui.app import ConsoleApp
from tui.ui.text import literal

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
"""Control Sequence Introducer sequences: cursor moves and colours, the only escapes we expect."""


def _forbidden(ch: str) -> bool:
    category = unicodedata.category(ch)
    return (
        category in ("Cc", "Cs", "Zl", "Zp")
        or (category == "Cf" and ch not in "\u200c\u200d")
        or ch in BIDI
    )


@given(hostile_text)
def test_safe_text_leaves_no_control_format_or_bidi_character(name: str) -> None:
    shown = safe_text(name)
    assert not [ch for ch in shown if _forbidden(ch)]
    assert len(shown) == len(name)  # one visible mark per hidden character: nothing vanishes
    assert safe_text(shown) == shown


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_printable_ascii_is_untouched(name: str) -> None:
    assert safe_text(name) == name


@given(hostile_text)
def test_literal_is_plain_text_with_no_markup_styles_or_actions(name: str) -> None:
    text = literal(name)
    assert text.plain == safe_text(name)
    assert text.spans == [] and not text.style
    # markup would have become spans with @click meta; the brackets stay as characters
    if "[@click=app.quit]" in name:
        assert "[@click=app.quit]" in text.plain


def _written(renderable: object, width: int = 200) -> str:
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=True, color_system="truecolor", width=width, legacy_windows=False
    )
    console.print(renderable)
    return out.getvalue()


def test_osc52_in_a_name_is_written_as_visible_characters_only() -> None:
    written = _written(literal("Mallory" + OSC52))
    assert written == "Mallory\ufffd]52;c;cm0gLXJmIH4K\ufffd\n"


def test_every_hostile_name_writes_no_escape_but_plain_text() -> None:
    for name in HOSTILE_NAMES:
        written = _written(literal(name), width=20_000)
        assert written == safe_text(name) + "\n", name


def _terminal_output(app: ConsoleApp) -> str:
    """The characters a full repaint of the current screen sends to the terminal."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    # a full update is a LayoutUpdate (Textual's private type), which renders its own segments
    assert update is not None
    return cast(Any, update).render_segments(app.console)


def _assert_inert(output: str) -> None:
    bare = CSI.sub("", output)
    leaked = sorted({f"U+{ord(ch):04X}" for ch in bare if _forbidden(ch) and ch != "\n"})
    assert leaked == []
    assert "\x1b" not in bare  # no OSC, DCS, APC or single-shift escape survived
    assert "\x1b]8;" not in output  # no hyperlink: markup [link=...] never became a style


async def test_the_console_writes_hostile_names_inertly() -> None:
    people = [person(f"p{i}", name) for i, name in enumerate(HOSTILE_NAMES)]
    gateway = FakeGateway(people, rooms=[("r1", "Room" + OSC52), ("r2", "[@click=app.quit]R[/]")])
    app = ConsoleApp(gateway, serve_control=False)  # type: ignore[arg-type]
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot, len(people) + 1)
        gateway.emit(SubjectChanged("Meeting" + OSC52 + "\u202e"))
        gateway.emit(LobbyChanged(True))
        gateway.emit(KnockerArrived(Knocker("k1", "Knock" + OSC52, "k@x/y", "e\x1b[2J@x", 0.0)))
        gateway.emit(
            ChatReceived(ChatMessage("p3", "", "hi" + OSC52 + "[@click=app.quit]x[/]", "main"))
        )
        await pilot.pause()
        output = _terminal_output(app)
        _assert_inert(output)
        assert "Mallory\ufffd]52;c;cm0gLXJmIH4K\ufffd" in output
        assert "[@click=app.quit]x[/]" in output
        assert app.is_running


def test_replacement_marks_what_was_hidden() -> None:
    assert (
        safe_text("a\u202eb\x1b]52;c;x\x07") == f"a{REPLACEMENT}b{REPLACEMENT}]52;c;x{REPLACEMENT}"
    )
    assert safe_text("a\u2028b\u2029c") == "a b c"
    assert safe_text("\ud800x") == f"{REPLACEMENT}x"
