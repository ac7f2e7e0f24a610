"""The chat as the console saw it, numbered so that a chat view appends only what is new.

The model keeps the latest lines (room chat, private lines received, and private lines the
console sent once the server accepted them); lines are kept in arrival order, newest last, each
with the wall-clock time it reached the console. That is the time a chat line shows: the model's
``at`` is the event loop's clock (not a time of day), the console's own private lines carry
none, and history replayed with a XEP-0203 delay stamp is dropped before it reaches the model
(:mod:`tui.jitsi.chat`), so the time of arrival is the one every line has.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from tui.model.conference import CHAT_HISTORY, ChatMessage, Conference


class Heard(NamedTuple):
    """A chat line and when it reached the console (epoch seconds)."""

    message: ChatMessage
    at: float


class Transcript:
    """Chat lines in arrival order, at most :data:`~tui.model.conference.CHAT_HISTORY`.

    Attributes:
        total: Lines ever added; a view that showed ``n`` lines shows ``lines_after(n)`` next.
    """

    def __init__(self, limit: int = CHAT_HISTORY, clock: Callable[[], float] = time.time) -> None:
        """An empty transcript keeping the last ``limit`` lines, stamped by ``clock``."""
        self._limit = limit
        self._clock = clock
        self._heard: list[Heard] = []
        self._last_seen: ChatMessage | None = None
        self.total = 0

    @property
    def lines(self) -> tuple[ChatMessage, ...]:
        """Lines kept, oldest first."""
        return tuple(heard.message for heard in self._heard)

    def lines_after(self, count: int) -> tuple[ChatMessage, ...]:
        """Lines added after the first ``count`` (all kept lines when too many were added)."""
        return tuple(heard.message for heard in self.heard_after(count))

    def heard_after(self, count: int) -> tuple[Heard, ...]:
        """Like :meth:`lines_after`, each line with the time it arrived."""
        new = self.total - count
        if new <= 0:
            return ()
        return tuple(self._heard[-new:]) if new < len(self._heard) else tuple(self._heard)

    def follow(self, conference: Conference) -> None:
        """Take in the chat lines ``conference`` gained since the last call."""
        chat = conference.chat
        if chat and chat[-1] is not self._last_seen:
            start = 0
            for index in range(len(chat) - 1, -1, -1):
                if chat[index] is self._last_seen:
                    start = index + 1
                    break
            now = self._clock()
            for message in chat[start:]:
                self._add(Heard(message, now))
            self._last_seen = chat[-1]

    def _add(self, heard: Heard) -> None:
        self._heard.append(heard)
        self.total += 1
        if len(self._heard) > self._limit:
            del self._heard[: len(self._heard) - self._limit]
