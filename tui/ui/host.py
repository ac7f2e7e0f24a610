"""What screens need from the app: the snapshot, a way to send, the chat transcript, the time.

The console screen and the panels it opens (chat, lobby, hands) depend on this protocol, not on
:class:`~tui.ui.app.ConsoleApp`, so they can be tested and reused without the whole app.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from tui.model.conference import Conference
from tui.model.intents import Intent
from tui.model.plan_results import Planned, Refused
from tui.ui.chat_transcript import Transcript
from tui.ui.pending_view import PendingView
from tui.workshop.toolkit import Workshop


class ConferenceHost(Protocol):
    """The snapshot, and a way to send what a screen planned."""

    @property
    def conference(self) -> Conference:
        """The current snapshot."""
        ...

    @property
    def transcript(self) -> Transcript:
        """Every chat line seen since the console started (private ones too)."""
        ...

    @property
    def workshop(self) -> Workshop:
        """The breakout-session toolkit (timer, notices, ...), shared with ``ctl``."""
        ...

    @property
    def read_only(self) -> bool:
        """Watch only: nothing is sent (``--read-only``)."""
        ...

    def plan(self, intent: Intent) -> Planned | Refused:
        """The commands ``intent`` needs now, or why it cannot be done."""
        ...

    def submit(self, intent: Intent) -> None:
        """Send a planned intent and track its commands until confirmed."""
        ...

    def wall_clock(self) -> float:
        """Epoch seconds now (how long a knocker has waited)."""
        ...


@runtime_checkable
class LiveView(Protocol):
    """A screen the app keeps up to date while it is open (panels over the main screen)."""

    def follow(self, conference: Conference, pending: PendingView) -> None:
        """Show ``conference`` and the commands in flight."""
        ...
