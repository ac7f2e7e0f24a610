"""Connecting to the simulated conference: the whole meeting, in Jitsi's shapes, at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid

from tests.sim.recorder import EPOCH, ManualClock, Recorder
from tui.model.conference import Affiliation, ConnectionState, Feature, Kind, Role
from tui.model.events import ConnectionChanged, Joined, ParticipantPresent, RoomsSnapshot
from tui.sim.gateway import SimulatedConference

HEX8 = re.compile(r"[0-9a-f]{8}")
PERSON_JID = re.compile(r"[0-9a-f-]{36}@demo\.jitsi/[A-Za-z0-9]+")


async def _connected(
    participants: int, seed: int | None = None, rooms: int = 0, room_name: str = "demo"
) -> tuple[SimulatedConference, Recorder]:
    sim = SimulatedConference(
        participants, seed, activity=False, rooms=rooms, room_name=room_name, clock=ManualClock()
    )
    recorder = Recorder(sim)
    await sim.connect(recorder)
    return sim, recorder


async def test_connect_delivers_the_meeting_in_jitsi_order() -> None:
    sim, rec = await _connected(participants=40, seed=1)
    first = rec.events[:4]
    assert first[0] == ConnectionChanged(ConnectionState.CONNECTING)
    assert first[1] == ConnectionChanged(ConnectionState.CONNECTED)
    joined = first[2]
    assert isinstance(joined, Joined)
    assert joined.room_id == "demo"
    assert joined.room_jid == "demo@conference.demo.jitsi"
    assert joined.name == "Demo meeting"
    assert {Feature.BREAKOUT, Feature.RENAME, Feature.LOBBY} <= joined.features
    assert HEX8.fullmatch(joined.me)
    me = first[3]
    assert isinstance(me, ParticipantPresent)
    assert me.participant.id == joined.me
    assert me.participant.name == "Moderator Console"
    assert me.participant.role is Role.MODERATOR
    assert me.participant.affiliation is Affiliation.OWNER
    assert me.participant.kind is Kind.SELF
    assert all(isinstance(e, ParticipantPresent) for e in rec.events[4:])
    assert len(rec.events) == 4 + 40  # no snapshot: no breakout room was ever added
    conf = rec.conference
    assert conf.connection is ConnectionState.CONNECTED
    assert conf.am_moderator
    assert len(conf.participants) == 41
    assert rec.violations == []
    assert sim.title == "demo · simulated"


async def test_participants_look_like_jitsi_occupants() -> None:
    _, rec = await _connected(participants=60, seed=2)
    people = list(rec.conference.participants.values())
    assert len({p.id for p in people}) == 61
    assert all(HEX8.fullmatch(p.id) for p in people)
    persons = [p for p in people if p.kind in (Kind.PERSON, Kind.SELF)]
    assert all(PERSON_JID.fullmatch(p.jid) for p in persons)
    kinds = [p.kind for p in people]
    assert kinds.count(Kind.JIGASI) == 1
    assert kinds.count(Kind.JIBRI) == 1
    moderators = [p for p in people if p.is_moderator and p.kind is not Kind.SELF]
    assert 1 <= len(moderators) < 20
    assert 0 < sum(p.audio_muted for p in people) < 61
    assert 0 < sum(p.video_muted for p in people) < 61
    hands = [p.hand_raised_at for p in people if p.hand_raised_at is not None]
    assert hands
    assert all(EPOCH * 1000 - 3_600_000 < t <= EPOCH * 1000 for t in hands)
    assert sum(p.screen_sharing for p in people) == 1
    assert all(p.region.startswith(("eu-", "us-")) for p in people)


async def test_existing_rooms_are_populated_and_announced_by_a_snapshot() -> None:
    _, rec = await _connected(participants=40, seed=3, rooms=3)
    snapshot = rec.events[-1]
    assert isinstance(snapshot, RoomsSnapshot)
    assert snapshot.room_counter == 3
    assert snapshot.rooms[0].is_main
    assert [r.name for r in snapshot.rooms[1:]] == [f"Breakout room #{n}" for n in (1, 2, 3)]
    for room in snapshot.rooms[1:]:
        assert uuid.UUID(room.id).version == 4
        assert room.jid == f"{room.id}@breakout.demo.jitsi"
        assert len(room.members) >= 5
    conf = rec.conference
    assert [r.label for r in conf.rooms.values()][1:] == [r.name for r in snapshot.rooms[1:]]
    assert sum(len(r.members) for r in conf.rooms.values()) == 41
    assert conf.participants[conf.me or ""].room == "demo"
    assert rec.violations == []


async def test_thousand_people_connect() -> None:
    _, rec = await _connected(participants=1000, seed=4, rooms=10)
    assert len(rec.conference.participants) == 1001
    assert len(rec.conference.rooms) == 11
    assert rec.violations == []


async def test_same_seed_same_meeting_other_seed_another() -> None:
    _, one = await _connected(participants=40, seed=9, rooms=2)
    _, two = await _connected(participants=40, seed=9, rooms=2)
    _, other = await _connected(participants=40, seed=10, rooms=2)
    assert one.events == two.events
    assert one.events != other.events


async def test_no_seed_gives_a_different_meeting_each_time() -> None:
    _, one = await _connected(participants=40)
    _, two = await _connected(participants=40)
    assert set(one.conference.participants) != set(two.conference.participants)


async def test_room_name_sets_ids_and_initial_state() -> None:
    sim, rec = await _connected(participants=3, seed=1, room_name="standup")
    initial = sim.initial()
    assert initial.main_room == "standup"
    assert initial.main.jid == "standup@conference.demo.jitsi"
    assert not initial.participants
    assert rec.conference.main_room == "standup"
    assert sim.title == "standup · simulated"


def test_same_seed_same_meeting_in_another_process() -> None:
    # Screenshot tests run in other processes, with other hash seeds: nothing may depend on them.
    code = (
        "import asyncio, hashlib\n"
        "from tui.sim.gateway import SimulatedConference\n"
        "from tui.model.events import Joined\n"
        "events = []\n"
        "sim = SimulatedConference(60, seed=3, rooms=2, activity=False, clock=lambda: 1.8e9)\n"
        "asyncio.run(sim.connect(events.append))\n"
        "text = repr([e for e in events if not isinstance(e, Joined)])\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in (1, 2)
    }
    assert len(digests) == 1
