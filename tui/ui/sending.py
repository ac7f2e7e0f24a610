"""Plan a wish, say why it cannot be done, or send it: the one path every screen uses."""

from __future__ import annotations

from textual.widget import Widget

from tui.model.intents import Intent
from tui.model.reduce import Planned, plan
from tui.ui.host import ConferenceHost
from tui.ui.text import clean


def send_or_explain(host: ConferenceHost, where: Widget, intent: Intent) -> bool:
    """Plan ``intent`` against ``host``'s snapshot; send it, or notify the refusal's reason.

    Returns:
        Whether it was sent.
    """
    result = plan(host.conference, intent)
    if not isinstance(result, Planned):
        where.notify(clean(result.reason), severity="error", markup=False)
        return False
    host.submit(intent)
    return True
