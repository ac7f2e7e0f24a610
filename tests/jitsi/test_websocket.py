"""The WebSocket transport against the real Prosody of the test stack (tests/stack)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from slixmpp import JID

from tests.stack.server import ProsodyStack
from tui.jitsi.websocket import WebSocketError
from tui.jitsi.xmpp import WebSocketXMPP

pytestmark = pytest.mark.stack

NICK = "c0ffee42"


def _client(
    stack: ProsodyStack, jid: str | None = None, password: str = "", **kwargs: Any
) -> WebSocketXMPP:
    client = WebSocketXMPP(
        jid or stack.domain, password, endpoint=stack.ws_url, room="standup", **kwargs
    )
    client.register_plugin("xep_0045")
    return client


async def _stop(client: WebSocketXMPP) -> None:
    if client.is_connected():
        client.disconnect()
        await client.disconnected


@pytest.fixture
async def anonymous(prosody_stack: ProsodyStack) -> AsyncIterator[WebSocketXMPP]:
    client = _client(prosody_stack)
    await client.start_session(timeout=10)
    try:
        yield client
    finally:
        await _stop(client)


@pytest.fixture
async def focus(prosody_stack: ProsodyStack) -> AsyncIterator[WebSocketXMPP]:
    client = _client(prosody_stack, prosody_stack.focus_jid, prosody_stack.focus_password)
    await client.start_session(timeout=10)
    try:
        yield client
    finally:
        await _stop(client)


def _session_id(stack: ProsodyStack, full_jid: str) -> str:
    """Prosody's log name for the c2s session bound to ``full_jid``."""
    match = re.search(
        rf"^\S+ \S+ \S+ (\S+)\tdebug\tResource bound: {re.escape(full_jid)}$",
        stack.log_text(),
        re.MULTILINE,
    )
    assert match, f"no session bound {full_jid} in the Prosody log"
    return match.group(1)


