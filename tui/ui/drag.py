"""The state of one pointer drag, from press to release; the screen feeds it mouse events.

Press on a participant arms a drag; moving past :data:`THRESHOLD` cells makes it active; the
screen hit-tests the pointer for a room on every move and on release.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.geometry import Offset

THRESHOLD = 2
"""Cells the pointer must travel before a press becomes a drag (so clicks stay clicks)."""


@dataclass(slots=True)
class Drag:
    """A press on a participant that may become a drag.

    Attributes:
        ids: Participants who would move: the pressed one, or the whole selection if the
            pressed one is part of it.
        origin: Screen offset of the press.
        active: Whether the pointer has travelled past the threshold.
        target: Room id under the pointer, if any.
        pressed: The participants-table row pressed (``None`` for a press in a room card):
            released without moving, the press is a click on that row.
    """

    ids: tuple[str, ...]
    origin: Offset
    pressed: str | None = None
    active: bool = False
    target: str | None = None

    def moved_to(self, pointer: Offset) -> bool:
        """Note the pointer is at ``pointer``; returns whether the drag is (now) active."""
        if not self.active:
            distance = abs(pointer.x - self.origin.x) + abs(pointer.y - self.origin.y)
            self.active = distance >= THRESHOLD
        return self.active
