"""``--headless``: the console's session and control socket, without a screen.

For scripts and servers: ``jitsi-tui --demo --headless &`` then ``jitsi-tui ctl ...``. State
changes and failures are logged to stderr; SIGINT/SIGTERM end it cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

from tui.config.settings import WorkshopSettings
from tui.control.server import ControlServer
from tui.model.commands import describe
from tui.model.conference import ConnectionState
from tui.model.gateway import ConferenceGateway, ConnectError
from tui.session import Change, ConsoleSession
from tui.workshop.parts import build as build_workshop

log = logging.getLogger("jitsi-tui")
TICK_SECONDS = 1.0


async def run_headless(
    gateway: ConferenceGateway,
    socket_path: Path | None = None,
    *,
    session: ConsoleSession | None = None,
    read_only: bool = False,
    workshop: WorkshopSettings | None = None,
) -> int:
    """Serve ``gateway`` on the control socket until a signal arrives; returns an exit code.

    ``session``: already joined (a live meeting joins before this, so that a failure to join
    is one line); ``None`` joins here (the demo). ``read_only``: refuse every change
    (``--read-only``; a joined session carries its own). ``workshop``: ``[workshop]``.
    """
    joined = session is not None
    session = session or ConsoleSession(gateway, read_only=read_only)
    parts = build_workshop(session, settings=workshop)
    server = ControlServer(session, socket_path, parts.ops)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)

    last_state = [session.conference.connection]

    def report(change: Change) -> None:
        conference = change.conference
        if conference.connection is not last_state[0]:
            last_state[0] = conference.connection
            log.info("connection: %s %s", conference.connection.value, conference.connection_detail)
        for command in change.confirmed:
            log.info("confirmed: %s", describe(command, conference))
        for command, reason in change.failed:
            log.warning("failed: %s: %s", describe(command, conference), reason)

    session.subscribe(report)
    try:
        await server.start()
    except OSError as exc:
        log.error("no control socket: %s", exc)
        await session.disconnect()
        return 1
    log.info("control socket: %s", server.path)
    await parts.start()
    try:
        if not joined:
            try:
                await session.connect()
            except ConnectError as exc:
                print(f"jitsi-tui: could not join: {exc}", file=sys.stderr)
                return 1
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_SECONDS)
            session.tick()
        # Stopped by a signal: the status says whether the meeting was lost on the way.
        lost = session.conference.connection in (
            ConnectionState.DISCONNECTED,
            ConnectionState.ENDED,
        )
    finally:
        await parts.stop()
        await server.stop()
        await session.disconnect()
    return 1 if lost else 0
