"""How fast the console may send to a Jitsi deployment, as a byte budget. Pure.

Both shipped Jitsi configurations rate-limit what a client sends: Prosody's ``mod_limits``
with ``limits = { c2s = { rate = "10kb/s" } }`` (docker-jitsi-meet's default
``PROSODY_C2S_LIMIT``, and the stock Prosody config that Debian's jitsi-meet-prosody keeps).
The console is an ordinary client there: only jicofo and the bridge are ``unlimited_jids``.
A client that writes faster is not refused, it is *read* slower: the server stops reading the
connection, so everything behind (the next moves, keepalive pings) waits in socket buffers
while the console believes it was sent. The console therefore paces itself just under the
limit and counts a command as sent when it hands it to the socket.

The figures, their upstream sources and the stanza sizes are in ``tui/jitsi/pacing.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

C2S_RATE = 10_000
"""Bytes a second Prosody reads from one client: ``"10kb/s"``, where mod_limits' ``k`` is 10³.

Sources: docker-jitsi-meet prosody/rootfs/defaults/prosody.cfg.lua (commit 04c9c045e7f5)
``PROSODY_C2S_LIMIT | default "10kb/s"``; Debian's /etc/prosody/prosody.cfg.lua (prosody
0.12.3-1+deb12u1) ``c2s = { rate = "10kb/s" }``, which jitsi-meet-prosody's postinst
(jitsi/jitsi-meet debian/jitsi-meet-prosody.postinst, commit 01d1379fc423) leaves in place
while exempting only jicofo and jvb (``unlimited_jids``)."""

READ_SIZE = 8192
"""Bytes Prosody reads from a socket at once (net/server_epoll.lua ``read_size``).

With the epoll backend (the default of 0.12, and docker's ``network_backend = "epoll"``)
mod_limits calls ``conn:setlimit(rate)``: each read is handled at once, then the connection
is paused for ``bytes / rate`` seconds. So up to one read goes through undelayed."""

HEADROOM = 0.95
"""Share of the limit bulk actions use; the rest is for keepalive pings and IQ answers."""

PACED_RATE = C2S_RATE * HEADROOM
"""Bytes a second the console sends at most: 9,500, ~33 moves a second."""

BURST = READ_SIZE
"""Bytes the console may send at once: what the server reads in one go without pausing."""


def websocket_frame_bytes(payload: int) -> int:
    """Bytes of one client→server WebSocket text frame carrying ``payload`` bytes (RFC 6455).

    Two header bytes, a 2- or 8-byte extended length above 125 and 65,535 bytes, and the
    4-byte mask every client frame carries. Prosody counts them: it limits the raw connection.
    """
    extended = 0 if payload <= 125 else 2 if payload <= 0xFFFF else 8
    return payload + 2 + extended + 4


@dataclass(frozen=True, slots=True)
class SendBudget:
    """A token bucket of bytes: ``level`` bytes may go now, refilled at ``rate`` a second.

    Attributes:
        rate: Bytes a second.
        capacity: Most bytes that may go at once.
        level: Bytes available at time ``at`` (negative: owed).
        at: When ``level`` was measured (monotonic seconds).
    """

    rate: float = PACED_RATE
    capacity: float = BURST
    level: float = BURST
    at: float | None = None

    def _level(self, now: float) -> float:
        if self.at is None:
            return self.level
        return min(self.capacity, self.level + (now - self.at) * self.rate)

    def wait(self, size: int, now: float) -> float:
        """Seconds until ``size`` bytes may be sent (0: now).

        A stanza larger than the whole burst waits only for a full bucket, then goes.
        """
        need = min(float(size), self.capacity)
        short = need - self._level(now)
        return short / self.rate if short > 0 else 0.0

    def spend(self, size: int, now: float) -> SendBudget:
        """The budget after sending ``size`` bytes at ``now``."""
        return SendBudget(self.rate, self.capacity, self._level(now) - size, now)


ACTION_BYTES = 600
"""What a moderation stanza (mute IQ, lobby invite, chat line …) is counted as.

A typical one is 250–450 bytes, a long chat line more; breakout commands are counted by
:func:`stanza_bytes` (the live client counts its real ones exactly)."""

_MESSAGE = '<message xmlns="jabber:client" to="{to}"><breakout_rooms {attrs} /></message>'


def stanza_bytes(command: object, component: str) -> int:
    """Bytes on the wire (frame included) of ``command`` sent to the breakout ``component``.

    The live client's serialisation of the same stanza (slixmpp ``tostring``), for the
    simulated conference, which sends nothing; anything else counts :data:`ACTION_BYTES`.
    """
    from tui.model.commands import SendAddRoom, SendMove, SendRemoveRoom, SendRenameRoom

    match command:
        case SendMove(participant_jid=who, room_jid=room):
            attrs = (
                f'type="features/breakout-rooms/move-to-room" participantJid="{who}" '
                f'roomJid="{room}"'
            )
        case SendAddRoom(name=name):
            attrs = f'type="features/breakout-rooms/add" subject="{name}"'
        case SendRemoveRoom(room_jid=room):
            attrs = f'type="features/breakout-rooms/remove" breakoutRoomJid="{room}"'
        case SendRenameRoom(room_jid=room, name=name):
            attrs = (
                f'type="features/breakout-rooms/rename" breakoutRoomJid="{room}" subject="{name}"'
            )
        case _:
            return websocket_frame_bytes(ACTION_BYTES)
    text = _MESSAGE.format(to=component, attrs=attrs)
    return websocket_frame_bytes(len(text.encode()))
