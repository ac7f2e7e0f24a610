"""The chat as the console saw it, numbered so that a chat view appends only what is new.

The model keeps the latest lines (room chat, private lines received, and private lines the
console sent once the server accepted them); lines are kept in arrival order, newest last.
"""

from __future__ import annotations

from tui.model.conference import CHAT_HISTORY, ChatMessage, Conference


class Transcript:
    """Chat lines in arrival order, at most :data:`~tui.model.conference.CHAT_HISTORY`.

    Attributes:
        total: Lines ever added; a view that showed ``n`` lines shows ``lines_after(n)`` next.
    """

    def __init__(self, limit: int = CHAT_HISTORY) -> None:
        """An empty transcript keeping the last ``limit`` lines."""
        self._limit = limit
        self._lines: list[ChatMessage] = []
        self._last_seen: ChatMessage | None = None
        self.total = 0

    @property
    def lines(self) -> tuple[ChatMessage, ...]:
        """Lines kept, oldest first."""
        return tuple(self._lines)

    def lines_after(self, count: int) -> tuple[ChatMessage, ...]:
        """Lines added after the first ``count`` (all kept lines when too many were added)."""
        new = self.total - count
        if new <= 0:
            return ()
        return tuple(self._lines[-new:]) if new < len(self._lines) else self.lines

    def follow(self, conference: Conference) -> None:
        """Take in the chat lines ``conference`` gained since the last call."""
        chat = conference.chat
        if chat and chat[-1] is not self._last_seen:
            start = 0
            for index in range(len(chat) - 1, -1, -1):
                if chat[index] is self._last_seen:
                    start = index + 1
                    break
            for message in chat[start:]:
                self._add(message)
            self._last_seen = chat[-1]

    def _add(self, message: ChatMessage) -> None:
        self._lines.append(message)
        self.total += 1
        if len(self._lines) > self._limit:
            del self._lines[: len(self._lines) - self._limit]
