"""The meeting a simulated conference starts with: people, bots, moderators, breakout rooms.

:func:`populate` fills a fresh :class:`~tui.sim.world.World` from seeded generators, so one seed
always yields the same people, in the same order, with the same ids and the same rooms.
"""

from __future__ import annotations

import random

from tui.model.conference import Participant
from tui.sim.names import HARD_CASES_FROM, NameSource
from tui.sim.roster import BREAKOUT_DOMAIN, Roster
from tui.sim.world import SimRoom, World

MODERATOR_SHARE = 0.08
"""Roughly this share of people are moderators (besides the console)."""


def breakout_room_name(number: int) -> str:
    """Jitsi web's default subject for the ``number``-th breakout room."""
    return f"Breakout room #{number}"


def populate(
    world: World,
    *,
    participants: int,
    rooms: int,
    roster: Roster,
    names: NameSource,
    rng: random.Random,
    now_ms: int,
    hard_cases: bool | None = None,
) -> list[Participant]:
    """Add ``participants`` people and ``rooms`` breakout rooms to ``world``.

    People are spread over the main room and the breakout rooms in turn (bots and phone callers
    stay in the main room). ``hard_cases`` says whether the names that break careless UIs are
    among them (by default from :data:`HARD_CASES_FROM` people on, like the bots). Returns
    everyone added, in arrival order.
    """
    for number in range(1, rooms + 1):
        room_id = roster.uuid4()
        jid = f"{room_id}@{BREAKOUT_DOMAIN}"
        world.add_room(SimRoom(id=room_id, jid=jid, name=breakout_room_name(number)))
    breakouts = [room.id for room in world.rooms.values() if not room.is_main]
    main = world.main.id
    with_bots = participants >= HARD_CASES_FROM
    bots = 2 if with_bots else 0
    hard = with_bots if hard_cases is None else hard_cases
    people_names = names.initial(participants - bots, hard_cases=hard)
    sharer = rng.randrange(len(people_names)) if len(people_names) >= 10 else -1
    people: list[Participant] = []
    for index, name in enumerate(people_names):
        slot = index % (len(breakouts) + 1)
        room = main if slot == 0 else breakouts[slot - 1]
        moderator = index == 1 or rng.random() < MODERATOR_SHARE
        people.append(
            roster.person(name, room, now_ms=now_ms, moderator=moderator, sharing=index == sharer)
        )
    if with_bots:
        people.insert(rng.randrange(len(people) + 1), roster.phone_caller(main))
        people.insert(rng.randrange(len(people) + 1), roster.recorder(main))
    for person in people:
        world.enter(person)
    return people
