"""The simulated lobby (Prosody's ``mod_muc_lobby_rooms``) and the people waiting in it.

:func:`run_lobby` carries out turning the lobby on and off, admitting and denying knockers
(tui/jitsi/PROTOCOL.md §5.6); :func:`new_knocker` makes someone who wants in. Knockers keep
their lobby nick as their endpoint id when admitted, as Jitsi's web client does.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace

from tui.model.commands import SendAdmit, SendDeny, SendMembersOnly
from tui.model.conference import Affiliation, Knocker, Participant
from tui.model.events import CommandSucceeded, Event, KnockerArrived, KnockerLeft, LobbyChanged
from tui.sim.component import Effect
from tui.sim.names import NameSource
from tui.sim.roster import DOMAIN, REGIONS, Roster
from tui.sim.stage import Stage, refused
from tui.sim.world import World

LobbyCommand = SendMembersOnly | SendAdmit | SendDeny

EMAIL_SHARE = 0.4
"""Share of knockers who give an email address in the prejoin screen."""

KNOCKERS_AT_MOST = 6
"""Spontaneous knockers stop arriving while this many already wait."""


def run_lobby(stage: Stage, command: LobbyCommand) -> Effect:
    """Carry out one lobby command on ``stage.world``."""
    world = stage.world
    match command:
        case SendMembersOnly(enabled=enabled, members=members):
            return _members_only(stage, command, enabled, frozenset(members))
        case SendAdmit(knocker=kid, knocker_jid=jid, room_jid=room_jid):
            knocker = world.knocking.get(kid)
            if knocker is None or knocker.jid != jid or room_jid != world.main.jid:
                return Effect()  # an invite for someone not waiting: nothing happens
            return Effect(tuple(_walk_in(stage, knocker)), changed=True)
        case SendDeny(knocker=kid):
            if world.knocking.pop(kid, None) is None:
                return refused(command, f"item-not-found: {kid} is not in the lobby")
            return Effect((KnockerLeft(kid), CommandSucceeded(command)))


def new_knocker(
    roster: Roster,
    names: NameSource,
    rng: random.Random,
    now: float,
    *,
    name: str = "",
    email: str = "",
) -> Knocker:
    """Someone arriving in the lobby; without ``name`` a fresh one, sometimes with an email."""
    if not name:
        name = names.fresh()
        if rng.random() < EMAIL_SHARE:
            email = _email(name)
    return Knocker(
        id=roster.endpoint_id(),
        name=name,
        jid=f"{roster.uuid4()}@{DOMAIN}/{roster.resource()}",
        email=email,
        since=now,
    )


def knock(world: World, knocker: Knocker) -> Event:
    """``knocker`` enters the lobby."""
    world.knocking[knocker.id] = knocker
    return KnockerArrived(knocker)


def _email(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    local = ".".join(part for part in plain.lower().replace("-", " ").split() if part.isalpha())
    return f"{local or 'guest'}@example.se"


def _members_only(
    stage: Stage, command: SendMembersOnly, enabled: bool, members: frozenset[str]
) -> Effect:
    world = stage.world
    events: list[Event] = []
    if enabled:
        for person in list(world.people.values()):
            bare = person.jid.split("/", 1)[0]
            if bare in members and person.affiliation is Affiliation.NONE:
                events.append(world.change(replace(person, affiliation=Affiliation.MEMBER)))
    else:
        # The lobby is destroyed with the main room as its alternate venue: everyone walks in.
        for knocker in list(world.knocking.values()):
            events += _walk_in(stage, knocker)
    world.lobby_enabled = enabled
    events += [LobbyChanged(enabled), CommandSucceeded(command)]
    return Effect(tuple(events), changed=not enabled)


def _walk_in(stage: Stage, knocker: Knocker) -> list[Event]:
    world = stage.world
    del world.knocking[knocker.id]
    person = Participant(
        id=knocker.id,
        name=knocker.name,
        room=world.main.id,
        jid=knocker.jid,
        affiliation=Affiliation.MEMBER,  # Prosody makes an invitee a member
        video_muted=stage.rng.random() < 0.5,
        region=stage.rng.choice(REGIONS),
    )
    return [KnockerLeft(knocker.id), world.enter(person)]


def give_up(world: World, kid: str) -> Event:
    """A knocker tires of waiting and closes the tab."""
    del world.knocking[kid]
    return KnockerLeft(kid)
