"""Complexity guards of apply: a presence touches only what it changes.

Not timed: they count references, which a slow machine cannot make flaky. Every container
holding a participant id holds a reference to it, so copying a room's member list (or the
participants mapping) shows up as a rise in the reference count of *every* id in it, while
a change that shares the existing entries leaves those counts where they were.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tests.model.factories import ROOM
from tui.model.conference import Conference, Participant
from tui.model.events import ParticipantLeft, ParticipantPresent
from tui.model.reduce import apply

N = 3000
CHANGES = 200


def pid(i: int) -> str:
    return f"{i:08x}"


def crowd(n: int = N) -> Conference:
    conference = Conference.empty(ROOM, f"{ROOM}@conference.meet.jitsi")
    for i in range(n):
        conference = apply(conference, ParticipantPresent(Participant(pid(i), f"P {i}", ROOM)))
    return conference


Step = ParticipantPresent | ParticipantLeft


def copies_of_the_crowd(before: Conference, steps: Sequence[Step]) -> int:
    """References gained by the ids already there while ``steps`` are applied, all versions kept.

    Keeping every version is what makes a copy visible: a version that copied the room's
    members (or the participants) holds one more reference to each id it copied.
    """
    sample = list(before.participants)[7::100]  # 30 of the crowd
    counts = [sys.getrefcount(p) for p in sample]
    versions = [before]
    for step in steps:
        versions.append(apply(versions[-1], step))
    after = [sys.getrefcount(p) for p in sample]  # counted the same way as before
    assert len(versions) == len(steps) + 1  # (keeps them alive until counted)
    return max(a - c for a, c in zip(after, counts, strict=True))


def test_a_join_into_a_big_room_copies_none_of_its_members() -> None:
    """A copied member tuple per join is 200 references more per id; sharing is 0."""
    before = crowd()
    joins = [ParticipantPresent(Participant(pid(N + i), "new", ROOM)) for i in range(CHANGES)]
    gained = copies_of_the_crowd(before, joins)
    assert gained <= 2, f"each id was copied {gained} times by {CHANGES} joins"


def test_a_leave_from_a_big_room_copies_none_of_its_members() -> None:
    before = crowd()
    leaves = [ParticipantLeft(pid(i), ROOM) for i in range(0, 2 * CHANGES, 2)]
    gained = copies_of_the_crowd(before, leaves)
    assert gained <= 2, f"each id was copied {gained} times by {CHANGES} leaves"


def test_moves_between_rooms_copy_neither_room() -> None:
    before = apply(crowd(), ParticipantPresent(Participant("zz", "Z", "breakout-1")))
    moves = [
        ParticipantPresent(Participant(pid(i), f"P {i}", "breakout-1" if i % 2 else ROOM))
        for i in range(CHANGES)
    ]
    gained = copies_of_the_crowd(before, moves)
    assert gained <= 2, f"each id was copied {gained} times by {CHANGES} moves"
    after = apply(before, moves[1])
    assert list(after.rooms["breakout-1"].members) == ["zz", pid(1)]
    assert pid(1) not in after.main.members and len(after.main.members) == N - 1


def test_status_presences_copy_nothing_and_share_the_rooms() -> None:
    before = crowd()
    person = before.participants[pid(5)]
    unmuted = Participant(person.id, person.name, ROOM, audio_muted=False)
    after = apply(before, ParticipantPresent(unmuted))
    assert after.participants[person.id].audio_muted is False
    assert before.participants[person.id].audio_muted is True  # the old snapshot is unchanged
    assert after.rooms is before.rooms  # no room was rebuilt: membership did not change
    changes = [
        ParticipantPresent(Participant(pid(i * 7 % N), f"P {i * 7 % N}", ROOM, hand_raised_at=i))
        for i in range(CHANGES)
    ]
    assert copies_of_the_crowd(before, changes) <= 2


def test_a_repeated_presence_returns_the_same_snapshot() -> None:
    before = crowd()
    same = before.participants[pid(9)]
    assert apply(before, ParticipantPresent(same)) is before


def test_every_version_of_a_storm_still_reads_as_it_did() -> None:
    """Sharing must not leak: a snapshot taken mid-storm keeps its own members and people."""
    conference = Conference.empty(ROOM, f"{ROOM}@conference.meet.jitsi")
    versions = []
    for i in range(300):
        conference = apply(conference, ParticipantPresent(Participant(pid(i), "p", ROOM)))
        if i % 3 == 2:
            conference = apply(conference, ParticipantLeft(pid(i - 1), ROOM))
        versions.append(conference)
    for i, version in enumerate(versions):
        expected = [pid(k) for k in range(i + 1) if not (k % 3 == 1 and k + 1 <= i)]
        assert list(version.main.members) == expected
        assert list(version.participants) == expected
        assert len(version.main.members) == len(version.participants) == len(expected)
