"""Pending commands: confirmed by a snapshot, expired by a deadline, never tracked twice."""

from __future__ import annotations

from tests.model.factories import ME, ROOM, connected, person, snapshot
from tui.model.commands import SendMove, describe
from tui.model.pending import drop, settle, track
from tui.model.reduce import apply


def test_track_settle_expire() -> None:
    conf = connected(person("a1", "Anna"))
    conf = apply(conf, snapshot(conf, {ROOM: [ME, "a1"], "r1": []}))
    move = SendMove("a1", "a1@meet.jitsi/r", "r1", "r1@breakout.meet.jitsi")
    pending = track((), (move,), now=100.0, timeout=5.0)
    assert track(pending, (move,), now=101.0) == pending, "no double tracking"

    waiting = settle(pending, conf, now=104.0)
    assert waiting.confirmed == () and waiting.expired == () and waiting.remaining == pending

    late = settle(pending, conf, now=105.0)
    assert late.expired == (move,) and late.remaining == ()

    moved = apply(conf, snapshot(conf, {ROOM: [ME], "r1": ["a1"]}))
    done = settle(pending, moved, now=104.0)
    assert done.confirmed == (move,) and done.remaining == ()
    assert drop(pending, move) == ()
    assert describe(move, conf) == "move Anna to Room r1"
