"""Every JSON the console reads from Jitsi, with its empty lists sent as Lua sends them.

Lua has one table type; ``cjson`` encodes an empty table as an object, ``{}``, never ``[]``
(and Prosody's ``util.json`` does the same unless the table is a ``util.array``). So any list a
Jitsi Prosody module fills and empties again can arrive as ``{}``. Newer ``mod_av_moderation``
drops an emptied list's key altogether instead. One test per parser, with both spellings.
"""

from __future__ import annotations

import json

import pytest

from tui.invite.dialin import DialInDataError, parse_numbers
from tui.jitsi.breakout import parse_update
from tui.jitsi.moderation import AvState, parse_av_message
from tui.jitsi.presence import PresenceContext, parse_source_info
from tui.model.conference import Media

ROOM = "standup@conference.meet.jitsi"


def _av(**fields: object) -> str:
    return json.dumps({"type": "av_moderation", "room": ROOM, **fields})


# -- AV moderation (mod_av_moderation_component) ----------------------------------------------


def test_av_an_emptied_list_sent_as_an_object_is_empty() -> None:
    """The last approved person disallowed, encoded by cjson: ``"audio": {}``."""
    text = _av(whitelists={"audio": {}}, removed=True, mediaType="audio")
    assert parse_av_message(text) == [AvState(Media.AUDIO, whitelist=frozenset())]


def test_av_an_emptied_list_left_out_is_empty_for_the_media_of_the_message() -> None:
    """Newer upstream leaves an empty list's key out: ``"whitelists": {}``."""
    text = _av(whitelists={}, removed=True, mediaType="video")
    assert parse_av_message(text) == [AvState(Media.VIDEO, whitelist=frozenset())]


def test_av_lists_and_empty_objects_side_by_side() -> None:
    text = _av(whitelists={"audio": [f"{ROOM}/a1b2"], "video": {}, "desktop": []})
    assert sorted(parse_av_message(text), key=lambda s: s.media.value) == [
        AvState(Media.AUDIO, whitelist=frozenset({"a1b2"})),
        AvState(Media.DESKTOP, whitelist=frozenset()),
        AvState(Media.VIDEO, whitelist=frozenset()),
    ]


def test_av_a_message_without_lists_says_nothing_about_them() -> None:
    assert parse_av_message(_av(enabled=True, mediaType="audio", actor=f"{ROOM}/m")) == [
        AvState(Media.AUDIO, enabled=True)
    ]
    assert parse_av_message(_av(approved=True, mediaType="audio")) == []


@pytest.mark.parametrize("junk", ["x", 3, None, {"0": 7}])
def test_av_a_list_that_is_no_list_is_ignored(junk: object) -> None:
    """Only ``{}`` stands for an empty list; other shapes say nothing (not "empty")."""
    assert parse_av_message(_av(whitelists={"audio": junk})) == []


# -- breakout rooms (mod_muc_breakout_rooms update) ------------------------------------------


@pytest.mark.parametrize("empty", [{}, []])
def test_breakout_an_empty_room_has_no_members(empty: object) -> None:
    update = {
        "type": "breakout_rooms",
        "event": "features/breakout-rooms/update",
        "roomCounter": 1,
        "rooms": {
            "main": {"jid": ROOM, "name": "Standup", "isMainRoom": True, "participants": empty},
            "b1": {"jid": "b1@breakout.meet.jitsi", "name": "Room 1", "participants": empty},
        },
    }
    snapshot = parse_update(json.dumps(update), PresenceContext())
    assert snapshot is not None
    assert [(r.id, r.members) for r in snapshot.rooms] == [("main", ()), ("b1", ())]


# -- SourceInfo in presence (lib-jitsi-meet) -------------------------------------------------


@pytest.mark.parametrize("empty", ["{}", "[]"])
def test_source_info_with_no_sources_is_all_off(empty: str) -> None:
    assert parse_source_info(empty, "a1b2") == (True, True, False)


# -- dial-in numbers (dialInNumbersUrl) ------------------------------------------------------


@pytest.mark.parametrize("answer", [{}, {"numbers": {}}, {"numbers": []}, []])
def test_dial_in_an_empty_table_is_no_number(answer: object) -> None:
    with pytest.raises(DialInDataError, match="lists no number"):
        parse_numbers(answer)
