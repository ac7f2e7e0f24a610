"""The server's side of the c2s limit: when Prosody gets round to reading what a client sent.

Prosody 0.12 on epoll (both shipped Jitsi configurations, ``tui/jitsi/pacing.md``) handles a
read of up to 8,192 bytes at once, then pauses the connection for ``bytes / rate`` seconds. A
client that writes faster is not refused: its stanzas are read later. :class:`ServerReads`
gives each stanza's read time; the simulated conference carries a command out from then.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.pacing import C2S_RATE, READ_SIZE


@dataclass(slots=True)
class ServerReads:
    """One client connection's reads, as a byte bucket of one read refilled at ``rate``.

    Attributes:
        rate: Bytes a second the server reads (the c2s limit).
        paid_until: When everything read so far has been paid for by pauses.
    """

    rate: float = C2S_RATE
    paid_until: float = 0.0

    def arrive(self, size: int, sent: float) -> float:
        """When a stanza of ``size`` bytes written at ``sent`` is read by the server.

        Up to one read's worth goes at once; beyond that, reading waits for the pause.
        """
        start = max(self.paid_until, sent - READ_SIZE / self.rate)
        self.paid_until = start + size / self.rate
        return max(sent, self.paid_until - READ_SIZE / self.rate)
