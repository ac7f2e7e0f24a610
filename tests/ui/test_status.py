"""The status line, refusals with their reasons, pending markers, confirmations that never come."""

from __future__ import annotations

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import (
    console_screen,
    cursor_on_someone,
    ready,
    screen_text,
    wait_until,
)
from tui.model.commands import SendMove
from tui.model.events import CommandFailed
from tui.ui.widgets.status_line import READ_ONLY


async def test_not_a_moderator_is_read_only_and_refused(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna")], moderator=False, rooms=[("r1", "Room one")])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        screen = console_screen(app)
        assert READ_ONLY in screen.status.plain
        assert READ_ONLY in screen_text(app)
        screen.table.move_cursor(row=screen.table.get_row_index("a1"))
        await pilot.press("1")
        await wait_until(pilot, lambda: "you are not a moderator" in screen_text(app))
        assert gateway.sent == []
        assert not app.session.pending


async def test_moving_someone_into_their_own_room_is_refused(demo_console) -> None:
    async with demo_console() as (_sim, app, pilot):
        pid = cursor_on_someone(app)
        name = app.conference.participants[pid].name
        await pilot.press("0")
        await wait_until(pilot, lambda: f"{name} is already in Demo meeting" in screen_text(app))
        assert not app.session.pending


async def test_pending_until_confirmed_then_timeout_is_reported(make_app) -> None:
    now = [1000.0]
    gateway = FakeGateway([person("a1", "Anna")], rooms=[("r1", "Room one")])
    app = make_app(gateway, clock=lambda: now[0], confirm_timeout=10.0)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        screen = console_screen(app)
        screen.table.move_cursor(row=screen.table.get_row_index("a1"))
        await pilot.press("1")
        await wait_until(pilot, lambda: "1 pending" in screen.status.plain)
        assert screen.table.get_cell("a1", "room").text.plain == "→ Room one"
        assert "Anna → Room one" in screen_text(app)  # the room card marks it too
        assert [type(c) for c in gateway.sent] == [SendMove]

        now[0] += 11
        app.session.tick()
        await wait_until(
            pilot, lambda: "not confirmed by the server: move Anna to Room one" in screen_text(app)
        )
        await wait_until(pilot, lambda: "pending" not in screen.status.plain)
        assert screen.table.get_cell("a1", "room").text.plain == "0 Fake meeting"


async def test_command_failed_is_shown_and_dropped(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna")], rooms=[("r1", "Room one")])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        screen = console_screen(app)
        screen.table.move_cursor(row=screen.table.get_row_index("a1"))
        await pilot.press("1")
        await wait_until(pilot, lambda: bool(gateway.sent))
        gateway.emit(CommandFailed(gateway.sent[0], "forbidden"))
        await wait_until(pilot, lambda: "move Anna to Room one: forbidden" in screen_text(app))
        assert not app.session.pending


async def test_status_line_counts(make_sim, make_app) -> None:
    app = make_app(make_sim())
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 31)
        status = console_screen(app).status.plain
        assert status.startswith("Demo meeting")
        assert "connected" in status and "moderator" in status
        assert "31 people" in status and "3 rooms" in status and "hands up" in status


def test_head_count_follows_joins_leaves_hands_and_counts_bots_too() -> None:
    from dataclasses import replace as changed

    from tui.model.conference import Kind
    from tui.ui.widgets.status_line import HeadCount

    heads = HeadCount()
    people = {p.id: p for p in (person(f"h{n}", f"H {n}") for n in range(6))}
    assert heads.count(people) == (6, 0)
    people = {**people, "h1": changed(people["h1"], hand_raised_at=5)}  # a hand goes up
    people["bot"] = changed(person("bot", "Recorder"), kind=Kind.JIBRI)  # a bot joins
    assert heads.count(people) == (7, 1)  # everyone counts, as in the room cards
    people = {pid: p for pid, p in people.items() if pid not in ("h1", "h2")}  # two leave
    people["h9"] = person("h9", "H 9", hand_raised_at=7)  # one joins, hand up
    assert heads.count(people) == (6, 1)
    assert heads.count(people) == (6, 1)  # the same mapping again: nothing recounted
