"""When and how soon to reconnect after a lost connection: :class:`Backoff` and :func:`verdict`.

Pure policy, no I/O: the live gateway asks :func:`verdict` whether a lost session may be
rejoined at all (never after the meeting ended, a kick, or repeated login refusals; PROTOCOL.md
§6) and :class:`Backoff` how long to wait before the next attempt (1, 2, 4 … 30 s, with jitter
so that many consoles behind one broken link do not come back in lockstep).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

BASE_DELAY = 1.0
"""Seconds before the first reconnect attempt."""
MAX_DELAY = 30.0
"""The longest wait between two attempts."""
JITTER = 0.2
"""Each delay is spread by up to this fraction, either way."""
MAX_LOGIN_REFUSALS = 3
"""Login refusals during one outage after which the console stops trying (PROTOCOL.md §6)."""


@dataclass(slots=True)
class Backoff:
    """Exponential back-off with jitter; :meth:`reset` after a successful rejoin.

    Attributes:
        base: The first delay in seconds.
        cap: The longest delay in seconds.
        jitter: Fraction by which each delay is randomly spread (0 = exact).
        attempt: Attempts made since the last success.
    """

    base: float = BASE_DELAY
    cap: float = MAX_DELAY
    jitter: float = JITTER
    attempt: int = 0
    rand: Callable[[], float] = field(default=random.random, repr=False)

    def next_delay(self) -> float:
        """Count one more attempt and return how long to wait before making it."""
        self.attempt += 1
        delay = min(self.cap, self.base * 2 ** (self.attempt - 1))
        spread = delay * self.jitter * (2 * self.rand() - 1)
        return float(max(0.0, min(self.cap, delay + spread)))

    def reset(self) -> None:
        """Start again from the shortest delay."""
        self.attempt = 0


def verdict(*, ended: str, login_refusals: int, leaving: bool) -> str:
    """Why the session must not be rejoined, or ``""`` when reconnecting is right.

    Args:
        ended: The client's reason the meeting is over for us (kicked, destroyed), or ``""``.
        login_refusals: Login refusals since the connection was lost.
        leaving: The user asked to leave.
    """
    if leaving:
        return "left the meeting"
    if ended:
        return ended
    if login_refusals >= MAX_LOGIN_REFUSALS:
        return f"the server refused the login {login_refusals} times; not retrying"
    return ""
