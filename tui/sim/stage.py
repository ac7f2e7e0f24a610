"""What a simulated server part gets to carry out one command: :class:`Stage`.

The gateway builds one per landing; the moderation, lobby and chat modules read the world and
draw every random choice from :attr:`Stage.rng`, so a seed repeats their behaviour exactly.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tui.model.commands import Command
from tui.model.events import CommandFailed
from tui.sim.component import Effect
from tui.sim.names import NameSource
from tui.sim.roster import Roster
from tui.sim.world import World


@dataclass(frozen=True, slots=True)
class Stage:
    """The simulated meeting as one command finds it.

    Attributes:
        world: Rooms, occupants and the main room's settings (mutated in place).
        roster: Makes ids and JIDs for newcomers (lobby knockers).
        names: Display names for newcomers.
        rng: Random choices made while carrying commands out (replies, reactions).
        now_ms: Epoch milliseconds of the landing.
        activity: Whether people act on their own (reactions such as unmuting when allowed).
        new_uuid: Names rooms a command creates.
    """

    world: World
    roster: Roster
    names: NameSource
    rng: random.Random
    now_ms: int
    activity: bool
    new_uuid: Callable[[], str]

    @property
    def now(self) -> float:
        """Epoch seconds of the landing."""
        return self.now_ms / 1000


def refused(command: Command, reason: str) -> Effect:
    """The server answered ``command`` with an error; ``reason`` starts with its condition."""
    return Effect((CommandFailed(command, reason),))