async def test_anonymous_login_binds_a_random_user_on_the_domain(
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    jid = anonymous.boundjid
    assert jid.domain == prosody_stack.domain
    assert jid.user, "SASL ANONYMOUS gives a generated username"
    assert jid.resource


async def test_ping_reaches_the_server_and_returns(
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    rtt = await anonymous.plugin["xep_0199"].ping(JID(prosody_stack.domain), timeout=5)
    assert rtt >= 0


async def test_disco_info_of_the_domain_lists_ping(
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    info = await anonymous.plugin["xep_0030"].get_info(jid=JID(prosody_stack.domain), timeout=5)
    assert "urn:xmpp:ping" in info["disco_info"]["features"]


async def test_the_room_parameter_reaches_the_server_session(
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    # mod_jitsi_web_query (tests/stack/lua) stores ?room= on the session, as Jitsi's
    # mod_jitsi_session does for the breakout and moderation components.
    iq = anonymous.make_iq_get(ito=prosody_stack.domain)
    iq.append(ET.Element("{urn:jitsi-tui:stack:web-query}query"))
    reply = await iq.send(timeout=5)
    query = reply.xml.find("{urn:jitsi-tui:stack:web-query}query")
    assert query is not None
    assert query.get("room") == "standup"


async def test_password_login_over_websocket_uses_scram(focus: WebSocketXMPP) -> None:
    assert focus.boundjid.bare == "focus@auth.meet.jitsi"
    mechanism = focus.plugin["feature_mechanisms"].mech
    assert mechanism is not None
    assert mechanism.name == "SCRAM-SHA-1"


async def test_anonymous_user_cannot_create_a_room(
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    # slixmpp's join_muc_wait misses this error: Prosody's reply does not echo the MUC <x/>
    # its error handler matches on, so wait for the raw presence error instead.
    room = JID(f"nobody-created-this@{prosody_stack.muc}")
    error = asyncio.ensure_future(anonymous.wait_until("presence_error", timeout=5))
    anonymous.plugin["xep_0045"].make_join_stanza(room, NICK).send()
    presence = await error
    assert presence["from"] == JID(f"{room}/{NICK}")
    assert presence["error"]["condition"] == "not-allowed"
    assert presence["error"]["text"] == "Room creation is restricted"


async def test_join_a_room_the_focus_created(
    focus: WebSocketXMPP,
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    room = JID(f"standup@{prosody_stack.muc}")
    muc = focus.plugin["xep_0045"]
    created, _subject, _occupants, _history = await muc.join_muc_wait(
        room, "focus", maxstanzas=0, timeout=5
    )
    assert 201 in created["muc"]["status_codes"], "the focus creates the room"

    self_presence, _subject, occupants, _history = await anonymous.plugin["xep_0045"].join_muc_wait(
        room, NICK, maxstanzas=0, timeout=5
    )
    assert self_presence["from"] == JID(f"standup@{prosody_stack.muc}/{NICK}")
    assert 110 in self_presence["muc"]["status_codes"]
    assert self_presence["muc"]["role"] == "participant"
    assert {p["from"].resource for p in occupants} == {"focus", NICK}
    # Public JIDs (muc_room_default_public_jids): everyone sees real JIDs, as breakouts need.
    info = await anonymous.plugin["xep_0030"].get_info(jid=room, timeout=5)
    assert "muc_nonanonymous" in info["disco_info"]["features"]


async def test_clean_disconnect_closes_the_stream(
    prosody_stack: ProsodyStack,
) -> None:
    client = _client(prosody_stack)
    await client.start_session(timeout=10)
    full_jid = str(client.boundjid)
    session = _session_id(prosody_stack, full_jid)
    client.disconnect()
    await client.disconnected
    log = prosody_stack.log_text()
    assert f"{session}\tdebug\tReceived </stream:stream>" in log, "the server got our <close/>"
    assert f"c2s stream for {full_jid} closed: session closed" in log


async def test_wrong_path_is_one_sentence(prosody_stack: ProsodyStack) -> None:
    client = WebSocketXMPP(
        prosody_stack.domain, endpoint=f"{prosody_stack.http_url}/nope".replace("http", "ws", 1)
    )
    with pytest.raises(WebSocketError) as caught:
        await client.start_session(timeout=5)
    assert str(caught.value) == (
        f"could not open the WebSocket ws://127.0.0.1:{prosody_stack.http_port}/nope: "
        "404 Not Found (is this the deployment's XMPP WebSocket URL?)"
    )


async def test_whitespace_keepalive_does_not_break_the_stream(
    anonymous: WebSocketXMPP,
    prosody_stack: ProsodyStack,
) -> None:
    # A frame must start with "<" (Prosody closes the socket otherwise, RFC 7395 3.3.3).
    anonymous.send_raw(" ")
    rtt = await anonymous.plugin["xep_0199"].ping(JID(prosody_stack.domain), timeout=5)
    assert rtt >= 0
    assert anonymous.is_connected()


async def test_keepalive_pings_the_domain(prosody_stack: ProsodyStack) -> None:
    client = _client(prosody_stack, ping_interval=0.1, ping_timeout=5)
    answered: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    sent: set[str] = set()

    def outgoing(stanza: Any) -> Any:
        if stanza.xml.find("{urn:xmpp:ping}ping") is not None:
            sent.add(stanza["id"])
        return stanza

    def incoming(stanza: Any) -> Any:
        if stanza["id"] in sent and stanza["type"] == "result" and not answered.done():
            answered.set_result(str(stanza["from"]))
        return stanza

    client.add_filter("out", outgoing)
    client.add_filter("in", incoming)
    await client.start_session(timeout=10)
    try:
        assert await asyncio.wait_for(answered, 5) == prosody_stack.domain
    finally:
        await _stop(client)


async def test_reconnect_opens_a_new_websocket_session(
    anonymous: WebSocketXMPP,
) -> None:
    first = str(anonymous.boundjid)
    again = asyncio.ensure_future(anonymous.wait_until("session_start", timeout=10))
    anonymous.reconnect(wait=2.0)
    await again
    assert anonymous.is_connected()
    assert str(anonymous.boundjid) != first, "SASL ANONYMOUS mints a new user on reconnect"


async def test_server_going_away_ends_the_session() -> None:
    with ProsodyStack() as stack:
        client = _client(stack)
        await client.start_session(timeout=10)
        ended = asyncio.ensure_future(client.wait_until("disconnected", timeout=10))
        stack.stop()
        await ended
    assert not client.is_connected()
    assert client.transport_shim is not None
    assert client.transport_shim.closed.is_set()
