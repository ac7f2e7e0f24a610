"""The plan runner: apply a breakout plan, keep it while people arrive, save the layout.

``apply`` creates the plan's missing rooms, waits until the component lists them (a move needs
the room's JID), moves everyone the plan names exactly once (the session paces bulk moves),
and posts each room's task text there. While the plan is active, people who join later are
moved on arrival (checked once a second, so a join storm costs one match per second, not one
per presence); someone the moderator moves elsewhere by hand is left there, and someone who
leaves and comes back is an arrival again. ``stop`` ends that. Nothing here guesses:
:func:`tui.model.plan_match.match_plan` decides, and ambiguous entries move nobody.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.model.breakout_plans import rooms_wanted
from tui.model.conference import Conference
from tui.model.intents import AddRoom, AutoAssign, Broadcast, MoveParticipants
from tui.model.plan import (
    MAX_BYTES,
    Plan,
    PlanError,
    PlanRoom,
    parse_plan,
    plan_to_csv,
    plan_to_toml,
)
from tui.model.plan_match import PlanMatch, layout_plan, match_plan, room_named
from tui.session import Change, ConsoleSession
from tui.workshop.toolkit import Workshop

__all__ = ["PlanRunner", "PlanState", "add_plan"]

log = logging.getLogger(__name__)

ROOM_WAIT = 30.0
"""Seconds to wait for new rooms to appear in the component's update before giving up."""
MAX_LISTED = 50
"""Names listed per group in a state answer (the counts are always whole)."""
MAX_FAILURES = 20
"""Failure reasons kept (the count is always whole)."""


@dataclass(frozen=True, slots=True)
class PlanState:
    """What the screen and ``ctl plan`` show.

    Attributes:
        active: A plan is applied and arrivals are moved.
        source: The file the plan came from.
        match: The plan matched against the meeting now (``None`` without a plan).
        moved: Moves the server confirmed since the plan was applied.
        failures: Moves that failed, with reasons (at most :data:`MAX_FAILURES`).
        failed: How many moves failed.
        settled_after: Seconds from apply until everyone matched sat in their room.
    """

    active: bool = False
    source: str = ""
    match: PlanMatch | None = None
    moved: int = 0
    failures: tuple[str, ...] = ()
    failed: int = 0
    settled_after: float | None = None


