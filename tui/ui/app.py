"""The console application: composes the main screen and routes between it and the session.

State lives in a :class:`~tui.session.ConsoleSession` (shared with the control socket).
Gateway events are collected by the sink and arrive as one
:class:`~tui.ui.messages.GatewayEventsReceived` per burst, folded in order in one go; panes are
refreshed at most :attr:`ConsoleApp.REFRESH_INTERVAL` apart, so a join storm costs a handful of
redraws, not one per presence, and a key waits behind at most one batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from tui.config.settings import WorkshopSettings
from tui.control.server import ControlServer
from tui.model.conference import Conference, ConnectionState
from tui.model.events import ConnectionChanged, Event
from tui.model.gateway import ConferenceGateway, ConnectError
from tui.model.intents import Intent, Kick
from tui.model.pending import DEFAULT_TIMEOUT
from tui.model.plan_results import Planned, Refused
from tui.session import Change, ConsoleSession, Outcome
from tui.ui.chat_transcript import Transcript
from tui.ui.commands import ConsoleCommands
from tui.ui.crash import guard_crash_report
from tui.ui.host import LiveView
from tui.ui.messages import GatewayEventsReceived
from tui.ui.pending_view import PendingView
from tui.ui.read_only import LEAVE, LEAVE_QUESTION, refusal
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.console import ConsoleScreen
from tui.ui.screens.password_prompt import PasswordPrompt
from tui.ui.text import clean
from tui.ui.user_keys import UserKeys
from tui.ui.widgets.failure_banner import RETRY_KEY, FailureBanner
from tui.workshop.parts import build as build_workshop

if TYPE_CHECKING:
    from tui.invite import InviteSettings
    from tui.jitsi.launch import Relay
    from tui.ui.invite_target import InviteDraft

log = logging.getLogger(__name__)

LOST = (ConnectionState.DISCONNECTED, ConnectionState.ENDED)
"""States in which the console is out of the meeting until someone retries."""
EXIT_OK, EXIT_FAILED = 0, 1


class ConsoleApp(App[None]):
    """The moderator console for one conference behind ``gateway``.

    Attributes:
        session: Conference state, pending commands, planning and sending.
        flushes: How many times the panes were brought up to date (bursts coalesce).
    """

    CSS_PATH = "app.tcss"
    TITLE = "jitsi-tui"
    COMMANDS: ClassVar = App.COMMANDS | {ConsoleCommands}
    BINDINGS: ClassVar = [
        # Priority, so it wins over the room pane's "r" (rename) -- but only while the banner
        # offers it on the main screen (check_action), so "r" still renames or types otherwise.
        Binding(RETRY_KEY, "retry", "Retry", show=False, priority=True),
    ]
    REFRESH_INTERVAL = 0.1
    """Seconds between pane refreshes during bursts (at most ~10 a second)."""

    def __init__(
        self,
        gateway: ConferenceGateway,
        *,
        socket_path: Path | None = None,
        serve_control: bool = True,
        clock: Callable[[], float] = time.monotonic,
        confirm_timeout: float = DEFAULT_TIMEOUT,
        invite_settings: InviteSettings | None = None,
        wall_clock: Callable[[], float] = time.time,
        session: ConsoleSession | None = None,
        relay: Relay | None = None,
        read_only: bool = False,
        keys: Mapping[str, str | Sequence[str]] | None = None,
        workshop: WorkshopSettings | None = None,
    ) -> None:
        """Console for ``gateway``.

        Args:
            gateway: The conference, live or simulated.
            socket_path: Where the control socket listens (default: the per-user path).
            serve_control: Whether to serve the control socket at all (tests say no).
            clock: Time source for confirmation deadlines.
            confirm_timeout: Seconds a command may stay unconfirmed.
            invite_settings: The ``[invite]`` settings; ``None`` reads them from the config
                file when the invite pane first opens.
            wall_clock: Epoch seconds, for how long people have waited and when a chat line
                came (fixed in screenshots).
            session: Already joined before the screen opened (a live meeting); ``None``: join
                once mounted (the demo, tests).
            relay: The sink that joined ``session``; re-pointed at the app once mounted.
            read_only: Watch only (``--read-only``): nothing is sent until the user leaves
                read-only mode (after a question).
            keys: The user's keys by binding id (``[keys]``, checked by
                :func:`tui.ui.user_keys.check_keys`); ``None``: the defaults.
            workshop: The ``[workshop]`` settings (the timer's warning); ``None``: defaults.
        """
        super().__init__()
        guard_crash_report(self)  # Textual's own report would print secrets held in locals
        self.user_keys = UserKeys(
            {i: k if isinstance(k, str) else ",".join(k) for i, k in (keys or {}).items()}
        )
        """The keys in force; the help screen, the palette and the menus show these."""
        self.set_keymap(self.user_keys.keymap)
        self._joined = session is not None
        self._relay = relay
        self.session = session or ConsoleSession(gateway, clock=clock, timeout=confirm_timeout)
        self.session.read_only = self.session.read_only or read_only
        self.session.subscribe(self._changed)
        self.workshop = build_workshop(self.session, wall_clock=wall_clock, settings=workshop)
        """Plans, timers, the help queue, attendance: shared with ``ctl`` (tui.workshop)."""
        self.failure: str | None = None
        """Why the console is out of the meeting (the banner shows it); ``None`` while in it."""
        self._lost = False  # out of the meeting (or retrying) since the last failure
        self._last_state = self.session.conference.connection
        self._leaving = False
        self.flushes = 0
        self.transcript = Transcript(clock=wall_clock)
        self._wall_clock = wall_clock
        self._socket_path = socket_path
        self._serve_control = serve_control
        self._control: ControlServer | None = None
        self._flush_timer: Timer | None = None
        self._flush_queued = False
        self._last_flush = -1.0
        self._screen = ConsoleScreen(self, gateway.title)
        self._invite_settings = invite_settings
        self._invite_warnings: list[str] = []
        self._invite_draft: InviteDraft | None = None  # the pane's fields, kept while running
        self._inbox: list[Event] | None = None
        """Events of the batch posted but not handled yet (``None``: no batch is waiting)."""

    @property
    def conference(self) -> Conference:
        """The current snapshot."""
        return self.session.conference

    def wall_clock(self) -> float:
        """Epoch seconds now."""
        return self._wall_clock()

    def get_default_screen(self) -> ConsoleScreen:
        """The main screen."""
        return self._screen

    @property
    def exit_status(self) -> int:
        """For the shell: 1 when the console ended out of the meeting after a failure."""
        return EXIT_FAILED if self._lost else EXIT_OK

    def on_mount(self) -> None:
        """Start the confirmation timer; connect, or take over a session joined already."""
        self.set_interval(1.0, self.session.tick, name="pending-timeouts")
        self.run_worker(self.workshop.start(), group="workshop", exit_on_error=False)
        if not self._joined:
            self._connect()
            return
        if self._relay is not None:
            self._relay.target = self._deliver  # from now on events arrive as messages
        self._mark_dirty()
        if self._serve_control:
            self.run_worker(self._start_control(), group="control", exit_on_error=False)
        self.call_after_refresh(gc.freeze)  # see _connect

    async def on_event(self, event: events.Event) -> None:
        """Input goes to the room picker first while it is open (it acts as a modal)."""
        if (
            isinstance(event, events.InputEvent)
            and not event.is_forwarded
            and await self._screen.take(event)
        ):
            return
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Retry only while out of the meeting, from the main screen (never inside a prompt)."""
        if action == "retry":
            typing = isinstance(self.focused, Input)  # the filter box takes an "r" as text
            return self.failure is not None and self.screen is self._screen and not typing
        return True

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands, without its "Quit" where the console offers its own."""
        for command in super().get_system_commands(screen):
            if not (command.title == "Quit" and isinstance(screen, ConsoleScreen)):
                yield command

    def action_retry(self) -> None:
        """A fresh join after a failure: new stream, new nick, the meeting described anew."""
        self.failure = None
        # RECONNECTING marks the picture stale, so the new join replaces it (session docs).
        self.session.handle(ConnectionChanged(ConnectionState.RECONNECTING, "retrying"))
        self._connect()

    def _failed(self, reason: str) -> None:
        self.failure = reason
        self._lost = True
        self._mark_dirty()

    async def on_unmount(self) -> None:
        """Close the control socket and leave the conference on the way out."""
        self._leaving = True
        await self.workshop.stop()
        if self._control is not None:
            await self._control.stop()
        try:
            await self.session.disconnect()
        except Exception:
            log.exception("disconnect failed")

    @work(exclusive=True, group="gateway", exit_on_error=False)
    async def _connect(self) -> None:
        if self._serve_control and self._control is None:
            await self._start_control()
        try:
            await self.session.connect(self._deliver)
        except ConnectError as error:
            if error.needs_room_password:
                self._ask_room_password()
                return
            self._failed(f"could not join: {error}")
            return
        except Exception as error:
            log.exception("connect failed")
            self._failed(f"could not join: {error}")
            return
        # The loaded meeting (and Textual itself) is long-lived: freezing it out of the cyclic
        # GC's view shortens full collections, the tail of keypress latency (bench/gcpause.py
        # measures it). After the next refresh, so the rows built from the join are frozen too.
        self.call_after_refresh(gc.freeze)

    def _ask_room_password(self) -> None:
        """The meeting is locked: ask for its password (masked) and join again with it."""

        def chosen(password: str | None) -> None:
            if not password:
                self._failed("the meeting is locked; no password given")
                return
            self.session.gateway.set_room_password(password)
            self._connect()

        prompt = PasswordPrompt(
            locked=True,
            question="This meeting is locked. Its password:",
            hint="Enter joins, Escape gives up · ask the organiser for the password",
        )
        self.push_screen(prompt, chosen)

    async def _start_control(self) -> None:
        server = ControlServer(self.session, self._socket_path, self.workshop.ops)
        try:
            await server.start()
        except OSError as error:
            # The reason quotes a path (and, for a squatted directory, its owner): plain text.
            self.notify(f"no control socket: {clean(str(error))}", severity="warning", markup=False)
            return
        self._control = server
        log.info("control socket: %s", server.path)

    def action_invite(self) -> None:
        """Open the invite pane for the meeting the console is in."""
        from tui.ui.invite_target import InviteDraft, load_invite_settings, target_for
        from tui.ui.screens.invite import InviteScreen

        if isinstance(self.screen, InviteScreen):
            return
        gateway = self.session.gateway
        if self._invite_settings is None:
            self._invite_settings, self._invite_warnings = load_invite_settings(gateway)
        target = target_for(gateway, self.conference)
        if self._invite_draft is None:
            self._invite_draft = InviteDraft.first(target, self._invite_settings)
        settings, warnings = self._invite_settings, self._invite_warnings
        self.push_screen(InviteScreen(target, settings, warnings, self._invite_draft))

    def action_plan(self) -> None:
        """Open the breakout plan dialog: the same plan runner as ``ctl plan``."""
        from tui.ui.screens.plan import PlanDialog

        if not isinstance(self.screen, PlanDialog):
            self.push_screen(PlanDialog(self.workshop.ops["plan"]))

    def _deliver(self, event: Event) -> None:
        """The gateway's sink (on the event loop): add ``event`` to the waiting batch.

        The first event after a batch was handled posts a new message; later ones join it
        until it is handled, so a burst is one message in the queue ahead of any key.
        """
        if self._inbox is not None:
            self._inbox.append(event)
            return
        batch = [event]
        if self.post_message(GatewayEventsReceived(batch)):
            self._inbox = batch
        # else: the app is closing and takes no more messages; nothing would show it anyway

    def on_gateway_events_received(self, message: GatewayEventsReceived) -> None:
        """Fold the batch into the session, in order; listeners schedule the redraw."""
        if self._inbox is message.events:
            self._inbox = None  # events from now on start the next batch
        for event in message.events:
            self.session.handle(event)

    @property
    def read_only(self) -> bool:
        """Watch only: nothing is sent (``--read-only``; ctrl+r asks to leave it)."""
        return self.session.read_only

    def plan(self, intent: Intent) -> Planned | Refused:
        """The commands ``intent`` needs now, or why not (read-only: and how to leave it)."""
        result = self.session.plan(intent)
        if self.session.read_only and isinstance(result, Refused):
            return Refused(f"{result.reason} ({LEAVE})")
        return result

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run ``action``, unless read-only mode refuses it.

        A main-screen action that would change the meeting says why it is unavailable instead,
        before any prompt of its own opens; keys and the palette both come through here.
        """
        if self.session.read_only and default_namespace is self._screen and isinstance(action, str):
            notice = refusal(action)
            if notice is not None:
                self.notify(notice, severity="warning", markup=False)
                return True
        return await super().run_action(action, default_namespace, namespaces)

    def action_toggle_read_only(self) -> None:
        """Enter read-only mode at once; leave it only after a yes."""
        if not self.session.read_only:
            self._set_read_only(True)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_read_only(False)

        self.push_screen(ConfirmDialog(Text(LEAVE_QUESTION)), answered)

    def _set_read_only(self, read_only: bool) -> None:
        self.session.read_only = read_only
        if read_only:
            self.notify("read-only mode: nothing is sent to the meeting", markup=False)
        else:
            self.notify("read-only mode off: keys change the meeting again", markup=False)
        self._mark_dirty()

    def submit(self, intent: Intent) -> None:
        """Send a planned intent; its commands stay pending until the server shows them."""
        future = self.session.submit(intent)
        if isinstance(intent, Kick):
            # The row just vanishes otherwise; a failure is already told (_changed).
            person = self.conference.participants.get(intent.id)
            name = clean(person.name if person and person.name else intent.id)

            def done(outcome: asyncio.Future[Outcome]) -> None:
                if not outcome.cancelled() and outcome.result().ok:
                    self.notify(f"{name} was removed from the meeting", markup=False, timeout=4)

            future.add_done_callback(done)

    def _changed(self, change: Change) -> None:
        state, was = change.conference.connection, self._last_state
        self._last_state = state
        # Only a fall into LOST is a failure: the state before any join reads "disconnected"
        # too, and leaving on quit says "left the meeting" -- neither is one.
        if state in LOST and was not in LOST and not self._leaving:
            self._failed(change.conference.connection_detail or state.value)
        elif state is ConnectionState.CONNECTED:
            self.failure, self._lost = None, False
        self.transcript.follow(change.conference)
        # One notification per request, however many people it moved: failures grouped by
        # reason (tui.model.progress.Summary), a bulk success as one line.
        for summary in change.finished:
            if not summary.ok:
                self.notify(clean(summary.text()), severity="error", markup=False, timeout=8)
            elif summary.total > 1:
                self.notify(clean(summary.text()), markup=False, timeout=4)
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        if self._flush_queued or self._flush_timer is not None:
            return
        wait = self._last_flush + self.REFRESH_INTERVAL - time.monotonic()
        if wait <= 0:
            # Behind every message already queued, so a burst posted at once is one redraw.
            self._flush_queued = True
            self.call_later(self._refresh_panes)
        else:
            self._flush_timer = self.set_timer(wait, self._refresh_panes, name="coalesced")

    def _refresh_panes(self) -> None:
        self._flush_queued = False
        self._flush_timer = None
        self._last_flush = time.monotonic()
        self.flushes += 1
        progress = tuple(p.text() for p in self.session.progress)
        pending = PendingView.of(self.session.pending, progress)
        self._screen.show(self.conference, pending)
        with contextlib.suppress(NoMatches):  # not composed yet: the next refresh shows it
            self._screen.query_one(FailureBanner).show_failure(self.failure)
        for screen in self.screen_stack:
            if isinstance(screen, LiveView):  # panels open over the main screen follow too
                with contextlib.suppress(NoMatches):  # not composed yet: on_mount draws it
                    screen.follow(self.conference, pending)
