"""Scheduled notices: listed soonest first, cancellable, each handed out once, capped."""

from __future__ import annotations

import pytest

from tui.model.notices import MAX_PENDING, Notices, cancel, due, schedule

T0 = 1_800_000_000.0


def test_notices_come_due_once_in_time_order() -> None:
    notices = Notices()
    notices, late = schedule(notices, "5 minutes left", T0 + 600)
    notices, soon = schedule(notices, "  halfway  ", T0 + 300, ("room-a", "room-a"))
    assert [n.id for n in notices.pending] == [soon.id, late.id]
    assert soon.text == "halfway" and soon.rooms == ("room-a",)
    notices, ready = due(notices, T0 + 299)
    assert ready == ()
    notices, ready = due(notices, T0 + 300)
    assert ready == (soon,)
    notices, ready = due(notices, T0 + 301)
    assert ready == ()
    # Asleep (disconnected) past the last one: it is given once when asked again.
    notices, ready = due(notices, T0 + 5000)
    assert ready == (late,)
    assert due(notices, T0 + 6000)[1] == ()


def test_a_cancelled_notice_is_never_sent_and_ids_are_not_reused() -> None:
    notices, first = schedule(Notices(), "a", T0 + 10)
    notices, _ = cancel(notices, first.id)
    assert due(notices, T0 + 100)[1] == ()
    with pytest.raises(ValueError, match="no pending notice"):
        cancel(notices, first.id)
    notices, second = schedule(notices, "b", T0 + 10)
    assert second.id != first.id


def test_empty_long_and_too_many_notices_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        schedule(Notices(), "   ", T0)
    with pytest.raises(ValueError, match="at most"):
        schedule(Notices(), "x" * 5000, T0)
    notices = Notices()
    for i in range(MAX_PENDING):
        notices, _ = schedule(notices, f"n{i}", T0 + i)
    with pytest.raises(ValueError, match="already waiting"):
        schedule(notices, "one more", T0)
    assert len(notices.pending) == MAX_PENDING
