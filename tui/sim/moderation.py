"""The simulated jicofo, Prosody MUC and AV-moderation component answering moderator commands.

:func:`moderate` does what a Jitsi deployment does with a mute IQ, an AV-moderation message, a
kick, an affiliation change, a room password, a lower-hand request or ``end_conference``
(tui/jitsi/PROTOCOL.md §5.1 to §5.5, §5.7 to §5.9). IQ-based commands get a
``CommandSucceeded`` (the IQ result) after their effect, or a ``CommandFailed`` with the error
condition jicofo or Prosody would send. Nobody is ever unmuted by someone else: there is no
command for it.
"""

from __future__ import annotations

from dataclasses import replace

from tui.model.commands import (
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendEndConference,
    SendKick,
    SendLowerHand,
    SendMute,
    SendRoomSecret,
)
from tui.model.conference import Affiliation, ConnectionState, Kind, Media, Participant, Role
from tui.model.events import (
    AvApprovedChanged,
    AvModerationChanged,
    CommandSucceeded,
    ConnectionChanged,
    Event,
    KnockerLeft,
    LeaveReason,
    LockChanged,
)
from tui.sim.component import Effect, FollowUp
from tui.sim.stage import Stage, refused
from tui.sim.world import World

ModerationCommand = (
    SendMute
    | SendAvModeration
    | SendAvApproval
    | SendKick
    | SendAffiliation
    | SendRoomSecret
    | SendLowerHand
    | SendEndConference
)

ENDED_DETAIL = "the meeting was ended"
"""What the connection state says once someone ended the meeting for everyone."""

UNMUTE_WHEN_ALLOWED = 0.8
"""Share of people who unmute soon after a moderator allowed them to."""


def moderate(stage: Stage, command: ModerationCommand) -> Effect:
    """Carry out one moderation command on ``stage.world``."""
    world = stage.world
    match command:
        case SendMute():
            return _mute(world, command)
        case SendAvModeration(media=media, enabled=enabled):
            return _av_moderation(world, media, enabled)
        case SendAvApproval():
            return _av_approval(stage, command)
        case SendKick():
            return _kick(world, command)
        case SendAffiliation():
            return _affiliation(world, command)
        case SendRoomSecret(password=password):
            world.locked = bool(password)
            return Effect((LockChanged(world.locked), CommandSucceeded(command)))
        case SendLowerHand(participant=pid, occupant_jid=jid):
            person = _occupant(world, jid, pid)
            if person is None or person.kind is not Kind.PERSON or not person.hand_raised:
                return Effect()  # a message nobody answers; a client that is gone obeys nothing
            return Effect((world.change(replace(person, hand_raised_at=None)),))
        case SendEndConference():
            return _end(world)


def muted(person: Participant, media: Media) -> Participant:
    """``person`` with ``media`` off (screen sharing stops for ``desktop``)."""
    return _with(person, media, on=False)


def unmuted(person: Participant, media: Media) -> Participant:
    """``person`` after they turned ``media`` on themselves (only people do that)."""
    return _with(person, media, on=True)


def _with(person: Participant, media: Media, *, on: bool) -> Participant:
    if media is Media.AUDIO:
        return replace(person, audio_muted=not on)
    if media is Media.VIDEO:
        return replace(person, video_muted=not on)
    return replace(person, screen_sharing=on)


def must_ask(world: World, person: Participant, media: Media) -> bool:
    """Whether AV moderation stops ``person`` from unmuting ``media`` on their own."""
    return (
        media in world.av_moderation
        and person.room == world.main.id
        and not person.is_moderator
        and person.id not in world.av_approved.get(media, set())
    )


def _occupant(world: World, occupant_jid: str, pid: str) -> Participant | None:
    person = world.people.get(pid)
    if person is None or occupant_jid != f"{world.rooms[person.room].jid}/{pid}":
        return None
    return person


def _mute(world: World, command: SendMute) -> Effect:
    if world.room_by_jid(command.room_jid) is None:
        return refused(command, "item-not-found: no conference for that room")
    person = _occupant(world, command.occupant_jid, command.participant)
    if person is None:
        return refused(
            command, f"internal-server-error: {command.participant} is not in that conference"
        )
    if person.kind in (Kind.JIBRI, Kind.JIGASI, Kind.TRANSCRIBER):
        return refused(command, f"not-allowed: {person.kind.value} cannot be muted")
    after = muted(person, command.media)
    events: list[Event] = [world.change(after)] if after != person else []
    return Effect((*events, CommandSucceeded(command)))


