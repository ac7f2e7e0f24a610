"""The stack's Jitsi-style pieces of its own: the served config.js and JWT authentication.

Token checks (lua/mod_auth_jitsi_token.lua) happen at SASL, as Jitsi's mod_auth_token does:
every refusal is ``<failure><not-allowed/><text>REASON</text></failure>`` and slixmpp hands
REASON to the session; the room claim is checked on MUC join (lua/mod_jitsi_token_room.lua).
"""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from tests.stack.config import Ports, StackSettings, render_config, render_config_js
from tests.stack.focus import JitsiStack
from tests.stack.webclient import ParticipantError, WebParticipant
from tui.jitsi.config_js import parse_config_js
from tui.jitsi.xmpp import SessionStartError, WebSocketXMPP

SETTINGS = StackSettings(
    directory=Path("/tmp/stack-y"),
    ports=Ports(c2s=10001, http=10002, component=10003),
    authentication="token",
)


def test_config_js_names_the_stack_like_a_deployment() -> None:
    config = parse_config_js(render_config_js(SETTINGS))
    assert config["hosts"] == {"domain": "meet.jitsi", "muc": "conference.meet.jitsi"}
    assert config["websocket"] == "ws://127.0.0.1:10002/xmpp-websocket"
    assert config["bosh"] == "http://127.0.0.1:10002/http-bind"
    assert config["hiddenDomain"] == "hidden.meet.jitsi"


def test_token_config_uses_our_provider_and_checks_rooms_on_the_main_muc() -> None:
    text = render_config(SETTINGS)
    vhost = text.split('VirtualHost "meet.jitsi"\n', 1)[1].split("\n\n", 1)[0]
    assert 'authentication = "jitsi_token"' in vhost
    assert 'asap_accepted_audiences = { "jitsi-tui-stack" }' in vhost
    assert 'http_paths = { files = "/" }' in vhost
    main = text.split('Component "conference.meet.jitsi" "muc"\n', 1)[1].split("\n\n", 1)[0]
    assert 'modules_enabled = { "jitsi_token_room" }' in main


def _token(stack: JitsiStack, headers: dict[str, str] | None = None, **claims: object) -> str:
    prosody = stack.prosody
    now = int(time.time())
    payload: dict[str, object] = {
        "iss": prosody.app_id,
        "aud": prosody.app_id,
        "room": "*",
        "nbf": now - 10,
        "exp": now + 300,
    }
    payload.update(claims)
    return jwt.encode(payload, prosody.app_secret, algorithm="HS256", headers=headers)


async def _login(stack: JitsiStack, token: str | None) -> str:
    prosody = stack.prosody
    xmpp = WebSocketXMPP(prosody.domain, endpoint=prosody.ws_url, room="any", token=token)
    try:
        await xmpp.start_session(timeout=5)
    except SessionStartError as exc:
        return str(exc).removeprefix("the server refused the login: ")
    await xmpp.hang_up()
    return "ok"


@pytest.mark.stack
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_token, "ok"),
        (lambda s: None, "token required"),
        (lambda s: "not-a-jwt", "Invalid token: not a JWT"),
        (lambda s: _token(s, headers={"typ": "JWS"}), "Invalid typ"),
        (lambda s: _token(s, nbf=int(time.time()) + 60), "Not valid yet"),
        (lambda s: _token(s, exp=int(time.time()) - 1), "Expired"),
        (lambda s: _token(s, aud="other-app"), "Invalid audience"),
        (lambda s: _token(s, iss="other-app"), "Invalid issuer"),
        (
            lambda s: jwt.encode({"iss": "x"}, s.prosody.app_secret, algorithm="HS384"),
            "Invalid alg",
        ),
    ],
    ids=["valid", "none", "garbage", "typ", "nbf", "exp", "aud", "iss", "alg"],
)
async def test_token_login(token_stack: JitsiStack, make: object, reason: str) -> None:
    assert await _login(token_stack, make(token_stack)) == reason  # type: ignore[operator]


@pytest.mark.stack
async def test_room_claim_is_compared_lower_cased_on_join(token_stack: JitsiStack) -> None:
    room = f"mixed-{int(time.time() * 1000) % 100000}"
    fits = WebParticipant(
        token_stack.prosody, room, "Fits", token=_token(token_stack, room=room.upper())
    )
    await fits.join()
    other = WebParticipant(
        token_stack.prosody, room, "Other", token=_token(token_stack, room="elsewhere")
    )
    try:
        with pytest.raises(ParticipantError, match="not-allowed"):
            await other.join(timeout=5)
    finally:
        await other.leave()
        await fits.leave()
