"""Complexity guards of apply: a presence touches only what it changes.

Not timed: they count what was copied or rebuilt, which a slow machine cannot make flaky.
"""

from __future__ import annotations

from tests.model.factories import ROOM
from tui.model.conference import Conference, FrozenMap, Participant
from tui.model.events import ParticipantLeft, ParticipantPresent
from tui.model.reduce import apply

N = 3000


def crowd() -> Conference:
    conference = Conference.empty(ROOM, f"{ROOM}@conference.meet.jitsi")
    for i in range(N):
        conference = apply(conference, ParticipantPresent(Participant(f"{i:08x}", f"P {i}", ROOM)))
    return conference


def test_a_status_presence_shares_rooms_and_the_participant_base() -> None:
    before = crowd()
    person = before.participants[f"{5:08x}"]
    after = apply(
        before, ParticipantPresent(Participant(person.id, person.name, ROOM, audio_muted=False))
    )
    assert after.participants[person.id].audio_muted is False
    assert after.rooms is before.rooms  # no room was rebuilt: membership did not change
    assert isinstance(after.participants, FrozenMap) and isinstance(before.participants, FrozenMap)
    assert after.participants._base is before.participants._base  # no O(n) copy


def test_a_repeated_presence_returns_the_same_snapshot() -> None:
    before = crowd()
    same = before.participants[f"{9:08x}"]
    assert apply(before, ParticipantPresent(same)) is before


def test_a_join_storm_rebuilds_the_participant_base_only_sqrt_n_times() -> None:
    conference = Conference.empty(ROOM, f"{ROOM}@conference.meet.jitsi")
    bases: dict[int, object] = {}  # holds them, so no id is reused
    for i in range(N):
        conference = apply(conference, ParticipantPresent(Participant(f"{i:08x}", f"P {i}", ROOM)))
        participants = conference.participants
        assert isinstance(participants, FrozenMap)
        bases[id(participants._base)] = participants._base
    # A dict copied per join is N rebuilds; folding at ~√n keeps it near 2·√N.
    assert len(bases) <= 4 * int(N**0.5)


def test_a_leave_shares_the_other_rooms() -> None:
    before = apply(crowd(), ParticipantPresent(Participant("zz", "Z", "breakout-1")))
    after = apply(before, ParticipantLeft(f"{3:08x}", ROOM))
    assert after.rooms["breakout-1"] is before.rooms["breakout-1"]
    assert f"{3:08x}" not in after.participants and len(after.participants) == N
