"""Plan a wish, say why it cannot be done, or send it: the one path every screen uses."""

from __future__ import annotations

from textual.widget import Widget

from tui.model.intents import Intent
from tui.model.plan_results import Planned
from tui.ui.host import ConferenceHost
from tui.ui.text import clean


def send_or_explain(host: ConferenceHost, where: Widget, intent: Intent) -> bool:
    """Plan ``intent`` with ``host`` (read-only, then the snapshot); send it, or say why not.

    Returns:
        Whether it was sent.
    """
    result = host.plan(intent)
    if not isinstance(result, Planned):
        where.notify(clean(result.reason), severity="error", markup=False)
        return False
    host.submit(intent)
    return True
