"""A simulated Jitsi conference behind the :class:`~tui.model.gateway.ConferenceGateway` boundary.

:class:`SimulatedConference` needs no network: it delivers the same events a live gateway
would, from a meeting generated from a seed. ``jitsi-tui --demo`` runs it with spontaneous
activity (people join, leave, raise hands, unmute, chat, knock on the lobby); screenshots and
UI tests run it without, so the picture stays still, use :meth:`SimulatedConference.idle` to wait
for the effects of the commands they send, and :meth:`SimulatedConference.knock` to put someone
in the lobby.

Commands go out paced like the live client's (:mod:`tui.model.pacing`: a byte budget under the
deployment's 10 kB/s c2s limit), each reported with ``CommandsSent``; the server reads them
like Prosody's limit does (:mod:`tui.sim.c2s`), so a 1,000-person action takes the half
minute it takes on a real deployment. The effect lands ``breakout_delay`` seconds after the
server read the command, and the component's ``update`` (a full
:class:`~tui.model.events.RoomsSnapshot`) is rate limited to one per
:data:`SNAPSHOT_INTERVAL` seconds of the simulation clock, so a burst of commands yields one.
Moderation commands are answered the way jicofo, Prosody and Jitsi's components answer them
(:mod:`tui.sim.moderation`, :mod:`tui.sim.lobby`, :mod:`tui.sim.chat`); once the meeting was
ended, every further command fails.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence

from tui.model.commands import Command
from tui.model.conference import Conference, ConnectionState, Feature
from tui.model.events import (
    CommandFailed,
    CommandsSent,
    ConnectionChanged,
    Event,
    Joined,
    ParticipantPresent,
)
from tui.model.gateway import EventSink, InviteSource
from tui.model.pacing import SendBudget, stanza_bytes
from tui.sim.activity import Activity
from tui.sim.c2s import ServerReads
from tui.sim.component import Effect, FollowUp
from tui.sim.dispatch import carry_out
from tui.sim.lobby import knock, new_knocker
from tui.sim.meeting import populate
from tui.sim.names import NameSource
from tui.sim.roster import BREAKOUT_DOMAIN, MUC_DOMAIN, Roster, uuid4
from tui.sim.stage import Stage
from tui.sim.world import SimRoom, World

log = logging.getLogger(__name__)

MEETING_NAME = "Demo meeting"
"""The simulated meeting's subject."""

SNAPSHOT_INTERVAL = 0.3
"""The breakout component sends at most one ``update`` per this many seconds."""

FEATURES = frozenset(Feature)
"""The simulated deployment offers everything the console can use."""

ENDED_REASON = "the meeting has ended"
"""Why commands sent after the meeting was ended fail."""


