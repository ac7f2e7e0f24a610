"""Scheduled notices on the live session: a chat line to all or chosen rooms, at its time.

Each notice is sent once by ``Broadcast`` into the rooms that still exist when it is due (a
room removed since is left out; a notice whose every room is gone is dropped, and logged).
What fell due while disconnected is sent once, when connected again.

Control verb ``notice`` (``ctl notice``, the ``N`` dialog)::

    {"op": "notice"}  /  {"op": "notice", "action": "list"}        what is pending
    {"op": "notice", "action": "add", "text": "5 minutes left", "in": "10m", "rooms": ["2"]}
    {"op": "notice", "action": "add", "text": "Lunch", "at": "12:30"}
    {"op": "notice", "action": "cancel", "id": 3}
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from tui.control import resolve
from tui.model.durations import at_clock_time, parse_duration
from tui.model.intents import Broadcast
from tui.model.notices import Notice, Notices, cancel, due, schedule
from tui.session import ConsoleSession
from tui.workshop.ticking import TickingPart, ready_rooms
from tui.workshop.toolkit import Workshop

__all__ = ["ScheduledNotices", "add_notices"]

log = logging.getLogger(__name__)


class ScheduledNotices(TickingPart):
    """The console's pending notices."""

    def __init__(
        self, session: ConsoleSession, *, wall_clock: Callable[[], float] = time.time
    ) -> None:
        """Notices for ``session``, due by ``wall_clock`` (epoch seconds)."""
        super().__init__(session, wall_clock=wall_clock)
        self.notices = Notices()

    def when(self, *, after: str | None = None, at: str | None = None) -> float:
        """The wall-clock time ``after`` a delay ("10m") or ``at`` a time of day ("14:30").

        Raises:
            ValueError: neither or both given, or one that does not read.
        """
        if (after is None) == (at is None):
            raise ValueError("notice: say when, with either in (10m) or at (14:30)")
        now = self.wall_clock()
        return now + parse_duration(after) if after is not None else at_clock_time(str(at), now)

    def add(self, text: str, at: float, rooms: tuple[str, ...] = ()) -> Notice:
        """Schedule ``text`` for ``at`` into ``rooms`` (ids; empty: every room).

        Raises:
            ValueError: see :func:`tui.model.notices.schedule`.
        """
        self.notices, notice = schedule(self.notices, text, at, rooms)
        self.tick()
        return notice

    def cancel(self, notice_id: int) -> Notice:
        """Cancel a pending notice.

        Raises:
            ValueError: no such notice is pending.
        """
        self.notices, notice = cancel(self.notices, notice_id)
        return notice

    def due(self, now: float) -> None:
        """Send every notice due at ``now``."""
        self.notices, ready = due(self.notices, now)
        for notice in ready:
            self.act(lambda notice=notice: self._send(notice))  # type: ignore[misc]

    async def _send(self, notice: Notice) -> None:
        rooms = ready_rooms(self.session, notice.rooms)
        if not rooms:
            log.warning("notice %d dropped: its rooms are gone", notice.id)
            return
        await self.perform(Broadcast(notice.text, rooms), f"notice {notice.id}")

    def listing(self) -> list[dict[str, Any]]:
        """The pending notices as plain JSON, soonest first (room names as shown)."""
        rooms = self.session.conference.rooms
        return [
            {
                "id": n.id,
                "text": n.text,
                "at": n.at,
                "rooms": [rooms[r].label if r in rooms else r for r in n.rooms],
            }
            for n in self.notices.pending
        ]

    def _room_ids(self, refs: object) -> tuple[str, ...]:
        if refs is None:
            return ()
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise ValueError("notice: 'rooms' must be a list of room names or numbers")
        conference = self.session.conference
        return tuple(resolve.room(conference, ref).id for ref in refs)

    LOOK = "list"

    def answer(self, action: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """The ``notice`` control verb: add, cancel, list."""
        if action == "add":
            text, after, at = request.get("text"), request.get("in"), request.get("at")
            for key, value in (("in", after), ("at", at)):
                if value is not None and not isinstance(value, str):
                    raise ValueError(f"notice: {key!r} must be a string")
            if not isinstance(text, str):
                raise ValueError("notice: 'text' must be a string")
            rooms = self._room_ids(request.get("rooms"))
            notice = self.add(text, self.when(after=after, at=at), rooms)
            return {"added": notice.id, "notices": self.listing()}
        if action == "cancel":
            notice_id = request.get("id")
            if not isinstance(notice_id, int) or isinstance(notice_id, bool):
                raise ValueError("notice: 'id' must be a number")
            self.cancel(notice_id)
        elif action != "list":
            raise ValueError("notice: the action is add, list or cancel")
        return {"notices": self.listing()}


def add_notices(workshop: Workshop) -> ScheduledNotices:
    """Add scheduled notices and their ``notice`` verb to ``workshop``."""
    part = ScheduledNotices(workshop.session, wall_clock=workshop.wall_clock)
    workshop.add(part, {"notice": part.op})
    return part
