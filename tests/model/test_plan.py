"""Breakout plans read from CSV and TOML and written back: what a moderator's file means."""

from __future__ import annotations

import pytest

from tui.model.plan import (
    MAX_BYTES,
    MAX_PEOPLE,
    MAX_ROOMS,
    Plan,
    PlanError,
    PlanRoom,
    parse_plan,
    plan_to_csv,
    plan_to_toml,
)


def csv_plan(text: str) -> Plan:
    return parse_plan(text.encode(), "groups.csv")


def error_of(data: bytes, name: str = "groups.csv") -> str:
    with pytest.raises(PlanError) as caught:
        parse_plan(data, name)
    return str(caught.value)


def test_csv_with_header_bom_and_tasks() -> None:
    data = "\ufeffroom,person,task\nRoom A,Anna,Read ch. 3\nRoom A,bo@x.se,\nRoom B,Cem\n"
    plan = parse_plan(data.encode(), "g.csv")
    assert plan.rooms == (
        PlanRoom("Room A", ("Anna", "bo@x.se"), "Read ch. 3"),
        PlanRoom("Room B", ("Cem",)),
    )
    assert plan.people == 3


def test_csv_without_header_keeps_file_order_and_empty_rooms() -> None:
    plan = csv_plan("Z room,Åsa\nA room,\nZ room, Bo \n")
    assert [(r.name, r.people) for r in plan.rooms] == [("Z room", ("Åsa", "Bo")), ("A room", ())]


def test_toml_rooms_and_tasks() -> None:
    text = '[rooms]\n"Room A" = ["Anna", "bo@x.se"]\n"Room B" = []\n[tasks]\n"Room B" = "Sketch"\n'
    plan = parse_plan(text.encode(), "plan.TOML")
    assert plan.rooms == (PlanRoom("Room A", ("Anna", "bo@x.se")), PlanRoom("Room B", (), "Sketch"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Room A,Anna\nRoom B,ANNA\n", "line 2: ANNA is already planned for Room A"),
        ("Room A,Åsa\nRoom B,asa\n", "line 2: asa is already planned for Room A"),
        ("Room A,Anna\n,Bo\n", "line 2: the room name is empty"),
        ("Room A,Anna,x,y\n", "line 1: expected room,person[,task], got 4 cells"),
        ("A,Anna,one\nA,Bo,two\n", "line 2: A already has another task"),
        ("\n\n", "line 1: the plan names no rooms"),
        ('A,"Anna\n', "line 1: unexpected end of data"),
    ],
)
def test_bad_csv_is_one_line_with_its_number(text: str, expected: str) -> None:
    assert error_of(text.encode()) == expected


def test_bad_toml_says_where() -> None:
    assert "line 2" in error_of(b'[rooms]\n"A" = ["x",, ]\n"B" = []\n', "p.toml")
    assert error_of(b'[rooms]\n"A" = "Anna"\n', "p.toml") == "line 2: A must list people as strings"
    assert error_of(b'[other]\n"A" = []\n', "p.toml").startswith("line 1: no [rooms] table")
    text = b'[rooms]\n"A" = ["Anna"]\n[tasks]\n"B" = "x"\n'
    assert error_of(text, "p.toml") == "line 4: a task for B, which is not in [rooms]"
    text = b'[rooms]\n"A" = ["Anna"]\n"B" = ["anna"]\n'
    assert error_of(text, "p.toml") == "line 3: anna is already planned for A"


def test_limits() -> None:
    assert error_of(b"x" * (MAX_BYTES + 1)).endswith("larger than 1,000,000 bytes")
    rooms = "".join(f"R{i},P{i}\n" for i in range(MAX_ROOMS + 1))
    assert error_of(rooms.encode()) == f"line {MAX_ROOMS + 1}: more than {MAX_ROOMS} rooms"
    people = "".join(f"R{i % 10},P{i}\n" for i in range(MAX_PEOPLE + 1))
    assert error_of(people.encode()) == f"line {MAX_PEOPLE + 1}: more than {MAX_PEOPLE} people"
    assert error_of(("A," + "n" * 201).encode()).endswith("longer than 200 characters")
    assert error_of(b"A,Anna\nB,\xff\n") == "line 2: not UTF-8 text"


PLAN = Plan(
    (
        PlanRoom("Room A", ("Anna", '=HYPERLINK("x")', 'Bo "B" \\ Ek'), "Read\tch. 3"),
        PlanRoom("Empty", ()),
        PlanRoom("-R", ("@bo", "Del\x7f")),
    )
)


def test_csv_round_trip_neutralises_spreadsheet_formulas() -> None:
    text = plan_to_csv(PLAN)
    assert """Room A,"'=HYPERLINK(""x"")",""" in text and "'-R,'@bo" in text
    assert csv_plan(text) == PLAN


def test_toml_round_trip() -> None:
    assert parse_plan(plan_to_toml(PLAN).encode(), "p.toml") == PLAN


def test_csv_without_tasks_has_two_columns() -> None:
    text = plan_to_csv(Plan((PlanRoom("A", ("Anna",)),)))
    assert text == "room,person\nA,Anna\n"
