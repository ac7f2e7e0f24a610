"""Fold parsed wire events into a conference, checking the one-room invariant after each."""

from __future__ import annotations

from collections.abc import Iterable

from tests.model.factories import ROOM, connected
from tui.jitsi.presence import SelfPresence
from tui.model.conference import Conference, invariant_violations
from tui.model.events import Event, ParticipantPresent
from tui.model.reduce import apply


def fold(
    events: Iterable[Event | SelfPresence | None],
    conference: Conference | None = None,
    *,
    check_each: bool = True,
) -> Conference:
    """Apply every event (our own presence as the client does) and assert the invariant holds.

    ``check_each=False`` checks only the final state (the check is O(participants)).
    """
    conf = connected() if conference is None else conference
    for item in events:
        if item is None:
            continue
        event: Event
        if isinstance(item, SelfPresence):
            if item.participant.room != ROOM:
                continue  # the client keeps its home in the main room
            event = ParticipantPresent(item.participant)
        else:
            event = item
        conf = apply(conf, event)
        if check_each:
            assert invariant_violations(conf) == [], event
    assert invariant_violations(conf) == []
    return conf
