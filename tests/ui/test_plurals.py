"""Questions and titles say "the 1 room" and "all 2 rooms", never "all 1 rooms" (issue 13).

Each phrase is shown at 80×24 with one and with two of what it counts.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.ui.fakes import ME, ROOM, ROOM_JID, FakeGateway, person
from tests.ui.helpers import console_screen, ready, screen_text, wait_until
from tui.model.conference import Participant
from tui.model.events import RoomsSnapshot, SnapshotMember, SnapshotRoom
from tui.ui.app import ConsoleApp
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.hands import HandsScreen


def _people(count: int, hand_raised_at: int | None = None) -> list[Participant]:
    return [person(f"p{n}", f"Person {n}", hand_raised_at=hand_raised_at) for n in range(count)]


async def _question(app: ConsoleApp, pilot: Pilot[None], *keys: str) -> str:
    await pilot.press(*keys)
    assert isinstance(app.screen, ConfirmDialog)
    return app.screen.question


@pytest.mark.parametrize(
    ("rooms", "question"),
    [
        (1, "Close the 1 breakout room and bring everyone back to the main room?"),
        (2, "Close all 2 breakout rooms and bring everyone back to the main room?"),
    ],
)
async def test_close_all_counts_its_rooms(make_app, rooms: int, question: str) -> None:
    gateway = FakeGateway(
        _people(1), rooms=[(f"r{n}", f"Breakout room #{n}") for n in range(rooms)]
    )
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 2)
        assert await _question(app, pilot, "C") == question


@pytest.mark.parametrize(
    ("people", "mics", "cameras", "end"),
    [
        (
            1,
            "Mute the microphone of the 1 person? They can unmute again.",
            "Turn off the camera of the 1 person? They can turn it on again.",
            "The 1 person is disconnected",
        ),
        (
            2,
            "Mute the microphones of all 2 people? They can unmute again.",
            "Turn off the cameras of all 2 people? They can turn them on again.",
            "All 2 people are disconnected",
        ),
    ],
)
async def test_everyone_questions_count_the_people(
    make_app, people: int, mics: str, cameras: str, end: str
) -> None:
    app = make_app(FakeGateway(_people(people)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, people + 1)
        assert await _question(app, pilot, "M") == mics
        await pilot.press("n")
        assert await _question(app, pilot, "V") == cameras
        await pilot.press("n")
        question = await _question(app, pilot, "E")
        assert f"\n{end} and every breakout room closes." in question


@pytest.mark.parametrize(
    ("inside", "words"), [(1, "The 1 person in it goes"), (2, "The 2 people in it go")]
)
async def test_removing_an_occupied_room_counts_who_is_inside(
    make_app, inside: int, words: str
) -> None:
    people = _people(3)
    gateway = FakeGateway(people, rooms=[("r1", "Breakout room #1")])
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 4)
        member = [SnapshotMember(p.id, p.jid, p.name, p.role) for p in people]
        me = SnapshotMember(ME, f"{ME}@example/c", "Console", app.conference.myself.role)
        gateway.emit(
            RoomsSnapshot(
                (
                    SnapshotRoom(ROOM, ROOM_JID, "Fake meeting", True, (me, *member[inside:])),
                    SnapshotRoom(
                        "r1",
                        "r1@breakout.example",
                        "Breakout room #1",
                        False,
                        tuple(member[:inside]),
                    ),
                ),
                1,
            )
        )
        await wait_until(pilot, lambda: len(app.conference.rooms["r1"].members) == inside)
        question = await _question(app, pilot, "tab", "down", "delete")
        assert question == f"Remove Breakout room #1? {words} back to the main room."


@pytest.mark.parametrize(("hands", "title"), [(1, "1 hand up"), (2, "2 hands up")])
async def test_hands_queue_title_counts_hands(make_app, hands: int, title: str) -> None:
    app = make_app(FakeGateway(_people(hands, hand_raised_at=1000)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, hands + 1)
        await pilot.press("H")
        assert isinstance(app.screen, HandsScreen)
        await wait_until(pilot, lambda: title in screen_text(app))
        assert app.screen.table.border_title == title


@pytest.mark.parametrize(("selected", "who"), [(1, "Person 0"), (2, "2 people")])
async def test_move_picker_names_the_one_or_counts_the_many(
    make_app, selected: int, who: str
) -> None:
    app = make_app(FakeGateway(_people(2), rooms=[("r1", "Breakout room #1")]))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 3)
        table = console_screen(app).table
        for n in range(selected):
            table.move_cursor(row=table.get_row_index(f"p{n}"))
            await pilot.press("space")
        await pilot.press("m")
        assert console_screen(app).picker.is_open
        assert f"Move {who} to:" in screen_text(app)
