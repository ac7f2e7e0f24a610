"""Layouts that use the whole terminal (issue 13): header priorities at 80x24, columns and
room cards that grow at 200x60, sort arrows and reverse, counts, and chat line times."""

from __future__ import annotations

import re

import pytest

from tests.ui.fakes import ROOM, ROOM_JID, FakeGateway, person
from tests.ui.helpers import card_of, console_screen, ready, screen_text, wait_until
from tui.model.conference import Knocker, Participant
from tui.model.events import (
    KnockerArrived,
    LobbyChanged,
    ParticipantPresent,
    RoomsSnapshot,
    SnapshotMember,
    SnapshotRoom,
)
from tui.ui.keymap import ACTIONS


async def test_80x24_header_keeps_connection_role_pending_lobby_and_hands(make_app) -> None:
    people = [person(f"p{n}", f"Person number {n}", hand_raised_at=float(n)) for n in range(3)]
    gateway = FakeGateway(people, rooms=[("r1", "Breakout room #1")])  # never confirms a move
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 4)
        gateway.emit(LobbyChanged(True))
        gateway.emit(KnockerArrived(Knocker("k1", "Greta Garbo")))
        gateway.emit(KnockerArrived(Knocker("k2", "Guest 2")))
        table = console_screen(app).table
        table.move_cursor(row=table.get_row_index("p1"))
        await pilot.press("1")
        await wait_until(pilot, lambda: "pending" in console_screen(app).status.plain)
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        for fact in ("connected", "moderator", "1 pending", "lobby: 2 waiting", "3"):
            assert fact in header, header
        assert "✋3" in header or "3 hands up" in header


async def test_hands_and_people_read_as_singular_or_plural(make_app) -> None:
    people = [person("a1", "Anna", hand_raised_at=5.0), person("b1", "Bo")]
    gateway = FakeGateway(people, rooms=[("r1", "Breakout room #1")])
    app = make_app(gateway)
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot, 3)
        status = console_screen(app).status.plain
        assert "1 hand up" in status and "hands up" not in status
        assert "1 room" in status and "1 rooms" not in status, status
        gateway.emit(ParticipantPresent(person("b1", "Bo", hand_raised_at=6.0)))
        await wait_until(pilot, lambda: "2 hands up" in console_screen(app).status.plain)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_header_and_main_room_card_count_the_same_people(make_sim, make_app, size) -> None:
    app = make_app(make_sim(participants=30, rooms=0))  # bots from 20 on: a recorder is here
    async with app.run_test(size=size) as pilot:
        await ready(pilot, 31)
        main = app.conference.rooms[app.conference.main_room]
        await pilot.pause()
        # What the terminal shows, at every size: the header's count is the card's, and from
        # 120 columns on the header says the console is among them (at 80 that goes first).
        text = screen_text(app)
        header, count = text.splitlines()[0], len(main.members)
        said = f" {count} people (you too) " if size[0] >= 120 else f" {count} people "
        assert said in header, header
        assert re.search(rf"╭─ 0 Demo meet\S* \({count}\) ─", text), text


SORT_LABELS = {"name": "Name", "room": "Room", "role": "Role", "mic": "Mic", "cam": "Cam"}


def _header(app) -> str:
    table = console_screen(app).table
    return screen_text(app).splitlines()[table.region.y]


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_every_sortable_column_shows_its_arrow_and_reverses(make_sim, make_app, size):
    app = make_app(make_sim(participants=30, rooms=3))
    async with app.run_test(size=size) as pilot:
        await ready(pilot, 31)
        table = console_screen(app).table
        for column in ("name", "room", "role", "mic", "cam", "hand"):
            while table.sort_column != column:
                await pilot.press("s")
            await pilot.pause()
            label = SORT_LABELS.get(column, "Hand")
            assert f"{label}▼" in _header(app), (column, _header(app))
            forward = table.shown_ids
            await pilot.press("I")
            await pilot.pause()
            assert f"{label}▲" in _header(app), (column, _header(app))
            assert table.descending
            if column == "name":
                assert table.shown_ids == forward[::-1]
            else:  # the column runs backwards; ties keep their names in reverse too
                keys = [table.get_cell(pid, column).sort for pid in table.shown_ids]
                assert keys == sorted(keys, reverse=True)
            await pilot.press("I")
            await pilot.pause()
            assert table.shown_ids == forward


