"""Messages that bridge the gateway and the widgets to the console screen.

Gateway facts arrive as :class:`GatewayEventsReceived`; widgets express wishes as
:class:`IntentRequested`. Both bubble to the screen and app, which own the model.
"""

from __future__ import annotations

from textual.message import Message

from tui.model.events import Event
from tui.model.intents import Intent


class GatewayEventsReceived(Message):
    """The gateway delivered server facts: every event since the previous such message.

    One message stands for a whole burst (a socket read's worth of presences), so a key
    pressed meanwhile waits behind one batch, not behind one message per presence. Never
    replaceable: every event must be folded into the snapshot, in order.
    """

    def __init__(self, events: list[Event]) -> None:
        """Carry ``events``, oldest first; the sender may append until it is handled."""
        super().__init__()
        self.events = events


class IntentRequested(Message):
    """A widget asks for ``intent`` to be planned and sent."""

    def __init__(self, intent: Intent) -> None:
        """Wrap ``intent``."""
        super().__init__()
        self.intent = intent
