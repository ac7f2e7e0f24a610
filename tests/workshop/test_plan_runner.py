"""Applying a breakout plan to the simulated meeting: rooms made, people moved, arrivals too."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from tui.control.server import ControlServer
from tui.model.conference import Conference
from tui.model.plan import Plan, PlanRoom
from tui.model.plan_match import room_named
from tui.session import ConsoleSession
from tui.sim.gateway import SimulatedConference
from tui.workshop.parts import build


async def meeting(people: int = 12) -> tuple[SimulatedConference, ConsoleSession]:
    gateway = SimulatedConference(participants=people, seed=4, activity=False, breakout_delay=0)
    session = ConsoleSession(gateway)
    await session.connect()
    return gateway, session


def names(conference: Conference) -> list[str]:
    return sorted(
        p.name for p in conference.participants.values() if p.id != conference.me and p.jid
    )


def room_of(conference: Conference, name: str) -> str:
    (person,) = [p for p in conference.participants.values() if p.name == name]
    return conference.rooms[person.room].label


async def settle(session: ConsoleSession) -> None:
    for _ in range(20):
        await asyncio.sleep(0)
    await asyncio.sleep(0.05)


async def test_apply_creates_rooms_moves_people_and_posts_tasks(tmp_path: Path) -> None:
    _, session = await meeting()
    workshop = build(session)
    server = ControlServer(session, None, workshop.ops)
    await workshop.start()
    people = names(session.conference)
    a, b = people[:2], people[2:4]
    text = "room,person,task\n" + "".join(f"Group A,{n.upper()},Discuss\n" for n in a)
    text += "".join(f"Group B,{n}\n" for n in b) + "Group B,Nobody Here\n"
    plan_file = tmp_path / "plan.csv"
    plan_file.write_text(text, encoding="utf-8")
    answer = await server.answer(
        json.dumps({"op": "plan", "action": "apply", "path": str(plan_file)}).encode()
    )
    conf = session.conference
    assert answer["ok"] is True, answer
    assert (answer["matched"], answer["waiting"], answer["failed"]) == (4, 1, 0)
    assert answer["waiting_names"] == ["Nobody Here"]
    assert answer["unmatched"] == len(people) - 4
    assert [room_of(conf, n) for n in a + b] == ["Group A"] * 2 + ["Group B"] * 2
    group_a = room_named(conf, "Group A")
    assert group_a is not None
    assert any(m.text == "Task: Discuss" and m.room == group_a.id for m in conf.chat)
    assert answer["settled_after"] is not None
    await workshop.stop()
    await session.disconnect()


async def test_people_who_join_later_are_moved_on_arrival_until_stopped() -> None:
    gateway, session = await meeting(6)
    workshop = build(session)
    await workshop.start()
    runner_op = workshop.ops["plan"]
    runner = runner_op.__self__  # type: ignore[attr-defined]
    first = names(session.conference)[0]
    await runner.apply(Plan((PlanRoom("Late room", (first, "Greta Late", "Hugo Later")),)))
    gateway.arrive("Greta Late")
    await settle(session)
    runner.tick()
    await settle(session)
    assert room_of(session.conference, "Greta Late") == "Late room"
    await runner_op({"op": "plan", "action": "stop"})
    gateway.arrive("Hugo Later")
    await settle(session)
    runner.tick()
    await settle(session)
    assert room_of(session.conference, "Hugo Later") == session.conference.main.label
    await workshop.stop()
    await session.disconnect()


async def test_an_ambiguous_entry_moves_nobody() -> None:
    gateway, session = await meeting(4)
    workshop = build(session)
    runner = workshop.ops["plan"].__self__  # type: ignore[attr-defined]
    gateway.arrive("Twin Name")
    gateway.arrive("twin name")
    await settle(session)
    state = await runner.apply(Plan((PlanRoom("R", ("Twin Name",)),)))
    assert state.match is not None and len(state.match.ambiguous) == 1
    rooms = {room_of_id(session.conference, pid) for pid in state.match.ambiguous[0].ids}
    assert rooms == {session.conference.main.label}
    await session.disconnect()


def room_of_id(conference: Conference, pid: str) -> str:
    return conference.rooms[conference.participants[pid].room].label


async def test_save_writes_the_layout_privately_and_never_overwrites(tmp_path: Path) -> None:
    _, session = await meeting(6)
    workshop = build(session)
    op = workshop.ops["plan"]
    people = names(session.conference)
    await op.__self__.apply(Plan((PlanRoom("Team 1", tuple(people[:3])),)))  # type: ignore[attr-defined]
    out = tmp_path / "layout.toml"
    saved = await op({"op": "plan", "action": "save", "path": str(out), "toml": True})
    assert saved == {"ok": True, "rooms": 1, "people": 3}
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert out.read_text(encoding="utf-8").startswith('[rooms]\n"Team 1" = [')
    again = await op({"op": "plan", "action": "save", "path": str(out)})
    assert again["ok"] is False and "--force" in again["error"]
    forced = await op({"op": "plan", "action": "save", "path": str(out), "force": True})
    assert forced["ok"] is True
    assert out.read_text(encoding="utf-8").startswith("room,person\nTeam 1,")
    await session.disconnect()


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        ({"action": "apply", "path": "relative.csv"}, "'path' must be an absolute file path"),
        ({"action": "apply", "path": "/nonexistent/p.csv"}, "No such file or directory"),
        ({"action": "dance"}, "the action is apply, stop, save or state"),
    ],
)
async def test_bad_requests_are_one_line(request_: dict[str, object], error: str) -> None:
    _, session = await meeting(2)
    answer = await build(session).ops["plan"]({"op": "plan", **request_})
    assert answer["ok"] is False and error in answer["error"]
    await session.disconnect()


async def test_rooms_for_auto_assign_by_people_per_room_are_added_first() -> None:
    _, session = await meeting(10)
    workshop = build(session)
    answer = await workshop.ops["add-rooms-for"]({"op": "add-rooms-for", "per_room": 4})
    assert answer == {"ok": True, "added": 3}  # 10 people, 4 per room
    assert len(session.conference.breakout_rooms) == 3
    await session.disconnect()


async def test_a_read_only_console_applies_nothing_and_says_so(tmp_path: Path) -> None:
    gateway = SimulatedConference(participants=4, seed=4, activity=False, breakout_delay=0)
    session = ConsoleSession(gateway, read_only=True)
    await session.connect()
    name = names(session.conference)[0]
    plan_file = tmp_path / "p.csv"
    plan_file.write_text(f"R,{name}\n", encoding="utf-8")
    answer = await build(session).ops["plan"](
        {"op": "plan", "action": "apply", "path": str(plan_file)}
    )
    assert answer["ok"] is False and answer["error"].startswith("1 failed: room R: ")
    assert "read-only" in answer["error"]
    assert session.conference.breakout_rooms == ()
    await session.disconnect()
