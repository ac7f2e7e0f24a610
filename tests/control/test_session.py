"""ConsoleSession: wishes go to the gateway, confirmations and failures come back."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from tui.model.commands import Command
from tui.model.intents import AddRoom, MoveParticipants, RenameRoom
from tui.session import Change, ConsoleSession
from tui.sim.gateway import SimulatedConference


async def test_request_resolves_when_the_server_confirms() -> None:
    sim = SimulatedConference(participants=10, seed=3, activity=False, rooms=2, breakout_delay=0.0)
    session = ConsoleSession(sim)
    changes: list[Change] = []
    session.subscribe(changes.append)
    await session.connect()
    conf = session.conference
    room = conf.breakout_rooms[0]
    who = next(p for p in conf.members_of(conf.main_room) if p.id != conf.me)
    outcome = await session.perform(MoveParticipants((who.id,), room.id))
    assert outcome.ok and len(outcome.confirmed) == 1
    assert session.conference.participants[who.id].room == room.id
    assert session.pending == ()
    assert any(c.confirmed for c in changes)
    await session.disconnect()


async def test_refused_intent_sends_nothing() -> None:
    sim = SimulatedConference(participants=5, seed=3, activity=False, breakout_delay=0.0)
    session = ConsoleSession(sim)
    await session.connect()
    outcome = await session.perform(RenameRoom(session.conference.main_room, "x"))
    assert not outcome.ok and "main room" in outcome.refused
    assert session.pending == ()
    await session.disconnect()


class DeafConference(SimulatedConference):
    """A server that swallows commands, as Jitsi's component does with ones it rejects."""

    async def send(self, commands: Sequence[Command]) -> None:
        self.swallowed = list(commands)


async def test_unconfirmed_command_times_out_with_a_reason() -> None:
    now = [0.0]
    sim = DeafConference(participants=5, seed=3, activity=False, rooms=1, breakout_delay=0.0)
    session = ConsoleSession(sim, clock=lambda: now[0], timeout=5.0)
    await session.connect()
    conf = session.conference
    person = next(p for p in conf.members_of(conf.main_room) if p.id != conf.me)
    future = session.submit(MoveParticipants((person.id,), conf.breakout_rooms[0].id))
    await asyncio.sleep(0)  # let the send task run
    assert len(session.pending) == 1
    now[0] = 4.9
    session.tick()
    assert not future.done()
    now[0] = 5.0
    session.tick()
    outcome = await future
    assert not outcome.ok and not session.pending
    assert "not confirmed by the server: move" in outcome.failed[0][1]
    await session.disconnect()


async def test_add_room_confirmed_by_snapshot() -> None:
    sim = SimulatedConference(participants=5, seed=3, activity=False, breakout_delay=0.0)
    session = ConsoleSession(sim)
    await session.connect()
    outcome = await session.perform(AddRoom("Grupp Å"))
    assert outcome.ok
    assert [r.name for r in session.conference.breakout_rooms] == ["Grupp Å"]
    await session.disconnect()


async def test_listener_unsubscribe() -> None:
    sim = SimulatedConference(participants=2, seed=1, activity=False)
    session = ConsoleSession(sim)
    seen: list[Change] = []
    kept: list[Change] = []
    unsubscribe = session.subscribe(seen.append)
    session.subscribe(kept.append)
    unsubscribe()
    await session.connect()
    assert seen == [] and kept
    await session.disconnect()
