"""Every command out to a live Jitsi meeting: :class:`Actions`, the live gateway's one handler.

:meth:`Actions.send` takes planned commands in order, paces them to the deployment's c2s limit
(:mod:`tui.model.pacing`, ``pacing.md``) and reports each with ``CommandsSent`` once it is on the
wire. :meth:`Actions._carry_out` handles each command type in exactly one ``match`` arm, ending
in ``assert_never``: a command added to :data:`tui.model.commands.Command` without an arm here
fails mypy, naming this module.

Breakout commands become messages to the breakout component (:mod:`tui.jitsi.breakout`);
the rest become the stanzas of :mod:`tui.jitsi.moderation`. IQs are awaited and answered with
``CommandSucceeded`` or ``CommandFailed`` carrying the server's reason (jicofo's refusal to
mute, Prosody's refusal to kick an owner ...). Commands aimed at a breakout room (mute or kick
someone there, broadcast a message) first make the console an occupant of that room too,
while it stays in the main room (PROTOCOL.md §4.5), so no hopping between rooms.

Actions knows the session only through :class:`ActionPort` (the wire, the room addresses,
entering a room); the session (:class:`~tui.jitsi.client.JitsiClient`) owns it and tells it
what the breakout component's updates show (:meth:`Actions.saw_rooms`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, assert_never
from xml.etree.ElementTree import Element

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.tostring import tostring

from tui.config.secret import Secret
from tui.jitsi import moderation as stanzas
from tui.jitsi.breakout import BreakoutCommand, command_element
from tui.jitsi.join_errors import JoinError
from tui.jitsi.refusals import Refusals
from tui.model.commands import (
    Command,
    SendAddRoom,
    SendAdmit,
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendDeny,
    SendEndConference,
    SendGroupChat,
    SendKick,
    SendLowerHand,
    SendMembersOnly,
    SendMove,
    SendMute,
    SendPrivateChat,
    SendRemoveRoom,
    SendRenameRoom,
    SendRoomSecret,
)
from tui.model.events import CommandFailed, CommandsSent, CommandSucceeded, RoomsSnapshot
from tui.model.gateway import EventSink
from tui.model.pacing import ACTION_BYTES, SendBudget, websocket_frame_bytes
from tui.redact import REDACTOR

log = logging.getLogger(__name__)
IQ_TIMEOUT = 10.0
MOVE_WINDOW = 64
"""Moves sent but not yet shown done by the component's update, at most.

On a healthy deployment the byte pacing binds first (~33 moves/s against ~64 landing per
second). On a server that reads the console late (busy Prosody: every move makes it send a
presence to everyone in the room) the window slows the console to the server's own pace, so
its keepalive ping never queues behind more than ~18 KB of moves (tui/jitsi/pacing.md)."""
WINDOW_WAIT = 5.0
"""Seconds to wait for an update to open the window before sending on regardless."""
REMOVE_AFTER_MOVES_TIMEOUT = 10.0
"""Seconds a remove waits for the people moved out of the room to have left it."""


class ActionPort(Protocol):
    """What :class:`Actions` needs of the joined session, and nothing more."""

    @property
    def room_jid(self) -> str:
        """The main room's bare JID (lower case)."""
        ...

    @property
    def lobby_room(self) -> str:
        """The lobby room's JID while the console sits in it, else ``""``."""
        ...

    def component(self, kind: str) -> str:
        """A discovered component's address (``"av_moderation"`` …), or ``""``."""
        ...

    def send_xml(self, element: Element) -> None:
        """Write one stanza to the stream."""
        ...

    async def iq(self, element: Element, timeout: float) -> None:
        """Send an IQ and wait for its result; raises slixmpp's ``IqError``/``IqTimeout``."""
        ...

    def new_id(self) -> str:
        """A fresh stanza id."""
        ...

    async def enter_room(self, room_jid: str) -> None:
        """Occupy ``room_jid`` too (a breakout room); raises :class:`JoinError`."""
        ...

    async def refresh_room_info(self) -> None:
        """Read members-only, password and the lobby room anew and report them."""
        ...


