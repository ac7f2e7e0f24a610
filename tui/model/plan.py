"""Breakout plans: which people go to which room, read from and written to CSV or TOML.

A plan is the moderator's own file, but what it holds ends up in rooms and on screen, and a
saved plan holds names from the network, so both ways are strict: at most :data:`MAX_ROOMS`
rooms, :data:`MAX_PEOPLE` people and :data:`MAX_BYTES` bytes, and every bad input is refused
with one line that names its line number (:class:`PlanError`).

CSV: ``room,person`` rows, an optional header row (``room,person[,task]``), an optional third
column ``task`` (the room's task text, posted when the plan is applied); a row with a room and
no person declares an empty room. TOML::

    [rooms]
    "Room A" = ["Anna Berg", "bo@example.se"]
    [tasks]
    "Room A" = "Read chapter 3 and agree on one question"

UTF-8, with or without a byte-order mark. The same person (compared as
:func:`tui.model.plan_match.person_key` compares them) named in two rooms is refused: the plan
would have to guess.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from dataclasses import dataclass

from tui.model.plan_match import MAX_ENTRY_CHARS, person_key

__all__ = [
    "MAX_BYTES",
    "MAX_ENTRY",
    "MAX_PEOPLE",
    "MAX_ROOMS",
    "Plan",
    "PlanError",
    "PlanRoom",
    "parse_plan",
    "plan_to_csv",
    "plan_to_toml",
]

MAX_ROOMS = 200
MAX_PEOPLE = 5_000
MAX_BYTES = 1_000_000
MAX_ENTRY = MAX_ENTRY_CHARS
"""Longest room name or person in characters (display names are far shorter)."""
MAX_TASK = 1_000
"""Longest task text: a chat line, not an essay."""

_FORMULA = frozenset("=+-@\t\r")
"""Leading characters a spreadsheet runs as a formula; a saved cell starting with one gets an
apostrophe in front, which reading takes off again."""


class PlanError(ValueError):
    """A plan that cannot be used, with the one line that says why (and where)."""


@dataclass(frozen=True, slots=True)
class PlanRoom:
    """One room of a plan: its name, who belongs there (as written) and its task text."""

    name: str
    people: tuple[str, ...] = ()
    task: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """Rooms in file order; every person appears in one room only."""

    rooms: tuple[PlanRoom, ...]

    @property
    def people(self) -> int:
        """How many people the plan names."""
        return sum(len(room.people) for room in self.rooms)


class _Builder:
    """Collects rooms and people in file order, checking limits and duplicates as it goes."""

    def __init__(self) -> None:
        self.people: dict[str, list[str]] = {}
        self.tasks: dict[str, str] = {}
        self._where: dict[str, str] = {}  # person key → room
        self._count = 0

    def room(self, name: str, line: int) -> str:
        name = _entry(name, "room name", line)
        if not name:
            raise PlanError(f"line {line}: the room name is empty")
        if name not in self.people:
            if len(self.people) >= MAX_ROOMS:
                raise PlanError(f"line {line}: more than {MAX_ROOMS} rooms")
            self.people[name] = []
        return name

    def person(self, room: str, person: str, line: int) -> None:
        person = _entry(person, "person", line)
        key = person_key(person)
        if not key:
            raise PlanError(f"line {line}: the person is empty")
        earlier = self._where.get(key)
        if earlier == room:
            return  # named twice in the same room: harmless
        if earlier is not None:
            raise PlanError(f"line {line}: {person} is already planned for {earlier}")
        self._count += 1
        if self._count > MAX_PEOPLE:
            raise PlanError(f"line {line}: more than {MAX_PEOPLE} people")
        self._where[key] = room
        self.people[room].append(person)

    def task(self, room: str, text: str, line: int) -> None:
        text = text.strip()
        if not text:
            return
        if len(text) > MAX_TASK:
            raise PlanError(f"line {line}: the task is longer than {MAX_TASK} characters")
        if self.tasks.setdefault(room, text) != text:
            raise PlanError(f"line {line}: {room} already has another task")

    def plan(self) -> Plan:
        if not self.people:
            raise PlanError("line 1: the plan names no rooms")
        return Plan(
            tuple(
                PlanRoom(name, tuple(people), self.tasks.get(name, ""))
                for name, people in self.people.items()
            )
        )


def _entry(text: str, what: str, line: int) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA:
        text = text[1:]  # the apostrophe plan_to_csv put there
    if len(text) > MAX_ENTRY:
        raise PlanError(f"line {line}: the {what} is longer than {MAX_ENTRY} characters")
    return text


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise PlanError(f"line 1: the file is larger than {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlanError(f"line {line}: not UTF-8 text") from None


def parse_plan(data: bytes, filename: str) -> Plan:
    """The plan in ``data``; TOML when ``filename`` ends in ``.toml``, CSV otherwise."""
    text = _decode(data)
    if filename.lower().endswith(".toml"):
        return _parse_toml(text)
    return _parse_csv(text)


def _parse_csv(text: str) -> Plan:
    builder = _Builder()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if line == 1 and [c.lower() for c in cells[:2]] == ["room", "person"]:
                continue  # the header
            if len(cells) > 3:
                raise PlanError(f"line {line}: expected room,person[,task], got {len(cells)} cells")
            room = builder.room(cells[0], line)
            if len(cells) > 1 and cells[1]:
                builder.person(room, cells[1], line)
            if len(cells) > 2:
                builder.task(room, cells[2], line)
    except csv.Error as error:
        raise PlanError(f"line {reader.line_num}: {error}") from None
    return builder.plan()


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _parse_toml(text: str) -> Plan:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlanError(f"TOML: {error}") from None  # its message ends "(at line N, column M)"
    rooms = document.get("rooms")
    if not isinstance(rooms, dict):
        raise PlanError('line 1: no [rooms] table ("Room A" = ["Anna", ...])')
    tasks = document.get("tasks", {})
    if not isinstance(tasks, dict):
        raise PlanError(f"line {_line_of(text, 'tasks')}: [tasks] must be a table")
    builder = _Builder()
    for raw, people in rooms.items():
        line = _line_of(text, raw)
        room = builder.room(raw, line)
        if not isinstance(people, list) or not all(isinstance(p, str) for p in people):
            raise PlanError(f"line {line}: {room} must list people as strings")
        for person in people:
            builder.person(room, person, _line_of(text, person))
    for raw, task in tasks.items():
        line = _line_of(text, raw)
        if not isinstance(task, str):
            raise PlanError(f"line {line}: the task for {raw} must be a string")
        if raw.strip() not in builder.people:
            raise PlanError(f"line {line}: a task for {raw}, which is not in [rooms]")
        builder.task(raw.strip(), task, line)
    return builder.plan()


def _cell(text: str) -> str:
    return "'" + text if text[:1] in _FORMULA and text else text


def plan_to_csv(plan: Plan) -> str:
    """``plan`` as CSV with a header; the task column only when a room has a task."""
    with_tasks = any(room.task for room in plan.rooms)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["room", "person", "task"] if with_tasks else ["room", "person"])
    for room in plan.rooms:
        tail = [room.task] if with_tasks else []
        if not room.people:
            writer.writerow([_cell(room.name), "", *tail])
        for index, person in enumerate(room.people):
            task = tail if index == 0 else [""] * len(tail)
            writer.writerow([_cell(room.name), _cell(person), *task])
    return out.getvalue()


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, except that TOML wants DEL escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def plan_to_toml(plan: Plan) -> str:
    """``plan`` as TOML: ``[rooms]`` and, when a room has one, ``[tasks]``."""
    lines = ["[rooms]"]
    for room in plan.rooms:
        people = ", ".join(_toml_string(person) for person in room.people)
        lines.append(f"{_toml_string(room.name)} = [{people}]")
    tasks = [room for room in plan.rooms if room.task]
    if tasks:
        lines += ["", "[tasks]"]
        lines += [f"{_toml_string(room.name)} = {_toml_string(room.task)}" for room in tasks]
    return "\n".join(lines) + "\n"
