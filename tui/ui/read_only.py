"""Read-only mode on the screen: what a key that would change the meeting says instead.

The mode itself is :attr:`tui.session.ConsoleSession.read_only` (every wish refused before the
gateway, whatever asked). The screen refuses earlier, at the key, so no prompt opens for an
action that cannot happen, and each says why (k9s ``--readonly`` is the model).
"""

from __future__ import annotations

from tui.ui.keymap import ACTIONS, QUICK_MOVES, READ_ONLY_KEY, ConsoleAction, key_label

LEAVE = f"{key_label(READ_ONLY_KEY)} asks to leave read-only"
STATUS = f"read-only ({key_label(READ_ONLY_KEY)} leaves)"
"""The status line's role slot in read-only mode."""
LEAVE_QUESTION = (
    "Leave read-only mode? Keys, the participant menu and the control socket "
    "change the meeting again."
)

_CHANGING: dict[str, ConsoleAction] = {
    action.action: action for action in (*ACTIONS, *QUICK_MOVES) if action.changes_meeting
}


def unavailable(what: str) -> str:
    """The notice for ``what`` (an action's name) in read-only mode."""
    return f"read-only: {what} is unavailable, nothing is sent to the meeting ({LEAVE})"


def refusal(action: str) -> str | None:
    """The notice for a main-screen ``action`` string, or ``None`` when it only looks."""
    found = _CHANGING.get(action)
    if found is None:
        return None
    what = found.label.removesuffix("…")
    return unavailable(f"Move to {what}" if found in QUICK_MOVES else what)
