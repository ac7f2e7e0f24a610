"""Scheduled notices on a simulated meeting: posted once, at their time, where they were aimed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.workshop.rig import Rig, rigged
from tui.model.conference import ConnectionState
from tui.model.events import ConnectionChanged
from tui.model.intents import RemoveRoom
from tui.workshop.notices import ScheduledNotices
from tui.workshop.ticking import SETTLE


@pytest.fixture
async def rig() -> AsyncIterator[Rig[ScheduledNotices]]:
    async with rigged(lambda s, c: ScheduledNotices(s, wall_clock=c)) as made:
        yield made


async def test_a_notice_goes_to_every_room_once_at_its_time(rig: Rig[ScheduledNotices]) -> None:
    answer = await rig.part.op({"op": "notice", "action": "add", "text": "5 min left", "in": "10m"})
    assert answer["ok"], answer
    assert [n["text"] for n in answer["notices"]] == ["5 min left"]
    await rig.at(599)
    assert rig.lines("5 min left") == []
    await rig.at(600)
    assert rig.lines("5 min left") == list(rig.session.conference.rooms)
    await rig.at(700)
    assert len(rig.lines("5 min left")) == len(rig.session.conference.rooms)
    assert (await rig.part.op({"op": "notice"}))["notices"] == []


async def test_chosen_rooms_by_number_or_name(rig: Rig[ScheduledNotices]) -> None:
    second = rig.session.conference.breakout_rooms[1]
    answer = await rig.part.op(
        {"op": "notice", "action": "add", "text": "only you", "in": "1m", "rooms": ["2"]}
    )
    assert answer["notices"][0]["rooms"] == [second.label]
    named = await rig.part.op(
        {"op": "notice", "action": "add", "text": "by name", "in": "1m", "rooms": [second.label]}
    )
    assert named["ok"], named
    await rig.at(60)
    assert rig.lines("only you") == [second.id] == rig.lines("by name")
    bad = await rig.part.op(
        {"op": "notice", "action": "add", "text": "x", "in": "1m", "rooms": ["nowhere"]}
    )
    assert bad["ok"] is False and "no room called" in bad["error"]


async def test_cancel_and_a_room_that_went_away(rig: Rig[ScheduledNotices]) -> None:
    first = rig.session.conference.breakout_rooms[0]
    add = {"op": "notice", "action": "add", "in": "1m"}
    kept = await rig.part.op({**add, "text": "gone room", "rooms": [first.id]})
    dropped = await rig.part.op({**add, "text": "cancelled"})
    assert (await rig.part.op({"op": "notice", "action": "cancel", "id": dropped["added"]}))["ok"]
    again = await rig.part.op({"op": "notice", "action": "cancel", "id": dropped["added"]})
    assert again["ok"] is False
    assert (await rig.session.perform(RemoveRoom(first.id))).ok
    await rig.at(60)
    assert rig.lines("cancelled") == [] == rig.lines("gone room")
    assert kept["ok"] and (await rig.part.op({"op": "notice"}))["notices"] == []


async def test_due_while_disconnected_is_sent_once_when_back(rig: Rig[ScheduledNotices]) -> None:
    await rig.part.op({"op": "notice", "action": "add", "text": "late", "in": "1m"})
    rooms = len(rig.session.conference.rooms)
    rig.session.handle(ConnectionChanged(ConnectionState.RECONNECTING))
    await rig.at(120)
    assert rig.lines("late") == []
    rig.session.handle(ConnectionChanged(ConnectionState.CONNECTED))
    await rig.at(120 + SETTLE)
    await rig.at(200)
    assert len(rig.lines("late")) == rooms


async def test_bad_requests_get_one_line(rig: Rig[ScheduledNotices]) -> None:
    for request, error in (
        ({"action": "add", "text": "x"}, "say when"),
        ({"action": "add", "text": "x", "in": "1m", "at": "12:00"}, "say when"),
        ({"action": "add", "text": "x", "at": "noon"}, "not a time of day"),
        ({"action": "add", "text": "", "in": "1m"}, "empty"),
        ({"action": "cancel", "id": "1"}, "must be a number"),
        ({"action": "shout"}, "add, list or cancel"),
    ):
        answer = await rig.part.op({"op": "notice", **request})
        assert answer["ok"] is False and error in answer["error"], (request, answer)


async def test_a_read_only_console_schedules_nothing(rig: Rig[ScheduledNotices]) -> None:
    rig.session.read_only = True
    answer = await rig.part.op({"op": "notice", "action": "add", "text": "x", "in": "1m"})
    assert answer["ok"] is False and "read-only" in answer["error"]
    assert rig.part.notices.pending == ()
