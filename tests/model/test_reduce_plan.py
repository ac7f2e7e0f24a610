"""plan(): moderator wishes become wire commands, or a reason why not."""

from __future__ import annotations

from tests.model.factories import ME, ROOM, connected, person, snapshot
from tui.model.commands import SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom, confirmed
from tui.model.conference import Conference, ConnectionState, Feature, Kind
from tui.model.events import ConnectionChanged
from tui.model.intents import (
    AddRoom,
    AutoAssign,
    CallEveryoneBack,
    CloseAllRooms,
    CloseRoom,
    MoveParticipants,
    RemoveRoom,
    RenameRoom,
)
from tui.model.reduce import Planned, Refused, apply, plan


def with_rooms() -> Conference:
    conf = connected(person("a1", "Anna"), person("b2", "Bo"), person("c3", "Cia"))
    return apply(conf, snapshot(conf, {ROOM: [ME, "a1"], "r1": ["b2"], "r2": ["c3"]}))


def test_move_uses_real_jid_and_target_room_jid() -> None:
    conf = with_rooms()
    result = plan(conf, MoveParticipants(("a1",), "r1"))
    assert result == Planned((SendMove("a1", "a1@meet.jitsi/r", "r1", "r1@breakout.meet.jitsi"),))


def test_move_refusals_say_why() -> None:
    conf = with_rooms()
    assert plan(conf, MoveParticipants(("b2",), "r1")) == Refused("Bo is already in Room r1")
    assert plan(conf, MoveParticipants(("zz",), "r1")) == Refused("unknown participant 'zz'")
    assert plan(conf, MoveParticipants(("a1",), "nope")) == Refused("unknown room 'nope'")
    refused = plan(conf, MoveParticipants((ME,), "r1"))
    assert isinstance(refused, Refused) and "console" in refused.reason


def test_bulk_move_skips_those_already_there() -> None:
    conf = with_rooms()
    result = plan(conf, MoveParticipants(("a1", "b2", "c3"), "r1"))
    assert isinstance(result, Planned)
    assert [c.participant for c in result.commands] == ["a1", "c3"]  # type: ignore[union-attr]


def test_non_moderator_and_disconnected_are_refused() -> None:
    conf = connected(person("a1"), moderator=False)
    refused = plan(conf, AddRoom("x"))
    assert isinstance(refused, Refused) and "not a moderator" in refused.reason
    down = apply(with_rooms(), ConnectionChanged(ConnectionState.RECONNECTING))
    assert plan(down, AddRoom()) == Refused("not connected (reconnecting)")


def test_no_breakout_component_refused() -> None:
    conf = connected(person("a1"), features=frozenset())
    assert plan(conf, AddRoom()) == Refused("this server has no breakout-rooms component")


def test_add_room_default_name_follows_counter() -> None:
    conf = with_rooms()
    result = plan(conf, AddRoom("  "))
    assert isinstance(result, Planned)
    (cmd,) = result.commands
    assert isinstance(cmd, SendAddRoom) and cmd.name == "Breakout room #3"
    assert not confirmed(conf, cmd)


def test_rename_needs_feature_and_a_new_name() -> None:
    conf = with_rooms()
    assert plan(conf, RenameRoom("r1", " Group A ")) == Planned(
        (SendRenameRoom("r1", "r1@breakout.meet.jitsi", "Group A"),)
    )
    assert plan(conf, RenameRoom("r1", "Room r1")) == Refused("the room is already called Room r1")
    assert plan(conf, RenameRoom(ROOM, "x")) == Refused(
        "the main room cannot be renamed, closed or removed"
    )
    no_rename = connected(features=frozenset({Feature.BREAKOUT}))
    refused = plan(no_rename, RenameRoom("r1", "x"))
    assert isinstance(refused, Refused) and "renaming" in refused.reason


def test_remove_closes_first_then_removes() -> None:
    conf = with_rooms()
    result = plan(conf, RemoveRoom("r1"))
    assert isinstance(result, Planned)
    assert result.commands == (
        SendMove("b2", "b2@meet.jitsi/r", ROOM, "standup@conference.meet.jitsi"),
        SendRemoveRoom("r1", "r1@breakout.meet.jitsi"),
    )


def test_close_room_and_close_all() -> None:
    conf = with_rooms()
    closed = plan(conf, CloseRoom("r2"))
    assert isinstance(closed, Planned) and len(closed.commands) == 1
    result = plan(conf, CloseAllRooms())
    assert isinstance(result, Planned)
    kinds = [type(c).__name__ for c in result.commands]
    assert kinds == ["SendMove", "SendMove", "SendRemoveRoom", "SendRemoveRoom"]
    empty = apply(conf, snapshot(conf, {ROOM: [ME, "a1", "b2", "c3"], "r1": []}))
    assert plan(empty, CloseRoom("r1")) == Refused("Room r1 is already empty")
    assert plan(connected(), CloseAllRooms()) == Refused("there are no breakout rooms to close")


def test_call_everyone_back() -> None:
    conf = with_rooms()
    result = plan(conf, CallEveryoneBack())
    assert isinstance(result, Planned)
    assert {c.participant for c in result.commands} == {"b2", "c3"}  # type: ignore[union-attr]
    home = apply(conf, snapshot(conf, {ROOM: [ME, "a1", "b2", "c3"], "r1": [], "r2": []}))
    assert plan(home, CallEveryoneBack()) == Refused("everyone is already in the main room")


def test_auto_assign_splits_evenly_and_skips_console_and_bots() -> None:
    people = [person(f"p{i:02}") for i in range(10)]
    people.append(person("rec", kind=Kind.JIBRI))
    conf = connected(*people)
    conf = apply(
        conf, snapshot(conf, {ROOM: [ME, *(p.id for p in people)], "r1": [], "r2": [], "r3": []})
    )
    result = plan(conf, AutoAssign(seed=7))
    assert isinstance(result, Planned)
    per_room: dict[str, int] = {}
    for cmd in result.commands:
        assert isinstance(cmd, SendMove) and cmd.participant not in (ME, "rec")
        per_room[cmd.room] = per_room.get(cmd.room, 0) + 1
    assert sorted(per_room.values()) == [2, 4, 4]  # ceil(10/3) = 4 per chunk, as Jitsi does
    assert plan(conf, AutoAssign(seed=7)) == result, "same seed, same plan"
    assert plan(connected(person("a")), AutoAssign(1)) == Refused(
        "add a breakout room before auto-assigning"
    )


def test_confirmation_rules() -> None:
    conf = with_rooms()
    move = SendMove("a1", "a1@meet.jitsi/r", "r1", "r1@breakout.meet.jitsi")
    assert not confirmed(conf, move)
    moved = apply(conf, snapshot(conf, {ROOM: [ME], "r1": ["b2", "a1"], "r2": ["c3"]}))
    assert confirmed(moved, move)
    remove = SendRemoveRoom("r2", "r2@breakout.meet.jitsi")
    assert not confirmed(conf, remove)
    assert confirmed(apply(conf, snapshot(conf, {ROOM: [ME, "a1", "b2", "c3"]})), remove)


def test_a_plan_with_nothing_to_send_is_refused() -> None:
    conf = connected(person("a1"), person("rec", "Recorder", kind=Kind.JIBRI))
    conf = apply(conf, snapshot(conf, {ROOM: [ME, "a1"], "r1": ["rec"]}))
    refused = plan(conf, CloseRoom("r1"))  # only a recording bot there: nobody to move
    assert isinstance(refused, Refused) and "nothing to do" in refused.reason
