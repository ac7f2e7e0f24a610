"""The reconnect policy (back-off, when never to reconnect) and how the live gateway obeys it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tui.config.settings import Settings
from tui.jitsi.discovery import parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.jitsi.reconnect import MAX_DELAY, MAX_LOGIN_REFUSALS, Backoff, verdict
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.conference import ConnectionState
from tui.model.events import ConnectionChanged, Event


def test_backoff_doubles_from_one_second_up_to_thirty() -> None:
    backoff = Backoff(rand=lambda: 0.5)  # the middle of the jitter: exact delays
    assert [backoff.next_delay() for _ in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert backoff.attempt == 8
    backoff.reset()
    assert backoff.next_delay() == 1


@pytest.mark.parametrize("rand", [0.0, 0.999])
def test_jitter_spreads_each_delay_by_a_fifth_and_never_past_the_cap(rand: float) -> None:
    backoff = Backoff(rand=lambda: rand)
    delays = [backoff.next_delay() for _ in range(7)]
    for delay, exact in zip(delays, [1, 2, 4, 8, 16, 30, 30], strict=True):
        assert exact * 0.8 - 1e-9 <= delay <= min(exact * 1.2, MAX_DELAY)
    assert delays[0] != 1  # really spread


def test_verdict_never_reconnects_after_end_kick_leave_or_repeated_refusals() -> None:
    assert verdict(ended="", login_refusals=0, leaving=False) == ""
    assert verdict(ended="", login_refusals=MAX_LOGIN_REFUSALS - 1, leaving=False) == ""
    assert verdict(ended="the meeting was ended", login_refusals=0, leaving=False) == (
        "the meeting was ended"
    )
    assert "3 times; not retrying" in verdict(ended="", login_refusals=3, leaving=False)
    assert verdict(ended="", login_refusals=0, leaving=True) == "left the meeting"


class FakeStream:
    """Just enough of WebSocketXMPP for the gateway's reaction to a lost connection."""

    def __init__(self) -> None:
        self.hung_up = 0

    async def hang_up(self) -> None:
        self.hung_up += 1


class FakeClient:
    def __init__(self, ended: str = "") -> None:
        self.ended = ended


def _live(events: list[Event], stream: FakeStream) -> LiveGateway:
    gateway = LiveGateway(
        parse_meeting_url("https://meet.example/standup"),
        Settings(),
        backoff=Backoff(rand=lambda: 0.5),
    )
    gateway._sink = events.append
    gateway.xmpp = stream  # type: ignore[assignment]
    gateway._live = True
    return gateway


def _lost(gateway: LiveGateway, stream: Any, client: FakeClient, reason: str) -> None:
    gateway._on_disconnected(stream, client, reason)  # type: ignore[arg-type]


async def test_a_lost_connection_shows_reconnecting_with_attempt_and_next_try() -> None:
    events: list[Event] = []
    stream = FakeStream()
    gateway = _live(events, stream)
    _lost(gateway, stream, FakeClient(), "End of stream")
    assert gateway.client is None  # sends fail at once from now on
    task = gateway._reconnecting
    assert task is not None
    await asyncio.sleep(0)  # the reconnect task starts: hangs up, announces, waits
    await asyncio.sleep(0)
    assert stream.hung_up == 1
    assert events == [
        ConnectionChanged(ConnectionState.RECONNECTING, "End of stream; attempt 1 in 1.0 s")
    ]
    await gateway.disconnect()
    assert task.cancelled()
    assert events[-1] == ConnectionChanged(ConnectionState.DISCONNECTED, "left the meeting")


async def test_no_reconnect_after_a_kick_or_the_end_of_the_meeting() -> None:
    events: list[Event] = []
    stream = FakeStream()
    gateway = _live(events, stream)
    _lost(gateway, stream, FakeClient("you were removed from the meeting by a moderator"), "x")
    assert gateway._reconnecting is None
    assert events == [
        ConnectionChanged(ConnectionState.ENDED, "you were removed from the meeting by a moderator")
    ]


async def test_a_stale_streams_goodbye_is_ignored() -> None:
    events: list[Event] = []
    gateway = _live(events, FakeStream())
    _lost(gateway, FakeStream(), FakeClient(), "late")
    assert events == [] and gateway._reconnecting is None


async def test_leaving_does_not_reconnect() -> None:
    events: list[Event] = []
    stream = FakeStream()
    gateway = _live(events, stream)
    gateway._leaving = True
    _lost(gateway, stream, FakeClient(), "closed")
    assert events == [] and gateway._reconnecting is None


async def test_an_unanswered_ping_closes_the_stream_instead_of_reconnecting_it() -> None:
    xmpp = WebSocketXMPP(
        "meet.example", endpoint="ws://127.0.0.1:9/xmpp-websocket", self_reconnect=False
    )
    calls: list[tuple[str, Any]] = []
    xmpp.disconnect = lambda wait=2.0, reason=None, **_: calls.append(("disconnect", wait))  # type: ignore[method-assign,assignment]
    xmpp.connect = lambda *a, **k: calls.append(("connect", a))  # type: ignore[method-assign,assignment]
    xmpp.reconnect(0.0, "Ping timeout after 10s")  # what slixmpp's keepalive calls
    assert calls == [("disconnect", 0.0)]  # the gateway rejoins; slixmpp must not
    await xmpp.hang_up()
