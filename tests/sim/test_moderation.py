"""Moderator actions against the simulated jicofo and Prosody, through a ConsoleSession."""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace

from tests.sim.recorder import SessionWatch, watched
from tests.sim.worlds import seeded_meeting
from tui.model.commands import SendAvApproval, SendKick, SendMute
from tui.model.conference import Affiliation, ConnectionState, Kind, Media, Participant, Role
from tui.model.events import (
    AvApprovedChanged,
    AvModerationChanged,
    CommandFailed,
    CommandSucceeded,
    ConnectionChanged,
    LeaveReason,
    LockChanged,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
)
from tui.model.intents import (
    Admit,
    AllowUnmute,
    Broadcast,
    Deny,
    EndMeeting,
    Intent,
    Kick,
    LowerHand,
    Mute,
    MuteEveryone,
    SendChat,
    SetAvModeration,
    SetLobby,
    SetModerator,
    SetPassword,
)
from tui.session import Outcome
from tui.sim.gateway import ENDED_REASON
from tui.sim.moderation import moderate
from tui.sim.names import NameSource
from tui.sim.roster import Roster
from tui.sim.stage import Stage
from tui.sim.world import World


def _person(watch: SessionWatch, room: str | None = None, **fields: object) -> Participant:
    conf = watch.conference
    room = room or conf.main_room
    return next(
        p
        for p in conf.members_of(room)
        if p.kind is Kind.PERSON and all(getattr(p, k) == v for k, v in fields.items())
    )


def _bot(watch: SessionWatch, kind: Kind) -> Participant:
    return next(p for p in watch.conference.participants.values() if p.kind is kind)


async def test_mute_mutes_the_target_and_jicofo_answers() -> None:
    watch = await watched()
    person = _person(watch, audio_muted=False)
    mark = len(watch.events)
    outcome = await watch.session.perform(Mute((person.id,)))
    assert outcome.ok, outcome
    assert watch.conference.participants[person.id].audio_muted
    present, succeeded = watch.since(mark)
    assert isinstance(present, ParticipantPresent)
    assert present.participant.id == person.id
    assert isinstance(succeeded, CommandSucceeded)
    assert isinstance(succeeded.command, SendMute)
    assert watch.violations == []


async def test_mute_video_and_in_a_breakout_room() -> None:
    watch = await watched(rooms=1)
    room = watch.conference.breakout_rooms[0]
    person = _person(watch, room.id, video_muted=False)
    outcome = await watch.session.perform(Mute((person.id,), Media.VIDEO))
    assert outcome.ok, outcome
    after = watch.conference.participants[person.id]
    assert after.video_muted
    assert after.room == room.id


async def test_mute_everyone_skips_the_console_and_the_bots() -> None:
    watch = await watched()
    outcome = await watch.session.perform(MuteEveryone())
    assert outcome.ok, outcome
    assert len(outcome.confirmed) > 3
    people = [p for p in watch.conference.participants.values() if p.kind is Kind.PERSON]
    assert all(p.audio_muted for p in people)
    assert not _bot(watch, Kind.JIGASI).audio_muted  # the phone caller keeps talking
    assert watch.violations == []


async def test_jicofo_refuses_to_mute_jibri() -> None:
    watch = await watched()
    jibri = _bot(watch, Kind.JIBRI)
    room = watch.conference.main
    command = SendMute(jibri.id, room.id, room.jid)
    mark = len(watch.events)
    await watch.sim.send([command])
    await watch.sim.idle()
    assert watch.since(mark) == [CommandFailed(command, "not-allowed: jibri cannot be muted")]
    # the session refuses it before sending, with a reason of its own
    outcome = await watch.session.perform(Mute((jibri.id,)))
    assert outcome.refused and not outcome.ok


async def test_a_refused_mute_reaches_the_session_as_a_failure() -> None:
    watch = await watched()
    jibri = _bot(watch, Kind.JIBRI)
    # a console that failed to recognise the recorder (say, an unusual domain) tries anyway
    watch.session.handle(ParticipantPresent(replace(jibri, kind=Kind.PERSON, audio_muted=False)))
    outcome = await watch.session.perform(Mute((jibri.id,)))
    assert not outcome.ok
    ((command, reason),) = outcome.failed
    assert isinstance(command, SendMute)
    assert reason == "not-allowed: jibri cannot be muted"