class PlanRunner:
    """Applies one plan at a time to the session's meeting."""

    def __init__(
        self, session: ConsoleSession, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Work on ``session``; ``clock`` times how long a plan takes to settle."""
        self.session = session
        self._clock = clock
        self.plan: Plan | None = None
        self.source = ""
        self.active = False
        self._seen: set[str] = set(session.conference.participants)
        self._in_flight: set[str] = set()
        self._moved = 0
        self._failures: list[str] = []
        self._failed = 0
        self._applied_at: float | None = None
        self._settled_after: float | None = None
        self._rooms_changed = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Listen to the session and tick once a second."""
        if self._unsubscribe is None:
            self._unsubscribe = self.session.subscribe(self._changed)
        if self._ticker is None:
            self._ticker = asyncio.create_task(self._tick_forever(), name="workshop-plan")

    async def stop(self) -> None:
        """Stop listening and ticking (the plan itself stays as it was)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        tasks = [t for t in (self._ticker, *self._tasks) if t is not None]
        self._ticker = None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _changed(self, change: Change) -> None:
        # Runs for every presence of a join storm: only wake a wait for rooms; arrivals are
        # found by the once-a-second tick.
        del change
        self._rooms_changed.set()

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            self.tick()

    def tick(self) -> None:
        """Move arrivals the plan names; note when everyone matched has landed."""
        conference = self.session.conference
        present = set(conference.participants)
        arrived, self._seen = present - self._seen, present
        if not self.active or self.plan is None:
            return
        settling = self._settled_after is None and self._applied_at is not None
        if not arrived and not settling:
            return
        match = match_plan(conference, _entries(self.plan))
        if arrived:
            self._move(conference, match, only=arrived)
        if settling and not self._in_flight and _all_placed(conference, match):
            self._settled_after = self._clock() - (self._applied_at or 0.0)
            log.info("plan applied → all moved in %.1f s", self._settled_after)

    def state(self) -> PlanState:
        """The plan's standing now."""
        match = None
        if self.plan is not None:
            match = match_plan(self.session.conference, _entries(self.plan))
        return PlanState(
            self.active,
            self.source,
            match,
            self._moved,
            tuple(self._failures),
            self._failed,
            self._settled_after,
        )

    async def apply(self, plan: Plan, source: str = "") -> PlanState:
        """Create missing rooms, move everyone present, post task texts; stay active."""
        self.plan, self.source, self.active = plan, source, True
        self._moved = self._failed = 0
        self._failures = []
        self._applied_at, self._settled_after = self._clock(), None
        await self._ensure_rooms([room.name for room in plan.rooms])
        conference = self.session.conference
        match = match_plan(conference, _entries(plan))
        await self._move(conference, match)
        await self._post_tasks(plan)
        self.tick()
        return self.state()

    def stop_plan(self) -> None:
        """Stop moving arrivals; the rooms and who sits where stay."""
        self.active = False

    async def _ensure_rooms(self, names: list[str]) -> None:
        wanted = []
        for name in names:
            if room_named(self.session.conference, name) is None:
                outcome = await self.session.perform(AddRoom(name))
                if not outcome.ok:  # refused (not a moderator, read-only): nothing to wait for
                    self._fail(f"room {name}: {outcome.refused or 'not created'}")
                    continue
            wanted.append(name)
        await self._rooms_ready(wanted)

    async def _rooms_ready(self, names: list[str]) -> None:
        deadline = self._clock() + ROOM_WAIT
        while True:
            conference = self.session.conference
            rooms = [room_named(conference, n) for n in names]
            if all(r is not None and r.jid for r in rooms) or self._clock() > deadline:
                return
            self._rooms_changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._rooms_changed.wait(), 1.0)

    async def add_rooms_for(self, intent: AutoAssign) -> int:
        """Add breakout rooms until ``intent`` finds enough; returns how many were added."""
        conference = self.session.conference
        missing = rooms_wanted(conference, intent) - len(conference.breakout_rooms)
        for _ in range(max(missing, 0)):
            outcome = await self.session.perform(AddRoom())
            if not outcome.ok:
                raise PlanError(outcome.refused or "a room was not created")
        deadline = self._clock() + ROOM_WAIT
        while self._clock() <= deadline:
            rooms = self.session.conference.breakout_rooms
            if len(rooms) >= rooms_wanted(self.session.conference, intent) and all(
                r.jid for r in rooms
            ):
                break
            self._rooms_changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._rooms_changed.wait(), 1.0)
        return max(missing, 0)

    def _move(
        self, conference: Conference, match: PlanMatch, only: set[str] | None = None
    ) -> asyncio.Task[None]:
        """Send the moves ``match`` asks for: one room's group after the other.

        One request at a time, as a bulk auto-assign is one: several big requests at once
        share the client's send budget, so the later moves of each went out long after their
        confirmation deadline started (at 300 people most were "not confirmed").
        """
        by_room: dict[str, list[str]] = {}
        for pid, name in match.matched.items():
            if (only is not None and pid not in only) or pid in self._in_flight:
                continue
            room = room_named(conference, name)
            person = conference.participants.get(pid)
            if room is None or person is None or person.room == room.id:
                continue
            by_room.setdefault(room.id, []).append(pid)
        for ids in by_room.values():
            self._in_flight.update(ids)
        task = asyncio.create_task(self._send_groups(by_room))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _send_groups(self, by_room: dict[str, list[str]]) -> None:
        try:
            for room_id, ids in by_room.items():
                await self._send_moves(tuple(ids), room_id)
        finally:  # cancelled halfway: the groups not sent are not in flight either
            for ids in by_room.values():
                self._in_flight.difference_update(ids)

    async def _send_moves(self, ids: tuple[str, ...], room_id: str) -> None:
        try:
            outcome = await self.session.perform(MoveParticipants(ids, room_id))
        finally:
            self._in_flight.difference_update(ids)
        self._moved += len(outcome.confirmed)
        if outcome.refused:
            self._fail(outcome.refused, len(ids))
        for _, reason in outcome.failed:
            self._fail(reason)

    def _fail(self, reason: str, count: int = 1) -> None:
        self._failed += count
        if len(self._failures) < MAX_FAILURES:
            self._failures.append(reason)

    async def _post_tasks(self, plan: Plan) -> None:
        for room in plan.rooms:
            target = room_named(self.session.conference, room.name)
            if room.task and target is not None:
                outcome = await self.session.perform(Broadcast(f"Task: {room.task}", (target.id,)))
                if not outcome.ok:
                    self._fail(f"task for {room.name}: {outcome.refused or 'not posted'}")

    def layout(self) -> Plan:
        """The current layout as a plan (the active plan's task texts kept)."""
        tasks = {r.name: r.task for r in self.plan.rooms} if self.plan is not None else {}
        return Plan(
            tuple(
                PlanRoom(name, people, tasks.get(name, ""))
                for name, people in layout_plan(self.session.conference)
            )
        )

    # --- control-socket verbs ------------------------------------------------------------

    async def op_plan(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """``{"op": "plan", "action": "apply"|"stop"|"save"|"state", "path": ..., ...}``."""
        action = request.get("action", "state")
        path = request.get("path")
        try:
            if action == "apply":
                state = await self.apply(read_plan(_absolute(path)), str(path))
                answer = state_json(state, self.session.conference)
                if state.failed:  # ok means it all happened, as for every other verb
                    first = state.failures[0] if state.failures else "see the console's log"
                    return {**answer, "ok": False, "error": f"{state.failed} failed: {first}"}
                return {"ok": True, **answer}
            if action == "stop":
                self.stop_plan()
                return {"ok": True, **state_json(self.state(), self.session.conference)}
            if action == "save":
                plan = self.layout()
                toml = request.get("toml") is True
                text = plan_to_toml(plan) if toml else plan_to_csv(plan)
                write_private(_absolute(path), text, force=request.get("force") is True)
                return {"ok": True, "rooms": len(plan.rooms), "people": plan.people}
            if action == "state":
                return {"ok": True, **state_json(self.state(), self.session.conference)}
        except (PlanError, OSError) as exc:
            return {"ok": False, "error": _os_error(exc)}
        return {"ok": False, "error": "plan: the action is apply, stop, save or state"}

    async def op_add_rooms(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """``{"op": "add-rooms-for", "room_count": N | "per_room": N}``: rooms for auto-assign."""
        sizes = []
        for key in ("room_count", "per_room"):
            value = request.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
                return {"ok": False, "error": f"{key!r} must be a whole number from 1 to 1000"}
            sizes.append(value)
        try:
            added = await self.add_rooms_for(AutoAssign(0, sizes[0], sizes[1]))
        except PlanError as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": True, "added": added}


def _entries(plan: Plan) -> list[tuple[str, tuple[str, ...]]]:
    return [(room.name, room.people) for room in plan.rooms]


def _all_placed(conference: Conference, match: PlanMatch) -> bool:
    for pid, name in match.matched.items():
        room = room_named(conference, name)
        person = conference.participants.get(pid)
        if room is None or person is None or person.room != room.id:
            return False
    return True


def _absolute(path: object) -> Path:
    if not isinstance(path, str) or not path or not os.path.isabs(path):
        raise PlanError("plan: 'path' must be an absolute file path")
    return Path(path)


def _os_error(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    return str(exc)


def read_plan(path: Path) -> Plan:
    """The plan in the file at ``path`` (at most :data:`MAX_BYTES` are read)."""
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    return parse_plan(data, path.name)


def write_private(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` readable by this user only; an existing file needs ``force``."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise PlanError(f"{path} exists (use --force to overwrite it)") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(text)


def state_json(state: PlanState, conference: Conference) -> dict[str, Any]:
    """``state`` as the control socket's answer fields (names capped per group)."""
    match = state.match
    people = conference.participants
    conference_free = {
        "active": state.active,
        "source": state.source,
        "moved": state.moved,
        "failed": state.failed,
        "failures": list(state.failures),
        "settled_after": state.settled_after,
    }
    if match is None:
        return {**conference_free, "plan": False}
    return {
        **conference_free,
        "plan": True,
        "matched": len(match.matched),
        "waiting": len(match.waiting),
        "unmatched": len(match.unmatched),
        "ambiguous": len(match.ambiguous),
        "waiting_names": [entry for _, entry in match.waiting[:MAX_LISTED]],
        "unmatched_names": [
            people[pid].name if pid in people else pid for pid in match.unmatched[:MAX_LISTED]
        ],
        "ambiguous_names": [a.entry for a in match.ambiguous[:MAX_LISTED]],
    }


def add_plan(workshop: Workshop) -> PlanRunner:
    """Add the plan runner and its verbs (``plan``, ``add-rooms-for``) to ``workshop``."""
    runner = PlanRunner(workshop.session)
    workshop.add(runner, {"plan": runner.op_plan, "add-rooms-for": runner.op_add_rooms})
    return runner
