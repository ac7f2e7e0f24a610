"""RFC 7395 (XMPP over WebSocket) under slixmpp: framing, the URL, and an asyncio transport shim.

slixmpp speaks XMPP over a TCP byte stream: its ``XMLStream`` is an asyncio ``Protocol`` that
writes ``<stream:stream …>`` and stanzas to ``transport.write`` and parses whatever reaches
``data_received``. Jitsi's Prosody only lets us in over a WebSocket (the ``?room=`` of the URL
is how its components find our conference), where every text frame holds one complete element
and the stream header is replaced by framing elements::

    slixmpp writes                          the WebSocket carries
    <stream:stream to='D' xmlns=… …>        <open xmlns="urn:ietf:params:xml:ns:xmpp-framing"
                                                  to="D" version="1.0"/>
    </stream:stream>                        <close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>
    <iq type='get' id='1'>…</iq>            <iq xmlns="jabber:client" type='get' id='1'>…</iq>

    the WebSocket carries                   slixmpp is fed
    <open xmlns="…framing" id="X" from="D"  <stream:stream xmlns="jabber:client"
          version="1.0" xml:lang="en"/>        xmlns:stream="http://etherx.jabber.org/streams"
                                               id="X" from="D" version="1.0" xml:lang="en">
    <close xmlns="…framing"/>               </stream:stream>
    anything else                           the same text

:func:`outbound_frame` and :func:`inbound_frame` are those pure translations;
:class:`WebSocketTransport` carries them over an aiohttp WebSocket with the
``asyncio.Transport`` surface slixmpp uses; :func:`open_websocket` opens the socket and turns
every failure into a :class:`WebSocketError` whose message is one sentence.

The presence lane. Because RFC 7395 (§3.3.3) puts exactly one complete element in every frame,
a received frame can be routed whole: :func:`receive_frame` first offers it to a *lane* (a
callable that may take it), and only a frame the lane declines is fed to slixmpp's stream
parser. What the lane reads a frame as is in ``tui.jitsi.lane_frames``. A join storm of a large
meeting is almost only plain room presences, and slixmpp's per-stanza machinery (a
``Presence`` object, filters, matching ~20 handlers, its roster of every occupant) is most of
what it costs; the console reads the raw element anyway. What may take a frame is decided by
the owner of the lane (:meth:`tui.jitsi.xmpp.WebSocketXMPP.presence_frame`). Frames are
handled one at a time, in wire order, synchronously, by whichever path takes them, so a
presence between a message and an IQ result is applied between them, as slixmpp would.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import logging
import re
import ssl
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

import aiohttp

log = logging.getLogger(__name__)

FRAMING_NS = "urn:ietf:params:xml:ns:xmpp-framing"
STREAM_NS = "http://etherx.jabber.org/streams"
CLIENT_NS = "jabber:client"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUBPROTOCOL = "xmpp"

CLOSE_FRAME = f'<close xmlns="{FRAMING_NS}"/>'
"""What ends the stream in either direction (slixmpp's ``</stream:stream>``)."""

_SECRET_PARAMS = frozenset({"token"})

# A start tag of a top-level stanza: name, then attributes (quoted values never hold a raw
# quote of their own kind, and slixmpp escapes "<" and ">" in them).
_STANZA_START = re.compile(
    r"""<(?P<name>iq|message|presence)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
    r"""\s*(?P<end>/?>)"""
)
_ATTRIBUTE_NAME = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>\s*")


class WebSocketError(ConnectionError):
    """The WebSocket could not be opened or broke; ``str()`` is one sentence for the user."""


# -- URL ----------------------------------------------------------------------------------------


def build_url(
    endpoint: str,
    *,
    room: str | None = None,
    token: str | None = None,
    previd: str | None = None,
    prefix: str | None = None,
) -> str:
    """Add Jitsi's query parameters to an XMPP WebSocket endpoint.

    Args:
        endpoint: ``wss://HOST[/TENANT]/xmpp-websocket`` (``ws://`` for loopback tests); query
            parameters already present are kept.
        room: The main room's backend-safe name (JID node, already percent-encoded the way
            jitsi-meet makes it, e.g. ``caf%c3%a9``); it is not encoded a second time.
        token: A JWT, for deployments with token authentication.
        previd: The XEP-0198 id of the session to resume.
        prefix: The tenant, only when talking to Prosody's own HTTP port directly.

    Returns:
        The URL with ``room``, ``prefix``, ``token`` and ``previd`` set (in that order).
    """
    parts = urlsplit(endpoint)
    ours = {"room": room, "prefix": prefix, "token": token, "previd": previd}
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in ours]
    added = [(k, v) for k, v in ours.items() if v is not None]
    query = "&".join(
        f"{quote(k, safe='')}={quote(v, safe='%' if k == 'room' else '')}" for k, v in kept + added
    )
    return urlunsplit(parts._replace(query=query))


def redact_url(url: str) -> str:
    """The URL with secrets (the ``token`` parameter) replaced, fit for logs and messages."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [(k, "***" if k in _SECRET_PARAMS else v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="*")))


def default_origin(url: str) -> str:
    """The ``Origin`` a browser on the same site would send: ``https://HOST[:PORT]``."""
    parts = urlsplit(url)
    scheme = "https" if parts.scheme == "wss" else "http"
    return f"{scheme}://{parts.netloc.rpartition('@')[2]}"


# -- framing ------------------------------------------------------------------------------------


def open_frame(domain: str) -> str:
    """The RFC 7395 ``<open/>`` that starts (or restarts) a stream to ``domain``."""
    return f'<open xmlns="{FRAMING_NS}" to={quoteattr(domain)} version="1.0"/>'


def outbound_frame(data: str, domain: str) -> str | None:
    """Translate one write of slixmpp into one WebSocket text frame.

    Args:
        data: What slixmpp handed to ``transport.write`` (one header, footer or element).
        domain: The XMPP domain for ``<open to=…>``.

    Returns:
        The frame text, or ``None`` when there is nothing to send (whitespace keepalives: a
        frame must hold a complete element).
    """
    text = _XML_DECLARATION.sub("", data.strip())
    if not text:
        return None
    if text.startswith("<stream:stream"):
        return open_frame(domain)
    if text == "</stream:stream>":
        return CLOSE_FRAME
    match = _STANZA_START.match(text)
    if match is not None:
        names = _ATTRIBUTE_NAME.findall(match.group("attrs"))
        if "xmlns" not in names:
            # Prosody's stream header has no default namespace (RFC 7395), so every top-level
            # stanza must name jabber:client itself; its children then inherit it.
            insert_at = match.end("attrs")
            return f'{text[:insert_at]} xmlns="{CLIENT_NS}"{text[insert_at:]}'
    return text


def inbound_frame(frame: str) -> str:
    """Translate one WebSocket text frame from the server into what slixmpp's parser expects.

    ``<open/>`` becomes a ``<stream:stream>`` start tag declaring ``jabber:client`` and the
    ``stream`` prefix, ``<close/>`` becomes ``</stream:stream>``, anything else is unchanged.
    """
    text = frame.strip()
    if FRAMING_NS not in text or not text.startswith(("<open", "<close")):
        return frame
    try:
        element = ET.fromstring(text)
    except ET.ParseError:
        return frame
    if element.tag == f"{{{FRAMING_NS}}}close":
        return "</stream:stream>"
    if element.tag != f"{{{FRAMING_NS}}}open":
        return frame
    attributes = [f'xmlns="{CLIENT_NS}"', f'xmlns:stream="{STREAM_NS}"']
    for name in ("id", "from", "to", "version"):
        value = element.get(name)
        if value is not None:
            attributes.append(f"{name}={quoteattr(value)}")
    lang = element.get(XML_LANG)
    if lang is not None:
        attributes.append(f"xml:lang={quoteattr(lang)}")
    return f"<stream:stream {' '.join(attributes)}>"


FrameLane = Callable[[str], bool]
"""Offered every received frame first; ``True``: it took the frame, slixmpp never sees it."""


def receive_frame(protocol: StreamProtocol, frame: str, lane: FrameLane | None = None) -> None:
    """Route one received text frame: to ``lane`` if it takes it, else into slixmpp's parser."""
    if lane is not None and lane(frame):
        return
    protocol.data_received(inbound_frame(frame).encode("utf-8"))


# -- opening the socket -------------------------------------------------------------------------


_STATUS_HINTS: Mapping[int, str] = {
    403: " (is the Origin allowed: cross_domain_websocket?)",
    404: " (is this the deployment's XMPP WebSocket URL?)",
    501: " (the server does not offer the xmpp WebSocket subprotocol)",
    502: " (the web server could not reach Prosody)",
    503: " (the server is unavailable)",
}


def _status_text(status: int) -> str:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "unexpected status"
    return f"{status} {phrase}"


def describe_failure(url: str, exc: BaseException, timeout: float) -> WebSocketError:
    """Turn an exception from opening the WebSocket into one clear sentence.

    Args:
        url: The URL we tried (secrets are redacted in the message).
        exc: What aiohttp raised.
        timeout: The connect timeout, for the "timed out" message.
    """
    where = f"could not open the WebSocket {redact_url(url)}"
    if isinstance(exc, aiohttp.WSServerHandshakeError):
        if exc.status in (200, 101):
            detail = f"the server answered {_status_text(exc.status)} without a WebSocket upgrade"
        else:
            detail = _status_text(exc.status) + _STATUS_HINTS.get(exc.status, "")
    elif isinstance(exc, aiohttp.ClientConnectorCertificateError):
        detail = (
            f"the TLS certificate of {exc.host} could not be verified "
            f"({exc.certificate_error}); use the insecure option only for a test server"
        )
    elif isinstance(exc, aiohttp.ClientConnectorDNSError):
        detail = f"the host name {exc.host} could not be resolved"
    elif isinstance(exc, aiohttp.ClientConnectorSSLError):
        detail = f"the TLS handshake with {exc.host} failed ({exc.os_error})"
    elif isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, ConnectionRefusedError):
            detail = "connection refused"
        else:
            detail = exc.os_error.strerror or str(exc.os_error)
    elif isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        detail = f"no answer within {timeout:g} s"
    elif isinstance(exc, (aiohttp.InvalidURL, ValueError)):
        detail = "the URL is not valid"
    elif isinstance(exc, aiohttp.ClientError | OSError):
        detail = str(exc) or type(exc).__name__
    else:
        detail = type(exc).__name__
    return WebSocketError(f"{where}: {detail}")


