"""Auto-assign by a number of rooms or by people per room (issue 14, Sizing)."""

from __future__ import annotations

from collections import Counter

from tests.model.factories import ME, ROOM, connected, person, snapshot
from tui.model.breakout_plans import rooms_wanted
from tui.model.commands import SendMove
from tui.model.conference import Conference
from tui.model.intents import AutoAssign
from tui.model.reduce import Planned, Refused, apply, plan


def meeting(people: int, rooms: int) -> Conference:
    crowd = [person(f"p{i:02}") for i in range(people)]
    conf = connected(*crowd)
    layout = {ROOM: [ME, *(p.id for p in crowd)], **{f"r{i}": [] for i in range(1, rooms + 1)}}
    return apply(conf, snapshot(conf, layout))


def sizes(conf: Conference, intent: AutoAssign) -> list[int]:
    result = plan(conf, intent)
    assert isinstance(result, Planned)
    counts = Counter(cmd.room for cmd in result.commands if isinstance(cmd, SendMove))
    return sorted(counts.values(), reverse=True)


def test_a_number_of_rooms_uses_that_many_of_the_rooms() -> None:
    conf = meeting(10, 5)
    assert sizes(conf, AutoAssign(seed=3, rooms=2)) == [5, 5]
    assert rooms_wanted(conf, AutoAssign(seed=3, rooms=2)) == 2


def test_people_per_room_sets_how_many_rooms() -> None:
    conf = meeting(10, 5)
    assert rooms_wanted(conf, AutoAssign(seed=3, per_room=3)) == 4  # ceil(10 / 3)
    assert sizes(conf, AutoAssign(seed=3, per_room=3)) == [3, 3, 3, 1]
    assert max(sizes(conf, AutoAssign(seed=9, per_room=4))) <= 4


def test_too_few_rooms_is_refused_with_how_many_are_needed() -> None:
    conf = meeting(10, 2)
    assert plan(conf, AutoAssign(seed=1, per_room=2)) == Refused(
        "auto-assign needs 5 breakout rooms; there are 2"
    )
    assert plan(conf, AutoAssign(seed=1, rooms=3)) == Refused(
        "auto-assign needs 3 breakout rooms; there are 2"
    )


def test_both_sizes_at_once_is_refused() -> None:
    assert plan(meeting(4, 2), AutoAssign(seed=1, rooms=2, per_room=2)) == Refused(
        "give a number of rooms or a number of people per room, not both"
    )


def test_without_a_size_every_room_is_used_as_before() -> None:
    conf = meeting(9, 3)
    assert sizes(conf, AutoAssign(seed=5)) == [3, 3, 3]
    assert rooms_wanted(conf, AutoAssign(seed=5)) == 3
