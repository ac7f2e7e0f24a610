"""Messages that bridge the gateway and the widgets to the console screen.

Gateway facts arrive as :class:`GatewayEventReceived`; widgets express wishes as
:class:`IntentRequested`. Both bubble to the screen and app, which own the model.
"""

from __future__ import annotations

from textual.message import Message

from tui.model.events import Event
from tui.model.intents import Intent


class GatewayEventReceived(Message):
    """The gateway delivered one server fact.

    Never replaceable: every event must be folded into the snapshot, in order. Bursts are
    coalesced later, at refresh time, not here.
    """

    def __init__(self, event: Event) -> None:
        """Wrap ``event``."""
        super().__init__()
        self.event = event


class IntentRequested(Message):
    """A widget asks for ``intent`` to be planned and sent."""

    def __init__(self, intent: Intent) -> None:
        """Wrap ``intent``."""
        super().__init__()
        self.intent = intent