class SimulatedConference:
    """A seeded, network-free Jitsi meeting that implements ``ConferenceGateway``."""

    def __init__(
        self,
        participants: int = 40,
        seed: int | None = None,
        *,
        activity: bool = True,
        breakout_delay: float = 0.35,
        rooms: int = 0,
        room_name: str = "demo",
        clock: Callable[[], float] | None = None,
        hard_cases: bool | None = None,
    ) -> None:
        """Describe the meeting; nothing happens until :meth:`connect`.

        Args:
            participants: People besides the console (bots included from 20 on).
            seed: Makes names, ids, rooms and behaviour repeatable; ``None`` for a random meeting.
            activity: Whether people join, leave, raise hands and unmute on their own.
            breakout_delay: Seconds before a command takes effect (0: on the next loop turn).
            rooms: Breakout rooms that already exist, with people in them, at connect.
            room_name: The main room's JID node.
            clock: Epoch seconds, for hand-raise times and snapshot rate limiting
                (``time.time`` by default).
            hard_cases: Whether the names that break careless UIs (markup, right-to-left,
                a 100+ character name) are in the meeting; by default from 20 people on.
        """
        if participants < 0 or rooms < 0 or breakout_delay < 0:
            raise ValueError("participants, rooms and breakout_delay must not be negative")
        self._participants = participants
        self._seed = seed if seed is not None else random.SystemRandom().getrandbits(64)
        self._activity_enabled = activity
        self._delay = breakout_delay
        self._rooms = rooms
        self._room_id = room_name
        self._room_jid = f"{room_name}@{MUC_DOMAIN}"
        self._clock = clock or time.time
        self._hard_cases = hard_cases
        self._sink: EventSink | None = None
        self._world: World | None = None
        self._room_rng = random.Random()
        self._command_rng = random.Random()
        self._roster = Roster(random.Random())
        self._names = NameSource(random.Random())
        self._ended = False
        self._activity_task: asyncio.Task[None] | None = None
        self._landings: dict[int, asyncio.Handle] = {}
        self._next_landing = 0
        self._flush: asyncio.Handle | None = None
        self._last_snapshot: float | None = None
        self._idle_waiters: list[asyncio.Future[None]] = []
        self._budget = SendBudget()
        self._reads = ServerReads()
        self._sending = 0  # send() calls still pacing their commands out

    @property
    def title(self) -> str:
        """What the status line calls this conference."""
        return f"{self._room_id} · simulated"

    def initial(self) -> Conference:
        """The conference before joining: the main room, empty."""
        return Conference.empty(self._room_id, self._room_jid, MEETING_NAME)

    async def connect(self, sink: EventSink) -> None:
        """Join: the whole meeting is delivered to ``sink`` before this returns."""
        await self._stop()
        self._sink = sink
        self._emit(ConnectionChanged(ConnectionState.CONNECTING))
        roster = self._roster = Roster(self._rng("roster"))
        names = self._names = NameSource(self._rng("names"))
        self._room_rng = self._rng("rooms")
        self._command_rng = self._rng("commands")
        main = SimRoom(id=self._room_id, jid=self._room_jid, name=MEETING_NAME, is_main=True)
        world = self._world = World(main, roster.console(self._room_id))
        populate(
            world,
            participants=self._participants,
            rooms=self._rooms,
            roster=roster,
            names=names,
            rng=self._rng("meeting"),
            now_ms=self._now_ms(),
            hard_cases=self._hard_cases,
        )
        self._emit(ConnectionChanged(ConnectionState.CONNECTED))
        self._emit(Joined(world.me, self._room_id, self._room_jid, MEETING_NAME, FEATURES))
        for person in world.people.values():  # the console entered first
            self._emit(ParticipantPresent(person))
        if world.breakout_active:
            self._emit(world.snapshot())
            self._last_snapshot = self._clock()
        if self._activity_enabled:
            activity = Activity(world, roster, names, self._rng("activity"))
            self._activity_task = asyncio.create_task(self._run(activity), name="sim-activity")

    async def send(self, commands: Sequence[Command]) -> None:
        """Send ``commands`` paced like the live client; each lands after ``breakout_delay``.

        Commands that fit the byte budget go at once, as one group: one ``CommandsSent``, read
        by the server together. The rest follow as the budget refills.
        """
        batch = tuple(commands)
        if self._ended:
            for command in batch:
                self._emit(CommandFailed(command, ENDED_REASON))
            return
        if self._world is None or not batch:
            log.debug("simulated conference ignores %d command(s)", len(batch))
            return
        loop = asyncio.get_running_loop()
        self._sending += 1
        try:
            group: list[Command] = []
            read_at = loop.time()
            for command in batch:
                size = stanza_bytes(command, BREAKOUT_DOMAIN)
                wait = self._budget.wait(size, loop.time())
                if wait > 0:
                    self._go(group, read_at)
                    group = []
                    await asyncio.sleep(wait)
                    if self._world is None:
                        return  # disconnected or ended while pacing
                now = loop.time()
                self._budget = self._budget.spend(size, now)
                read_at = (
                    max(read_at, self._reads.arrive(size, now))
                    if group
                    else (self._reads.arrive(size, now))
                )
                group.append(command)
            self._go(group, read_at)
        finally:
            self._sending -= 1
            self._wake_idle()

    def _go(self, group: list[Command], read_at: float) -> None:
        """``group`` is on the wire: report it, and land it once the server read it."""
        if not group or self._world is None:
            return
        batch = tuple(group)
        self._emit(CommandsSent(batch))
        loop = asyncio.get_running_loop()
        token, self._next_landing = self._next_landing, self._next_landing + 1
        wait = read_at - loop.time() + self._delay
        if wait <= 0:
            self._landings[token] = loop.call_soon(self._land, token, batch)
        else:
            self._landings[token] = loop.call_later(wait, self._land, token, batch)

    def knock(self, name: str, email: str = "") -> str:
        """Put someone called ``name`` in the lobby at once; returns their lobby id.

        For tests and screenshots, which run without spontaneous activity. The lobby must be on
        (send ``SendMembersOnly(True)`` first), as only then does Jitsi send people there.

        Raises:
            RuntimeError: Not connected, or the lobby is off.
        """
        world = self._world
        if world is None:
            raise RuntimeError("the simulated conference is not connected")
        if not world.lobby_enabled:
            raise RuntimeError("the lobby is off: nobody knocks")
        knocker = new_knocker(
            self._roster, self._names, self._command_rng, self._clock(), name=name, email=email
        )
        self._emit(knock(world, knocker))
        return knocker.id

    def arrive(self, name: str) -> str:
        """Let someone called ``name`` join the main room at once; returns their id.

        For tests of what happens on arrival (a breakout plan moves them), which run without
        spontaneous activity.

        Raises:
            RuntimeError: Not connected.
        """
        world = self._world
        if world is None:
            raise RuntimeError("the simulated conference is not connected")
        person = self._roster.person(name, world.main.id, now_ms=self._now_ms())
        self._emit(world.enter(person))
        return person.id

    async def disconnect(self) -> None:
        """Leave: activity and pending commands stop, and the sink hears ``DISCONNECTED``."""
        was_connected = self._world is not None  # after the end, ENDED stays the last word
        sink = self._sink
        await self._stop()
        if was_connected and sink is not None:
            sink(ConnectionChanged(ConnectionState.DISCONNECTED))

    def set_room_password(self, password: str) -> None:
        """Accepted and unused: the simulated meeting never starts locked."""
        del password

    def invite_source(self) -> InviteSource:
        """No real meeting to link to and no dial-in: the pane makes up a demo address."""
        return InviteSource()

    async def idle(self) -> None:
        """Return once every command sent so far landed, with its snapshot and reactions."""
        if self._busy():
            waiter = asyncio.get_running_loop().create_future()
            self._idle_waiters.append(waiter)
            await waiter

    # -----------------------------------------------------------------------------------------

    async def _stop(self) -> None:
        task, self._activity_task = self._activity_task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])  # unlike ``await task``, keeps our own cancellation
        self._drop_world()
        self._sink = None
        self._last_snapshot = None
        self._ended = False
        self._wake_idle()

    def _rng(self, purpose: str) -> random.Random:
        # One independent stream per purpose: commands and activity do not shift the names.
        return random.Random(f"{self._seed}:{purpose}")

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def _emit(self, event: Event) -> None:
        if self._sink is not None:
            self._sink(event)

    def _busy(self) -> bool:
        return bool(self._landings) or self._flush is not None or self._sending > 0

    def _wake_idle(self) -> None:
        if self._busy():
            return
        waiters, self._idle_waiters = self._idle_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def _land(self, token: int, batch: tuple[Command, ...]) -> None:
        self._landings.pop(token, None)
        for command in batch:
            world = self._world
            if world is None:
                break  # the meeting ended part-way through the batch
            stage = Stage(
                world,
                self._roster,
                self._names,
                self._command_rng,
                self._now_ms(),
                self._activity_enabled,
                self._new_room_id,
            )
            self._deliver(carry_out(stage, command))
        self._wake_idle()

    def _follow_up(self, token: int, action: FollowUp) -> None:
        self._landings.pop(token, None)
        if self._world is not None:
            self._deliver(action.action(self._now_ms()))
        self._wake_idle()

    def _end(self) -> None:
        """The meeting is over: nothing moves any more, and commands fail from now on."""
        if self._activity_task is not None:
            self._activity_task.cancel()  # awaited by the next _stop
        self._drop_world()
        self._ended = True

    def _drop_world(self) -> None:
        """Cancel every scheduled landing and flush, and forget the world they would change."""
        for handle in (*self._landings.values(), self._flush):
            if handle is not None:
                handle.cancel()
        self._landings.clear()
        self._flush = None
        self._world = None

    def _new_room_id(self) -> str:
        return uuid4(self._room_rng)

    def _deliver(self, outcome: Effect) -> None:
        for event in outcome.events:
            self._emit(event)
        if outcome.ended:
            self._end()
            return
        loop = asyncio.get_running_loop()
        for action in outcome.later:
            token, self._next_landing = self._next_landing, self._next_landing + 1
            wait = action.after * self._delay
            if wait > 0:
                self._landings[token] = loop.call_later(wait, self._follow_up, token, action)
            else:
                self._landings[token] = loop.call_soon(self._follow_up, token, action)
        if outcome.changed and self._world is not None and self._world.breakout_active:
            self._schedule_snapshot()

    def _schedule_snapshot(self) -> None:
        if self._flush is not None:
            return  # one is already on its way and will show this change too
        loop = asyncio.get_running_loop()
        wait = 0.0
        if self._last_snapshot is not None:
            wait = self._last_snapshot + SNAPSHOT_INTERVAL - self._clock()
        # Even without waiting, go through the loop: commands landing in the same turn coalesce.
        if wait > 0:
            self._flush = loop.call_later(wait, self._send_snapshot)
        else:
            self._flush = loop.call_soon(self._send_snapshot)

    def _send_snapshot(self) -> None:
        self._flush = None
        if self._world is not None:
            self._emit(self._world.snapshot())
            self._last_snapshot = self._clock()
        self._wake_idle()

    async def _run(self, activity: Activity) -> None:
        try:
            while True:
                await asyncio.sleep(activity.interval())
                self._deliver(activity.step(self._now_ms()))
        except asyncio.CancelledError:
            raise
        except Exception:  # the demo must say why it froze rather than stop silently
            log.exception("simulated activity stopped")
            raise
