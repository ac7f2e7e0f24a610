"""Commands against the simulated breakout component: delays, switch_room, coalesced updates."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

from tests.sim.recorder import ManualClock, Recorder, TickingClock
from tui.model.commands import SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.conference import ConnectionState, Kind, Participant
from tui.model.events import (
    ConnectionChanged,
    LeaveReason,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
)
from tui.model.intents import AddRoom, AutoAssign, MoveParticipants, RemoveRoom
from tui.model.reduce import Planned, plan
from tui.sim.gateway import SimulatedConference


async def _sim(
    delay: float = 0.0, rooms: int = 2, seed: int = 1, clock: Callable[[], float] | None = None
) -> tuple[SimulatedConference, Recorder]:
    sim = SimulatedConference(
        40,
        seed,
        activity=False,
        breakout_delay=delay,
        rooms=rooms,
        clock=clock or TickingClock(),
    )
    rec = Recorder(sim)
    await sim.connect(rec)
    return sim, rec


def _someone_in_main(rec: Recorder) -> Participant:
    conf = rec.conference
    return next(p for p in conf.members_of(conf.main_room) if p.kind is Kind.PERSON)


async def test_move_lands_after_the_delay_with_switch_room_and_a_snapshot() -> None:
    sim, rec = await _sim(delay=0.1)
    person = _someone_in_main(rec)
    target = rec.conference.breakout_rooms[1]
    loop = asyncio.get_running_loop()
    mark, started = len(rec.events), loop.time()
    await sim.send([SendMove(person.id, person.jid, target.id, target.jid)])
    assert rec.since(mark) == []  # nothing happens at once
    await sim.idle()
    assert loop.time() - started >= 0.1
    left, present, snapshot = rec.since(mark)
    assert left == ParticipantLeft(person.id, rec.conference.main_room, LeaveReason.SWITCH_ROOM)
    assert isinstance(present, ParticipantPresent)
    assert present.participant.room == target.id
    assert isinstance(snapshot, RoomsSnapshot)
    room = next(r for r in snapshot.rooms if r.id == target.id)
    assert person.id in [m.id for m in room.members]
    assert rec.conference.participants[person.id].room == target.id
    assert person.id in rec.conference.rooms[target.id].members
    assert rec.violations == []


async def test_several_commands_sent_together_yield_one_snapshot() -> None:
    sim, rec = await _sim(delay=0.05)
    result = plan(rec.conference, AutoAssign(seed=1))
    assert isinstance(result, Planned)
    assert len(result.commands) > 10
    mark = len(rec.events)
    await sim.send(result.commands)
    await sim.send([SendAddRoom("Late room", frozenset(rec.conference.rooms))])
    await sim.idle()
    assert len(rec.snapshots(mark)) == 1
    conf = rec.conference
    moves = [c for c in result.commands if isinstance(c, SendMove)]
    assert len(moves) == len(result.commands)
    assert all(conf.participants[c.participant].room == c.room for c in moves)
    assert "Late room" in [r.name for r in conf.breakout_rooms]
    assert rec.violations == []


async def test_snapshots_come_at_most_every_300_ms_of_sim_time() -> None:
    clock = ManualClock()
    sim, rec = await _sim(delay=0.0, clock=clock)
    loop = asyncio.get_running_loop()
    mark = len(rec.events)
    clock.now += 1.0  # well after the snapshot sent on connect
    await sim.send([SendAddRoom("A", frozenset())])
    await sim.idle()
    assert len(rec.snapshots(mark)) == 1
    started = loop.time()
    clock.now += 0.1  # 100 ms of sim time later: the next update must wait another 200 ms
    await sim.send([SendAddRoom("B", frozenset())])
    await sim.idle()
    assert len(rec.snapshots(mark)) == 2
    assert loop.time() - started >= 0.15
    clock.now += 1.0
    started = loop.time()
    await sim.send([SendAddRoom("C", frozenset())])
    await sim.idle()
    assert len(rec.snapshots(mark)) == 3
    assert loop.time() - started < 0.15


async def test_add_and_rename_rooms_like_the_component() -> None:
    sim, rec = await _sim(rooms=0)
    await sim.send([SendAddRoom("Group A", frozenset()), SendAddRoom("", frozenset())])
    await sim.idle()
    conf = rec.conference
    added = conf.breakout_rooms
    assert [r.name for r in added] == ["Group A", ""]
    assert all(uuid.UUID(r.id).version == 4 for r in added)
    assert all(r.jid == f"{r.id}@breakout.demo.jitsi" for r in added)
    assert conf.room_counter == 2
    await sim.send([SendRenameRoom(added[0].id, added[0].jid, "Gruppen 🚀")])
    await sim.idle()
    assert rec.conference.rooms[added[0].id].name == "Gruppen 🚀"
    assert rec.violations == []


async def test_removing_an_occupied_room_brings_its_people_back_first() -> None:
    sim, rec = await _sim()
    room = rec.conference.breakout_rooms[0]
    members = list(room.members)
    assert members
    mark = len(rec.events)
    await sim.send([SendRemoveRoom(room.id, room.jid)])
    await sim.idle()
    events = rec.since(mark)
    main = rec.conference.main_room
    expected: list[object] = []
    for pid in members:
        expected.append(ParticipantLeft(pid, room.id, LeaveReason.SWITCH_ROOM))
        expected.append(pid)
    assert [e.participant.id if isinstance(e, ParticipantPresent) else e for e in events[:-1]] == (
        expected
    )
    assert all(e.participant.room == main for e in events if isinstance(e, ParticipantPresent))
    snapshot = events[-1]
    assert isinstance(snapshot, RoomsSnapshot)
    assert room.id not in [r.id for r in snapshot.rooms]
    assert set(members) <= set(rec.conference.main.members)
    assert rec.violations == []


async def test_planned_remove_matches_the_component_and_confirms() -> None:
    sim, rec = await _sim()
    room = rec.conference.breakout_rooms[0]
    result = plan(rec.conference, RemoveRoom(room.id))
    assert isinstance(result, Planned)
    await sim.send(result.commands)
    await sim.idle()
    assert room.id not in rec.conference.rooms
    assert len(rec.conference.participants) == 41


async def test_unknown_rooms_and_people_are_silently_ignored() -> None:
    sim, rec = await _sim()
    person = _someone_in_main(rec)
    room = rec.conference.breakout_rooms[0]
    ghost = "00000000-0000-4000-8000-000000000000@breakout.demo.jitsi"
    mark = len(rec.events)
    await sim.send(
        [
            SendMove(person.id, person.jid, "ghost", ghost),
            SendMove(person.id, "nobody@demo.jitsi/x", room.id, room.jid),
            SendMove("", "", room.id, room.jid),
            SendRenameRoom("ghost", ghost, "x"),
            SendRemoveRoom("ghost", ghost),
            SendRemoveRoom(rec.conference.main_room, rec.conference.main.jid),
            SendRenameRoom(rec.conference.main_room, rec.conference.main.jid, "x"),
        ]
    )
    await sim.idle()
    assert rec.since(mark) == []
    assert rec.conference.participants[person.id].room == rec.conference.main_room


async def test_bots_and_the_console_stay_put() -> None:
    sim, rec = await _sim()
    conf = rec.conference
    room = conf.breakout_rooms[0]
    stay = [p for p in conf.participants.values() if p.kind in (Kind.SELF, Kind.JIBRI)]
    assert len(stay) == 2
    mark = len(rec.events)
    await sim.send([SendMove(p.id, p.jid, room.id, room.jid) for p in stay])
    await sim.idle()
    assert rec.since(mark) == []
    assert all(rec.conference.participants[p.id].room == conf.main_room for p in stay)


async def test_moving_someone_where_they_are_changes_nothing() -> None:
    sim, rec = await _sim()
    person = _someone_in_main(rec)
    main = rec.conference.main
    mark = len(rec.events)
    await sim.send([SendMove(person.id, person.jid, main.id, main.jid)])
    await sim.idle()
    assert rec.since(mark) == []


async def test_same_seed_same_stream_including_commands() -> None:
    async def run() -> list[object]:
        sim, rec = await _sim(seed=5, clock=TickingClock())
        for intent in (AddRoom("Extra"), AutoAssign(seed=2)):
            result = plan(rec.conference, intent)
            assert isinstance(result, Planned)
            await sim.send(result.commands)
            await sim.idle()
        conf = rec.conference
        away = tuple(p.id for p in conf.participants.values() if p.room != conf.main_room)
        result = plan(conf, MoveParticipants(away[:3], conf.main_room))
        assert isinstance(result, Planned)
        await sim.send(result.commands)
        await sim.idle()
        await sim.disconnect()
        return list(rec.events)

    assert await run() == await run()


async def test_disconnect_cancels_pending_commands_and_says_so() -> None:
    sim, rec = await _sim(delay=0.0)
    person = _someone_in_main(rec)
    room = rec.conference.breakout_rooms[0]
    await sim.send([SendMove(person.id, person.jid, room.id, room.jid)])
    await sim.disconnect()
    await sim.idle()  # must not hang: nothing is pending any more
    for _ in range(5):
        await asyncio.sleep(0)  # give a cancelled landing every chance to run
    assert rec.events[-1] == ConnectionChanged(ConnectionState.DISCONNECTED)
    assert rec.conference.participants[person.id].room == rec.conference.main_room
    await sim.send([SendMove(person.id, person.jid, room.id, room.jid)])  # ignored, no crash
    await sim.idle()
