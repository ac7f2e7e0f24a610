"""Simulated chat: the MUC echo of the console's own lines, private replies, and small talk.

:func:`run_chat` carries out a room or private message (tui/jitsi/PROTOCOL.md §5.8): a room
echoes groupchat messages to everyone in it, the sender included, so the console's line comes
back as ``ChatReceived(mine=True)``; a private message gets no echo, only (in the simulation) a
``CommandSucceeded`` once sent and now and then an answer. :func:`small_talk` is a line someone
in the main room writes on their own. Some lines contain Rich/Textual markup and backslashes,
to prove the chat view never interprets what people type.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.model.commands import SendGroupChat, SendPrivateChat
from tui.model.conference import ChatMessage, Kind
from tui.model.events import ChatReceived, CommandSucceeded
from tui.sim.component import Effect, FollowUp
from tui.sim.roster import CONSOLE_NAME
from tui.sim.stage import Stage, refused
from tui.sim.world import World

ChatCommand = SendGroupChat | SendPrivateChat

LINES = (
    "Hej allihop!",
    "Can you hear me?",
    "Jag tappade ljudet en stund, vad missade jag?",
    "Slides: https://example.se/slides?id=42&lang=sv",
    "Back in 5 minutes ☕",
    "Håller med 👍",
    "Could someone share the agenda again?",
    "[b]not bold[/b] and [red]not red[/red]",
    "[@click=app.quit]click here[/]",
    r"C:\Users\new\table and \[escaped] brackets",
    "<b>html is text too</b> &amp; so are entities",
    "שלום, מה שלומכם?",
    "مرحبا بالجميع",
)
"""What people write in the main room's chat."""

REPLIES = (
    "Tack, jag fixar det!",
    "OK 👍",
    "Sure, give me a minute.",
    "Oj, förlåt! Muting now.",
    "[i]thanks[/i]",
)
"""What people answer to a private message."""

REPLY_SHARE = 0.5
"""Share of private messages that get an answer."""


def run_chat(stage: Stage, command: ChatCommand) -> Effect:
    """Carry out one chat command on ``stage.world``."""
    world = stage.world
    match command:
        case SendGroupChat(room_jid=room_jid, text=text):
            room = world.room_by_jid(room_jid)
            if room is None:
                return refused(command, "item-not-found: no such room")
            line = ChatMessage(world.me, CONSOLE_NAME, text, room.id, mine=True, at=stage.now)
            return Effect((ChatReceived(line),))
        case SendPrivateChat(participant=pid, occupant_jid=jid):
            person = world.people.get(pid)
            if person is None or jid != f"{world.rooms[person.room].jid}/{pid}":
                return refused(command, f"item-not-found: {pid} is not in that room")
            later: tuple[FollowUp, ...] = ()
            if person.kind is Kind.PERSON and stage.rng.random() < REPLY_SHARE:
                text = stage.rng.choice(REPLIES)
                later = (FollowUp(stage.rng.uniform(4, 10), _reply(world, pid, text)),)
            return Effect((CommandSucceeded(command),), later=later)


def small_talk(world: World, speaker: str, text: str, now: float) -> ChatReceived:
    """``speaker`` writes ``text`` in the room they are in."""
    person = world.people[speaker]
    return ChatReceived(ChatMessage(speaker, person.name, text, person.room, at=now))


def _reply(world: World, pid: str, text: str) -> Callable[[int], Effect]:
    def answer(now_ms: int) -> Effect:
        person = world.people.get(pid)
        if person is None:
            return Effect()  # they left before answering
        line = ChatMessage(pid, person.name, text, person.room, to=pid, at=now_ms / 1000)
        return Effect((ChatReceived(line),))

    return answer
