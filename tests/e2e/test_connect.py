"""Connecting like ``jitsi-tui <meeting-url>``: discovery, every login, becoming moderator.

Server behaviour checked: the stack serves a Jitsi ``config.js`` over Prosody's HTTP port
(mod_http_files), Prosody's SASL (ANONYMOUS, SCRAM/PLAIN on internal_hashed, our Jitsi-style
token provider on ``?token=``), the MUC room check of token users, and the jicofo stand-in's
two ways of making owners (auto-owner for the first joiner; every authenticated login).
"""

from __future__ import annotations

import time

import jwt
import pytest

from tests.e2e.conftest import (
    console_settings,
    fresh_room,
    gateway_for,
    is_moderator,
    open_console,
    until,
)
from tests.stack.focus import JitsiStack
from tests.stack.server import free_port
from tests.stack.webclient import WebParticipant
from tui.config.secret import Secret
from tui.config.settings import AuthMode, AuthSettings
from tui.jitsi.discovery import parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.model.conference import ConnectionState, Role
from tui.model.gateway import ConnectError
from tui.session import ConsoleSession

pytestmark = pytest.mark.stack


def _one_sentence(error: BaseException) -> str:
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text
    return text


async def _refused(gateway: LiveGateway) -> str:
    session = ConsoleSession(gateway)
    with pytest.raises(ConnectError) as caught:
        await session.connect()
    # The screen shows the same sentence in the status line.
    assert session.conference.connection is ConnectionState.DISCONNECTED
    assert session.conference.connection_detail == str(caught.value)
    return _one_sentence(caught.value)


# --- discovery -----------------------------------------------------------------------------------


async def test_discovery_reads_the_served_config_js(jitsi_stack: JitsiStack) -> None:
    prosody = jitsi_stack.prosody
    room = fresh_room()
    gateway = gateway_for(prosody, room)
    session = ConsoleSession(gateway)
    await session.connect()
    try:
        deployment = gateway.deployment
        assert deployment is not None
        assert deployment.xmpp_domain == prosody.domain
        assert deployment.muc_domain == prosody.muc
        assert deployment.websocket_url == prosody.ws_url
        assert deployment.bosh_url == prosody.bosh_url
        assert deployment.hidden_domain == prosody.hidden_domain
        assert deployment.focus_domain == f"focus.{prosody.domain}"
        assert session.conference.connection is ConnectionState.CONNECTED
        assert session.conference.main.jid == f"{room}@{prosody.muc}"
    finally:
        await session.disconnect()


async def test_a_path_without_config_js_is_not_jitsi(jitsi_stack: JitsiStack) -> None:
    prosody = jitsi_stack.prosody
    url = f"{prosody.http_url}/nosuch/standup"  # a tenant path the server does not serve
    reason = await _refused(LiveGateway(parse_meeting_url(url), console_settings()))
    assert reason == (
        f"{prosody.http_url}/nosuch/config.js was not found (404); "
        f"is {prosody.http_url}/nosuch a Jitsi Meet address?"
    )


async def test_a_config_js_that_is_not_jitsis_is_named(jitsi_stack: JitsiStack) -> None:
    prosody = jitsi_stack.prosody
    blog = prosody.settings.web_dir / "blog"
    blog.mkdir(exist_ok=True)
    (blog / "config.js").write_text("var config = { theme: 'dark' };\n", encoding="utf-8")
    url = f"{prosody.http_url}/blog/standup"
    reason = await _refused(LiveGateway(parse_meeting_url(url), console_settings()))
    assert reason == (
        f"{prosody.http_url}/blog/config.js is not a Jitsi deployment's config "
        "(no hosts.domain found)"
    )


async def test_an_unreachable_port_is_one_sentence() -> None:
    url = f"http://127.0.0.1:{free_port()}/standup"
    reason = await _refused(LiveGateway(parse_meeting_url(url), console_settings()))
    assert reason.startswith("cannot reach 127.0.0.1:")


# --- anonymous and auto-owner --------------------------------------------------------------------


async def test_anonymous_first_joiner_becomes_moderator_the_next_does_not(
    jitsi_stack: JitsiStack,
) -> None:
    prosody = jitsi_stack.prosody
    room = fresh_room()
    first = await open_console(prosody, room)
    second: ConsoleSession | None = None
    try:
        await until(first, lambda: is_moderator(first))
        second = await open_console(prosody, room)
        me = second.conference.me
        assert me is not None
        await until(second, lambda: len(second.conference.participants) == 2)
        mine = second.conference.participants[me]
        assert mine.role is Role.PARTICIPANT
        # Both consoles see each other's real role.
        assert first.conference.me in second.conference.participants
        theirs = second.conference.participants[first.conference.me or ""]
        assert theirs.role is Role.MODERATOR
    finally:
        if second is not None:
            await second.disconnect()
        await first.disconnect()