async def test_clicking_the_sorted_header_reverses_and_help_says_how(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna"), person("b1", "Bo"), person("c1", "Cid")])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, 4)
        table = console_screen(app).table
        first = table.shown_ids
        await pilot.click(type(table), offset=(table.column_x("name") + 2, 0))
        await pilot.pause()
        assert table.shown_ids == first[::-1]
        assert "Name▲" in _header(app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "Invert the sort" in screen_text(app))


LONG_NAME = "Maximiliane Charlotte Augusta von Hohenberg-Lind"  # 48 characters


async def test_200x60_columns_grow_and_the_main_room_card_fills_the_height(make_app) -> None:
    people = [person(f"p{n:02}", f"Person {n:02}") for n in range(50)]
    people.append(person("long", LONG_NAME))
    app = make_app(FakeGateway(people, rooms=[("r1", "Breakout room #1")]))
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot, 52)
        screen = console_screen(app)
        table = screen.table
        table.move_cursor(row=table.get_row_index("long"))
        await pilot.pause()
        assert LONG_NAME in screen_text(app)  # the whole name, in the table and its card
        main = card_of(app, app.conference.main_room)
        # 52 in the main room: the pane (58 lines) lists more than the 8 it listed before,
        # leaving the breakout room's card its lines
        listed = len(main.view.members)
        assert listed >= 45, listed
        inside = screen.rooms.scrollable_content_region.height
        used = sum(card.outer_size.height for card in screen.rooms.cards)
        assert used <= inside and inside - used <= 2, (used, inside)


async def test_80x24_names_keep_more_than_9_characters(make_app) -> None:
    app = make_app(FakeGateway([person("long", LONG_NAME)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 2)
        table = console_screen(app).table
        assert table.column_width("name") > 10
        row = screen_text(app).splitlines()[table.region.y + 1 + table.get_row_index("long")]
        assert LONG_NAME[:11] in row


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_pane_title_counts_filter_matches_and_selection(make_app, size) -> None:
    people = [person(f"p{n:04}", f"Anna {n}" if n < 36 else f"Bo {n}") for n in range(1012)]
    app = make_app(FakeGateway(people))
    async with app.run_test(size=size) as pilot:
        await ready(pilot, 1013)
        text = lambda: screen_text(app)  # noqa: E731
        await wait_until(pilot, lambda: "Participants 1,013" in text())
        await pilot.press("slash", *"anna")
        await wait_until(pilot, lambda: "Participants 36 of 1,013" in text())
        await pilot.press("enter", "space", "space")
        await wait_until(pilot, lambda: "36 of 1,013 · 2 selected" in text())
        await pilot.press("u")
        await wait_until(pilot, lambda: "selected" not in text().splitlines()[1])


async def test_a_narrow_card_cuts_the_rooms_name_not_its_count(make_app) -> None:
    # Found in the tmux walk-through at 80×24: "0 Demo meeting (100…" for 1,001 people read as
    # a hundred.
    people = [person(f"p{n}", f"Person {n}") for n in range(1_200)]
    gateway = FakeGateway(people, rooms=[("r1", "A room with a long name, longer than the card")])
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 1_201)
        text = screen_text(app)
        assert "╭─ 0 Fake meet… (1,201) ─╮" in text
        assert "╭─ 1 A room with a… (0) ─╮" in text


async def test_200x60_a_long_room_name_takes_the_width_names_leave(make_app) -> None:
    # Found in the tmux walk-through at 200×60: a long room name cut at 30 characters beside
    # 20 empty columns.
    long_room = "Ett väldigt långt rumsnamn för en grupp"  # 39 characters
    anna = person("a1", "Anna")
    gateway = FakeGateway([anna], rooms=[("r1", long_room)])
    app = make_app(gateway)
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot, 2)
        me = app.conference.myself
        assert me is not None
        rooms = (
            SnapshotRoom(ROOM, ROOM_JID, "Fake meeting", True, (_member(me),)),
            SnapshotRoom("r1", "r1@breakout.example", long_room, False, (_member(anna),)),
        )
        gateway.emit(RoomsSnapshot(rooms, 1))
        await wait_until(pilot, lambda: app.conference.participants["a1"].room == "r1")
        table = console_screen(app).table

        def row() -> str:
            return screen_text(app).splitlines()[table.region.y + 1 + table.get_row_index("a1")]

        # The table follows on its next coalesced refresh, which a busy machine may delay.
        await wait_until(pilot, lambda: "1 Ett" in row(), what="the row showing the new room")
        assert f"1 {long_room}" in row()


def _member(someone: Participant) -> SnapshotMember:
    return SnapshotMember(someone.id, someone.jid, someone.name, someone.role)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_the_footer_shows_whole_keys_only(make_app, size) -> None:
    # Walk-through at 80×24: "… s Sort  I Invert so▏^p palette", a label cut in its middle.
    app = make_app(FakeGateway([person("a1", "Anna")], rooms=[("r1", "Breakout room #1")]))
    async with app.run_test(size=size) as pilot:
        await ready(pilot, 2)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        keys, palette = footer.rsplit("▏", 1)
        assert palette.strip() == "^p palette", footer
        labels = {action.label for action in ACTIONS if action.show}
        last = keys.rstrip()
        assert any(last.endswith(f" {label}") for label in labels), footer
        assert "Move to…" in keys, footer
