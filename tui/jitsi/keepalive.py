"""When the console counts its connection as lost: :class:`Keepalive`.

Every ``interval`` seconds the console pings its server (XEP-0199) and waits ``timeout``
seconds for the answer. An unanswered ping means a lost link only if **nothing at all** came
from the server while the console waited: a server that keeps sending presences and breakout
updates is alive, just slow to answer our IQ.

That is lib-jitsi-meet's rule (jitsi/lib-jitsi-meet ``modules/xmpp/strophe.ping.ts``, commit
``bc389f3b82ab``): the web client measures "the last server response" on raw input, skips its
ping while the server talks, and gives up only after two failed pings in a row. It matters on
a busy deployment: a breakout move of 300 people keeps Prosody at full CPU for a minute, each
of the ~N² presences and the meeting-wide update (tens of kB to every participant, every
0.3 s) ahead of our ping's answer, and the console reads the c2s-limited server late
(tui/jitsi/pacing.md). A console that reconnected then would drop the very action it carries
out, while every web client stays.

A stalled link (nothing arrives, nothing closes) is noticed as before: one ping unanswered in
silence, so within ``interval + timeout`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

PING_INTERVAL = 15.0
"""Seconds between XEP-0199 keepalive pings (lib-jitsi-meet pings every 10 s)."""
PING_TIMEOUT = 10.0
"""Seconds to wait for a keepalive ping's answer."""


class Keepalive:
    """Pings while running; calls ``lost(reason)`` once the server fell silent on a ping.

    Call :meth:`heard` for everything that arrives from the server. ``ping(timeout)`` sends
    one ping and returns when it is answered (an error reply is an answer too); it raises
    :class:`TimeoutError` when ``timeout`` seconds passed without one.
    """

    def __init__(
        self,
        ping: Callable[[float], Awaitable[object]],
        lost: Callable[[str], None],
        *,
        interval: float = PING_INTERVAL,
        timeout: float = PING_TIMEOUT,
    ) -> None:
        """Prepare; nothing is sent before :meth:`run`."""
        self.ping = ping
        self.lost = lost
        self.interval = interval
        self.timeout = timeout
        self.heard_at = time.monotonic()
        """When the server last sent anything (``time.monotonic()``)."""
        self.forgiven = 0
        """Unanswered pings that did not count: the server was talking meanwhile."""

    def heard(self) -> None:
        """Something arrived from the server."""
        self.heard_at = time.monotonic()

    async def run(self) -> None:
        """Ping every ``interval`` until cancelled or until the link counts as lost."""
        while True:
            await asyncio.sleep(self.interval)
            sent = time.monotonic()
            try:
                await self.ping(self.timeout)
            except TimeoutError:
                if self.heard_at > sent:
                    self.forgiven += 1
                    log.info(
                        "keepalive ping unanswered after %g s, but the server is sending: busy",
                        self.timeout,
                    )
                    continue
                self.lost(f"Ping timeout after {self.timeout:g}s")
                return
