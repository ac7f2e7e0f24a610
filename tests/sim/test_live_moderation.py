"""A demo meeting under moderation: people ask to speak, knock, chat, and stay consistent."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from tests.sim.worlds import seeded_meeting
from tui.model.conference import Conference, Kind, Media, invariant_violations
from tui.model.events import Joined, ParticipantPresent
from tui.model.reduce import apply
from tui.sim.activity import Activity
from tui.sim.meeting import populate
from tui.sim.names import NameSource
from tui.sim.roster import Roster
from tui.sim.world import SimRoom, World


def test_under_av_moderation_people_raise_hands_instead_of_unmuting() -> None:
    meeting = seeded_meeting()
    world = meeting.world
    for pid, person in list(world.people.items()):  # what enabling moderation does
        world.people[pid] = replace(person, audio_muted=True, hand_raised_at=None)
    world.av_moderation.add(Media.AUDIO)
    ordinary = [p.id for p in world.people.values() if not p.is_moderator and p.kind is Kind.PERSON]
    allowed = ordinary[0]
    world.av_approved[Media.AUDIO] = {allowed}
    activity = meeting.activity()
    asked: set[str] = set()
    spoke: set[str] = set()
    for step in range(2000):
        for event in activity.step(step * 300).events:
            if isinstance(event, ParticipantPresent):
                person = event.participant
                if person.hand_raised:
                    asked.add(person.id)
                if not person.audio_muted:
                    spoke.add(person.id)
    assert len(asked & set(ordinary)) > 10
    assert spoke & set(ordinary) <= {allowed}  # only the approved one may unmute
    assert allowed in spoke


def test_a_meeting_with_lobby_moderation_and_rooms_stays_consistent() -> None:
    roster = Roster(random.Random(5))
    names = NameSource(random.Random(6))
    world = World(
        SimRoom("demo", "demo@conference.demo.jitsi", is_main=True), roster.console("demo")
    )
    populate(
        world, participants=60, rooms=2, roster=roster, names=names, rng=random.Random(7), now_ms=0
    )
    conf = apply(
        Conference.empty("demo", "demo@conference.demo.jitsi"),
        Joined(world.me, "demo", "demo@conference.demo.jitsi"),
    )
    for person in world.people.values():
        conf = apply(conf, ParticipantPresent(person))
    conf = apply(conf, world.snapshot())
    world.lobby_enabled = True
    world.av_moderation.update({Media.AUDIO, Media.VIDEO})
    activity = Activity(world, roster, names, random.Random(8))
    seen: Counter[str] = Counter()
    for step in range(3000):
        outcome = activity.step(step * 300)
        for event in outcome.events:
            conf = apply(conf, event)
            assert invariant_violations(conf) == [], event
            seen[type(event).__name__] += 1
        if outcome.changed:
            conf = apply(conf, world.snapshot())
    assert seen["KnockerArrived"] > 20
    assert seen["ChatReceived"] > 20
    assert set(conf.knocking) == set(world.knocking)
    assert {p.id: p.room for p in conf.participants.values()} == {
        p.id: p.room for p in world.people.values()
    }
