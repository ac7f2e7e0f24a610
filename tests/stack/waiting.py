"""Bounded condition waits for the test stack: :func:`wait_until`.

For state that no event of the caller's loop announces (another thread's record, a log file
another process writes, an event list filled by callbacks), poll at a short interval until the
condition holds or the time is up. Never a fixed sleep.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

POLL_INTERVAL = 0.02


async def wait_until(condition: Callable[[], Any], timeout: float = 5.0, what: str = "") -> Any:
    """Return ``condition()``'s first truthy value.

    Raises:
        TimeoutError: It stayed falsy for ``timeout`` seconds (the message names ``what``).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what or 'condition'} not met within {timeout:g} s")
        await asyncio.sleep(POLL_INTERVAL)
