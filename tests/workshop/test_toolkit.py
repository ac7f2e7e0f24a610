"""The workshop's verbs reach the control socket beside the gateway's; parts start and stop."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from tui.control.server import ControlServer
from tui.session import ConsoleSession
from tui.sim.gateway import SimulatedConference
from tui.workshop.toolkit import Workshop


class _Part:
    def __init__(self, log: list[str], name: str, *, fail_stop: bool = False) -> None:
        self.log, self.name, self.fail_stop = log, name, fail_stop

    async def start(self) -> None:
        self.log.append(f"start {self.name}")

    async def stop(self) -> None:
        self.log.append(f"stop {self.name}")
        if self.fail_stop:
            raise RuntimeError("boom")


async def test_a_workshop_verb_is_answered_by_the_control_socket() -> None:
    session = ConsoleSession(SimulatedConference(participants=4, seed=1, activity=False))
    workshop = Workshop(session)
    seen: list[Mapping[str, Any]] = []

    async def echo(request: Mapping[str, Any]) -> dict[str, Any]:
        seen.append(request)
        return {"ok": True, "state": "idle"}

    workshop.add(_Part([], "echo"), {"timer": echo})
    server = ControlServer(session, None, workshop.ops)
    answer = await server.answer(json.dumps({"op": "timer", "minutes": 5}).encode())
    assert answer == {"ok": True, "state": "idle"}
    assert seen == [{"op": "timer", "minutes": 5}]
    unknown = await server.answer(b'{"op": "no-such-verb"}')
    assert unknown["ok"] is False


async def test_a_verb_is_served_once_and_every_part_stops() -> None:
    session = ConsoleSession(SimulatedConference(participants=4, seed=1, activity=False))
    workshop = Workshop(session)
    log: list[str] = []

    async def op(request: Mapping[str, Any]) -> dict[str, Any]:
        return {"ok": True}

    workshop.add(_Part(log, "a", fail_stop=True), {"plan": op})
    workshop.add(_Part(log, "b"))
    with pytest.raises(ValueError, match="served twice"):
        workshop.add(_Part(log, "c"), {"plan": op})
    await workshop.start()
    await workshop.stop()
    assert log == ["start a", "start b", "stop b", "stop a"]