async def open_websocket(
    url: str,
    *,
    origin: str | None = None,
    insecure: bool = False,
    timeout: float = 10.0,
) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
    """Open an XMPP WebSocket (subprotocol ``xmpp``) with an ``Origin`` header.

    Args:
        url: ``ws://`` or ``wss://`` URL, query parameters included (see :func:`build_url`).
        origin: The ``Origin`` header; by default derived from the URL.
        insecure: Skip TLS certificate verification. Only for test servers; never the default.
        timeout: Seconds for TCP, TLS and the HTTP upgrade together.

    Returns:
        The HTTP session (the caller closes it after the socket) and the open WebSocket.

    Raises:
        WebSocketError: With a one-sentence message; secrets in the URL are redacted.
    """
    scheme = urlsplit(url).scheme
    if scheme not in ("ws", "wss"):
        raise WebSocketError(
            f"could not open the WebSocket {redact_url(url)}: "
            "the URL must start with ws:// or wss://"
        )
    tls: ssl.SSLContext | bool = True
    if scheme == "wss" and insecure:
        log.warning("TLS certificate verification is off for %s", redact_url(url))
        tls = False
    session = aiohttp.ClientSession()
    try:
        async with asyncio.timeout(timeout):
            ws = await session.ws_connect(
                url,
                protocols=(SUBPROTOCOL,),
                origin=origin or default_origin(url),
                ssl=tls,
                autoping=True,
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=2.0),
            )
    except BaseException as exc:
        await session.close()
        if isinstance(exc, asyncio.CancelledError | KeyboardInterrupt | SystemExit):
            raise
        raise describe_failure(url, exc, timeout) from exc
    if ws.protocol != SUBPROTOCOL:
        await ws.close()
        await session.close()
        raise WebSocketError(
            f"could not open the WebSocket {redact_url(url)}: "
            "the server did not accept the xmpp subprotocol"
        )
    return session, ws