def _av_moderation(world: World, media: Media, enabled: bool) -> Effect:
    if (media in world.av_moderation) == enabled:
        return Effect()  # the component changes nothing and says nothing
    if not enabled:
        world.av_moderation.discard(media)
        world.av_approved.pop(media, None)
        return Effect((AvModerationChanged(media, False), AvApprovedChanged(media, frozenset())))
    world.av_moderation.add(media)
    main = world.main.id
    here = [world.people[pid] for pid in world.rooms[main].members]
    approved = world.av_approved[media] = {p.id for p in here if p.is_moderator}
    events: list[Event] = [
        AvModerationChanged(media, True),
        AvApprovedChanged(media, frozenset(approved)),
    ]
    # jicofo force-mutes everyone but the actor when moderation starts (tui/jitsi/PROTOCOL.md §5.2)
    for person in here:
        if person.kind is Kind.PERSON and muted(person, media) != person:
            events.append(world.change(muted(person, media)))
    return Effect(tuple(events))


def _av_approval(stage: Stage, command: SendAvApproval) -> Effect:
    world, media = stage.world, command.media
    person = world.people.get(command.participant)
    if person is None or person.room != world.main.id or command.room_jid != world.main.jid:
        return Effect()  # a message about someone not in the room: dropped
    if media not in world.av_moderation:
        # Without moderation a whitelisting is only an "asked to unmute" notice to them.
        return Effect(later=_maybe_unmute(stage, person.id, media) if command.allow else ())
    approved = world.av_approved.setdefault(media, set())
    if command.allow:
        approved.add(person.id)
    else:
        approved.discard(person.id)
    events: list[Event] = [AvApprovedChanged(media, frozenset(approved))]
    if not command.allow and muted(person, media) != person:
        events.append(world.change(muted(person, media)))  # their client obeys the revocation
    later = _maybe_unmute(stage, person.id, media) if command.allow else ()
    return Effect(tuple(events), later=later)


def _maybe_unmute(stage: Stage, pid: str, media: Media) -> tuple[FollowUp, ...]:
    if not stage.activity or stage.rng.random() >= UNMUTE_WHEN_ALLOWED:
        return ()
    world = stage.world

    def unmute(_now_ms: int) -> Effect:
        person = world.people.get(pid)
        if person is None or must_ask(world, person, media):
            return Effect()  # gone, or the approval was taken back meanwhile
        after = replace(unmuted(person, media), hand_raised_at=None)
        return Effect((world.change(after),) if after != person else ())

    return (FollowUp(stage.rng.uniform(3, 8), unmute),)


def _kick(world: World, command: SendKick) -> Effect:
    room = world.room_by_jid(command.room_jid)
    if room is None:
        return refused(command, "item-not-found: no such room")
    person = world.people.get(command.participant)
    if person is None or person.room != room.id:
        return refused(command, f"item-not-found: {command.participant} is not in that room")
    if person.id == world.me:
        return refused(command, "not-allowed: the console cannot kick itself")
    left = world.leave(person.id, LeaveReason.KICKED)
    return Effect((left, CommandSucceeded(command)), changed=True)


def _affiliation(world: World, command: SendAffiliation) -> Effect:
    if command.room_jid != world.main.jid:
        return refused(command, "not-allowed: affiliations are set in the main room")
    moderator = command.affiliation in (Affiliation.OWNER, Affiliation.ADMIN)
    role = Role.MODERATOR if moderator else Role.PARTICIPANT
    events: list[Event] = []
    for person in list(world.people.values()):
        if person.jid.split("/", 1)[0] != command.bare_jid:
            continue
        after = replace(person, affiliation=command.affiliation, role=role)
        if after != person:
            events.append(world.change(after))
    return Effect((*events, CommandSucceeded(command)), changed=bool(events))


def _end(world: World) -> Effect:
    events: list[Event] = []
    for room in list(world.rooms.values()):
        for pid in list(room.members):
            if pid != world.me:
                events.append(world.leave(pid, LeaveReason.ROOM_DESTROYED))
    events += [KnockerLeft(kid) for kid in world.knocking]
    world.knocking.clear()
    events.append(ConnectionChanged(ConnectionState.ENDED, ENDED_DETAIL))
    return Effect(tuple(events), ended=True)
