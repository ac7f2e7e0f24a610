"""Breakout component JSON in, commands out (PROTOCOL.md §4.2, §4.3)."""

from __future__ import annotations

import json
from xml.etree.ElementTree import fromstring

import pytest

from tui.jitsi.breakout import (
    BreakoutCommand,
    MalformedUpdate,
    command_element,
    json_payload,
    parse_update,
)
from tui.jitsi.presence import PresenceContext
from tui.model.commands import SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom
from tui.model.conference import Role

CTX = PresenceContext(hidden_domain="hidden.meet.jitsi")
UPDATE = {
    "type": "breakout_rooms",
    "event": "features/breakout-rooms/update",
    "roomCounter": 2,
    "rooms": {
        "6b2f": {
            "id": "6b2f",
            "jid": "6b2f@breakout.meet.jitsi",
            "name": "Group A",
            "participants": {
                "6b2f@breakout.meet.jitsi/a1b2c3d4": {
                    "jid": "5d0e@meet.jitsi/Qp7L",
                    "role": "participant",
                    "displayName": "Alice",
                },
                "6b2f@breakout.meet.jitsi/rec00001": {"jid": "r@hidden.meet.jitsi/x"},
            },
        },
        "standup": {
            "isMainRoom": True,
            "id": "standup",
            "jid": "standup@conference.meet.jitsi",
            "participants": {
                "standup@conference.meet.jitsi/c0ffee42": {
                    "jid": "0f6b@meet.jitsi/Ab3x",
                    "role": "moderator",
                    "displayName": "Moderator Console",
                }
            },
        },
    },
}


def test_update_parses_main_first_and_filters_hidden() -> None:
    snap = parse_update(json.dumps(UPDATE), CTX)
    assert snap is not None and snap.room_counter == 2
    main, group = snap.rooms
    assert main.is_main and main.id == "standup" and main.name == ""
    assert main.members[0].id == "c0ffee42" and main.members[0].role is Role.MODERATOR
    assert (group.id, group.name, [m.id for m in group.members]) == (
        "6b2f",
        "Group A",
        ["a1b2c3d4"],
    )
    assert group.members[0].jid == "5d0e@meet.jitsi/Qp7L"


def test_other_messages_are_not_updates() -> None:
    assert parse_update('{"type":"av_moderation"}', CTX) is None
    move = {"type": "breakout_rooms", "event": "features/breakout-rooms/move-to-room"}
    assert parse_update(json.dumps(move), CTX) is None


@pytest.mark.parametrize(
    "text",
    ["not json", json.dumps({**UPDATE, "rooms": []}), "x" * (5 * 1024 * 1024)],
)
def test_malformed_updates_raise_one_clear_error(text: str) -> None:
    with pytest.raises(MalformedUpdate):
        parse_update(text, CTX)


def test_garbage_entries_are_skipped() -> None:
    bad = {
        **UPDATE,
        "rooms": {
            "a": 5,
            "b": {"jid": 7},
            "c": {"jid": "c@x", "participants": {"c@x/n1": "str", "c@x/n2": {"jid": None}, 3: {}}},
        },
    }
    snap = parse_update(json.dumps(bad), CTX)
    assert snap is not None and [r.id for r in snap.rooms] == ["c"]
    assert snap.rooms[0].members == ()


def test_json_payload_and_commands() -> None:
    msg = fromstring(
        '<message xmlns="jabber:client"><json-message xmlns="http://jitsi.org/jitmeet">{}'
        "</json-message></message>"
    )
    assert json_payload(msg) == "{}"
    cases: list[tuple[BreakoutCommand, dict[str, str]]] = [
        (
            SendAddRoom("Group A", frozenset()),
            {"type": "features/breakout-rooms/add", "subject": "Group A"},
        ),
        (
            SendRemoveRoom("r", "r@b"),
            {"type": "features/breakout-rooms/remove", "breakoutRoomJid": "r@b"},
        ),
        (
            SendRenameRoom("r", "r@b", "B"),
            {"type": "features/breakout-rooms/rename", "breakoutRoomJid": "r@b", "subject": "B"},
        ),
        (
            SendMove("p", "p@d/x", "r", "r@b"),
            {
                "type": "features/breakout-rooms/move-to-room",
                "participantJid": "p@d/x",
                "roomJid": "r@b",
            },
        ),
    ]
    for command, expected in cases:
        message = command_element(command, "breakout.meet.jitsi")
        assert message.tag == "{jabber:client}message"
        assert message.get("to") == "breakout.meet.jitsi"
        (child,) = list(message)
        # jabber:client, i.e. no xmlns of its own on the wire: Prosody looks it up un-namespaced
        assert child.tag == "{jabber:client}breakout_rooms"
        assert child.attrib == expected
