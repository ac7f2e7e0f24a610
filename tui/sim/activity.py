"""Spontaneous behaviour of a simulated meeting: people join, leave, raise hands, unmute, chat.

While the lobby is on, newcomers knock instead of walking in, and some knockers give up. Under
AV moderation, people who want to talk raise a hand instead of unmuting (Jitsi's "ask to
unmute").

:class:`Activity` picks one plausible thing to happen per :meth:`Activity.step`, at a human pace
(:attr:`Activity.rate`: about three events a second for 40 people, growing with the square root
of the meeting's size). The meeting's size drifts but stays within a quarter of where it started.
Timing is the caller's business, so tests can step it as fast as they like.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from tui.model.conference import Kind, Media, Participant
from tui.sim.chat import LINES, small_talk
from tui.sim.component import Effect
from tui.sim.lobby import KNOCKERS_AT_MOST, give_up, knock, new_knocker
from tui.sim.moderation import must_ask
from tui.sim.names import NameSource
from tui.sim.roster import Roster
from tui.sim.world import World

EVENTS_PER_SECOND_AT_40 = 3.0
"""Pace of a 40-person meeting; larger meetings scale with the square root of their size."""


class Activity:
    """Chooses and applies the next spontaneous change to a :class:`World`."""

    def __init__(self, world: World, roster: Roster, names: NameSource, rng: random.Random) -> None:
        """Drive ``world``; new people come from ``roster`` and ``names``, choices from ``rng``."""
        self._world = world
        self._roster = roster
        self._names = names
        self._rng = rng
        self._baseline = len(world.people) - 1

    @property
    def rate(self) -> float:
        """Mean events per second."""
        return max(0.5, EVENTS_PER_SECOND_AT_40 * math.sqrt(max(self._baseline, 1) / 40))

    def interval(self) -> float:
        """Seconds until the next event (exponentially distributed, like independent people)."""
        return self._rng.expovariate(self.rate)

    def step(self, now_ms: int) -> Effect:
        """Make one thing happen; ``changed`` is true when someone joined or left."""
        people = [p for p in self._world.people.values() if p.kind is Kind.PERSON]
        hands = [p for p in people if p.hand_raised]
        sharing = [p for p in people if p.screen_sharing]
        population = len(self._world.people) - 1
        main = self._world.main.id
        talkers = [p for p in people if p.room == main]
        waiting = len(self._world.knocking)
        room_for_more = population < self._baseline * 1.25 + 2
        if self._world.lobby_enabled:
            room_for_more = room_for_more and waiting < KNOCKERS_AT_MOST
        choices: dict[str, float] = {
            "hand_up": 1.5 if len(hands) < len(people) else 0.0,
            "hand_down": 0.5 * len(hands),
            "audio": 4.0 if people else 0.0,
            "video": 2.0 if people else 0.0,
            "share": 0.3 * len(sharing) if sharing else (0.15 if people else 0.0),
            "join": 1.0 if room_for_more else 0.0,
            "leave": 1.0 if people and population > self._baseline * 0.75 else 0.0,
            "chat": 0.6 if talkers else 0.0,
            "give_up": 0.1 * waiting,
        }
        action = self._rng.choices(list(choices), weights=list(choices.values()))[0]
        match action:
            case "hand_up":
                who = self._pick([p for p in people if not p.hand_raised])
                return self._change(replace(who, hand_raised_at=now_ms))
            case "hand_down":
                return self._change(replace(self._pick(hands), hand_raised_at=None))
            case "audio":
                who = self._pick(people)
                if who.audio_muted and must_ask(self._world, who, Media.AUDIO):
                    return self._ask(who, now_ms)
                return self._change(replace(who, audio_muted=not who.audio_muted))
            case "video":
                who = self._pick(people)
                if who.video_muted and must_ask(self._world, who, Media.VIDEO):
                    return self._ask(who, now_ms)
                return self._change(replace(who, video_muted=not who.video_muted))
            case "share":
                who = self._pick(sharing or people)
                return self._change(replace(who, screen_sharing=not who.screen_sharing))
            case "join" if self._world.lobby_enabled:
                knocker = new_knocker(self._roster, self._names, self._rng, now_ms / 1000)
                return Effect((knock(self._world, knocker),))
            case "join":
                return self._join(now_ms)
            case "chat":
                text = LINES[self._rng.randrange(len(LINES))]
                return Effect(
                    (small_talk(self._world, self._pick(talkers).id, text, now_ms / 1000),)
                )
            case "give_up":
                kid = self._rng.choice(sorted(self._world.knocking))
                return Effect((give_up(self._world, kid),))
            case _:
                return Effect((self._world.leave(self._pick(people).id),), changed=True)

    def _pick(self, people: list[Participant]) -> Participant:
        return people[self._rng.randrange(len(people))]

    def _ask(self, person: Participant, now_ms: int) -> Effect:
        if person.hand_raised:
            return Effect()  # already asking; they wait
        return self._change(replace(person, hand_raised_at=now_ms))

    def _change(self, person: Participant) -> Effect:
        return Effect((self._world.change(person),))

    def _join(self, now_ms: int) -> Effect:
        moderator = self._rng.random() < 0.05
        person = self._roster.person(
            self._names.fresh(), self._world.main.id, now_ms=now_ms, moderator=moderator
        )
        person = replace(person, hand_raised_at=None)  # nobody arrives with a hand already up
        return Effect((self._world.enter(person),), changed=True)
