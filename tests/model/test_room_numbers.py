"""A breakout room keeps its number for its life (issue 13: room keys shifted on a removal).

Jitsi names a new room "Breakout room #N" from the component's room counter and keeps N when
other rooms go (jitsi-meet react/features/breakout-rooms/actions.ts, createBreakoutRoom); the
console's room numbers -- on the cards, in the picker and on the digit keys -- follow it.
"""

from __future__ import annotations

from tests.model.factories import ME, ROOM, ROOM_JID, connected
from tui.model.conference import Conference
from tui.model.events import RoomsSnapshot, SnapshotMember, SnapshotRoom
from tui.model.reduce import apply


def _snapshot(conference: Conference, *rooms: tuple[str, str], counter: int) -> Conference:
    main = SnapshotRoom(
        ROOM, ROOM_JID, is_main=True, members=(SnapshotMember(ME, "me@meet.jitsi/x", "Console"),)
    )
    breakouts = tuple(SnapshotRoom(rid, f"{rid}@breakout.meet.jitsi", name) for rid, name in rooms)
    return apply(conference, RoomsSnapshot((main, *breakouts), counter))


def _numbers(conference: Conference) -> dict[str, int | None]:
    return {room.label: conference.room_number(room.id) for room in conference.rooms.values()}


def test_removing_room_1_leaves_the_others_their_numbers() -> None:
    conf = _snapshot(
        connected(), ("a", "Ny"), ("b", "Breakout room #2"), ("c", "Breakout room #3"), counter=3
    )
    assert _numbers(conf) == {"Main room": 0, "Ny": 1, "Breakout room #2": 2, "Breakout room #3": 3}
    conf = _snapshot(conf, ("b", "Breakout room #2"), ("c", "Breakout room #3"), counter=3)
    assert _numbers(conf) == {"Main room": 0, "Breakout room #2": 2, "Breakout room #3": 3}
    assert conf.room_with_number(1) is None
    assert conf.room_with_number(2) == conf.rooms["b"]


def test_a_removed_rooms_number_is_not_given_to_the_next_room() -> None:
    conf = _snapshot(connected(), ("a", "Breakout room #1"), ("b", "Breakout room #2"), counter=2)
    conf = _snapshot(conf, ("b", "Breakout room #2"), counter=2)
    conf = _snapshot(conf, ("b", "Breakout room #2"), ("d", "Quiet corner"), counter=3)
    assert conf.room_number("d") == 3
    # Jitsi's own next default name carries the component's counter.
    conf = _snapshot(
        conf, ("b", "Breakout room #2"), ("d", "Quiet corner"), ("e", "Breakout room #4"), counter=4
    )
    assert _numbers(conf)["Breakout room #4"] == 4


def test_renaming_a_room_keeps_its_number() -> None:
    conf = _snapshot(connected(), ("a", "Breakout room #1"), ("b", "Breakout room #2"), counter=2)
    conf = _snapshot(conf, ("a", "Breakout room #1"), ("b", "Breakout room #7"), counter=2)
    assert conf.room_number("b") == 2


def test_joining_mid_meeting_takes_the_numbers_from_jitsis_names() -> None:
    # Rooms #1 and #3 were removed before the console joined; the server lists the rest in
    # any order (a Lua table), and a renamed room fills the lowest free number.
    conf = _snapshot(
        connected(),
        ("e", "Breakout room #5"),
        ("x", "Team A"),
        ("b", "Breakout room #2"),
        counter=5,
    )
    assert _numbers(conf) == {
        "Main room": 0,
        "Breakout room #5": 5,
        "Team A": 1,
        "Breakout room #2": 2,
    }


def test_two_rooms_claiming_one_number_get_two_numbers() -> None:
    conf = _snapshot(connected(), ("a", "Breakout room #1"), ("b", "Breakout room #1"), counter=2)
    assert {conf.room_number("a"), conf.room_number("b")} == {1, 2}


def test_a_hostile_number_in_a_name_is_not_taken() -> None:
    conf = _snapshot(connected(), ("a", "Breakout room #99999999999999999999"), counter=1)
    assert conf.room_number("a") == 1


def test_rooms_are_listed_by_their_number_whatever_order_the_server_sends() -> None:
    # The component's rooms map is a Lua table: its order is not creation order, and not
    # the same from one update to the next. Cards and the picker list rooms 1, 2, 3.
    conf = _snapshot(
        connected(),
        ("c", "Breakout room #3"),
        ("a", "Breakout room #1"),
        ("b", "Breakout room #2"),
        counter=3,
    )
    assert list(conf.rooms) == [ROOM, "a", "b", "c"]
    conf = _snapshot(conf, ("b", "Breakout room #2"), ("c", "Breakout room #3"), counter=3)
    assert list(conf.rooms) == [ROOM, "b", "c"]
