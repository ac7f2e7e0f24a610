"""Spontaneous behaviour: a demo meeting moves at a human pace and stays consistent."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

from tests.sim.recorder import EPOCH, Recorder
from tui.model.conference import Conference, Kind, invariant_violations
from tui.model.events import (
    Event,
    Joined,
    LeaveReason,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
)
from tui.model.reduce import apply
from tui.sim.activity import Activity
from tui.sim.meeting import populate
from tui.sim.names import NameSource
from tui.sim.roster import Roster
from tui.sim.world import SimRoom, World


def _activity(participants: int, seed: int = 1, rooms: int = 0) -> tuple[Activity, Conference]:
    roster = Roster(random.Random(seed))
    names = NameSource(random.Random(seed + 1))
    world = World(
        SimRoom("demo", "demo@conference.demo.jitsi", is_main=True), roster.console("demo")
    )
    populate(
        world,
        participants=participants,
        rooms=rooms,
        roster=roster,
        names=names,
        rng=random.Random(seed + 2),
        now_ms=int(EPOCH * 1000),
    )
    conf = Conference.empty("demo", "demo@conference.demo.jitsi")
    conf = apply(conf, Joined(world.me, "demo", "demo@conference.demo.jitsi"))
    for person in world.people.values():
        conf = apply(conf, ParticipantPresent(person))
    if rooms:
        conf = apply(conf, world.snapshot())
    return Activity(world, roster, names, random.Random(seed + 3)), conf


def _run(activity: Activity, conf: Conference, steps: int) -> tuple[list[Event], Conference]:
    events: list[Event] = []
    for step in range(steps):
        for event in activity.step(int(EPOCH * 1000) + step * 300).events:
            before = conf
            conf = apply(conf, event)
            assert invariant_violations(conf) == [], (event, before)
            events.append(event)
    return events, conf


def test_people_join_leave_raise_hands_unmute_and_share() -> None:
    activity, conf = _activity(40)
    start = dict(conf.participants)
    events, conf = _run(activity, conf, 3000)
    assert len(events) == 3000  # one thing at a time
    joins = [
        e for e in events if isinstance(e, ParticipantPresent) and e.participant.id not in start
    ]
    leaves = [e for e in events if isinstance(e, ParticipantLeft)]
    assert len(joins) > 50
    assert len(leaves) > 50
    assert all(e.reason is LeaveReason.LEFT for e in leaves)
    changes = Counter[str]()
    last = dict(start)
    for event in events:
        if isinstance(event, ParticipantPresent) and event.participant.id in last:
            old, new = last[event.participant.id], event.participant
            assert new.kind is Kind.PERSON  # the console and the bots keep still
            for field in ("audio_muted", "video_muted", "screen_sharing", "hand_raised"):
                if getattr(old, field) != getattr(new, field):
                    changes[f"{field}={getattr(new, field)}"] += 1
        if isinstance(event, ParticipantPresent):
            last[event.participant.id] = event.participant
    for change in ("audio_muted", "video_muted", "screen_sharing", "hand_raised"):
        assert changes[f"{change}=True"] > 5, changes
        assert changes[f"{change}=False"] > 5, changes
    assert conf.me in conf.participants
    assert 30 <= len(conf.participants) - 1 <= 52


def test_raised_hands_carry_the_time_they_went_up() -> None:
    activity, conf = _activity(40)
    for step in range(500):
        now = int(EPOCH * 1000) + step * 1000
        for event in activity.step(now).events:
            if isinstance(event, ParticipantPresent):
                old = conf.participants.get(event.participant.id)
                raised = event.participant.hand_raised_at
                if raised is not None and (old is None or not old.hand_raised):
                    assert raised == now
            conf = apply(conf, event)


def test_hands_and_sharing_stay_rare() -> None:
    activity, conf = _activity(40)
    _, conf = _run(activity, conf, 2000)
    people = list(conf.participants.values())
    assert sum(p.hand_raised for p in people) <= 10
    assert sum(p.screen_sharing for p in people) <= 3


def test_people_in_breakout_rooms_act_too() -> None:
    activity, conf = _activity(40, rooms=2)
    events, _ = _run(activity, conf, 1000)
    breakout = {r.id for r in conf.breakout_rooms}
    assert any(isinstance(e, ParticipantPresent) and e.participant.room in breakout for e in events)
    assert any(isinstance(e, ParticipantLeft) and e.room in breakout for e in events)


def test_pace_is_human_and_scales_with_the_meeting() -> None:
    small, _ = _activity(40)
    large, _ = _activity(1000)
    assert 2 <= small.rate <= 5
    assert 8 <= large.rate <= 25
    mean = sum(small.interval() for _ in range(2000)) / 2000
    assert 0.2 < mean < 0.5


def test_same_seed_same_behaviour() -> None:
    one, conf = _activity(40, seed=8)
    two, _ = _activity(40, seed=8)
    assert _run(one, conf, 300)[0] == _run(two, conf, 300)[0]


async def test_demo_meeting_moves_live_and_stops_on_disconnect() -> None:
    from tui.sim.gateway import SimulatedConference

    sim = SimulatedConference(1000, seed=3, rooms=2, breakout_delay=0.0)
    rec = Recorder(sim)
    await sim.connect(rec)
    mark = len(rec.events)

    def joined_or_left_then_snapshot() -> bool:
        later = rec.since(mark)
        churn = [
            i
            for i, e in enumerate(later)
            if isinstance(e, ParticipantLeft)
            or (isinstance(e, ParticipantPresent) and e.participant.id not in joined_ids)
        ]
        return bool(churn) and any(isinstance(e, RoomsSnapshot) for e in later[churn[0] :])

    joined_ids = set(rec.conference.participants)
    await rec.wait_for(joined_or_left_then_snapshot, timeout=10)
    assert rec.violations == []
    await sim.disconnect()
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "sim-activity"]
