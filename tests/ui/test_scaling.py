"""Complexity guards for large meetings: work per update follows what changed, not the size.

Not timed (speed lives in ``bench/``): these count what a change causes — rows rebuilt, cached
lines drawn, re-orders, cards rebuilt, layouts, messages — so an O(n) regression fails here.
"""

from __future__ import annotations

from dataclasses import replace
from functools import reduce

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import console_screen, ready, region_text, wait_until
from tui.model.events import Event, ParticipantLeft, ParticipantPresent
from tui.model.reduce import apply
from tui.ui.messages import GatewayEventsReceived
from tui.ui.widgets import room_card, rooms_pane
from tui.ui.widgets.participants_table import ParticipantsTable

CROWD = [person(f"p{n:03d}", f"Person {n:03d}") for n in range(60)]
"""Sorted by name they show in this order, ``p000`` on top."""

SIZE = (120, 36)


def _count_calls(obj: object, name: str) -> list[int]:
    """Count calls of ``obj.name`` (an instance attribute shadows the method)."""
    calls = [0]
    original = getattr(obj, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return original(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


async def _drawn(pilot, table: ParticipantsTable) -> None:  # type: ignore[no-untyped-def]
    """Let pending refreshes draw, so counters start from a quiet table."""
    await pilot.pause()
    await pilot.pause()


async def test_a_mute_rebuilds_one_row_and_redraws_one_line(make_app) -> None:
    gateway = FakeGateway(CROWD)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        table = console_screen(app).table
        await _drawn(pilot, table)
        built, drawn = table.rows_built, table.lines_drawn
        orders = _count_calls(table, "_rebuild_order")

        gateway.emit(ParticipantPresent(replace(CROWD[5], audio_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("p005", "mic").text.plain == "on")
        await pilot.pause()

        assert "Person 005" in region_text(app, table)
        assert table.rows_built - built == 1  # one participant looked at again, not 61
        assert orders[0] == 0  # a mute cannot change the order by name
        # Only the changed row's line was drawn again; the other visible lines are reused.
        assert table.lines_drawn - drawn == 1


async def test_a_filter_keystroke_draws_only_visible_lines_and_builds_no_row(make_app) -> None:
    crowd = [person(f"q{n:04d}", f"Guest {n:04d}") for n in range(1000)]
    app = make_app(FakeGateway(crowd))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 1001)
        table = console_screen(app).table
        await pilot.press("slash")
        await _drawn(pilot, table)
        built, drawn = table.rows_built, table.lines_drawn
        visible = table.size.height

        await pilot.press("1")  # 1xxx, x1xx, …: 271 of the 1,000 guests
        await _drawn(pilot, table)
        assert table.row_count == 271
        assert "Guest 0001" in region_text(app, table)
        assert table.rows_built == built  # filtering builds no row
        assert table.lines_drawn - drawn <= visible  # and draws what is on screen, not 271

        built, drawn = table.rows_built, table.lines_drawn
        await pilot.press("escape")  # clear: everyone back
        await _drawn(pilot, table)
        assert table.row_count == 1001
        assert table.rows_built == built
        assert table.lines_drawn - drawn <= visible

        built, drawn = table.rows_built, table.lines_drawn
        await pilot.press("s")  # a sort builds no row either
        await _drawn(pilot, table)
        assert table.sort_column == "room"
        assert table.rows_built == built
        assert table.lines_drawn - drawn <= visible

        drawn = table.lines_drawn
        visible = table.size.height  # taller now that the filter box is closed
        before = table.cursor_row
        await pilot.press("pagedown")
        await _drawn(pilot, table)
        assert table.cursor_row == before + visible - 1  # a page: the rows under the header
        assert table.lines_drawn - drawn <= visible


async def test_a_hand_moves_rows_only_when_hands_come_first(make_app) -> None:
    gateway = FakeGateway(CROWD)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        table = console_screen(app).table
        sorts = _count_calls(table, "_place")
        gateway.emit(ParticipantPresent(replace(CROWD[40], hand_raised_at=1000)))
        await wait_until(pilot, lambda: table.get_cell("p040", "hand").text.plain == "✋1")
        assert sorts[0] == 0  # sorted by name: the hand changes a cell, not the order
        assert table.shown_ids.index("p040") == 41  # after the console and p000…p039

        await pilot.press("h")  # hands first
        assert table.shown_ids[0] == "p040"
        gateway.emit(ParticipantPresent(replace(CROWD[50], hand_raised_at=2000)))
        await wait_until(pilot, lambda: table.shown_ids[:2] == ["p040", "p050"])
        assert table.get_cell("p050", "hand").text.plain == "✋2"
        gateway.emit(ParticipantPresent(replace(CROWD[40], hand_raised_at=None)))
        await wait_until(pilot, lambda: table.shown_ids[0] == "p050")
        assert table.get_cell("p050", "hand").text.plain == "✋1"  # ranks follow


async def test_changes_in_place_keep_the_table_sorted(make_app) -> None:
    """The neighbour check that skips sorts must still sort when a row moves."""
    gateway = FakeGateway(CROWD)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        table = console_screen(app).table
        await pilot.press("s", "s", "s")  # mic: unmuted first
        assert table.sort_column == "mic"
        for n in (7, 33, 59):
            gateway.emit(ParticipantPresent(replace(CROWD[n], audio_muted=False)))
        await wait_until(pilot, lambda: table.shown_ids[:3] == ["p007", "p033", "p059"])
        gateway.emit(ParticipantPresent(replace(CROWD[30], name="Aaron")))
        gateway.emit(ParticipantLeft("p033", "main"))
        gateway.emit(ParticipantPresent(person("zz", "Zed", audio_muted=False)))
        await wait_until(pilot, lambda: table.row_count == 61)
        people = app.conference.participants

        def order(pid: str) -> tuple[object, ...]:
            return (people[pid].audio_muted, people[pid].name.casefold(), pid)

        assert table.shown_ids == sorted(table.shown_ids, key=order)


async def test_one_changed_room_rebuilds_one_card_without_a_layout(make_app, monkeypatch) -> None:
    rooms = [(f"r{n}", f"Room {n}") for n in range(1, 6)]
    gateway = FakeGateway(CROWD, rooms=rooms)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        for n in range(10):  # two people in each breakout room
            gateway.emit(ParticipantPresent(replace(CROWD[n], room=f"r{n % 5 + 1}")))
        pane = console_screen(app).rooms
        await wait_until(pilot, lambda: all(len(c.view.members) == 2 for c in pane.cards[1:]))
        built: list[str] = []
        original = rooms_pane._room_view

        def counted(conference, room, number, **kwargs):  # type: ignore[no-untyped-def]
            built.append(room.id)
            return original(conference, room, number, **kwargs)

        monkeypatch.setattr(rooms_pane, "_room_view", counted)
        card = pane.cards[3]
        layouts: list[bool] = []
        repaint = card._repaint

        def spy(*, layout: bool) -> None:
            layouts.append(layout)
            repaint(layout=layout)

        card._repaint = spy  # type: ignore[method-assign]

        who = card.view.members[0]
        raised = replace(app.conference.participants[who], hand_raised_at=5)
        gateway.emit(ParticipantPresent(raised))
        await wait_until(pilot, lambda: "✋" in card.view.lines[0].plain)
        assert built == [card.room_id]  # the other cards are reused as they are
        assert layouts == [False]  # same number of lines: repaint, no screen layout

        room = card.room_id
        assert room is not None
        gateway.emit(ParticipantPresent(replace(CROWD[20], room=room)))
        await wait_until(pilot, lambda: len(card.view.members) == 3)
        assert sorted(built[1:]) == sorted(["main", room])  # left main, joined here
        assert layouts[-1] is True  # one line more: the card grows


async def test_a_burst_of_events_is_one_message_applied_in_order(make_app) -> None:
    gateway = FakeGateway(CROWD[:5])
    app = make_app(gateway)
    batches: list[int] = []

    def hook(message: object) -> None:
        if isinstance(message, GatewayEventsReceived):
            batches.append(len(message.events))

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await ready(pilot, 6)
        batches.clear()
        before = app.conference
        burst: list[Event] = []
        for n in range(200):
            burst.append(ParticipantPresent(person(f"g{n:03d}", f"Guest {n}")))
        for n in range(0, 200, 2):
            burst.append(ParticipantLeft(f"g{n:03d}", "main"))
        for n in range(0, 20, 2):  # back again, muted differently: order decides
            burst.append(ParticipantPresent(person(f"g{n:03d}", f"Guest {n}", audio_muted=False)))
        for event in burst:
            gateway.emit(event)
        await ready(pilot, 6 + 110)
        assert batches == [len(burst)]  # one message for the whole burst, every event in it
        assert app.conference == reduce(apply, burst, before)
        assert console_screen(app).table.get_cell("g004", "mic").text.plain == "on"

        gateway.emit(ParticipantLeft("g004", "main"))  # after the batch: a new one
        await ready(pilot, 6 + 109)
        assert batches == [len(burst), 1]


async def test_opening_a_room_card_of_300_draws_only_the_lines_on_screen(make_app) -> None:
    crowd = [person(f"m{n:03d}", f"Member {n:03d}") for n in range(300)]
    app = make_app(FakeGateway(crowd))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 301)
        pane = console_screen(app).rooms
        card = pane.cards[0]
        drawn = _count_calls(card, "render_line")
        pane.focus()
        await pilot.press("enter")  # list everyone in the main room
        await wait_until(pilot, lambda: len(card.view.lines) == 301)
        await pilot.pause()
        assert "Member 020" in region_text(app, pane)  # hidden before: the card was cut short
        # A frame or two of the lines that fit in the pane, not 301 lines.
        assert 0 < drawn[0] <= 3 * pane.size.height


async def test_a_presence_walks_no_participants_map(make_app, monkeypatch) -> None:
    """Refreshing the screen after one mute does not look at everyone (issue 10: CPU).

    The table's row check and the status line's head count compared every participant on each
    refresh, most of the app's CPU at 1,000 people under 20 presences a second. Versions of
    the model's participants map name the keys written between them instead.
    """
    from tui.model.persistent import FrozenMap

    crowd = [person(f"q{n:04d}", f"Guest {n:04d}") for n in range(500)]
    gateway = FakeGateway(crowd)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 501)
        table = console_screen(app).table
        await _drawn(pilot, table)
        walked = [0]
        for name in ("items", "values", "__iter__"):
            original = getattr(FrozenMap, name)

            def counted(self, _original=original):  # type: ignore[no-untyped-def]
                if len(self) >= 500:
                    walked[0] += 1
                return _original(self)

            monkeypatch.setattr(FrozenMap, name, counted)
        built = table.rows_built

        gateway.emit(ParticipantPresent(replace(crowd[3], audio_muted=False)))
        await wait_until(pilot, lambda: table.get_cell("q0003", "mic").text.plain == "on")
        await pilot.pause()

        assert "501 people" in region_text(app, console_screen(app).status)
        assert table.rows_built - built == 1
        assert walked[0] == 0


async def test_a_lowered_hand_rebuilds_one_row_and_renumbers_the_hands_after_it(
    make_app,
) -> None:
    """The hands behind a lowered one move up a rank: their hand cells change, not their rows."""
    crowd = [
        person(f"p{n:03d}", f"Person {n:03d}", hand_raised_at=1000 + n if n < 20 else None)
        for n in range(60)
    ]
    gateway = FakeGateway(crowd)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 61)
        table = console_screen(app).table
        await _drawn(pilot, table)
        assert table.get_cell("p005", "hand").text.plain == "✋6"
        built = table.rows_built

        gateway.emit(ParticipantPresent(replace(crowd[0], hand_raised_at=None)))
        await wait_until(pilot, lambda: table.get_cell("p005", "hand").text.plain == "✋5")
        await pilot.pause()

        assert table.get_cell("p019", "hand").text.plain == "✋19"
        shown = region_text(app, table)
        assert "Person 001" in shown and "✋1\n" not in shown and "✋1" in shown  # on screen too
        assert table.get_cell("p000", "hand").text.plain == ""
        assert table.rows_built - built == 1  # the lowered hand's row; 19 others renumbered


