"""Regenerate the README screenshots from the seeded simulation; ``--check`` detects drift.

Usage::

    python screenshots/generate.py          # rewrite screenshots/*.svg
    python screenshots/generate.py --check  # render to a temp dir, exit 1 listing changed files

Every input is fixed (seed, no spontaneous activity, a frozen sim clock, a fixed title, no
clock in the status line, a fixed time zone), so the same Textual version renders the same bytes
every run.

The README's first picture (``main.svg``) is an ordinary meeting mid-session: people in the main
room and three breakout rooms, two of them selected, one move still pending. Its meeting has
fewer than :data:`tui.sim.names.HARD_CASES_FROM` people, so the simulator hands out ordinary
names only; the other pictures use the same meeting. The names that break careless UIs
(markup, right-to-left scripts, a 100-character name, emoji) have a picture of their own,
``hostile.svg``, and their tests.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tui.invite import InviteSettings
from tui.model.intents import Broadcast, SendChat
from tui.sim.gateway import SimulatedConference
from tui.sim.names import HARD_CASES_FROM
from tui.ui.app import ConsoleApp
from tui.ui.screens.broadcast import BroadcastDialog
from tui.ui.screens.console import ConsoleScreen
from tui.ui.screens.invite import InviteScreen
from tui.ui.widgets.participants_table import ParticipantsTable
from tui.workshop.timer import SessionTimer

HERE = Path(__file__).resolve().parent
SIZE = (120, 36)
SIZES = {"main-80x24.svg": (80, 24), "main-200x60.svg": (200, 60)}
"""Shots at another terminal size than :data:`SIZE`: the main screen at the small and the big
sizes a moderator uses (what drops out at 80x24, what grows at 200x60)."""
ZONE = "Europe/Stockholm"
EPOCH = 1_767_276_000.0  # 2026-01-01T14:00:00Z: hand-raise and chat times never depend on today


ORDINARY = 18
"""People in the ordinary meeting: under HARD_CASES_FROM, so every name is an ordinary one."""
assert ORDINARY < HARD_CASES_FROM
HOSTILE = 30
"""People in the hostile-names meeting: every hard case is among them."""
PENDING_FOR = 3600.0
"""Seconds a move in ``main.svg`` stays in flight: longer than the screenshot takes."""


def _sim(people: int = ORDINARY, delay: float = 0.0) -> SimulatedConference:
    return SimulatedConference(
        people, seed=7, activity=False, rooms=3, breakout_delay=delay, clock=lambda: EPOCH
    )


async def _ready(pilot: Pilot[None]) -> ConsoleScreen:
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    screen = app.get_default_screen()
    for _ in range(500):
        if screen.table.row_count == len(app.conference.participants) > 1:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    return screen


def _in_main_room(app: ConsoleApp, screen: ConsoleScreen) -> list[str]:
    conference = app.conference
    return [
        pid
        for pid in screen.table.shown_ids
        if conference.participants[pid].room == conference.main_room
        and pid != conference.me
        and conference.participants[pid].jid
    ]


async def _main(pilot: Pilot[None]) -> None:
    """Mid-session: two people selected, a third on her way to room 2 (pending)."""
    screen = await _ready(pilot)
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    movable = _in_main_room(app, screen)
    screen.table.focus()
    screen.table.move_cursor(row=screen.table.get_row_index(movable[0]))
    await pilot.press("2")  # the cursor's row goes to room 2 and stays pending
    for pid in movable[1:3]:
        screen.table.move_cursor(row=screen.table.get_row_index(pid))
        await pilot.press("space")
    await pilot.pause()


async def _hostile(pilot: Pilot[None]) -> None:
    """Every awkward name, shown literally: markup, RTL, emoji, a very long name."""
    await _ready(pilot)


async def _drag(pilot: Pilot[None]) -> None:
    screen = await _ready(pilot)
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    conference = app.conference
    pid = _in_main_room(app, screen)[0]
    row = screen.table.get_row_index(pid)
    target = next(card for card in screen.rooms.cards if card.room_id == list(conference.rooms)[2])
    await pilot.mouse_down(ParticipantsTable, offset=(6, 1 + row))
    await pilot.hover(ParticipantsTable, offset=(40, 2 + row))
    await pilot.hover(target, offset=(12, 1))
    await pilot.pause()


async def _help(pilot: Pilot[None]) -> None:
    await _ready(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def _invite(pilot: Pilot[None]) -> None:
    await _ready(pilot)
    await pilot.press("i")
    screen = pilot.app.screen
    assert isinstance(screen, InviteScreen)
    await pilot.press(*"Sprint review: Q3")
    screen.query_one("#invite-language", Select).value = "sv"
    screen.query_one("#invite-type", Select).value = "muted"
    # A fixed zone: the screenshot never depends on the machine's.
    for field, value in (("start", "2026-12-03 14:00"), ("end", "45m"), ("zone", ZONE)):
        screen.query_one(f"#invite-{field}", Input).value = value
    screen.refresh_preview()  # now, not after the typing debounce
    await pilot.pause()


def _sim_of(pilot: Pilot[None]) -> SimulatedConference:
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    sim = app.session.gateway
    assert isinstance(sim, SimulatedConference)
    return sim


async def _chat(pilot: Pilot[None]) -> None:
    screen = await _ready(pilot)
    sim = _sim_of(pilot)
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    someone = next(p for p in screen.table.shown_ids if app.conference.participants[p].jid)
    app.submit(SendChat("Welcome! Breakouts start in two minutes.", to=None))
    app.submit(Broadcast("Please unmute when you present."))
    app.submit(SendChat("Could you share your slides next?", to=someone))
    await sim.idle()
    await pilot.pause()
    await pilot.press("t", *"Five minutes left", "ctrl+b")
    dialog = app.screen
    assert isinstance(dialog, BroadcastDialog)
    rooms = dialog.rooms
    rooms.focus()
    for index in (2, 4):
        rooms.highlighted = index
        await pilot.press("space")
    await pilot.pause()


async def _lobby(pilot: Pilot[None]) -> None:
    await _ready(pilot)
    sim = _sim_of(pilot)
    await pilot.press("ctrl+l")
    await sim.idle()
    sim.knock("Greta Lindqvist", "greta.lindqvist@example.se")
    sim.knock("Bob Karlsson")
    sim.knock("Ahmed Al-Sayed", "ahmed@example.org")
    await pilot.press("l")
    await pilot.pause()


async def _timer(pilot: Pilot[None]) -> None:
    """A breakout session on its timer: the time left in the status line and on room cards."""
    screen = await _ready(pilot)
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    timer = app.workshop.find(SessionTimer)
    assert timer is not None
    timer.begin(12 * 60 + 4)  # the wall clock stands still here: it shows 12:04 left
    screen.show_clock()
    await pilot.pause()


SHOTS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "main.svg": _main,
    "main-80x24.svg": _main,
    "main-200x60.svg": _main,
    "hostile.svg": _hostile,
    "drag.svg": _drag,
    "help.svg": _help,
    "invite.svg": _invite,
    "chat.svg": _chat,
    "lobby.svg": _lobby,
    "timer.svg": _timer,
}


async def render(name: str) -> str:
    """The SVG of one screenshot."""
    # Fixed invite settings: the screenshots never depend on the user's config file.
    gateway = {
        "main.svg": _sim(delay=PENDING_FOR),
        "main-80x24.svg": _sim(delay=PENDING_FOR),
        "main-200x60.svg": _sim(delay=PENDING_FOR),
        "hostile.svg": _sim(HOSTILE),
    }.get(name) or _sim()
    app = ConsoleApp(
        gateway,
        serve_control=False,
        invite_settings=InviteSettings(),
        wall_clock=lambda: EPOCH + 95,  # everyone in the lobby has waited 1 min 35 s
    )
    async with app.run_test(size=SIZES.get(name, SIZE)) as pilot:
        await SHOTS[name](pilot)
        svg = app.export_screenshot(title="jitsi-tui")
    return svg


async def write_all(directory: Path) -> list[Path]:
    """Render every screenshot into ``directory``."""
    paths = []
    for name in SHOTS:
        path = directory / name
        path.write_text(await render(name), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Regenerate, or with ``--check`` compare; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a screenshot changed")
    args = parser.parse_args(argv)
    if not args.check:
        for path in asyncio.run(write_all(HERE)):
            print(f"wrote {path.relative_to(HERE.parent)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = asyncio.run(write_all(Path(tmp)))
        changed = [
            path.name
            for path in fresh
            if not (HERE / path.name).exists()
            or (HERE / path.name).read_bytes() != path.read_bytes()
        ]
    for name in changed:
        print(f"screenshots/{name} is out of date", file=sys.stderr)
    if changed:
        print("run: python screenshots/generate.py", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
