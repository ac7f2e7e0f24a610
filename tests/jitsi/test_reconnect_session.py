"""Commands across a reconnect: held, never resent, judged on the fresh state after the rejoin.

A deaf simulated server swallows what is sent, so these tests decide what the "server" shows
after the rejoin and check what the moderator is told.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from tui.model.commands import Command
from tui.model.conference import ConnectionState, Participant, invariant_violations
from tui.model.events import ConnectionChanged, Joined, ParticipantPresent
from tui.model.intents import Kick, MoveParticipants
from tui.session import LOST_IN_RECONNECT, RESYNC_GRACE, ConsoleSession
from tui.sim.gateway import SimulatedConference


class DeafConference(SimulatedConference):
    """Records what is sent and answers nothing."""

    sent: list[Command]

    async def send(self, commands: Sequence[Command]) -> None:
        self.sent = [*getattr(self, "sent", []), *commands]


async def _session() -> tuple[ConsoleSession, DeafConference, list[float]]:
    now = [0.0]
    sim = DeafConference(participants=4, seed=5, activity=False, rooms=1, breakout_delay=0.0)
    session = ConsoleSession(sim, clock=lambda: now[0], timeout=5.0)
    await session.connect()
    return session, sim, now


def _guest(session: ConsoleSession) -> Participant:
    conf = session.conference
    return next(p for p in conf.members_of(conf.main_room) if p.id != conf.me)


def _rejoin(session: ConsoleSession, *people: Participant) -> None:
    """The gateway's rejoin as the session sees it: new nick, then the people, then CONNECTED."""
    old = session.conference
    me = old.participants[old.me or ""]
    main = old.rooms[old.main_room]
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "attempt 1: rejoining"))
    session.handle(ParticipantPresent(replace(me, id="fresh000")))
    for person in people:
        session.handle(ParticipantPresent(person))
    session.handle(Joined(me="fresh000", room_id=main.id, room_jid=main.jid))
    session.handle(ConnectionChanged(ConnectionState.CONNECTED))


async def test_a_move_asked_during_the_outage_is_refused_with_a_message() -> None:
    session, sim, _ = await _session()
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "connection lost"))
    room = session.conference.breakout_rooms[0]
    outcome = await session.perform(MoveParticipants((_guest(session).id,), room.id))
    assert outcome.refused == "not connected (reconnecting)"
    assert getattr(sim, "sent", []) == []


async def test_a_move_in_flight_that_landed_is_confirmed_after_the_rejoin() -> None:
    session, sim, now = await _session()
    guest = _guest(session)
    room = session.conference.breakout_rooms[0]
    future = session.submit(MoveParticipants((guest.id,), room.id))
    await asyncio.sleep(0)  # sent
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "connection lost"))
    now[0] = 60.0  # a long outage: far past the normal deadline, still not judged
    session.tick()
    assert not future.done()
    _rejoin(session, replace(guest, room=room.id))
    outcome = await future
    assert outcome.ok, outcome
    [move] = outcome.confirmed
    assert sim.sent == [move]  # sent once, never again
    assert invariant_violations(session.conference) == []


async def test_a_move_in_flight_that_did_not_land_fails_as_lost_in_a_reconnect() -> None:
    session, sim, now = await _session()
    guest = _guest(session)
    room = session.conference.breakout_rooms[0]
    future = session.submit(MoveParticipants((guest.id,), room.id))
    await asyncio.sleep(0)
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "connection lost"))
    _rejoin(session, guest)  # still in the main room
    now[0] += RESYNC_GRACE - 0.1
    session.tick()
    assert not future.done()  # the fresh state may still show it: a short grace
    now[0] += 0.2
    session.tick()
    outcome = await future
    [(_, reason)] = outcome.failed
    assert reason.startswith(LOST_IN_RECONNECT + ": move")
    assert len(sim.sent) == 1


async def test_a_kick_is_not_confirmed_by_the_empty_picture_of_a_rejoin() -> None:
    session, _, now = await _session()
    guest = _guest(session)
    future = session.submit(Kick(guest.id))
    await asyncio.sleep(0)
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "connection lost"))
    # The rejoin's first facts replace the stale picture: the guest is not (yet) in it.
    me = session.conference.participants[session.conference.me or ""]
    session.handle(ParticipantPresent(replace(me, id="fresh000")))
    assert guest.id not in session.conference.participants
    now[0] = 30.0
    session.tick()
    assert not future.done()  # absence while rejoining proves nothing
    session.handle(ParticipantPresent(guest))
    session.handle(ConnectionChanged(ConnectionState.CONNECTED))
    now[0] += RESYNC_GRACE
    session.tick()
    outcome = await future
    assert outcome.failed and outcome.failed[0][1].startswith(LOST_IN_RECONNECT)


async def test_the_stale_picture_stays_on_screen_until_the_rejoin_speaks() -> None:
    session, _, _ = await _session()
    before = set(session.conference.participants)
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "attempt 1 in 1.0 s"))
    assert set(session.conference.participants) == before
    assert session.conference.connection_detail == "attempt 1 in 1.0 s"
    guest = _guest(session)
    _rejoin(session, guest)
    assert set(session.conference.participants) == {"fresh000", guest.id}
    assert session.conference.me == "fresh000"
    assert invariant_violations(session.conference) == []


async def test_giving_up_judges_held_commands_at_once() -> None:
    session, _, _ = await _session()
    guest = _guest(session)
    room = session.conference.breakout_rooms[0]
    future = session.submit(MoveParticipants((guest.id,), room.id))
    await asyncio.sleep(0)
    session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "connection lost"))
    session.handle(ConnectionChanged(ConnectionState.DISCONNECTED, "login refused 3 times"))
    session.tick()
    outcome = await future
    assert outcome.failed and outcome.failed[0][1].startswith(LOST_IN_RECONNECT)