# -- the transport shim ---------------------------------------------------------------------------


class StreamProtocol(Protocol):
    """The protocol side slixmpp's ``XMLStream`` offers a transport."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """The transport is ready; the stream header gets written."""

    def data_received(self, data: bytes) -> None:
        """Bytes from the server arrived."""

    def connection_lost(self, exc: BaseException | None) -> None:
        """The transport is gone (``None`` after a clean close)."""


class WebSocketTransport(asyncio.Transport):
    """The ``asyncio.Transport`` slixmpp writes to, carried over an aiohttp WebSocket.

    Writes are translated by :func:`outbound_frame` and sent in order, one frame each, by a
    writer task; received text frames go to ``lane`` or through :func:`inbound_frame` to
    ``protocol.data_received`` (:func:`receive_frame`). ``close()`` sends what was already
    written, then closes the socket; the protocol's ``connection_lost`` is called exactly once,
    when the socket is gone.
    """

    def __init__(
        self,
        protocol: StreamProtocol,
        session: aiohttp.ClientSession,
        ws: aiohttp.ClientWebSocketResponse,
        *,
        domain: str,
        url: str,
        lane: FrameLane | None = None,
    ) -> None:
        """Wrap an open WebSocket; call :meth:`start` to hand it to ``protocol``."""
        super().__init__()
        self._protocol = protocol
        self._session = session
        self._ws = ws
        self._domain = domain
        self._url = redact_url(url)
        self._lane = lane
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._closing = False
        self._reader: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()
        """Set once the socket is closed and ``connection_lost`` was called."""

    def start(self) -> None:
        """Call ``protocol.connection_made(self)`` and start relaying frames."""
        self._writer = asyncio.create_task(self._write_loop(), name="xmpp-websocket-writer")
        self._reader = asyncio.create_task(self._read_loop(), name="xmpp-websocket-reader")
        self._protocol.connection_made(self)

    # asyncio.Transport surface used by slixmpp ------------------------------------------------

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Queue one header, footer or stanza from slixmpp as one frame."""
        text = bytes(data).decode("utf-8") if not isinstance(data, str) else data
        frame = outbound_frame(text, self._domain)
        if frame is None:
            return
        if self._closing:
            log.debug("not sent, the WebSocket is closing: %s", frame)
            return
        log.debug("WS SEND: %s", frame)
        self._queue.put_nowait(frame)

    def close(self) -> None:
        """Send what was already written, then close the WebSocket."""
        if self._closing:
            return
        self._closing = True
        self._queue.put_nowait(None)

    def abort(self) -> None:
        """Close without waiting for the peer; frames already written still go out first.

        slixmpp calls ``close()`` and ``abort()`` back to back; the writer task owns the
        socket, so both end in the same orderly shutdown, bounded by the close timeout.
        """
        self.close()

    def is_closing(self) -> bool:
        """Whether :meth:`close` was called or the socket went away."""
        return self._closing

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        """``websocket`` and ``url`` (redacted); ``peername``; TLS objects are not exposed.

        slixmpp would use a TLS object for SASL channel binding, which is wrong here: the TLS
        usually ends at a web proxy, not at Prosody.
        """
        if name == "websocket":
            return self._ws
        if name == "url":
            return self._url
        if name == "peername":
            connection = self._ws.get_extra_info("peername")
            return connection if connection is not None else default
        return default

    # internals --------------------------------------------------------------------------------

    async def _write_loop(self) -> None:
        try:
            while (frame := await self._queue.get()) is not None:
                await self._ws.send_str(frame)
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as exc:
            log.debug("WebSocket write failed: %s", exc)
        finally:
            self._closing = True
            with contextlib.suppress(aiohttp.ClientError, ConnectionError, asyncio.TimeoutError):
                await self._ws.close()

    async def _read_loop(self) -> None:
        error: BaseException | None = None
        try:
            async for message in self._ws:
                if message.type is aiohttp.WSMsgType.TEXT:
                    log.debug("WS RECV: %s", message.data)
                    receive_frame(self._protocol, message.data, self._lane)
                elif message.type is aiohttp.WSMsgType.ERROR:
                    error = WebSocketError(f"the WebSocket {self._url} broke: {message.data}")
                    break
                else:
                    log.warning("ignored a non-text WebSocket frame (%s)", message.type)
            if not self._closing and error is None:
                code = self._ws.close_code
                log.info("the server closed the WebSocket %s (code %s)", self._url, code)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("WebSocket reader failed")
            error = exc
        finally:
            await self._finish()
            self._protocol.connection_lost(error)
            self.closed.set()

    async def _finish(self) -> None:
        self.close()
        if self._writer is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._writer), 3.0)
            if not self._writer.done():
                self._writer.cancel()
        with contextlib.suppress(aiohttp.ClientError, ConnectionError, asyncio.TimeoutError):
            await self._ws.close()
        await self._session.close()
