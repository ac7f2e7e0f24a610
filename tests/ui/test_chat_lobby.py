"""Chat (room, private, broadcast to chosen rooms) and the lobby panel, names shown literally."""

from __future__ import annotations

import time

from textual.widgets import Input

from tests.ui.fakes import ME, ROOM, FakeGateway, person
from tests.ui.helpers import console_screen, ready, screen_text, wait_until
from tui.model.commands import SendGroupChat, SendMembersOnly
from tui.model.conference import ChatMessage, Knocker
from tui.model.events import ChatReceived, KnockerArrived, LobbyChanged
from tui.ui.screens.broadcast import ALL_ROOMS, BroadcastDialog
from tui.ui.screens.chat import ChatScreen
from tui.ui.screens.lobby import LobbyScreen, waited

QUIT = "[@click=app.quit]Mallory[/]"
EVIL_TEXT = "[b]not bold[/b] \x1b]52;c;ZXZpbA==\x07"


async def test_chat_line_sent_appears_in_the_chat_pane(make_sim, make_app) -> None:
    sim = make_sim()
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 31)
        await pilot.press("t")
        assert isinstance(app.screen, ChatScreen)
        assert "no messages yet" in screen_text(app)
        await pilot.press(*"Hello everyone", "enter")
        await sim.idle()
        await wait_until(pilot, lambda: "you: Hello everyone" in screen_text(app))
        assert app.screen.query_one("#chat-input", Input).value == ""
        await pilot.press("escape")
        assert not isinstance(app.screen, ChatScreen)


async def test_broadcast_to_two_chosen_rooms(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        rooms = [r.id for r in app.conference.breakout_rooms]
        await pilot.press("t", *"Five minutes left", "ctrl+b")
        dialog = app.screen
        assert isinstance(dialog, BroadcastDialog)
        assert dialog.chosen() == ()  # "All rooms" is the default
        # Tick rooms 1 and 3: "All rooms" unticks itself.
        checklist = dialog.rooms
        checklist.focus()
        for index in (2, 4):  # 0 All rooms, 1 main, 2 room #1, 3 room #2, 4 room #3
            checklist.highlighted = index
            await pilot.press("space")
        assert dialog.chosen() == (rooms[0], rooms[2])
        assert ALL_ROOMS not in checklist.selected
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChatScreen)
        await sim.idle()
        await wait_until(
            pilot,
            lambda: len([m for m in app.conference.chat if m.mine]) == 2,
        )
        echoes = [m for m in app.conference.chat if m.mine]
        assert sorted(m.room for m in echoes) == sorted([rooms[0], rooms[2]])
        await wait_until(
            pilot, lambda: "[Breakout room #1] you: Five minutes left" in screen_text(app)
        )
        text = screen_text(app)
        assert "[Breakout room #3] you: Five minutes left" in text
        assert "[Breakout room #2]" not in text


async def test_broadcast_to_all_rooms_from_the_main_screen(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna")], rooms=[("r1", "One"), ("r2", "Two")])
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 2)
        await pilot.press("B", *"Back in the main room at 10", "enter")
        await wait_until(pilot, lambda: len(gateway.sent) == 3)
        assert {c.room for c in gateway.sent} == {ROOM, "r1", "r2"}  # type: ignore[union-attr]
        assert all(isinstance(c, SendGroupChat) for c in gateway.sent)


async def test_hostile_names_and_text_in_chat_are_literal(make_app) -> None:
    gateway = FakeGateway([person("m1", QUIT)])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        gateway.emit(ChatReceived(ChatMessage("m1", QUIT, EVIL_TEXT, ROOM)))
        gateway.emit(ChatReceived(ChatMessage("m1", QUIT, "psst [i]x[/i]", ROOM, to=ME)))
        await pilot.press("t")
        log = app.screen.log_view
        await wait_until(pilot, lambda: len(log.plain_lines) == 2)
        text = screen_text(app)
        assert f"{QUIT}: [b]not bold[/b] \ufffd]52;c;ZXZpbA==\ufffd" in text
        assert f"(private) {QUIT} → you: psst [i]x[/i]" in text
        assert "\x1b" not in text and "\x07" not in text
        assert app.is_running


