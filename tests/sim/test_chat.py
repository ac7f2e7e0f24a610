"""Simulated chat: echoes of the console's own lines, broadcasts, private replies, small talk."""

from __future__ import annotations

from tests.sim.recorder import watched
from tests.sim.worlds import seeded_meeting
from tui.model.conference import ChatMessage
from tui.model.events import ChatReceived, CommandSucceeded
from tui.model.intents import Broadcast, SendChat
from tui.sim.chat import LINES
from tui.sim.names import HARD_CASES


async def test_room_chat_comes_back_as_our_own_line() -> None:
    watch = await watched()
    mark = len(watch.events)
    outcome = await watch.session.perform(SendChat("Välkomna! [b]not bold[/b]"))
    assert outcome.ok, outcome
    (echo,) = watch.since(mark)
    assert isinstance(echo, ChatReceived)
    line = echo.message
    assert (line.text, line.room, line.mine, line.sender, line.to) == (
        "Välkomna! [b]not bold[/b]",
        watch.conference.main_room,
        True,
        watch.conference.me,
        None,
    )
    assert watch.conference.chat[-1] == line


async def test_broadcast_reaches_every_breakout_room_at_once() -> None:
    watch = await watched(rooms=3)
    assert watch.conference.myself is not None
    outcome = await watch.session.perform(Broadcast("Five minutes left"))
    assert outcome.ok, outcome
    rooms = [m.room for m in watch.conference.chat if m.text == "Five minutes left" and m.mine]
    assert rooms == list(watch.conference.rooms)
    assert watch.conference.participants[watch.conference.me or ""].room == (
        watch.conference.main_room
    )  # the console posted in breakout rooms without leaving the main room
    chosen = watch.conference.breakout_rooms[1].id
    outcome = await watch.session.perform(Broadcast("Only you", (chosen,)))
    assert outcome.ok, outcome
    assert [m.room for m in watch.conference.chat if m.text == "Only you"] == [chosen]


async def test_private_messages_succeed_and_some_get_an_answer() -> None:
    watch = await watched()
    people = [p for p in watch.conference.members_of(watch.conference.main_room)][2:8]
    for person in people:
        mark = len(watch.events)
        outcome = await watch.session.perform(SendChat("Kan du stänga av mikrofonen?", person.id))
        assert outcome.ok, outcome
        assert CommandSucceeded(outcome.confirmed[0]) in watch.since(mark)
    await watch.sim.idle()
    replies = [m for m in watch.conference.chat if not m.mine]
    assert 0 < len(replies) < len(people)
    for reply in replies:
        assert reply.to == reply.sender  # a private line from them
        assert reply.sender in {p.id for p in people}
        assert reply.name == watch.conference.participants[reply.sender].name
    # no echo comes back; the model records each accepted private line once, to its addressee
    sent = [m for m in watch.conference.chat if m.mine]
    assert [m.to for m in sent] == [p.id for p in people]


def test_people_chat_in_the_main_room_with_awkward_names_and_markup() -> None:
    activity = seeded_meeting().activity()
    lines: list[ChatMessage] = []
    for step in range(3000):
        lines += [
            e.message for e in activity.step(step * 300).events if isinstance(e, ChatReceived)
        ]
    assert len(lines) > 100
    assert all(m.room == "demo" and m.to is None and not m.mine for m in lines)
    assert {m.text for m in lines} == set(LINES)
    assert any("[" in m.text and "]" in m.text for m in lines)
    assert {m.name for m in lines} & set(HARD_CASES)
