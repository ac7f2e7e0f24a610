"""The one boundary between the console and a conference: :class:`ConferenceGateway`.

The live XMPP gateway (``tui.jitsi``) and the simulated one (``tui.sim``) both implement it, and
the UI cannot tell them apart. It lives in the pure layer because it is only a type: both
implementations depend on it, never on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tui.model.commands import Command
from tui.model.conference import Conference
from tui.model.events import Event

EventSink = Callable[[Event], None]
"""Where a gateway delivers facts. Called on the event loop's thread, never blocking."""


@dataclass(frozen=True, slots=True)
class DialInSources:
    """Where the deployment's ``config.js`` says dial-in numbers and PINs come from."""

    numbers_url: str
    conference_code_url: str
    muc_domain: str
    verify_tls: bool = True
    """Off only when the console was started with ``--insecure`` (a test deployment)."""


@dataclass(frozen=True, slots=True)
class InviteSource:
    """What an invitation to the conference starts from (the invite pane's input).

    Attributes:
        meeting_url: The meeting's URL (never with a token); ``""`` when there is no real
            meeting to link to (the simulator).
        dial_in: The deployment's dial-in services, once known and when it has them.
        config_path: The config file the console was started with, whose ``[invite]``
            section applies; ``None``: the default place.
    """

    meeting_url: str = ""
    dial_in: DialInSources | None = None
    config_path: Path | None = None


class ConferenceGateway(Protocol):
    """A conference the console can watch and steer.

    Lifecycle: :meth:`initial` gives the state to show before anything is known; ``await
    connect(sink)`` starts delivering events to ``sink`` (it returns once the session runs);
    :meth:`send` hands over planned commands; ``await disconnect()`` ends the session;
    :meth:`invite_source` says what the invite pane needs to know of the meeting.
    Failures are never raised from :meth:`send`: they arrive as ``CommandFailed`` events.
    """

    @property
    def title(self) -> str:
        """What the status line calls this conference (a URL, or "demo")."""
        ...

    def initial(self) -> Conference:
        """The conference before joining: the main room, empty."""
        ...

    async def connect(self, sink: EventSink) -> None:
        """Join the conference and start delivering events to ``sink``."""
        ...

    async def send(self, commands: Sequence[Command]) -> None:
        """Send planned commands to the server, in order."""
        ...

    async def disconnect(self) -> None:
        """Leave the conference and stop delivering events."""
        ...

    def set_room_password(self, password: str) -> None:
        """Join with this password from now on (after a ``needs_room_password`` refusal)."""
        ...

    def invite_source(self) -> InviteSource:
        """What an invitation to this conference is made from (link, dial-in, config file)."""
        ...


class ConnectError(Exception):
    """``connect`` failed; the message is one sentence for the user (no traceback)."""

    def __init__(
        self, message: str, next_step: str = "", *, needs_room_password: bool = False
    ) -> None:
        """Keep the sentence, what the user can do about it, and whether a password would."""
        super().__init__(message)
        self.next_step = next_step
        self.needs_room_password = needs_room_password

    def __str__(self) -> str:
        message = super().__str__()
        return f"{message} ({self.next_step})" if self.next_step else message