async def test_an_opened_card_of_1000_builds_the_lines_on_screen_and_a_mute_rebuilds_none(
    make_app, monkeypatch
) -> None:
    """Opening the main room's card costs what is visible (issue 10: open the main room card)."""
    crowd = [person(f"m{n:04d}", f"Member {n:04d}") for n in range(1000)]
    gateway = FakeGateway(crowd)
    app = make_app(gateway)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, 1001)
        pane = console_screen(app).rooms
        card = pane.cards[0]
        built = [0]
        original = room_card.member_line

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            built[0] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(rooms_pane, "member_line", counted)
        pane.focus()
        await pilot.press("enter")  # list everyone in the main room
        await wait_until(pilot, lambda: len(card.view.lines) == 1001)
        await pilot.pause()
        assert "Member 0020" in region_text(app, pane)  # hidden before: the card was cut short
        assert 0 < built[0] <= pane.size.height  # the lines that fit, not 1,001

        view, built[0] = card.view, 0
        gateway.emit(ParticipantPresent(replace(crowd[5], audio_muted=False)))
        await wait_until(pilot, lambda: app.conference.participants["m0005"].audio_muted is False)
        await pilot.pause()
        assert card.view is view and built[0] == 0  # a mute shows nowhere on a card

        gateway.emit(ParticipantPresent(replace(crowd[5], hand_raised_at=7)))
        await wait_until(pilot, lambda: "✋" in card.view.lines[6].plain)
        assert built[0] == 1  # that member's line alone
