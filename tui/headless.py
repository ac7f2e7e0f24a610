"""``--headless``: the console's session and control socket, without a screen.

For scripts and servers: ``jitsi-tui --demo --headless &`` then ``jitsi-tui ctl ...``. State
changes and failures are logged to stderr; SIGINT/SIGTERM end it cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from pathlib import Path

from tui.control.server import ControlServer
from tui.model.commands import describe
from tui.model.gateway import ConferenceGateway, ConnectError
from tui.session import Change, ConsoleSession

log = logging.getLogger("jitsi-tui")
TICK_SECONDS = 1.0


async def run_headless(gateway: ConferenceGateway, socket_path: Path | None = None) -> int:
    """Serve ``gateway`` on the control socket until a signal arrives; returns an exit code."""
    session = ConsoleSession(gateway)
    server = ControlServer(session, socket_path)
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
        return 1
    log.info("control socket: %s", server.path)
    try:
        try:
            await session.connect()
        except ConnectError as exc:
            log.error("could not join: %s", exc)
            return 1
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_SECONDS)
            session.tick()
    finally:
        await server.stop()
        await session.disconnect()
    return 0
