"""Shared helpers for Pilot tests: bounded waits and the screen as plain text."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from rich.console import Console
from textual.css.query import NoMatches
from textual.pilot import Pilot

from tui.ui.app import ConsoleApp
from tui.ui.screens.console import ConsoleScreen


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 5.0, what: str = ""
) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)


def screen_text(app: ConsoleApp) -> str:
    """What the terminal shows right now, as plain text (modals included)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def console_screen(app: ConsoleApp) -> ConsoleScreen:
    """The main screen, even while a modal is open."""
    screen = app.get_default_screen()
    assert isinstance(screen, ConsoleScreen)
    return screen


async def ready(pilot: Pilot[None], participants: int) -> None:
    """Wait until the table shows ``participants`` rows (the meeting arrived and was drawn)."""
    app = pilot.app
    assert isinstance(app, ConsoleApp)

    def drawn() -> bool:
        try:
            return console_screen(app).table.row_count == participants
        except NoMatches:
            return False  # not composed yet

    await wait_until(pilot, drawn, what=f"{participants} rows")


def row_offset(app: ConsoleApp, pid: str) -> tuple[int, int]:
    """Offset inside the table of ``pid``'s name cell (the row must be scrolled into view)."""
    table = console_screen(app).table
    index = table.get_row_index(pid)
    return (6, 1 + index - round(table.scroll_offset.y))


def card_of(app: ConsoleApp, room_id: str):
    """The card showing ``room_id``."""
    for card in console_screen(app).rooms.cards:
        if card.room_id == room_id:
            return card
    raise AssertionError(f"no card for {room_id}")


def movable_in(app: ConsoleApp, room_id: str, count: int = 1) -> list[str]:
    """Ids of ``count`` people in ``room_id`` the console may move, in table order."""
    conference = app.conference
    ids = [
        pid
        for pid in console_screen(app).table.shown_ids
        if (p := conference.participants[pid]).room == room_id
        and pid != conference.me
        and p.jid
        and not p.kind.is_bot
    ]
    assert len(ids) >= count
    return ids[:count]


def region_text(app: ConsoleApp, widget: object) -> str:
    """The part of the screen ``widget`` covers, as plain text."""
    region = widget.region  # type: ignore[attr-defined]
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def cursor_to(app: ConsoleApp, pid: str) -> None:
    """Put the table's cursor on ``pid``'s row."""
    table = console_screen(app).table
    table.move_cursor(row=table.get_row_index(pid))


def cursor_on_someone(app: ConsoleApp) -> str:
    """The first movable person in the main room, with the table's cursor on their row."""
    [pid] = movable_in(app, app.conference.main_room)
    cursor_to(app, pid)
    return pid
