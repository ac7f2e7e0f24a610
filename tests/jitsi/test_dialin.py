"""Dial-in fetched from a local HTTP server: both JSON shapes, and every way it can fail."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from tests.local_http import serving
from tui.invite import InviteRequest, render
from tui.jitsi.dialin import DialInResult, fetch_dial_in

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

MUC = "conference.meet.example.org"
CURRENT = [
    {"countryCode": "SE", "tollFree": False, "formattedNumber": "+46 8 505 201 00"},
    {"countryCode": "US", "tollFree": False, "formattedNumber": "+1 512 647 1431", "default": True},
]
DEPRECATED = {
    "message": "ok",
    "numbersEnabled": True,
    "numbers": {"DE": ["+49 30 1"], "SE": ["+46 8 2"]},
}
PIN = {
    "conference": f"sprint@{MUC}",
    "id": 1518845548,
    "message": "Successfully retrieved conference mapping",
}


@dataclass
class Server:
    url: str
    queries: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    release = asyncio.Event()
    state = Server("")

    def answer(body: object, status: int = 200) -> Handler:
        async def handler(request: web.Request) -> web.Response:
            state.queries.append({"path": request.path, **request.query})
            text = body if isinstance(body, str) else json.dumps(body)
            return web.Response(text=text, status=status, content_type="application/json")

        return handler

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.json_response(CURRENT)

    app = web.Application()
    app.router.add_get("/numbers", answer(CURRENT))
    app.router.add_get("/old-numbers", answer(DEPRECATED))
    app.router.add_get("/pin", answer(PIN))
    app.router.add_get("/slow", slow)
    app.router.add_get("/error", answer({"error": "x"}, 500))
    app.router.add_get("/limit", answer({"error": "x"}, 402))
    app.router.add_get("/garbage", answer("{not json"))
    app.router.add_get("/wrong-shape", answer({"hello": "world"}))
    app.router.add_get("/no-pin", answer({"message": "No conference mapping was found"}))
    async with serving(app) as address:
        state.url = f"http://{address}"
        try:
            yield state
        finally:
            release.set()  # a request still waiting on /slow ends before the server does


async def _fetch(
    server: Server, numbers: str, pin: str = "/pin", timeout: float = 5
) -> DialInResult:
    return await fetch_dial_in(
        numbers_url=server.url + numbers,
        conference_code_url=server.url + pin,
        muc_domain=MUC,
        room="Sprint",
        base_url="https://meet.example.org/acme/",
        meeting_url="https://meet.example.org/acme/Sprint",
        timeout=timeout,
    )


async def test_current_shape_gives_default_number_pin_and_info_page(server: Server) -> None:
    result = await _fetch(server, "/numbers")
    assert result.warnings == ()
    assert result.dial_in is not None
    assert result.dial_in.default_number.number == "+1 512 647 1431"
    assert result.dial_in.pin == "1518845548"
    assert result.dial_in.info_page_url == (
        "https://meet.example.org/acme/static/dialInInfo.html?room=Sprint"
    )
    numbers_query, pin_query = sorted(server.queries, key=lambda q: q["path"])
    assert numbers_query["conference"] == f"sprint@{MUC}"
    assert pin_query["conference"] == f"sprint@{MUC}"
    assert pin_query["url"] == "https://meet.example.org/acme/Sprint"
    text = render(InviteRequest(room="Sprint", dial_in=result.dial_in)).text
    assert "Dial-in: +1 512 647 1431 PIN: 1518845548#" in text


async def test_deprecated_shape_gives_first_number_of_first_country(server: Server) -> None:
    result = await _fetch(server, "/old-numbers")
    assert result.dial_in is not None
    assert result.dial_in.default_number.number == "+49 30 1"


@pytest.mark.parametrize(
    ("numbers", "pin", "reason"),
    [
        ("/error", "/pin", "dial-in numbers service answered 500"),
        ("/numbers", "/error", "conference code service answered 500"),
        ("/limit", "/pin", "dial-in limit is reached (402)"),
        ("/garbage", "/pin", "dial-in numbers service did not answer JSON"),
        ("/wrong-shape", "/pin", "not a list of numbers"),
        ("/numbers", "/no-pin", "gave no PIN: No conference mapping was found"),
        ("/numbers", "/missing", "conference code service answered 404"),
    ],
)
async def test_failures_give_no_dial_in_and_one_warning(
    server: Server, numbers: str, pin: str, reason: str
) -> None:
    result = await _fetch(server, numbers, pin)
    assert result.dial_in is None
    assert len(result.warnings) == 1
    assert reason in result.warnings[0]
    invitation = render(InviteRequest(room="Sprint", warnings=result.warnings))
    assert "PIN" not in invitation.text
    assert invitation.warnings == result.warnings


async def test_a_slow_service_times_out_quickly(server: Server) -> None:
    started = time.monotonic()
    result = await _fetch(server, "/slow", timeout=0.3)
    assert time.monotonic() - started < 3
    assert result.dial_in is None
    assert "did not answer within 0.3 s" in result.warnings[0]


async def test_an_unreachable_service_is_a_warning() -> None:
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    result = await _fetch(Server(f"http://127.0.0.1:{port}"), "/numbers")
    assert result.dial_in is None
    assert "cannot be reached" in result.warnings[0]


async def test_without_all_three_settings_nothing_is_fetched(server: Server) -> None:
    result = await fetch_dial_in(
        numbers_url=server.url + "/numbers",
        conference_code_url=None,
        muc_domain=MUC,
        room="r",
        base_url="https://meet.example.org/",
        meeting_url="https://meet.example.org/r",
    )
    assert result == DialInResult(None, ())
    assert server.queries == []