async def test_av_moderation_whitelists_moderators_mutes_the_rest_then_approves() -> None:
    watch = await watched()
    conf = watch.conference
    mark = len(watch.events)
    outcome = await watch.session.perform(SetAvModeration(Media.AUDIO, True))
    assert outcome.ok, outcome
    events = watch.since(mark)
    assert events[0] == AvModerationChanged(Media.AUDIO, True)
    moderators = {p.id for p in conf.members_of(conf.main_room) if p.is_moderator}
    assert events[1] == AvApprovedChanged(Media.AUDIO, frozenset(moderators))
    conf = watch.conference
    assert conf.av_moderation == {Media.AUDIO}
    assert all(p.audio_muted for p in conf.participants.values() if p.kind is Kind.PERSON)
    person = _person(watch, role=Role.PARTICIPANT)
    outcome = await watch.session.perform(AllowUnmute(person.id))
    assert outcome.ok, outcome
    assert watch.conference.av_approved[Media.AUDIO] == moderators | {person.id}
    outcome = await watch.session.perform(AllowUnmute(person.id, allow=False))
    assert outcome.ok, outcome
    assert watch.conference.av_approved[Media.AUDIO] == moderators
    outcome = await watch.session.perform(SetAvModeration(Media.AUDIO, False))
    assert outcome.ok, outcome
    assert watch.conference.av_moderation == frozenset()
    assert watch.conference.av_approved[Media.AUDIO] == frozenset()
    assert watch.violations == []


def test_an_approved_person_unmutes_a_bit_later_when_people_act() -> None:
    watch_world, pid = _world_under_moderation()
    room = watch_world.main

    reactions = 0
    for seed in range(10):
        stage = _stage(watch_world, seed, activity=True)
        watch_world.people[pid] = _muted_with_hand(watch_world.people[pid])
        watch_world.av_approved[Media.AUDIO].discard(pid)
        outcome = moderate(stage, SendAvApproval(pid, room.jid, Media.AUDIO))
        for later in outcome.later:
            assert later.after > 1  # not at once: people take a moment
            (event,) = later.action(0).events
            assert isinstance(event, ParticipantPresent)
            assert not event.participant.audio_muted
            assert not event.participant.hand_raised
            reactions += 1
    assert 5 <= reactions < 10  # most do, not all
    quiet = _stage(watch_world, 1, activity=False)
    assert moderate(quiet, SendAvApproval(pid, room.jid, Media.AUDIO)).later == ()


def _stage(world: World, seed: int, *, activity: bool) -> Stage:
    rng = random.Random(seed)
    return Stage(world, Roster(rng), NameSource(rng), rng, 0, activity, str)


def _world_under_moderation() -> tuple[World, str]:
    world = seeded_meeting(10).world
    world.av_moderation.add(Media.AUDIO)
    world.av_approved[Media.AUDIO] = set()
    pid = next(p.id for p in world.people.values() if p.kind is Kind.PERSON and not p.is_moderator)
    return world, pid


def _muted_with_hand(person: Participant) -> Participant:
    return replace(person, audio_muted=True, hand_raised_at=1)


async def test_kick_with_a_reason_leaves_as_kicked() -> None:
    watch = await watched()
    person = _person(watch)
    mark = len(watch.events)
    outcome = await watch.session.perform(Kick(person.id, "Please rejoin later"))
    assert outcome.ok, outcome
    left, succeeded = watch.since(mark)
    assert left == ParticipantLeft(person.id, watch.conference.main_room, LeaveReason.KICKED)
    assert isinstance(succeeded, CommandSucceeded)
    assert isinstance(succeeded.command, SendKick)
    assert succeeded.command.reason == "Please rejoin later"
    assert person.id not in watch.conference.participants


async def test_kick_from_a_breakout_room_updates_the_rooms() -> None:
    watch = await watched(rooms=2)
    room = watch.conference.breakout_rooms[1]
    person = _person(watch, room.id)
    mark = len(watch.events)
    outcome = await watch.session.perform(Kick(person.id))
    assert outcome.ok, outcome
    await watch.sim.idle()
    events = watch.since(mark)
    assert ParticipantLeft(person.id, room.id, LeaveReason.KICKED) in events
    assert isinstance(events[-1], RoomsSnapshot)
    assert person.id not in watch.conference.rooms[room.id].members
    assert watch.violations == []


