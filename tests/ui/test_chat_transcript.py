"""The chat transcript: new lines only, private lines the console sent, a bounded history."""

from __future__ import annotations

from dataclasses import replace

from tui.model.commands import SendPrivateChat
from tui.model.conference import ChatMessage, Conference, Participant
from tui.model.events import CommandSucceeded
from tui.model.reduce import apply
from tui.ui.chat_transcript import Transcript


def _conference() -> Conference:
    base = Conference.empty("main", "main@muc", "M")
    anna = Participant("a1", "Anna", "main")
    return replace(base, participants={"a1": anna}, me="me")


def test_follow_adds_only_new_lines_and_sent_private_ones() -> None:
    conference = _conference()
    first = ChatMessage("a1", "Anna", "hi", "main")
    second = ChatMessage("a1", "Anna", "again", "main")
    transcript = Transcript()
    transcript.follow(replace(conference, chat=(first,)))
    transcript.follow(replace(conference, chat=(first,)))  # nothing new
    assert transcript.lines == (first,)
    with_second = replace(conference, chat=(first, second))
    sent = SendPrivateChat("a1", "main@muc/a1", "psst")
    transcript.follow(apply(with_second, CommandSucceeded(sent)))  # the model records it
    assert [m.text for m in transcript.lines] == ["hi", "again", "psst"]
    mine = transcript.lines[-1]
    assert mine.mine and mine.to == "a1" and mine.room == "main"
    assert transcript.lines_after(1) == transcript.lines[1:]
    assert transcript.lines_after(3) == ()


def test_history_is_bounded() -> None:
    conference = _conference()
    transcript = Transcript(limit=3)
    chat: tuple[ChatMessage, ...] = ()
    for n in range(5):
        chat = (*chat, ChatMessage("a1", "Anna", str(n), "main"))
        transcript.follow(replace(conference, chat=chat))
    assert [m.text for m in transcript.lines] == ["2", "3", "4"]
    assert transcript.total == 5
    assert [m.text for m in transcript.lines_after(0)] == ["2", "3", "4"]