# --- password (secure domain) --------------------------------------------------------------------


async def test_password_login_is_moderator_by_jicofo_authentication(
    secure_stack: JitsiStack,
) -> None:
    prosody = secure_stack.prosody
    room = fresh_room()
    # Someone else got there first: auto-owner would leave the console a participant.
    alice = prosody.register_user("alice", password="wonderland")
    guest_user = prosody.register_user("early", password="bird")
    early = WebParticipant(prosody, room, "Early", username="early", password=guest_user.password)
    await early.join()
    auth = AuthSettings(mode=AuthMode.PASSWORD, username="alice", password=Secret(alice.password))
    session = await open_console(prosody, room, auth)
    try:
        own = session.conference.participants[session.conference.me or ""]
        assert own.jid.startswith(f"alice@{prosody.domain}/")
        await until(session, lambda: is_moderator(session))
        # Every authenticated member is owner, the early bird as well.
        await early.wait_for(lambda: early.affiliation == "owner")
    finally:
        await session.disconnect()
        await early.leave()


async def test_wrong_password_shows_the_servers_reason(secure_stack: JitsiStack) -> None:
    prosody = secure_stack.prosody
    prosody.register_user("bob", password="right-one")
    auth = AuthSettings(mode=AuthMode.PASSWORD, username="bob", password=Secret("wrong-one"))
    reason = await _refused(gateway_for(prosody, fresh_room(), auth))
    # Prosody's own SCRAM-SHA-1 failure text, as the server sent it.
    assert reason == (
        "the server refused the login: "
        "The response provided by the client doesn't match the one we calculated."
    )


# --- JWT -----------------------------------------------------------------------------------------


def _token(stack: JitsiStack, **changes: object) -> str:
    prosody = stack.prosody
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": prosody.app_id,
        "aud": prosody.app_id,
        "sub": prosody.domain,
        "room": "*",
        "nbf": now - 60,
        "exp": now + 600,
        "context": {"user": {"id": "console-1", "name": "Console"}},
    }
    key = str(changes.pop("key", prosody.app_secret))
    claims.update(changes)
    return jwt.encode(claims, key, algorithm="HS256")


def _jwt_auth(token: str) -> AuthSettings:
    return AuthSettings(mode=AuthMode.JWT, jwt=Secret(token))


async def test_minted_jwt_logs_in_and_is_moderator_by_jicofo_authentication(
    token_stack: JitsiStack,
) -> None:
    prosody = token_stack.prosody
    room = fresh_room()
    early = WebParticipant(prosody, room, "Early", token=_token(token_stack, room=room))
    await early.join()
    # As `jitsi-tui URL --app-id ID` with JITSI_TUI_APP_SECRET: the console mints its token.
    auth = AuthSettings(
        mode=AuthMode.JWT, app_id=prosody.app_id, app_secret=Secret(prosody.app_secret)
    )
    session = await open_console(prosody, room, auth)
    try:
        await until(session, lambda: is_moderator(session))
        assert session.conference.connection is ConnectionState.CONNECTED
    finally:
        await session.disconnect()
        await early.leave()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"exp": int(time.time()) - 5}, "the server refused the login: Expired"),
        (
            {"key": "not-the-app-secret-but-long-enough-for-hs256"},
            "the server refused the login: Invalid signature",
        ),
        ({"iss": "someone-else"}, "the server refused the login: Invalid issuer"),
    ],
    ids=["expired", "bad-signature", "foreign-issuer"],
)
async def test_rejected_jwt_shows_the_servers_reason(
    token_stack: JitsiStack, changes: dict[str, object], reason: str
) -> None:
    token = _token(token_stack, **changes)
    refused = await _refused(gateway_for(token_stack.prosody, fresh_room(), _jwt_auth(token)))
    assert refused == reason


async def test_jwt_for_another_room_is_refused_on_join(token_stack: JitsiStack) -> None:
    token = _token(token_stack, room="someotherroom")
    refused = await _refused(gateway_for(token_stack.prosody, fresh_room(), _jwt_auth(token)))
    assert refused == (
        "the server did not allow the join: Room and token mismatched "
        "(if this mentions the token, mint one for this room)"
    )


async def test_no_token_at_all_is_refused(token_stack: JitsiStack) -> None:
    prosody = token_stack.prosody
    guest = WebParticipant(prosody, fresh_room(), "No token")
    with pytest.raises(Exception, match="token required"):
        await guest.join(timeout=5)
    await guest.leave()