async def test_grant_and_revoke_moderator() -> None:
    watch = await watched()
    person = _person(watch, role=Role.PARTICIPANT)
    outcome = await watch.session.perform(SetModerator(person.id))
    assert outcome.ok, outcome
    granted = watch.conference.participants[person.id]
    assert (granted.role, granted.affiliation) == (Role.MODERATOR, Affiliation.OWNER)
    outcome = await watch.session.perform(SetModerator(person.id, grant=False))
    assert outcome.ok, outcome
    revoked = watch.conference.participants[person.id]
    assert (revoked.role, revoked.affiliation) == (Role.PARTICIPANT, Affiliation.NONE)


async def test_set_and_clear_the_password() -> None:
    watch = await watched()
    mark = len(watch.events)
    outcome = await watch.session.perform(SetPassword("hemligt"))
    assert outcome.ok, outcome
    assert watch.conference.locked
    assert watch.since(mark)[0] == LockChanged(True)
    outcome = await watch.session.perform(SetPassword(""))
    assert outcome.ok, outcome
    assert not watch.conference.locked


async def test_lower_a_raised_hand() -> None:
    watch = await watched()
    person = watch.conference.hands[0]
    outcome = await watch.session.perform(LowerHand(person.id))
    assert outcome.ok, outcome
    assert not watch.conference.participants[person.id].hand_raised
    assert person not in watch.conference.hands


async def test_end_meeting_destroys_every_room_and_ends_the_session() -> None:
    watch = await watched(rooms=2)
    others = set(watch.conference.participants) - {watch.conference.me}
    mark = len(watch.events)
    outcome = await watch.session.perform(EndMeeting())
    assert outcome.ok, outcome
    events = watch.since(mark)
    left = [e for e in events if isinstance(e, ParticipantLeft)]
    assert {e.id for e in left} == others
    assert all(e.reason is LeaveReason.ROOM_DESTROYED for e in left)
    assert events[-1] == ConnectionChanged(ConnectionState.ENDED, "the meeting was ended")
    conf = watch.conference
    assert conf.connection is ConnectionState.ENDED
    assert list(conf.participants) == [conf.me]
    assert watch.violations == []
    # the meeting is gone: commands fail, the session refuses, disconnecting keeps ENDED
    room = conf.main
    command = SendMute(conf.me or "", room.id, room.jid)
    await watch.sim.send([command])
    assert watch.events[-1] == CommandFailed(command, ENDED_REASON)
    assert (await watch.session.perform(Mute((conf.me or "",)))).refused
    await watch.session.disconnect()
    assert watch.conference.connection is ConnectionState.ENDED
    for _ in range(3):
        await asyncio.sleep(0)
    assert not [e for e in watch.events[-1:] if isinstance(e, RoomsSnapshot)]


async def test_same_seed_same_stream_with_moderation_commands() -> None:
    async def run() -> tuple[list[object], list[object]]:
        watch = await watched(seed=7, rooms=1)
        session, conf = watch.session, watch.conference
        people = [p.id for p in conf.participants.values() if p.kind is Kind.PERSON]
        outcomes: list[object] = []
        assert (await session.perform(SetLobby(True))).ok
        kids = [watch.sim.knock("Ada Berg"), watch.sim.knock("Bo Ek", "bo@example.se")]
        intents: list[Intent] = [
            MuteEveryone(Media.VIDEO),
            SetAvModeration(Media.AUDIO, True),
            AllowUnmute(people[5]),
            Kick(people[3], "bye"),
            SetModerator(people[4]),
            Admit((kids[0],)),
            Deny((kids[1],)),
            SetPassword("x"),
            SendChat("hej"),
            *(SendChat("psst", pid) for pid in people[6:12]),
            Broadcast("all rooms"),
            LowerHand(watch.conference.hands[0].id),
            EndMeeting(),
        ]
        for intent in intents:
            outcomes.append(await session.perform(intent))
        await watch.sim.idle()
        assert watch.violations == []
        return list(watch.events), outcomes

    first, second = await run(), await run()
    assert first == second
    assert all(isinstance(o, Outcome) and o.ok for o in first[1]), first[1]
