"""The chat transcript, newest at the bottom: room lines, broadcasts' echoes, private lines marked.

Each line starts with the local time (``HH:MM``) it reached the console.

Every part of a line that came from someone else (names, text, room names) goes through
:func:`~tui.ui.text.clean` into plain :class:`~rich.text.Text`: never markup, never escapes.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import RichLog

from tui.model.conference import ChatMessage, Conference
from tui.ui.chat_transcript import Transcript
from tui.ui.text import clean

PRIVATE_MARK = "(private)"
"""Starts every private line, in either direction."""


def chat_line(message: ChatMessage, conference: Conference, at: float | None = None) -> Text:
    """One chat line: the time, ``[room]`` for breakout rooms, the sender, and the text.

    Args:
        message: The line.
        conference: Names people and rooms.
        at: Epoch seconds it arrived, shown as local ``HH:MM``; ``None`` shows no time.
    """

    def name_of(pid: str, fallback: str) -> str:
        person = conference.participants.get(pid)
        return clean(fallback or (person.name if person and person.name else pid))

    line = Text(end="")
    if at is not None:
        line.append(time.strftime("%H:%M ", time.localtime(at)), style="dim")
    if message.to is not None:
        line.append(f"{PRIVATE_MARK} ", style="bold reverse")
        if message.mine:
            line.append("you → ", style="bold")
            line.append(name_of(message.to, ""), style="bold")
        else:
            line.append(name_of(message.sender, message.name), style="bold")
            line.append(" → you", style="bold")
    else:
        room = conference.rooms.get(message.room)
        if room is not None and not room.is_main:
            line.append(f"[{clean(room.label)}] ", style="italic")
        elif room is None and message.room != conference.main_room:
            line.append(f"[{clean(message.room)}] ", style="italic")
        who = "you" if message.mine else name_of(message.sender, message.name) or "server"
        line.append(who, style="bold")
    line.append(": ")
    line.append(clean(message.text))
    return line


class ChatLog(RichLog):
    """Appends the transcript's new lines; scrolls to the newest unless the reader scrolled up.

    Attributes:
        plain_lines: What each line says, for tests and copy-paste fallbacks.
    """

    DEFAULT_CSS = """
    ChatLog {
        height: 1fr;
        border: round $panel-lighten-1;
        scrollbar-size-vertical: 1;
        padding: 0 1;
    }
    ChatLog:focus {
        border: round $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty log; :meth:`follow` fills it."""
        super().__init__(id=id, wrap=True, markup=False, highlight=False, min_width=20)
        self.border_title = "Chat"
        self.plain_lines: list[str] = []
        self._count = 0

    def follow(self, transcript: Transcript, conference: Conference) -> None:
        """Append the lines added to ``transcript`` since the last call."""
        fresh = transcript.heard_after(self._count)
        self._count = transcript.total
        if not fresh and self.plain_lines:
            return
        if not fresh:
            self._placeholder()
            return
        if not self.plain_lines:
            self.clear()  # drop the "no messages yet" placeholder
        for message, at in fresh:
            line = chat_line(message, conference, at)
            self.plain_lines.append(line.plain)
            self.write(line)

    def _placeholder(self) -> None:
        if not self.lines:
            self.write(Text("no messages yet", style="dim italic"))
