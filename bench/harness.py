"""Offline slixmpp: a ``ClientXMPP`` with a fake transport, fed WebSocket frames by hand.

:func:`feed` calls :func:`tui.jitsi.websocket.receive_frame`, exactly what
:class:`~tui.jitsi.websocket.WebSocketTransport` does with each received text frame (the
console's presence lane first, when given, then slixmpp's parser), minus the network.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from slixmpp import ClientXMPP

from bench.stream import DOMAIN, MUC, OPEN_FRAME, ROOM, Person, presence
from tui.jitsi.client import ClientSettings, JitsiClient
from tui.jitsi.websocket import inbound_frame, receive_frame
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.events import Event

SETTINGS = ClientSettings(domain=DOMAIN, muc=MUC, room=ROOM)


class NullTransport:
    """The little of ``asyncio.Transport`` slixmpp touches; everything written is dropped."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes) -> None:
        self.written += len(data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


def offline_xmpp() -> ClientXMPP:
    """A stock ``ClientXMPP``, no plugins, whose stream is open (the ``<open/>`` already fed)."""
    logging.getLogger("slixmpp").setLevel(logging.WARNING)
    xmpp = ClientXMPP(f"console-1234@{DOMAIN}/Cons0le", "")
    xmpp.connection_made(NullTransport(), send_event=False)  # type: ignore[arg-type]
    xmpp.data_received(inbound_frame(OPEN_FRAME).encode())
    return xmpp


def console_xmpp(sink: Callable[[Event], None]) -> tuple[WebSocketXMPP, JitsiClient]:
    """The console's own client (plugins and presence lane as in production), offline."""
    logging.getLogger("slixmpp").setLevel(logging.WARNING)
    xmpp = WebSocketXMPP(DOMAIN, endpoint="ws://127.0.0.1:1/xmpp-websocket", room=ROOM)
    xmpp.connection_made(NullTransport(), send_event=False)  # type: ignore[arg-type]
    xmpp.data_received(inbound_frame(OPEN_FRAME).encode())
    client = JitsiClient(xmpp, SETTINGS, sink)
    client.nick = "cons0le0"
    return xmpp, client


def feed(xmpp: ClientXMPP, frames: Iterable[str], *, lane: bool = True) -> None:
    """Deliver frames the way the WebSocket transport does.

    A :class:`WebSocketXMPP` gets its presence lane, as in production, unless ``lane`` is
    false (everything into slixmpp: the console as it was before the lane).
    """
    take = xmpp.presence_frame if lane and isinstance(xmpp, WebSocketXMPP) else None
    for frame in frames:
        receive_frame(xmpp, frame, take)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile by nearest rank (what the bench tables print beside the count)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def presence_changes(
    xmpp: ClientXMPP,
    crowd: Sequence[Person],
    rng: random.Random,
    rate: float,
    stop: asyncio.Event,
    *,
    hands: float,
    sent: Callable[[], None],
) -> None:
    """``rate`` presence changes a second from random people of ``crowd`` until ``stop``.

    Each toggles the microphone at random and raises a hand with probability ``hands``;
    ``sent`` is called after each one went in.
    """
    seq = len(crowd)
    while not stop.is_set():
        who = crowd[rng.randrange(len(crowd))]
        seq += 1
        hand = seq if rng.random() < hands else 0
        feed(xmpp, [presence(who, audio_muted=rng.random() < 0.5, hand=hand)])
        sent()
        await asyncio.sleep(1 / rate)
