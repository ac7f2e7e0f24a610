"""The simulated lobby: switching it, knockers arriving and leaving, admitting and denying."""

from __future__ import annotations

import re

import pytest

from tests.sim.recorder import watched
from tests.sim.worlds import seeded_meeting
from tui.model.conference import Affiliation, Role
from tui.model.events import (
    CommandSucceeded,
    KnockerArrived,
    KnockerLeft,
    LobbyChanged,
    ParticipantPresent,
)
from tui.model.intents import Admit, Deny, SetLobby

PERSON_JID = re.compile(r"[0-9a-f-]{36}@demo\.jitsi/[A-Za-z0-9]+")


async def test_lobby_on_makes_present_people_members_and_off_again() -> None:
    watch = await watched()
    mark = len(watch.events)
    outcome = await watch.session.perform(SetLobby(True))
    assert outcome.ok, outcome
    assert watch.conference.lobby_enabled
    events = watch.since(mark)
    assert events[-2:] == [LobbyChanged(True), CommandSucceeded(outcome.confirmed[0])]
    others = [p for p in watch.conference.participants.values() if p.id != watch.conference.me]
    assert all(p.affiliation in (Affiliation.MEMBER, Affiliation.OWNER) for p in others)
    outcome = await watch.session.perform(SetLobby(False))
    assert outcome.ok, outcome
    assert not watch.conference.lobby_enabled


async def test_knock_then_admit_joins_the_main_room_as_a_participant() -> None:
    watch = await watched()
    with pytest.raises(RuntimeError, match="lobby is off"):
        watch.sim.knock("Too early")
    assert (await watch.session.perform(SetLobby(True))).ok
    mark = len(watch.events)
    kid = watch.sim.knock("Åsa Öberg", "asa@example.se")
    (arrived,) = watch.since(mark)
    assert isinstance(arrived, KnockerArrived)
    knocker = watch.conference.knocking[kid]
    assert (knocker.name, knocker.email) == ("Åsa Öberg", "asa@example.se")
    assert PERSON_JID.fullmatch(knocker.jid)
    mark = len(watch.events)
    outcome = await watch.session.perform(Admit((kid,)))
    assert outcome.ok, outcome
    left, joined = watch.since(mark)
    assert left == KnockerLeft(kid)
    assert isinstance(joined, ParticipantPresent)
    person = watch.conference.participants[kid]
    assert (person.name, person.jid) == ("Åsa Öberg", knocker.jid)
    assert person.room == watch.conference.main_room
    assert (person.role, person.affiliation) == (Role.PARTICIPANT, Affiliation.MEMBER)
    assert kid not in watch.conference.knocking
    assert watch.violations == []


async def test_deny_one_and_admit_everyone_else() -> None:
    watch = await watched()
    assert (await watch.session.perform(SetLobby(True))).ok
    denied = watch.sim.knock("Spammy McSpam")
    waiting = [watch.sim.knock(name) for name in ("Ebba Ek", "🦊", "[b]Bengt Bold[/b]")]
    outcome = await watch.session.perform(Deny((denied,)))
    assert outcome.ok, outcome
    assert watch.events[-1] == CommandSucceeded(outcome.confirmed[0])
    assert denied not in watch.conference.participants
    outcome = await watch.session.perform(Admit())
    assert outcome.ok, outcome
    assert len(outcome.confirmed) == 3
    assert all(kid in watch.conference.main.members for kid in waiting)
    assert watch.conference.knocking == {}


async def test_turning_the_lobby_off_lets_everyone_waiting_walk_in() -> None:
    watch = await watched()
    assert (await watch.session.perform(SetLobby(True))).ok
    waiting = [watch.sim.knock(name) for name in ("Ida Holm", "Per Lund")]
    outcome = await watch.session.perform(SetLobby(False))
    assert outcome.ok, outcome
    conf = watch.conference
    assert conf.knocking == {}
    assert all(conf.participants[kid].room == conf.main_room for kid in waiting)
    assert watch.violations == []


def test_knockers_arrive_and_some_give_up_while_the_lobby_is_on() -> None:
    meeting = seeded_meeting()
    world = meeting.world
    activity = meeting.activity()
    world.lobby_enabled = True
    present = set(world.people)
    arrived: list[KnockerArrived] = []
    gave_up: list[KnockerLeft] = []
    for step in range(2000):
        for event in activity.step(step * 300).events:
            if isinstance(event, KnockerArrived):
                arrived.append(event)
            elif isinstance(event, KnockerLeft):
                gave_up.append(event)
            elif isinstance(event, ParticipantPresent):
                assert event.participant.id in present  # nobody walks past the lobby
    assert len(arrived) > 20
    assert 5 < len(gave_up) < len(arrived)
    assert 0 < len(world.knocking) <= 6
    assert any(e.knocker.email for e in arrived)
    assert any(not e.knocker.email for e in arrived)
    assert all(PERSON_JID.fullmatch(e.knocker.jid) for e in arrived)
