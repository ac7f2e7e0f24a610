"""The simulated breakout-rooms component and the web clients that obey it.

:func:`carry_out` does to a :class:`~tui.sim.world.World` what Jitsi's
``mod_muc_breakout_rooms`` plus the participants' own clients would do with one command
(tui/jitsi/PROTOCOL.md §4.2 to §4.5). Like the real component it never answers: a command naming
an unknown room or JID is silently dropped, and the console's pending timeout reports it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import assert_never

from tui.model.commands import Command, SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.events import Event
from tui.sim.roster import BREAKOUT_DOMAIN
from tui.sim.world import SimRoom, World

log = logging.getLogger(__name__)

ComponentCommand = SendMove | SendAddRoom | SendRenameRoom | SendRemoveRoom
"""The commands that are messages to the breakout-rooms component."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Something a person does a while after a command (answer a message, unmute when allowed).

    Attributes:
        after: How long after, in multiples of the simulation's ``breakout_delay``.
        action: Called with the epoch milliseconds when it is due; returns what it did.
    """

    after: float
    action: Callable[[int], Effect]


@dataclass(frozen=True, slots=True)
class Effect:
    """What one command (or a scheduled step of the simulated people) did to the simulated world.

    Attributes:
        events: What the console receives, in order.
        changed: Rooms or their members changed (the breakout component sends an ``update``).
        later: Reactions still to come.
        ended: The meeting is over: nothing further happens in it.
    """

    events: tuple[Event, ...] = ()
    changed: bool = False
    later: tuple[FollowUp, ...] = ()
    ended: bool = False


def carry_out(world: World, command: ComponentCommand, new_uuid: Callable[[], str]) -> Effect:
    """Apply ``command`` to ``world``; ``new_uuid`` names rooms the command creates."""
    match command:
        case SendAddRoom(name=name):
            room_id = new_uuid()
            world.add_room(SimRoom(id=room_id, jid=f"{room_id}@{BREAKOUT_DOMAIN}", name=name))
            return Effect(changed=True)
        case SendRenameRoom(room_jid=jid, name=name):
            room = world.room_by_jid(jid)
            if room is None or room.is_main:
                return _dropped(command)
            room.name = name
            return Effect(changed=True)
        case SendRemoveRoom(room_jid=jid):
            room = world.room_by_jid(jid)
            if room is None or room.is_main:
                return _dropped(command)
            return Effect(tuple(world.remove_room(room.id)), changed=True)
        case SendMove(participant_jid=person_jid, room_jid=room_jid):
            return _move(world, command, person_jid, room_jid)
        case _:
            assert_never(command)


def _move(world: World, command: Command, person_jid: str, room_jid: str) -> Effect:
    room = world.room_by_jid(room_jid)
    person = world.person_by_jid(person_jid)
    if room is None or person is None:
        return _dropped(command)
    if person.id == world.me or person.kind.is_bot:
        # Jibri has no breakout-rooms client, and the console ignores its own move event.
        log.debug("simulated %s ignores a move event", person.kind.value)
        return Effect()
    events = world.move(person.id, room.id)
    return Effect(tuple(events), changed=bool(events))


def _dropped(command: Command) -> Effect:
    log.debug("simulated breakout component drops %r", command)
    return Effect()
