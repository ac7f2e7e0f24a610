"""A loopback TCP proxy the fault tests control: :class:`FaultProxy`.

It forwards every connection to a port of the test stack byte for byte (so a WebSocket upgrade
and its frames pass untouched) and can cut all of them at once, like a Wi-Fi drop; stall them
(nothing passes, nothing closes); or refuse new ones, like a link that is down. It runs on the
caller's event loop: start it inside the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)

CHUNK = 65536


class FaultProxy:
    """Forward ``127.0.0.1:<port>`` to ``127.0.0.1:<target>``; cut or refuse on command."""

    def __init__(self, target: int) -> None:
        """Prepare (not start) a proxy in front of the loopback port ``target``."""
        self.target = target
        self.port = 0
        self.accepted = 0
        """Connections accepted and forwarded so far."""
        self.dropped = 0
        """Connections cut by :meth:`drop_all`."""
        self.refusing = False
        """While true, new connections are closed at once (the link is down)."""
        self._server: asyncio.Server | None = None
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._stalled: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def links(self) -> int:
        """Connections open right now."""
        return len(self._links)

    def url(self, path: str = "/xmpp-websocket") -> str:
        """The ``ws://`` URL of ``path`` through the proxy."""
        return f"ws://127.0.0.1:{self.port}{path}"

    async def start(self) -> None:
        """Listen on a free loopback port (:attr:`port`)."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Cut every connection and stop listening."""
        self.drop_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def drop_all(self) -> int:
        """Abort every open connection on both sides (no close handshake); return how many."""
        links, self._links = self._links, set()
        self._stalled.clear()
        return self._abort(links)

    def drop_stalled(self) -> int:
        """Abort the connections :meth:`stall_all` stalled (the dead path finally breaks)."""
        links, self._stalled = self._stalled, set()
        self._links -= links
        return self._abort(links)

    def _abort(self, links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]]) -> int:
        for client, upstream in links:
            for writer in (client, upstream):
                writer.transport.abort()
        self.dropped += len(links)
        return len(links)

    def stall_all(self) -> int:
        """Stop forwarding on every open connection without closing it; return how many.

        Like a link that silently stops carrying packets: neither side hears anything more,
        and only a keepalive can tell. New connections are forwarded as usual.
        """
        for client, upstream in self._links:
            for writer in (client, upstream):
                transport = writer.transport
                if isinstance(transport, asyncio.ReadTransport):
                    transport.pause_reading()
        self._stalled |= self._links
        return len(self._links)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.transport.abort()  # the server is down: the client sees a refused link
            return
        link = (writer, up_writer)
        self._links.add(link)
        self.accepted += 1
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.ensure_future(self._pipe(source, sink, link))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pipe(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        link: tuple[asyncio.StreamWriter, asyncio.StreamWriter],
    ) -> None:
        try:
            while data := await source.read(CHUNK):
                sink.write(data)
                await sink.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            # One side ended: end the other too, as a real path would.
            self._links.discard(link)
            for writer in link:
                with contextlib.suppress(Exception):
                    writer.transport.abort()