async def test_lobby_knocker_admitted_appears_in_the_table(make_sim, make_app) -> None:
    sim = make_sim()
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 31)
        await pilot.press("l")
        assert isinstance(app.screen, LobbyScreen)
        assert "Lobby is off" in screen_text(app)
        await pilot.press("t")  # lobby on
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.lobby_enabled)
        await wait_until(pilot, lambda: "Lobby is on" in screen_text(app))
        first = sim.knock("Greta Garbo", "greta@example.se")
        second = sim.knock(QUIT)
        await wait_until(pilot, lambda: "2 waiting" in screen_text(app))
        text = screen_text(app)
        assert "greta@example.se" in text
        assert QUIT in text
        await pilot.press("a")  # the first to knock is under the cursor
        await sim.idle()
        await wait_until(pilot, lambda: first in app.conference.participants)
        await wait_until(pilot, lambda: "1 waiting" in screen_text(app))
        await pilot.press("d")
        await sim.idle()
        await wait_until(pilot, lambda: not app.conference.knocking)
        assert second not in app.conference.participants
        await pilot.press("escape")
        await ready(pilot, 32)
        assert first in console_screen(app).table.shown_ids
        assert "lobby: 0 waiting" in console_screen(app).status.plain


async def test_admit_all_and_lobby_off(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        await pilot.press("ctrl+l")
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.lobby_enabled)
        ids = [sim.knock(f"Guest {n}") for n in range(3)]
        await wait_until(pilot, lambda: "lobby: 3 waiting" in console_screen(app).status.plain)
        await pilot.press("l", "A")
        await sim.idle()
        await wait_until(pilot, lambda: all(k in app.conference.participants for k in ids))
        await pilot.press("t")
        await sim.idle()
        await wait_until(pilot, lambda: not app.conference.lobby_enabled)


async def test_lobby_waiting_time_and_pending_mark(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna")])
    app = make_app(gateway, wall_clock=lambda: 1_000.0)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 2)
        gateway.emit(LobbyChanged(True))
        gateway.emit(KnockerArrived(Knocker("k1", "Kim", "k1@example/x", since=1_000.0 - 185)))
        await pilot.press("l")
        await wait_until(pilot, lambda: "3 min 05 s" in screen_text(app))
        assert "—" in screen_text(app)  # no email given
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Kim …" in screen_text(app))
        assert [type(c).__name__ for c in gateway.sent] == ["SendAdmit"]


def test_waited_reads_naturally() -> None:
    assert waited(45) == "45 s"
    assert waited(185) == "3 min 05 s"
    assert waited(3720) == "1 h 02 min"
    assert waited(-3) == "0 s"


async def test_lobby_refused_for_a_non_moderator(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna")], moderator=False)
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 2)
        await pilot.press("l", "t")
        await wait_until(pilot, lambda: "you are not a moderator" in screen_text(app))
        assert not any(isinstance(c, SendMembersOnly) for c in gateway.sent)


async def test_chat_lines_carry_the_local_time_they_arrived(make_app) -> None:
    now = [time.mktime((2026, 12, 2, 14, 3, 20, 0, 0, -1))]  # local time, whatever the zone
    gateway = FakeGateway([person("a1", "Anna")])
    app = make_app(gateway, wall_clock=lambda: now[0])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 2)
        gateway.emit(ChatReceived(ChatMessage("a1", "Anna", "hello", ROOM)))
        await wait_until(pilot, lambda: len(app.transcript.lines) == 1)
        now[0] += 9 * 3600 + 60  # 23:04: the first line keeps the time it came
        gateway.emit(ChatReceived(ChatMessage("a1", "Anna", "still here", ROOM, to=ME)))
        await pilot.press("t")
        await wait_until(pilot, lambda: len(app.screen.log_view.plain_lines) == 2)
        text = screen_text(app)
        assert "14:03 Anna: hello" in text
        assert "23:04 (private) Anna → you: still here" in text
