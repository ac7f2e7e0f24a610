"""The breakout timer on a simulated meeting: the rooms hear it, zero brings everyone back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.workshop.rig import Rig, rigged
from tui.model.conference import ConnectionState
from tui.model.events import ConnectionChanged
from tui.workshop.ticking import SETTLE
from tui.workshop.timer import SessionTimer


@pytest.fixture
async def rig() -> AsyncIterator[Rig[SessionTimer]]:
    async with rigged(lambda s, c: SessionTimer(s, wall_clock=c, warn=60)) as made:
        yield made


async def test_start_warning_and_recall_reach_every_room(rig: Rig[SessionTimer]) -> None:
    assert rig.away > 0
    rig.part.begin(300)
    await rig.at(0)
    assert rig.lines("5:00 left") == list(rig.session.conference.rooms)
    await rig.at(239)
    assert rig.lines("left in this breakout session") == []
    await rig.at(240)
    assert rig.lines("1:00 left in this breakout session") == list(rig.session.conference.rooms)
    await rig.at(300)
    assert rig.away == 0
    assert rig.lines("breakout session is over")
    assert rig.part.recall_seconds is not None
    assert rig.part.state()["timer"]["running"] is False


async def test_no_recall_leaves_people_in_their_rooms(rig: Rig[SessionTimer]) -> None:
    away = rig.away
    rig.part.begin(120, recall=False)
    await rig.at(0)
    await rig.at(120)
    assert rig.away == away
    assert rig.lines("breakout session is over")
    assert not rig.lines("everyone comes back")


async def test_stop_means_no_warning_and_no_recall(rig: Rig[SessionTimer]) -> None:
    away = rig.away
    rig.part.begin(300)
    await rig.at(10)
    rig.part.end()
    await rig.at(1000)
    assert rig.away == away
    assert rig.lines("stopped")
    assert not rig.lines("in this breakout session")


async def test_extend_after_the_warning_warns_again_before_the_new_end(
    rig: Rig[SessionTimer],
) -> None:
    rig.part.begin(300)
    await rig.at(250)
    assert len(rig.lines("in this breakout session")) == 4
    rig.part.extend(300)
    await rig.at(250)
    assert rig.lines("Extended by 5m: 5:50 left")
    await rig.at(540)
    assert len(rig.lines("in this breakout session")) == 8
    await rig.at(599)
    assert rig.away > 0
    await rig.at(600)
    assert rig.away == 0


async def test_zero_passed_while_disconnected_recalls_once_when_back(
    rig: Rig[SessionTimer],
) -> None:
    rig.part.begin(120)
    await rig.at(0)
    rig.session.handle(ConnectionChanged(ConnectionState.RECONNECTING))
    await rig.at(500)
    assert rig.away > 0, "nothing is done while the connection is down"
    rig.session.handle(ConnectionChanged(ConnectionState.CONNECTED))
    await rig.at(501)
    assert rig.away > 0, "the rejoin gets a moment to fill the rooms"
    await rig.at(501 + SETTLE)
    assert rig.away == 0
    assert len(rig.lines("everyone comes back")) == 4
    await rig.at(600)
    assert len(rig.lines("everyone comes back")) == 4
    assert not rig.lines("in this breakout session"), "the warning in the gap is stale"


async def test_the_control_verb_starts_extends_and_stops(rig: Rig[SessionTimer]) -> None:
    assert await rig.part.op({"op": "timer"}) == {"ok": True, "timer": None}
    answer = await rig.part.op(
        {"op": "timer", "action": "start", "duration": "15m", "warn": "2m", "recall": False}
    )
    assert answer["ok"] and answer["timer"]["left_text"] == "15:00 left"
    assert answer["timer"]["warn"] == 120 and answer["timer"]["recall"] is False
    again = await rig.part.op({"op": "timer", "action": "start", "duration": "5m"})
    assert again == {"ok": False, "error": "a timer is running already: extend or stop it"}
    rig.clock.now += 4
    answer = await rig.part.op({"op": "timer", "action": "extend", "duration": "1m"})
    assert answer["timer"]["left_text"] == "15:56 left"
    bad = await rig.part.op({"op": "timer", "action": "extend", "duration": "soon"})
    assert bad["ok"] is False and "not a duration" in bad["error"]
    answer = await rig.part.op({"op": "timer", "action": "stop"})
    assert answer["timer"]["running"] is False and answer["timer"]["stopped"] is True
    assert (await rig.part.op({"op": "timer", "action": "stop"}))["ok"] is False


async def test_a_read_only_console_starts_no_timer(rig: Rig[SessionTimer]) -> None:
    rig.session.read_only = True
    answer = await rig.part.op({"op": "timer", "action": "start", "duration": "5m"})
    assert answer["ok"] is False and "read-only" in answer["error"]
    assert rig.part.timer is None
    assert (await rig.part.op({"op": "timer"}))["ok"] is True
