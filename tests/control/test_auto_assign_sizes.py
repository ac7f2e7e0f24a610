"""``auto-assign`` over the socket takes a number of rooms or of people per room."""

from __future__ import annotations

import pytest

from tests.model.factories import connected
from tui.control.requests import intent_for
from tui.model.intents import AutoAssign


def test_sizes_reach_the_intent() -> None:
    conf = connected()
    rooms = intent_for(conf, {"op": "auto-assign", "room_count": 4})
    per_room = intent_for(conf, {"op": "auto-assign", "per_room": 5})
    plain = intent_for(conf, {"op": "auto-assign"})
    assert isinstance(rooms, AutoAssign) and (rooms.rooms, rooms.per_room) == (4, 0)
    assert isinstance(per_room, AutoAssign) and (per_room.rooms, per_room.per_room) == (0, 5)
    assert isinstance(plain, AutoAssign) and (plain.rooms, plain.per_room) == (0, 0)


@pytest.mark.parametrize("value", [-1, 1001, "4", 2.5, True])
def test_a_bad_size_is_one_error_line(value: object) -> None:
    with pytest.raises(ValueError, match="'per_room' must be a whole number from 1 to 1000"):
        intent_for(connected(), {"op": "auto-assign", "per_room": value})
