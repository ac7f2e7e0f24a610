"""Progress and summaries of requests, in the words the moderator reads."""

from __future__ import annotations

from tui.model.commands import SendMove
from tui.model.intents import AutoAssign, CallEveryoneBack, RenameRoom
from tui.model.progress import Progress, Summary, intent_name


def _move(n: int) -> SendMove:
    return SendMove(f"p{n}", f"p{n}@x/y", "r1", "r1@breakout.x")


def test_names_and_verbs() -> None:
    assert intent_name(AutoAssign(seed=1)) == ("auto-assign", "moving")
    assert intent_name(CallEveryoneBack()) == ("call everyone back", "moving")
    assert intent_name(RenameRoom("r", "x"))[1] == "sending"


def test_progress_text() -> None:
    assert Progress("auto-assign", "moving", 1000, 1000, 412).text() == "moving 412 of 1,000"
    assert Progress("x", "moving", 1000, 600, 412, 2).text() == (
        "moving 412 of 1,000 · 2 failed · 400 still to send"
    )


def test_a_summary_groups_reasons_and_counts_the_lost() -> None:
    failed = [(_move(n), "the server refused: forbidden") for n in range(4)]
    failed += [(_move(9), "could not send: boom")]
    failed += [(_move(n), f"not confirmed by the server: move p{n} to r1") for n in (20, 21)]
    summary = Summary.of("call everyone back", 300, 293, failed, str)
    assert summary.text() == (
        "call everyone back: 293 of 300 landed · 5 refused (the server refused: forbidden ×4;"
        " could not send: boom ×1) · 2 lost (not confirmed by the server)"
    )
    assert Summary.of("auto-assign", 300, 300, [], str).text() == "auto-assign: all 300 landed"


def test_a_single_failed_command_names_it() -> None:
    move = _move(1)
    lost = Summary.of(
        "move",
        1,
        0,
        [(move, "not confirmed by the server: move p1 to r1")],
        lambda c: "move Anna to Room 1",
    )
    assert lost.text() == "not confirmed by the server: move Anna to Room 1"
    refused = Summary.of("move", 1, 0, [(move, "not connected")], lambda c: "move Anna to Room 1")
    assert refused.text() == "move Anna to Room 1: not connected"