@dataclass(slots=True)
class _Batch:
    """What one :meth:`Actions.send` call has sent so far, for the breakout flow control."""

    moved: set[str] = field(default_factory=set)  # real JIDs of people moved in this batch
    in_flight: list[SendMove] = field(default_factory=list)  # sent, not yet seen landed


class Actions:
    """Sends commands, paced, and says what became of each."""

    def __init__(self, port: ActionPort, sink: EventSink) -> None:
        """Send through ``port``; events (sent, succeeded, failed) go to ``sink``."""
        self._port = port
        self._sink = sink
        # One budget per connection: everything the console sends shares the server's c2s limit.
        self._budget = SendBudget()
        self._now: Callable[[], float] = lambda: asyncio.get_running_loop().time()
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        # Real JIDs per room JID in the latest breakout update, and a wake-up for each update:
        # a remove that follows moves waits until the moved people have left (see send()).
        self._members_by_room: dict[str, frozenset[str]] = {}
        self._rooms_updated = asyncio.Event()
        self._refusals = Refusals()
        # Short ids of our own, not slixmpp's 36-character ones: a move is ~284 bytes, and the
        # byte pacing would send a thousand of them 3 s slower with a UUID on each.
        self._ids = itertools.count(1)
        self._refused_moves: set[SendMove] = set()  # bounced: they never land (see _window)

    def saw_rooms(self, snapshot: RoomsSnapshot) -> None:
        """The breakout component's latest update: who is in which room now."""
        self._members_by_room = {
            room.jid.lower(): frozenset(m.jid for m in room.members) for room in snapshot.rooms
        }
        self._rooms_updated.set()
        self._rooms_updated = asyncio.Event()

    def bounced(self, message: Element) -> bool:
        """An error ``<message>``: if a component bounces a command with it, that command failed."""
        refusal = self._refusals.refused(message)
        if refusal is None:
            return False
        command, reason = refusal
        log.warning("%s: %s", type(command).__name__, reason)
        if isinstance(command, SendMove):
            self._refused_moves.add(command)
            self._rooms_updated.set()  # a move window waiting for it can move on
            self._rooms_updated = asyncio.Event()
        self._sink(CommandFailed(command, reason))
        return True

    async def send(self, commands: Sequence[Command]) -> None:
        """Send commands in order, paced to the deployment's c2s limit; report each as sent.

        Every command waits for the byte budget, goes to the socket, and is reported with
        ``CommandsSent`` so its confirmation deadline starts then. Without the needed
        component each one fails.

        A remove that follows moves in the same batch (remove = close first, then remove) is
        held until the latest update shows the moved people out of that room: the component
        destroys an occupied room at once, which would hang up on everyone still inside.
        """
        batch = _Batch()
        for command in commands:
            await self._carry_out(command, batch)

    async def _carry_out(self, command: Command, batch: _Batch) -> None:
        """One command: each type is handled in exactly one arm (mypy checks there is one)."""
        main = self._port.room_jid
        work: Coroutine[Any, Any, None]
        match command:
            case SendMove() | SendAddRoom() | SendRenameRoom() | SendRemoveRoom():
                await self._to_breakout(command, batch)
                return
            case SendMute():
                work = self._mute(command)
            case SendKick(room_jid=room_jid):
                work = self._in_room(room_jid, self._iq(command, stanzas.kick_iq(command)))
            case SendAffiliation():
                work = self._iq(command, stanzas.affiliation_iq(command))
            case SendMembersOnly():
                work = self._members_only(command)
            case SendRoomSecret():
                work = self._room_secret(command)
            case SendAdmit(knocker_jid=jid):
                work = self._write(stanzas.lobby_invite(main, jid))
            case SendDeny(knocker=nick):
                work = self._deny(nick)
            case SendEndConference():
                work = self._to_component(command, "end_conference", stanzas.end_conference)
            case SendAvModeration() | SendAvApproval():
                av = command
                work = self._to_component(
                    command, "av_moderation", lambda to: stanzas.av_message(to, av)
                )
            case SendGroupChat(room_jid=room_jid, text=text):
                chat = stanzas.chat(room_jid, text, private=False)
                work = self._in_room(room_jid, self._write(chat))
            case SendPrivateChat(occupant_jid=jid, text=text):
                work = self._write(stanzas.chat(jid, text, private=True), done=command)
            case SendLowerHand(occupant_jid=jid):
                work = self._write(stanzas.lower_hand(jid))
            case _:
                assert_never(command)
        await self._moderation(command, work)

    # -- breakout commands ---------------------------------------------------------------

    async def _to_breakout(self, command: BreakoutCommand, batch: _Batch) -> None:
        component = self._port.component("breakout_rooms")
        if not component:
            self._sink(CommandFailed(command, "this server has no breakout-rooms component"))
            return
        if isinstance(command, SendRemoveRoom) and batch.moved:
            await self._until_left(command.room_jid, batch.moved)
        if isinstance(command, SendMove):
            batch.moved.add(command.participant_jid)
            await self._window(batch.in_flight)
            batch.in_flight.append(command)
        element = self._stamped(command_element(command, component), "breakout_rooms", command)
        # Counted as slixmpp writes it (send_xml serialises the same way) plus the frame.
        await self._pace(websocket_frame_bytes(len(tostring(element).encode())))
        self._port.send_xml(element)
        self._sink(CommandsSent((command,)))

    async def _window(self, in_flight: list[SendMove]) -> None:
        """Wait until fewer than :data:`MOVE_WINDOW` sent moves are not yet seen done."""

        def landed(move: SendMove) -> bool:
            if move in self._refused_moves:
                self._refused_moves.discard(move)
                return True  # settled: it never will
            members = self._members_by_room.get(move.room_jid.lower(), frozenset())
            return move.participant_jid in members

        in_flight[:] = [m for m in in_flight if not landed(m)]
        while len(in_flight) >= MOVE_WINDOW:
            updated = self._rooms_updated
            try:
                await asyncio.wait_for(updated.wait(), WINDOW_WAIT)
            except TimeoutError:
                log.info("no breakout update for %.0f s; sending on", WINDOW_WAIT)
                in_flight.clear()  # the session judges them; do not stall the rest
                return
            in_flight[:] = [m for m in in_flight if not landed(m)]

    async def _until_left(self, room_jid: str, people: set[str]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REMOVE_AFTER_MOVES_TIMEOUT
        while self._members_by_room.get(room_jid.lower(), frozenset()) & people:
            remaining = deadline - loop.time()
            if remaining <= 0:
                log.warning("people are still in %s; removing it anyway", room_jid)
                return
            updated = self._rooms_updated
            try:
                await asyncio.wait_for(updated.wait(), remaining)
            except TimeoutError:
                continue

    async def _pace(self, size: int) -> None:
        """Wait until ``size`` bytes fit the budget, then spend them."""
        wait = self._budget.wait(size, self._now())
        if wait > 0:
            await self._sleep(wait)  # the bucket refills meanwhile; no second look needed
        self._budget = self._budget.spend(size, self._now())

    # -- moderation commands -------------------------------------------------------------

    async def _moderation(self, command: Command, work: Coroutine[Any, Any, None]) -> None:
        """Pace, carry out ``work``; a failure becomes ``CommandFailed``, never an exception."""
        try:
            await self._pace(ACTION_BYTES)
        except BaseException:
            work.close()  # cancelled while waiting: it never started
            raise
        try:
            await work
        except (ActionError, JoinError) as exc:
            self._sink(CommandFailed(command, str(exc)))
        self._sink(CommandsSent((command,)))

    async def _in_room(self, room_jid: str, work: Coroutine[Any, Any, None]) -> None:
        try:
            await self._port.enter_room(room_jid)
        except BaseException:
            work.close()
            raise
        await work

    async def _mute(self, command: SendMute) -> None:
        await self._port.enter_room(command.room_jid)
        try:
            await self._iq(command, stanzas.mute_iq(command))
        except ActionError as exc:
            raise ActionError(_mute_refusal(exc)) from None

    async def _members_only(self, command: SendMembersOnly) -> None:
        main = self._port.room_jid
        if command.enabled and command.members:
            await self._iq(None, stanzas.members_iq(main, command.members))
        await self._iq(None, stanzas.config_get_iq(main))
        fields = stanzas.lobby_fields(command.enabled, command.keep_locked)
        await self._iq(command, stanzas.config_submit_iq(main, fields), ack=False)
        await self._port.refresh_room_info()

    async def _room_secret(self, command: SendRoomSecret) -> None:
        main = self._port.room_jid
        if command.password:
            REDACTOR.register(Secret(command.password))  # never in a log line from here on
        await self._iq(None, stanzas.config_get_iq(main))
        fields = stanzas.secret_fields(command.password, command.members_only)
        await self._iq(command, stanzas.config_submit_iq(main, fields), ack=False)
        # read the new state before confirming, so a confirmed request shows it
        await self._port.refresh_room_info()
        self._sink(CommandSucceeded(command))

    async def _deny(self, nick: str) -> None:
        lobby = self._port.lobby_room
        if not lobby:
            raise ActionError("the console is not in the lobby room")
        # Jitsi's lobby module drops every IQ answer from the lobby domain on its way
        # to us (mod_muc_lobby_rooms.lua, filter_stanza: only presences, disco#info
        # and messages pass), so waiting for the kick's result could only time out.
        # The knocker's unavailable presence (status 307) confirms the deny instead:
        # it leaves conference.knocking, which is what SendDeny's check looks for.
        kick = stanzas.kick_iq(SendKick(nick, "", lobby))
        kick.set("id", self._port.new_id())  # an IQ without an id is invalid
        self._port.send_xml(kick)

    async def _to_component(
        self, command: Command, kind: str, build: Callable[[str], Element]
    ) -> None:
        address = self._port.component(kind)
        if not address:
            raise ActionError(f"this server has no {kind.replace('_', ' ')} component")
        self._port.send_xml(self._stamped(build(address), kind, command))

    def _stamped(self, message: Element, kind: str, command: Command) -> Element:
        """``message`` with an id of its own, so that a bounce of it names ``command``."""
        stanza_id = f"c{next(self._ids):x}"
        message.set("id", stanza_id)
        self._refusals.expect(stanza_id, message.get("to", ""), kind, command)
        return message

    async def _write(self, element: Element, *, done: Command | None = None) -> None:
        """Write ``element``; with ``done``, confirm that command at once (nothing echoes it)."""
        self._port.send_xml(element)
        if done is not None:
            self._sink(CommandSucceeded(done))  # no echo: the model records the line

    async def _iq(self, command: Command | None, element: Element, *, ack: bool = True) -> None:
        try:
            await self._port.iq(element, IQ_TIMEOUT)
        except IqError as exc:
            text = f": {exc.text}" if exc.text else ""
            raise ActionError(f"the server refused: {exc.condition}{text}", exc.condition) from None
        except IqTimeout:
            raise ActionError("the server did not answer") from None
        if command is not None and ack:
            self._sink(CommandSucceeded(command))


class ActionError(Exception):
    """A command could not be carried out; the message is the reason for the user."""

    def __init__(self, message: str, condition: str = "") -> None:
        """Keep the XMPP error condition behind the message, when there was one."""
        super().__init__(message)
        self.condition = condition


# jicofo answers a refused mute with a bare condition (no text): say what it means
# (PROTOCOL.md §5.1)
_MUTE_REFUSALS = {
    "not-allowed": "jicofo did not allow it (the console is not a moderator there, "
    "or the target is jibri or jigasi)",
    "internal-server-error": "jicofo does not count the console or the target as a "
    "participant of that conference (no media session with jicofo)",
    "item-not-found": "jicofo does not know that conference",
}


def _mute_refusal(error: ActionError) -> str:
    meaning = _MUTE_REFUSALS.get(error.condition)
    return f"{error}: {meaning}" if meaning else str(error)
