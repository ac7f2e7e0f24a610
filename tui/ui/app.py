"""The console application: composes the main screen and routes between it and the session.

State lives in a :class:`~tui.session.ConsoleSession` (shared with the control socket).
Gateway events are collected by the sink and arrive as one
:class:`~tui.ui.messages.GatewayEventsReceived` per burst, folded in order in one go; panes are
refreshed at most :attr:`ConsoleApp.REFRESH_INTERVAL` apart, so a join storm costs a handful of
redraws, not one per presence, and a key waits behind at most one batch.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.css.query import NoMatches
from textual.timer import Timer

from tui.control.server import ControlServer
from tui.model.conference import Conference
from tui.model.events import Event
from tui.model.gateway import ConferenceGateway, ConnectError
from tui.model.intents import Intent
from tui.model.pending import DEFAULT_TIMEOUT
from tui.session import Change, ConsoleSession
from tui.ui.chat_transcript import Transcript
from tui.ui.commands import ConsoleCommands
from tui.ui.crash import guard_crash_report
from tui.ui.host import LiveView
from tui.ui.messages import GatewayEventsReceived
from tui.ui.pending_view import PendingView
from tui.ui.screens.console import ConsoleScreen
from tui.ui.screens.password_prompt import PasswordPrompt
from tui.ui.text import clean

if TYPE_CHECKING:
    from tui.invite import InviteSettings

log = logging.getLogger(__name__)


class ConsoleApp(App[None]):
    """The moderator console for one conference behind ``gateway``.

    Attributes:
        session: Conference state, pending commands, planning and sending.
        flushes: How many times the panes were brought up to date (bursts coalesce).
    """

    CSS_PATH = "app.tcss"
    TITLE = "jitsi-tui"
    COMMANDS: ClassVar = App.COMMANDS | {ConsoleCommands}
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
            wall_clock: Epoch seconds, for how long people have waited (fixed in screenshots).
        """
        super().__init__()
        guard_crash_report(self)  # Textual's own report would print secrets held in locals
        self.session = ConsoleSession(gateway, clock=clock, timeout=confirm_timeout)
        self.session.subscribe(self._changed)
        self.flushes = 0
        self.transcript = Transcript()
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

    def on_mount(self) -> None:
        """Start the confirmation timer and connect."""
        self.set_interval(1.0, self.session.tick, name="pending-timeouts")
        self._connect()

    async def on_unmount(self) -> None:
        """Close the control socket and leave the conference on the way out."""
        if self._control is not None:
            await self._control.stop()
        try:
            await self.session.disconnect()
        except Exception:
            log.exception("disconnect failed")

    @work(exclusive=True, group="gateway", exit_on_error=False)
    async def _connect(self) -> None:
        if self._serve_control:
            await self._start_control()
        try:
            await self.session.connect(self._deliver)
        except ConnectError as error:
            if error.needs_room_password:
                self._ask_room_password()
                return
            self.notify(f"could not connect: {clean(str(error))}", severity="error", markup=False)
            return
        except Exception as error:
            log.exception("connect failed")
            self.notify(f"could not connect: {clean(str(error))}", severity="error", markup=False)
            return
        # The loaded meeting (and Textual itself) is long-lived: freezing it out of the cyclic
        # GC's view cuts full collections from ~50 ms to a few ms at 1,000 people, which was
        # the remaining tail of keypress latency (bench/RESULTS.md, interactivity).
        gc.freeze()

    def _ask_room_password(self) -> None:
        """The meeting is locked: ask for its password (masked) and join again with it."""

        def chosen(password: str | None) -> None:
            if not password:
                self.notify("the meeting is locked; not joined", severity="warning")
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
        server = ControlServer(self.session, self._socket_path)
        try:
            await server.start()
        except OSError as error:
            self.notify(f"no control socket: {clean(str(error))}", severity="warning")
            return
        self._control = server
        log.info("control socket: %s", server.path)

    def action_invite(self) -> None:
        """Open the invite pane for the meeting the console is in."""
        from tui.ui.invite_target import load_invite_settings, target_for
        from tui.ui.screens.invite import InviteScreen

        if isinstance(self.screen, InviteScreen):
            return
        gateway = self.session.gateway
        if self._invite_settings is None:
            self._invite_settings, self._invite_warnings = load_invite_settings(gateway)
        target = target_for(gateway, self.conference)
        self.push_screen(InviteScreen(target, self._invite_settings, self._invite_warnings))

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

    def submit(self, intent: Intent) -> None:
        """Send a planned intent; its commands stay pending until the server shows them."""
        self.session.submit(intent)

    def _changed(self, change: Change) -> None:
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
        for screen in self.screen_stack:
            if isinstance(screen, LiveView):  # panels open over the main screen follow too
                with contextlib.suppress(NoMatches):  # not composed yet: on_mount draws it
                    screen.follow(self.conference, pending)
