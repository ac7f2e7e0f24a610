"""What the participants table tells its screen: a row picked, the counts, the order held.

Each message is in the ``participants_table`` namespace, so the screen's handlers are named as
for messages nested in :class:`~tui.ui.widgets.participants_table.ParticipantsTable`
(``on_participants_table_row_selected``).
"""

from __future__ import annotations

from textual.message import Message

NAMESPACE = "participants_table"


def counts_title(shown: int, total: int, selected: int) -> str:
    """The participants pane's title: everyone, or how many the filter shows, and the selection."""
    title = f"Participants {shown:,} of {total:,}" if shown != total else f"Participants {total:,}"
    return f"{title} · {selected:,} selected" if selected else title


class RowSelected(Message, namespace=NAMESPACE):
    """Enter, or a click on the cursor row: open that participant's actions."""

    def __init__(self, pid: str) -> None:
        """For participant ``pid``."""
        super().__init__()
        self.pid = pid


class CountsChanged(Message, namespace=NAMESPACE):
    """How many are shown, of how many, and how many are selected changed."""

    def __init__(self, title: str) -> None:
        """``title``: the counts as the pane's title says them (:func:`counts_title`)."""
        super().__init__()
        self.title = title


class OrderHeld(Message, namespace=NAMESPACE):
    """The order started (``held``) or stopped being held under the pointer."""

    def __init__(self, held: bool) -> None:
        """``held``: whether presence-driven moves now wait."""
        super().__init__()
        self.held = held
