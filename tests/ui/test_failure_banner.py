"""A failure after the screen is up: a banner with the whole reason, a retry key, an exit status.

Before, the reason sat in the status line (cut at the terminal's edge), nothing offered to try
again, and quitting said success.
"""

from __future__ import annotations

import re

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready, screen_text, wait_until
from tui.model.conference import ConnectionState
from tui.model.events import ConnectionChanged
from tui.model.gateway import ConnectError, EventSink

GAVE_UP = (
    "gave up after 8 attempts: cannot reach meet.example.org: the TLS handshake timed out "
    "while the reverse proxy in front of Prosody restarted"
)


class CountingGateway(FakeGateway):
    """Joins on every connect (counting them); the first one may be made to fail."""

    def __init__(self, fail_first: str = "") -> None:
        super().__init__([person("a1", "Anna"), person("b2", "Bert")])
        self.connects = 0
        self.fail_first = fail_first

    async def connect(self, sink: EventSink) -> None:
        self.connects += 1
        if self.fail_first and self.connects == 1:
            sink(ConnectionChanged(ConnectionState.DISCONNECTED, self.fail_first))
            raise ConnectError(self.fail_first)
        await super().connect(sink)


def _flat(app: object) -> str:
    return re.sub(r"[\s│┃▌]+", " ", screen_text(app))  # type: ignore[arg-type]


async def test_a_lost_meeting_shows_the_whole_reason_and_retries(make_app) -> None:
    gateway = CountingGateway()
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 3)
        gateway.emit(ConnectionChanged(ConnectionState.DISCONNECTED, GAVE_UP))
        await wait_until(pilot, lambda: "retry" in _flat(app), what="the banner")
        shown = _flat(app)
        assert GAVE_UP in shown, "the reason is shown whole, wrapped, at 80 columns"
        assert "r retry" in shown and "q quit" in shown
        await pilot.press("r")
        await wait_until(pilot, lambda: gateway.connects == 2, what="a fresh join")
        await wait_until(pilot, lambda: GAVE_UP not in _flat(app), what="the banner gone")
        assert app.session.conference.connection is ConnectionState.CONNECTED
        await ready(pilot, 3)
        await pilot.press("q")
    assert app.exit_status == 0, "rejoined: quitting is a success"


async def test_quitting_after_a_failure_says_it_failed(make_app) -> None:
    gateway = CountingGateway()
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 3)
        gateway.emit(ConnectionChanged(ConnectionState.ENDED, "the meeting was ended by Anna"))
        await wait_until(pilot, lambda: "ended by Anna" in _flat(app), what="the banner")
        await pilot.press("q")
    assert app.exit_status == 1


async def test_a_join_that_fails_inside_the_app_offers_a_retry(make_app) -> None:
    gateway = CountingGateway(fail_first="jicofo did not answer the conference request")
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "r retry" in _flat(app), what="the banner")
        assert "jicofo did not answer the conference request" in _flat(app)
        await pilot.press("r")
        await ready(pilot, 3)
        assert gateway.connects == 2


async def test_r_is_no_retry_while_in_the_meeting(make_app) -> None:
    gateway = CountingGateway()
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 3)
        await pilot.press("r")
        await pilot.pause(0.1)
        assert gateway.connects == 1
        assert "retry" not in _flat(app)


async def test_a_reason_from_the_network_is_inert(make_app) -> None:
    gateway = CountingGateway()
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 3)
        gateway.emit(ConnectionChanged(ConnectionState.ENDED, "[b]kicked[/b] \x1b[2J by Anna"))
        await wait_until(pilot, lambda: "by Anna" in _flat(app), what="the banner")
        assert "[b]kicked[/b]" in _flat(app), "markup is shown as text"
        assert "\x1b" not in screen_text(app)


async def test_r_typed_in_the_filter_is_text_not_a_retry(make_app) -> None:
    gateway = CountingGateway()
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, 3)
        gateway.emit(ConnectionChanged(ConnectionState.ENDED, "the meeting was ended"))
        await wait_until(pilot, lambda: "r retry" in _flat(app), what="the banner")
        await pilot.press("slash", "b", "r")
        await pilot.pause(0.1)
        assert gateway.connects == 1
        assert app.focused is not None and getattr(app.focused, "value", "") == "br"
