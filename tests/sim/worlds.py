"""A seeded simulated meeting for tests that drive the world and its activity directly."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tui.sim.activity import Activity
from tui.sim.meeting import populate
from tui.sim.names import NameSource
from tui.sim.roster import Roster
from tui.sim.world import SimRoom, World


@dataclass(frozen=True, slots=True)
class Meeting:
    """The world (main room ``demo``, no breakout rooms) and what made it."""

    world: World
    roster: Roster
    names: NameSource

    def activity(self) -> Activity:
        """The people's own doings in this world, seeded."""
        return Activity(self.world, self.roster, self.names, random.Random(4))


def seeded_meeting(participants: int = 40) -> Meeting:
    """``participants`` people in the main room, the same ones every time."""
    roster = Roster(random.Random(1))
    names = NameSource(random.Random(2))
    world = World(
        SimRoom("demo", "demo@conference.demo.jitsi", is_main=True), roster.console("demo")
    )
    populate(
        world,
        participants=participants,
        rooms=0,
        roster=roster,
        names=names,
        rng=random.Random(3),
        now_ms=0,
    )
    return Meeting(world, roster, names)
