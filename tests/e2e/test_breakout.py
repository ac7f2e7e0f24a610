"""Every breakout action, end to end: the console asks, the people really move.

Server behaviour checked: our breakout-rooms component (add / rename / remove commands, the
coalesced update JSON, move-to-room events to each participant), Prosody's MUC (the web
participants leave with ``switch_room`` and rejoin the target with the same nick), and the
console's rule that a request is ok only once an update confirmed it. Each ``request`` must
therefore return after the people moved: the web participants' rooms are checked right after
it returns, without waiting.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import Meeting, meeting, until
from tests.stack.focus import JitsiStack
from tests.stack.webclient import WebParticipant
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

pytestmark = pytest.mark.stack


async def _add(m: Meeting, name: str) -> str:
    before = set(m.session.conference.rooms)
    outcome = await m.session.perform(AddRoom(name))
    assert outcome.ok, outcome
    [room_id] = set(m.session.conference.rooms) - before
    assert m.session.conference.rooms[room_id].name == name
    return room_id


def _update_names(guest: WebParticipant) -> set[str]:
    update = guest.last_update() or {}
    return {str(r.get("name", "")) for r in update.get("rooms", {}).values()}


def _has_rooms(guest: WebParticipant, names: set[str]) -> Callable[[], bool]:
    return lambda: names <= _update_names(guest)


async def _move(m: Meeting, people: list[WebParticipant], room_id: str) -> None:
    outcome = await m.session.perform(MoveParticipants(tuple(p.nick for p in people), room_id))
    assert outcome.ok, outcome
    assert len(outcome.confirmed) == len(people)
    target = m.room_jid(room_id)
    # Confirmed means moved: no waiting here.
    assert [p.room for p in people] == [target] * len(people)
    assert all(m.session.conference.participants[p.nick].room == room_id for p in people)


async def test_add_rename_move_one_move_many_close(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 4) as m:
        a = await _add(m, "Group A")
        b = await _add(m, "Group B")
        assert m.session.conference.room_counter == 2
        # The server broadcast the rooms to the people, too.
        for guest in m.guests:
            await guest.wait_for(_has_rooms(guest, {"Group A", "Group B"}))

        outcome = await m.session.perform(RenameRoom(a, "Team A"))
        assert outcome.ok, outcome
        assert m.session.conference.rooms[a].name == "Team A"
        await m.guests[0].wait_for(lambda: "Team A" in _update_names(m.guests[0]))

        one, *many = m.guests
        await _move(m, [one], a)
        await _move(m, many, b)
        assert [g.moves for g in m.guests] == [[m.room_jid(a)]] + [[m.room_jid(b)]] * 3
        # They moved like the web client: nobody was hung up on, each kept its nick.
        assert all(not g.destroyed for g in m.guests)
        assert all(m.seen(g) is not None for g in m.guests)

        outcome = await m.session.perform(CloseRoom(b))
        assert outcome.ok, outcome
        assert [g.room for g in many] == [m.main_jid] * 3
        assert one.room == m.room_jid(a)  # another room is left alone
        assert b in m.session.conference.rooms  # closing keeps the room


async def test_auto_assign_then_call_everyone_back(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 6) as m:
        rooms = [await _add(m, f"Room {n}") for n in (1, 2, 3)]
        outcome = await m.session.perform(AutoAssign(seed=7))
        assert outcome.ok, outcome
        jids = {m.room_jid(r) for r in rooms}
        assert all(g.room in jids for g in m.guests)
        sizes = sorted(sum(g.room == jid for g in m.guests) for jid in jids)
        assert sizes == [2, 2, 2]
        console = m.session.conference.participants[m.session.conference.me or ""]
        assert console.room == m.session.conference.main_room  # the console stays

        outcome = await m.session.perform(CallEveryoneBack())
        assert outcome.ok, outcome
        assert [g.room for g in m.guests] == [m.main_jid] * 6
        assert set(rooms) <= set(m.session.conference.rooms)  # the rooms stay


async def test_remove_an_occupied_room_brings_its_people_back_first(
    jitsi_stack: JitsiStack,
) -> None:
    async with meeting(jitsi_stack, 3) as m:
        keep = await _add(m, "Keep")
        gone = await _add(m, "Gone")
        await _move(m, m.guests[:2], gone)
        await _move(m, m.guests[2:], keep)

        outcome = await m.session.perform(RemoveRoom(gone))
        assert outcome.ok, outcome
        assert gone not in m.session.conference.rooms
        assert [g.room for g in m.guests[:2]] == [m.main_jid] * 2
        # They walked out before the room was destroyed: no destroy presence reached them.
        assert all(not g.destroyed for g in m.guests)
        assert m.guests[2].room == m.room_jid(keep)
        await m.guests[0].wait_for(lambda: _update_names(m.guests[0]) == {"", "Keep"})


async def test_close_all_rooms_empties_and_removes_every_room(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 4) as m:
        first = await _add(m, "First")
        second = await _add(m, "Second")
        await _add(m, "Empty")
        await _move(m, m.guests[:2], first)
        await _move(m, m.guests[2:], second)

        outcome = await m.session.perform(CloseAllRooms())
        assert outcome.ok, outcome
        assert not m.session.conference.breakout_rooms
        assert [g.room for g in m.guests] == [m.main_jid] * 4
        assert all(not g.destroyed for g in m.guests)
        await until(m.session, lambda: len(m.session.conference.main.members) == 5)
