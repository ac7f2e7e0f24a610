"""apply(): server facts fold into the conference, keeping one room per participant."""

from __future__ import annotations

from dataclasses import replace

from tests.model.factories import ME, ROOM, connected, person, snapshot
from tui.model.conference import Conference, ConnectionState, Kind, invariant_violations
from tui.model.events import (
    ConnectionChanged,
    LeaveReason,
    LobbyChanged,
    ParticipantLeft,
    ParticipantPresent,
    SubjectChanged,
)
from tui.model.reduce import apply


def test_join_puts_people_in_the_main_room_in_arrival_order() -> None:
    conf = connected(person("a1"), person("b2"))
    assert conf.main.members == (ME, "a1", "b2")
    assert conf.am_moderator
    assert conf.myself is not None and conf.myself.kind is Kind.SELF
    assert invariant_violations(conf) == []


def test_presence_update_changes_fields_without_moving() -> None:
    conf = connected(person("a1"))
    conf2 = apply(conf, ParticipantPresent(replace(conf.participants["a1"], audio_muted=False)))
    assert conf2.participants["a1"].audio_muted is False
    assert conf2.main.members == conf.main.members
    assert conf.participants["a1"].audio_muted is True, "the old snapshot is untouched"


def test_leave_removes_but_switch_room_keeps_until_snapshot() -> None:
    conf = connected(person("a1"), person("b2"))
    gone = apply(conf, ParticipantLeft("a1", ROOM))
    assert "a1" not in gone.participants and "a1" not in gone.main.members
    moving = apply(conf, ParticipantLeft("a1", ROOM, LeaveReason.SWITCH_ROOM))
    assert moving.participants["a1"].room == ROOM
    moved = apply(moving, snapshot(moving, {ROOM: [ME, "b2"], "r1": ["a1"]}))
    assert moved.participants["a1"].room == "r1"
    assert moved.rooms["r1"].members == ("a1",)
    assert invariant_violations(moved) == []


def test_stale_leave_from_another_room_is_ignored() -> None:
    conf = connected(person("a1"))
    conf = apply(conf, snapshot(conf, {ROOM: [ME], "r1": ["a1"]}))
    assert apply(conf, ParticipantLeft("a1", ROOM)) == conf


def test_snapshot_keeps_presence_details_and_drops_the_absent() -> None:
    conf = connected(person("a1", hand_raised_at=5), person("b2"))
    conf = apply(conf, snapshot(conf, {ROOM: [ME], "r1": ["a1"]}))
    assert conf.participants["a1"].hand_raised_at == 5
    assert "b2" not in conf.participants
    assert list(conf.rooms) == [ROOM, "r1"]
    assert conf.rooms["r1"].name == "Room r1"
    assert conf.room_counter == 1


def test_snapshot_never_drops_the_console() -> None:
    conf = connected(person("a1"))
    conf = apply(conf, snapshot(conf, {ROOM: ["a1"]}))
    assert ME in conf.participants and conf.participants[ME].room == ROOM
    assert invariant_violations(conf) == []


def test_snapshot_with_duplicate_member_keeps_first_room() -> None:
    conf = connected(person("a1"))
    conf = apply(conf, snapshot(conf, {ROOM: [ME, "a1"], "r1": ["a1"]}))
    assert conf.participants["a1"].room == ROOM
    assert conf.rooms["r1"].members == ()
    assert invariant_violations(conf) == []


def test_presence_in_unknown_room_gets_placeholder() -> None:
    conf = connected()
    conf = apply(conf, ParticipantPresent(person("z9", room="elsewhere")))
    assert conf.rooms["elsewhere"].members == ("z9",)
    assert invariant_violations(conf) == []


def test_subject_lobby_connection() -> None:
    conf = connected()
    conf = apply(conf, SubjectChanged("Daily standup"))
    assert conf.name == "Daily standup" and conf.main.label == "Daily standup"
    assert apply(conf, LobbyChanged(True)).lobby_enabled
    lost = apply(conf, ConnectionChanged(ConnectionState.RECONNECTING, "socket closed"))
    assert lost.connection is ConnectionState.RECONNECTING
    assert lost.connection_detail == "socket closed"


def test_empty_conference_labels() -> None:
    conf = Conference.empty("x", "x@muc")
    assert conf.main.label == "Main room"
    assert conf.myself is None and not conf.am_moderator
