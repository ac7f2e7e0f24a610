"""wss:// verifies the server certificate unless the insecure option is given explicitly."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.local_http import serving
from tui.jitsi.websocket import SUBPROTOCOL, WebSocketError, open_websocket


@pytest.fixture
async def self_signed_wss(tmp_path: Path) -> AsyncIterator[str]:
    """A loopback wss:// XMPP endpoint with a self-signed certificate (openssl comes with
    Prosody's ssl-cert dependency)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=(SUBPROTOCOL,))
        await ws.prepare(request)
        await ws.close()
        return ws

    app = web.Application()
    app.router.add_get("/xmpp-websocket", handler)
    async with serving(app, ssl_context=context) as address:
        yield f"wss://{address}/xmpp-websocket"


async def test_self_signed_certificate_is_refused_by_default(self_signed_wss: str) -> None:
    with pytest.raises(WebSocketError) as caught:
        await open_websocket(self_signed_wss, timeout=5)
    message = str(caught.value)
    assert message.startswith(f"could not open the WebSocket {self_signed_wss}: ")
    assert "certificate of 127.0.0.1 could not be verified" in message
    assert message.endswith("use the insecure option only for a test server")
    assert "\n" not in message


async def test_insecure_option_accepts_it(self_signed_wss: str) -> None:
    session, ws = await open_websocket(self_signed_wss, insecure=True, timeout=5)
    try:
        assert ws.protocol == SUBPROTOCOL
    finally:
        await ws.close()
        await session.close()
