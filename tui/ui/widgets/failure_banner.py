"""The banner that says the console is not in the meeting any more, why, and what to do.

A failure after the screen is up (the reconnect gave up, the meeting ended, the console was
kicked) must not hide in the status line, where a long reason is cut at the terminal's edge:
the banner wraps the whole reason and names the keys that retry or quit.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.model.text import safe_text

RETRY_KEY = "r"
MAX_REASON = 400
"""Characters of a reason shown (it may quote the server, which is not to be trusted)."""


class FailureBanner(Static):
    """Hidden while all is well; after a failure, the reason (wrapped, inert) and the keys."""

    DEFAULT_CSS = """
    FailureBanner {
        display: none;
        height: auto;
        padding: 0 1;
        background: $error;
        color: $text;
    }
    FailureBanner.-shown {
        display: block;
    }
    """

    def show_failure(self, reason: str | None) -> None:
        """Show ``reason`` (from the network: cleaned, never read as markup), or hide."""
        if reason is None:
            self.remove_class("-shown")
            return
        self.update(
            Text.assemble(
                ("Not in the meeting: ", "bold"),
                safe_text(reason, MAX_REASON),
                "\n",
                (f" {RETRY_KEY} ", "bold reverse"),
                " retry (a fresh join)   ",
                (" q ", "bold reverse"),
                " quit",
            )
        )
        self.add_class("-shown")
