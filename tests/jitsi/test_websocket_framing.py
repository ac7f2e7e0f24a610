"""RFC 7395 framing, URLs and one-sentence errors of tui.jitsi.websocket, without a server."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from xml.etree import ElementTree as ET

import pytest
from aiohttp import web

from tests.local_http import serving
from tui.jitsi.websocket import (
    CLIENT_NS,
    FRAMING_NS,
    STREAM_NS,
    WebSocketError,
    build_url,
    default_origin,
    inbound_frame,
    open_websocket,
    outbound_frame,
    redact_url,
)
from tui.jitsi.xmpp import WebSocketXMPP

SLIX_HEADER = (
    "<stream:stream to='meet.jitsi' xmlns:stream='http://etherx.jabber.org/streams' "
    "xmlns='jabber:client' xml:lang='en' version='1.0'>"
)


def _parse(frame: str) -> ET.Element:
    return ET.fromstring(frame)


# -- outbound -----------------------------------------------------------------------------------


def test_stream_header_becomes_open_to_the_domain() -> None:
    frame = outbound_frame(SLIX_HEADER, "meet.jitsi")
    assert frame is not None
    element = _parse(frame)
    assert element.tag == f"{{{FRAMING_NS}}}open"
    assert element.attrib == {"to": "meet.jitsi", "version": "1.0"}


def test_open_uses_the_given_domain_not_the_header() -> None:
    frame = outbound_frame(SLIX_HEADER, "other.example")
    assert frame is not None
    assert _parse(frame).get("to") == "other.example"


def test_stream_footer_becomes_close() -> None:
    assert outbound_frame("</stream:stream>", "meet.jitsi") == (
        '<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>'
    )


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        (
            '<iq id="1" type="get" to="meet.jitsi"><ping xmlns="urn:xmpp:ping" /></iq>',
            '<iq id="1" type="get" to="meet.jitsi" xmlns="jabber:client">'
            '<ping xmlns="urn:xmpp:ping" /></iq>',
        ),
        ("<presence />", '<presence xmlns="jabber:client" />'),
        ("<presence/>", '<presence xmlns="jabber:client"/>'),
        (
            "<message to='xmlns@meet.jitsi' type='chat'><body>hi</body></message>",
            "<message to='xmlns@meet.jitsi' type='chat' xmlns=\"jabber:client\"><body>hi</body>"
            "</message>",
        ),
        (
            "<message id='a>b' xmlns:j='http://jitsi.org/jitmeet'><j:x/></message>",
            "<message id='a>b' xmlns:j='http://jitsi.org/jitmeet' xmlns=\"jabber:client\">"
            "<j:x/></message>",
        ),
    ],
)
def test_top_level_stanzas_get_jabber_client(written: str, sent: str) -> None:
    frame = outbound_frame(written, "meet.jitsi")
    assert frame == sent
    # Parsed without any outer default namespace (Prosody's WebSocket stream has none), the
    # stanza and its un-namespaced children land in jabber:client.
    element = _parse(frame)
    assert element.tag.startswith(f"{{{CLIENT_NS}}}")


@pytest.mark.parametrize(
    "written",
    [
        '<iq xmlns="jabber:client" type="get" id="2"/>',
        '<presence xmlns="jabber:client"><x xmlns="http://jabber.org/protocol/muc"/></presence>',
        '<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="ANONYMOUS">QQ==</auth>',
        '<enable xmlns="urn:xmpp:sm:3" resume="true" />',
        '<iqx id="3"/>',
    ],
)
def test_other_elements_pass_unchanged(written: str) -> None:
    assert outbound_frame(written, "meet.jitsi") == written


@pytest.mark.parametrize("written", [" ", "\n", ""])
def test_whitespace_keepalive_is_not_a_frame(written: str) -> None:
    assert outbound_frame(written, "meet.jitsi") is None


def test_xml_declaration_is_dropped() -> None:
    assert outbound_frame("<?xml version='1.0'?>" + SLIX_HEADER, "d.example") == (
        '<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="d.example" version="1.0"/>'
    )


# -- inbound ------------------------------------------------------------------------------------

PROSODY_OPEN = (
    "<open from='meet.jitsi' xml:lang='en' xmlns='urn:ietf:params:xml:ns:xmpp-framing' "
    "id='f3e0-95e2' version='1.0'/>"
)
PROSODY_FEATURES = (
    "<stream:features xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
    "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>ANONYMOUS</mechanism>"
    "</mechanisms></stream:features>"
)


def test_open_becomes_a_stream_header_slixmpp_can_parse() -> None:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(("start", "end"))
    parser.feed(inbound_frame(PROSODY_OPEN))
    parser.feed(inbound_frame(PROSODY_FEATURES))
    parser.feed(
        inbound_frame(
            "<iq type='result' id='7'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"
        )
    )
    parser.feed(inbound_frame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"))
    events = []
    for item in parser.read_events():
        event, element = item[0], item[1]  # type: ignore[misc]
        assert isinstance(element, ET.Element)
        events.append((event, element.tag))
    root = events[0]
    assert root == ("start", f"{{{STREAM_NS}}}stream")
    ends = [tag for event, tag in events if event == "end"]
    assert ends[-1] == f"{{{STREAM_NS}}}stream", "close must end the stream"
    assert f"{{{STREAM_NS}}}features" in ends
    # A stanza without its own xmlns inherits jabber:client from the synthetic header.
    assert f"{{{CLIENT_NS}}}iq" in ends


def test_open_keeps_id_from_version_and_language() -> None:
    header = inbound_frame(PROSODY_OPEN)
    element = _parse(header + "</stream:stream>")
    assert element.attrib == {
        "id": "f3e0-95e2",
        "from": "meet.jitsi",
        "version": "1.0",
        "{http://www.w3.org/XML/1998/namespace}lang": "en",
    }


@pytest.mark.parametrize(
    "frame",
    [
        PROSODY_FEATURES,
        "<message xmlns='jabber:client' from='a@b'><body>open close</body></message>",
        "<open xmlns='other:ns'/>",
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'",
    ],
)
def test_other_inbound_frames_pass_unchanged(frame: str) -> None:
    assert inbound_frame(frame) == frame


# -- URLs ---------------------------------------------------------------------------------------


def test_build_url_adds_jitsi_parameters_and_keeps_existing_ones() -> None:
    url = build_url(
        "wss://meet.example/team/xmpp-websocket?x=1",
        room="standup",
        token="a.b.c",
        previd="sm-1",
    )
    assert url == "wss://meet.example/team/xmpp-websocket?x=1&room=standup&token=a.b.c&previd=sm-1"


def test_build_url_replaces_a_previous_previd() -> None:
    first = build_url("ws://h/xmpp-websocket", room="r", previd="old")
    assert build_url(first, previd="new") == "ws://h/xmpp-websocket?previd=new"


def test_redact_url_hides_the_token_only() -> None:
    url = "wss://meet.example/xmpp-websocket?room=standup&token=secret.jwt.value"
    assert redact_url(url) == "wss://meet.example/xmpp-websocket?room=standup&token=***"


def test_origin_is_the_site_a_browser_would_name() -> None:
    assert default_origin("wss://meet.example:8443/t/xmpp-websocket?room=a") == (
        "https://meet.example:8443"
    )
    assert default_origin("ws://127.0.0.1:5280/xmpp-websocket") == "http://127.0.0.1:5280"


# -- one-sentence failures ------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_refused_port_is_one_sentence() -> None:
    port = _closed_port()
    url = f"ws://127.0.0.1:{port}/xmpp-websocket?room=standup&token=s3cret"
    with pytest.raises(WebSocketError) as caught:
        await open_websocket(url, timeout=5)
    assert str(caught.value) == (
        f"could not open the WebSocket ws://127.0.0.1:{port}/xmpp-websocket"
        "?room=standup&token=***: connection refused"
    )


async def test_non_websocket_url_is_refused_before_connecting() -> None:
    with pytest.raises(WebSocketError, match="must start with ws:// or wss://"):
        await open_websocket("https://meet.example/xmpp-websocket")


@pytest.fixture
async def http_403() -> AsyncIterator[str]:
    async def forbid(request: web.Request) -> web.Response:
        return web.Response(status=403, text="origin not allowed")

    app = web.Application()
    app.router.add_get("/xmpp-websocket", forbid)
    async with serving(app) as address:
        yield f"ws://{address}/xmpp-websocket"


async def test_http_status_is_named_with_a_hint(http_403: str) -> None:
    with pytest.raises(WebSocketError) as caught:
        await open_websocket(http_403, timeout=5)
    assert str(caught.value) == (
        f"could not open the WebSocket {http_403}: 403 Forbidden "
        "(is the Origin allowed: cross_domain_websocket?)"
    )


async def test_client_reports_connection_failure_without_retrying() -> None:
    port = _closed_port()
    client = WebSocketXMPP(
        "meet.jitsi", endpoint=f"ws://127.0.0.1:{port}/xmpp-websocket", room="standup"
    )
    with pytest.raises(WebSocketError, match=r"^could not open .*: connection refused$"):
        await client.start_session(timeout=5)
    assert client.last_error is not None
    assert not client.is_connecting(), "a failed attempt must not be retried unless asked"


async def test_silent_server_times_out_in_one_sentence() -> None:
    # A listening socket nobody accepts from: TCP connects, the HTTP upgrade never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        url = f"ws://127.0.0.1:{port}/xmpp-websocket"
        with pytest.raises(WebSocketError) as caught:
            await open_websocket(url, timeout=0.3)
    assert str(caught.value) == f"could not open the WebSocket {url}: no answer within 0.3 s"
