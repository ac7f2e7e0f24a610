"""Pending commands: confirmed by a snapshot, expired by a deadline, never tracked twice."""

from __future__ import annotations

from tests.model.factories import ME, ROOM, connected, person, snapshot
from tui.model.commands import SendMove, describe
from tui.model.pending import drop, mark_sent, settle, track
from tui.model.reduce import apply


def test_track_settle_expire() -> None:
    conf = connected(person("a1", "Anna"))
    conf = apply(conf, snapshot(conf, {ROOM: [ME, "a1"], "r1": []}))
    move = SendMove("a1", "a1@meet.jitsi/r", "r1", "r1@breakout.meet.jitsi")
    pending = mark_sent(track((), (move,)), (move,), now=100.0, timeout=5.0)
    assert track(pending, (move,)) == pending, "no double tracking"
    assert mark_sent(pending, (move,), now=103.0) == pending, "sent once: the clock runs on"

    waiting = settle(pending, conf, now=104.0)
    assert waiting.confirmed == () and waiting.expired == () and waiting.remaining == pending

    late = settle(pending, conf, now=105.0)
    assert late.expired == (move,) and late.remaining == ()

    moved = apply(conf, snapshot(conf, {ROOM: [ME], "r1": ["a1"]}))
    done = settle(pending, moved, now=104.0)
    assert done.confirmed == (move,) and done.remaining == ()
    assert drop(pending, move) == ()
    assert describe(move, conf) == "move Anna to Room r1"


def test_the_clock_starts_when_the_command_is_sent() -> None:
    conf = connected(person("a1", "Anna"), person("b2", "Bo"))
    conf = apply(conf, snapshot(conf, {ROOM: [ME, "a1", "b2"], "r1": []}))
    first = SendMove("a1", "a1@meet.jitsi/r", "r1", "r1@breakout.meet.jitsi")
    second = SendMove("b2", "b2@meet.jitsi/r", "r1", "r1@breakout.meet.jitsi")
    pending = track((), (first, second))
    # Queued behind a paced bulk action for a long time: not late, it is not out yet.
    assert settle(pending, conf, now=1e6).expired == ()
    pending = mark_sent(pending, (first,), now=20.0, timeout=10.0)
    assert settle(pending, conf, now=29.9).expired == ()
    late = settle(pending, conf, now=30.0)
    assert late.expired == (first,)
    assert [p.command for p in late.remaining] == [second]
