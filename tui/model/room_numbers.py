"""Room numbers: the digit a moderator learns for a breakout room, kept for the room's life.

Jitsi names a new breakout room "Breakout room #N", N being the breakout component's room counter
after the add (jitsi-meet react/features/breakout-rooms/actions.ts, ``createBreakoutRoom``, at
commit 73df4c0d511749a2e4c4098bbb8f02901fe89750), and the counter only ever grows, so removing
room 1 leaves "Breakout room #2" its 2. The console numbers rooms the same way instead of by
position, so the number on a room card, in the room picker and on the digit keys stays with
the room (issue 13: a removal used to shift every later key by one):

* a room keeps its number while it exists, renamed or not;
* a new room whose name ends in ``#N`` (the default name, in any language) gets N, when N is
  free, no higher than the component's counter (a name cannot claim 10**20), and higher than
  every number a removed room had;
* any other new room gets the lowest free number above every number a removed room had, so a
  number once learned never comes back meaning another room while the console runs.

The main room is 0. Only the highest number of a removed room is remembered: memory stays the
size of the rooms that exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from tui.model.conference import Conference, Room

_DEFAULT_NAME = re.compile(r"#(\d{1,9})\s*$")
"""How Jitsi's default room names end (``breakoutRooms.defaultName``: "Breakout room #N")."""


def default_number(name: str) -> int | None:
    """The N of a name ending in ``#N``, else ``None``."""
    found = _DEFAULT_NAME.search(name)
    return int(found.group(1)) if found else None


def number_rooms(
    numbers: Mapping[str, int], retired: int, rooms: Iterable[Room], counter: int
) -> tuple[Mapping[str, int], int]:
    """Numbers for the breakout ``rooms`` that exist now, given the numbers they had before.

    Args:
        numbers: Room id -> number, as last given.
        retired: The highest number a removed room had.
        rooms: The breakout rooms now, in the server's order.
        counter: The component's room counter (rooms ever added).

    Returns:
        The new numbers (``numbers`` itself when nothing changed) and the new ``retired``.
    """
    rooms = tuple(rooms)
    live = {room.id for room in rooms}
    if live == numbers.keys():
        return numbers, retired
    kept = {rid: n for rid, n in numbers.items() if rid in live}
    retired = max((n for rid, n in numbers.items() if rid not in live), default=retired)
    retired = max(retired, 0)
    taken = set(kept.values())
    unnamed: list[Room] = []
    for room in rooms:
        if room.id in kept:
            continue
        n = default_number(room.name)
        if n is not None and retired < n <= counter and n not in taken:
            kept[room.id] = n
            taken.add(n)
        else:
            unnamed.append(room)
    candidate = retired + 1
    for room in unnamed:
        while candidate in taken:
            candidate += 1
        kept[room.id] = candidate
        taken.add(candidate)
    return kept, retired


UNNUMBERED = 10**9
"""The order of a room without a number yet (the component has not described it): last."""


def column_order(conference: Conference) -> dict[str, int]:
    """Room id -> its number, for the Room column's digit and sort (unnumbered: last, no digit)."""
    numbers = conference.room_numbers
    return {
        rid: 0 if rid == conference.main_room else numbers.get(rid, UNNUMBERED)
        for rid in conference.rooms
    }
