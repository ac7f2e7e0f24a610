"""Names typed in scripts resolve to exactly one participant or room, or an error says why."""

from __future__ import annotations

import pytest

from tests.model.factories import ME, ROOM, connected, person, snapshot
from tui.control import resolve
from tui.model.reduce import apply


def conf():  # type: ignore[no-untyped-def]
    c = connected(person("a1", "Anna"), person("a2", "Anna"), person("b1", "Åsa Öberg"))
    return apply(c, snapshot(c, {ROOM: [ME, "a1", "a2"], "r1": ["b1"]}))


def test_participant_by_id_name_and_casefold() -> None:
    c = conf()
    assert resolve.participant(c, "a1").id == "a1"
    assert resolve.participant(c, "Åsa Öberg").id == "b1"
    assert resolve.participant(c, "åsa öberg").id == "b1"


def test_ambiguous_name_lists_candidates_with_rooms() -> None:
    with pytest.raises(resolve.ResolveError) as err:
        resolve.participant(conf(), "Anna")
    assert "a1 (Main room)" in str(err.value) and "a2 (Main room)" in str(err.value)


def test_rooms() -> None:
    c = conf()
    assert resolve.room(c, "main").id == ROOM
    assert resolve.room(c, "room r1").id == "r1"
    assert resolve.room(c, "r1").id == "r1"
    with pytest.raises(resolve.ResolveError, match="no room called"):
        resolve.room(c, "Nowhere")
