"""The console's core, without any screen: one conference, its gateway, pending commands.

Both the Textual app and ``--headless`` mode drive a :class:`ConsoleSession`: gateway events go
in through :meth:`ConsoleSession.handle`, moderator wishes through :meth:`ConsoleSession.submit`
(or :meth:`ConsoleSession.perform`, which also waits for the outcome), and listeners hear about
every change. Keeping this out of the UI means the control socket,
the screen and the tests all see one truth.

Across a reconnect (the gateway reports ``RECONNECTING``, rejoins, then ``CONNECTED``) the
session keeps its promise that no command is lost silently or sent twice: commands in flight
when the connection dropped are held, never resent; the first event of the new session replaces
the stale picture with an empty one that the rejoin fills; once ``CONNECTED``, each held command
is confirmed if the fresh state shows it done within :data:`RESYNC_GRACE`, otherwise it fails
as :data:`LOST_IN_RECONNECT`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tui.model.commands import Command, describe
from tui.model.conference import Conference, ConnectionState
from tui.model.events import (
    CommandFailed,
    CommandsSent,
    CommandSucceeded,
    ConnectionChanged,
    Event,
)
from tui.model.gateway import ConferenceGateway
from tui.model.intents import Intent
from tui.model.pending import DEFAULT_TIMEOUT, PendingCommand, drop, mark_sent, settle, track
from tui.model.progress import LOST_IN_RECONNECT, NOT_CONFIRMED, Progress, Summary, intent_name
from tui.model.reduce import Planned, Refused, apply, plan

log = logging.getLogger(__name__)

RESYNC_GRACE = 3.0
"""Seconds after a rejoin for the fresh state to show a held command's effect."""
__all__ = ["LOST_IN_RECONNECT", "NOT_CONFIRMED", "Change", "ConsoleSession", "Outcome"]
_REJOINING = (ConnectionState.RECONNECTING, ConnectionState.CONNECTING)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a request ended: every command confirmed, or some failed (with reasons)."""

    confirmed: tuple[Command, ...] = ()
    failed: tuple[tuple[Command, str], ...] = ()
    refused: str = ""
    summary: Summary | None = None
    """Landed, refused (by reason) and lost, grouped: what the moderator is told."""

    @property
    def ok(self) -> bool:
        """True when the server confirmed everything that was asked."""
        return not self.refused and not self.failed


@dataclass(slots=True)
class _Request:
    waiting: set[Command]
    future: asyncio.Future[Outcome]
    name: str = ""
    verb: str = ""
    unsent: set[Command] = field(default_factory=set)
    progressed: float | None = None  # when one of its commands last landed
    confirmed: list[Command] = field(default_factory=list)
    failed: list[tuple[Command, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.waiting) + len(self.confirmed) + len(self.failed)

    def progress(self) -> Progress:
        total = self.total
        return Progress(
            self.name,
            self.verb,
            total,
            total - len(self.unsent),
            len(self.confirmed),
            len(self.failed),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """What one step changed, for listeners.

    Attributes:
        conference: The state after the step.
        confirmed: Commands the server confirmed in this step.
        failed: Commands that failed (refused or timed out) in this step, with reasons.
        finished: Requests that ended in this step: one summary each, to tell the moderator.
    """

    conference: Conference
    confirmed: tuple[Command, ...] = ()
    failed: tuple[tuple[Command, str], ...] = ()
    finished: tuple[Summary, ...] = ()


Listener = Callable[[Change], None]


READ_ONLY_REFUSAL = "the console is read-only (--read-only): nothing is sent to the meeting"
"""Why every wish is refused in read-only mode (the screen, the control socket)."""


class ConsoleSession:
    """Holds the conference state for one gateway and routes wishes to it.

    Attributes:
        read_only: Watch only: every wish is refused before it reaches the gateway, from the
            screen and the control socket alike (``--read-only``, ``[console] read_only``).
    """

    def __init__(
        self,
        gateway: ConferenceGateway,
        *,
        clock: Callable[[], float] = time.monotonic,
        timeout: float = DEFAULT_TIMEOUT,
        read_only: bool = False,
    ) -> None:
        """Create a session; nothing is sent until :meth:`connect`."""
        self.read_only = read_only
        self.gateway = gateway
        self.conference: Conference = gateway.initial()
        self.pending: tuple[PendingCommand, ...] = ()
        self._clock = clock
        self._timeout = timeout
        self._listeners: list[Listener] = []
        self._requests: list[_Request] = []
        self._sending: set[asyncio.Task[None]] = set()  # strong refs until each send is done
        self._held: set[Command] = set()  # in flight when the connection dropped
        self._stale = False  # the picture predates a reconnect; the next fact replaces it

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def connect(self, sink: Callable[[Event], None] | None = None) -> None:
        """Start the gateway; events go to ``sink`` (default: straight into :meth:`handle`).

        The UI passes a sink that posts a message, so events are handled in its own turn.
        """
        await self.gateway.connect(sink or self.handle)

    async def disconnect(self) -> None:
        """Stop the gateway."""
        await self.gateway.disconnect()

    def handle(self, event: Event) -> None:
        """Fold one gateway event into the state and settle pending commands."""
        failed: list[tuple[Command, str]] = []
        acked: tuple[Command, ...] = ()
        if isinstance(event, CommandsSent):
            self._sent(event.commands)
            self._settle(failed)  # listeners hear the progress; nothing can be judged by it
            return
        if isinstance(event, ConnectionChanged):
            self._connection_changed(event.state)
        elif self._stale and not isinstance(event, (CommandFailed, CommandSucceeded)):
            self._forget_stale_picture()
        if isinstance(event, CommandFailed):
            self.pending = drop(self.pending, event.command)
            failed.append((event.command, event.reason))
        elif isinstance(event, CommandSucceeded) and any(
            p.command == event.command for p in self.pending
        ):
            self.pending = drop(self.pending, event.command)
            acked = (event.command,)
        self.conference = apply(self.conference, event)
        self._settle(failed, acked)

    def _connection_changed(self, state: ConnectionState) -> None:
        was = self.conference.connection
        if state is ConnectionState.RECONNECTING:
            if was is ConnectionState.CONNECTED:
                self._held |= {p.command for p in self.pending}
                log.info("connection lost with %d command(s) in flight", len(self._held))
            self._stale = True
        elif self._held and state is not ConnectionState.CONNECTING:
            # Rejoined: the fresh state gets a short grace to show each held command's effect.
            # Gave up (disconnected, ended): judge them on what is known now.
            deadline = self._clock() + (RESYNC_GRACE if state is ConnectionState.CONNECTED else 0)
            self.pending = tuple(
                replace(p, deadline=deadline) if p.command in self._held else p
                for p in self.pending
            )
            if state is ConnectionState.CONNECTED:
                # Judge them when the grace is over even if nobody ticks (tests, scripts).
                with contextlib.suppress(RuntimeError):  # no running loop: the caller ticks
                    asyncio.get_running_loop().call_later(RESYNC_GRACE, self.tick)

    def _forget_stale_picture(self) -> None:
        """The rejoined session describes the meeting anew: start from the empty main room."""
        self._stale = False
        old = self.conference
        self.conference = replace(
            self.gateway.initial(),
            connection=old.connection,
            connection_detail=old.connection_detail,
            chat=old.chat,
        )

    @property
    def progress(self) -> tuple[Progress, ...]:
        """Requests of more than one command still running, oldest first."""
        return tuple(r.progress() for r in self._requests if r.total > 1)

    def _sent(self, commands: tuple[Command, ...]) -> None:
        self.pending = mark_sent(self.pending, commands, self._clock(), self._timeout)
        if self._requests:
            went = set(commands)
            for request in self._requests:
                request.unsent -= went

    def tick(self) -> None:
        """Expire overdue commands; call about once a second."""
        if self.pending:
            self._settle([])

    def _settle(self, failed: list[tuple[Command, str]], acked: tuple[Command, ...] = ()) -> None:
        if not (self.pending or failed or acked or self._held or self._requests):
            # Nothing waits to be judged (every presence of a join storm): only tell listeners.
            change = Change(self.conference)
            for listener in list(self._listeners):
                listener(change)
            return
        held: tuple[PendingCommand, ...] = ()
        judged = self.pending
        if self._held and self.conference.connection in _REJOINING:
            # Not yet rejoined: the picture is stale or partial, so nothing held is judged.
            held = tuple(p for p in self.pending if p.command in self._held)
            judged = tuple(p for p in self.pending if p.command not in self._held)
        now = self._clock()
        result = settle(judged, self.conference, now)
        expired, spared = self._spare_working(result.expired, now)
        self.pending = held + result.remaining + spared
        confirmed = acked + result.confirmed
        for command in expired:
            why = LOST_IN_RECONNECT if command in self._held else NOT_CONFIRMED
            failed.append((command, f"{why}: {describe(command)}"))
        self._held -= set(confirmed) | {command for command, _ in failed}
        for command, reason in failed:
            log.warning("command failed: %s (%s)", describe(command, self.conference), reason)
        finished = self._resolve(confirmed, failed)
        change = Change(self.conference, confirmed, tuple(failed), finished)
        for listener in list(self._listeners):
            listener(change)

    def _spare_working(
        self, expired: tuple[Command, ...], now: float
    ) -> tuple[tuple[Command, ...], tuple[PendingCommand, ...]]:
        """Keep waiting for overdue commands of a request the server is still working through.

        The server reads and carries out a bulk action at its own pace: a busy Prosody reads
        the console late, and Debian's mod_muc_rate_limit lets 3 people a second into a room
        (tui/jitsi/pacing.md). While any command of the same request landed within the
        timeout, the rest are not lost; they wait ``timeout`` after that progress.
        """
        if not expired or not self._requests:
            return expired, ()
        lost: list[Command] = []
        spared: list[PendingCommand] = []
        for command in expired:
            request = next((r for r in self._requests if command in r.waiting), None)
            alive = request is not None and request.progressed is not None
            if alive and command not in self._held:
                assert request is not None and request.progressed is not None
                until = request.progressed + self._timeout
                if until > now:
                    spared.append(PendingCommand(command, until))
                    continue
            lost.append(command)
        return tuple(lost), tuple(spared)

    def _resolve(
        self, confirmed: tuple[Command, ...], failed: list[tuple[Command, str]]
    ) -> tuple[Summary, ...]:
        if not self._requests or not (confirmed or failed):
            return ()
        failed_map = dict(failed)
        landed = set(confirmed)
        finished: list[Summary] = []
        for request in list(self._requests):
            # Walk the smaller side: a 1,000-move request sees a handful settle per step.
            settled = landed | failed_map.keys()
            if len(settled) < len(request.waiting):
                hits = [c for c in settled if c in request.waiting]
            else:
                hits = [c for c in request.waiting if c in settled]
            for command in hits:
                request.waiting.discard(command)
                request.unsent.discard(command)
                if command in landed:
                    request.confirmed.append(command)
                    request.progressed = self._clock()
                else:
                    request.failed.append((command, failed_map[command]))
            if not request.waiting:
                self._requests.remove(request)
                summary = Summary.of(
                    request.name,
                    request.total,
                    len(request.confirmed),
                    request.failed,
                    lambda command: describe(command, self.conference),
                )
                finished.append(summary)
                if not request.future.done():
                    request.future.set_result(
                        Outcome(tuple(request.confirmed), tuple(request.failed), summary=summary)
                    )
        return tuple(finished)

    async def perform(self, intent: Intent) -> Outcome:
        """:meth:`submit` ``intent`` and wait until the server confirmed or refused it all."""
        future = self.submit(intent)
        return await future

    def plan(self, intent: Intent) -> Planned | Refused:
        """The commands ``intent`` needs now, or why it cannot be done (read-only first)."""
        if self.read_only:
            return Refused(READ_ONLY_REFUSAL)
        return plan(self.conference, intent)

    def submit(self, intent: Intent) -> asyncio.Future[Outcome]:
        """Plan and send ``intent``; the future resolves once every command is settled.

        A refused intent resolves at once with :attr:`Outcome.refused` set.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        result = self.plan(intent)
        if isinstance(result, Refused):
            future.set_result(Outcome(refused=result.reason))
            return future
        assert isinstance(result, Planned)
        self.pending = track(self.pending, result.commands)
        name, verb = intent_name(intent)
        commands = set(result.commands)
        self._requests.append(_Request(commands, future, name, verb, set(commands)))
        task = loop.create_task(self._send(result.commands))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        for listener in list(self._listeners):
            listener(Change(self.conference))
        return future

    async def _send(self, commands: tuple[Command, ...]) -> None:
        try:
            await self.gateway.send(commands)
        except Exception as exc:  # a gateway must not raise, but one bug must not lose state
            log.exception("gateway failed to send")
            for command in commands:
                self.handle(CommandFailed(command, f"could not send: {exc}"))
            return
        # ``send`` returns once everything is on the wire: a gateway that does not report each
        # command as it goes (one that sends a batch at once) has now sent them all.
        self._sent(commands)
