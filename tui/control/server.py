"""The control socket a running console listens on (user-only permissions).

One JSON object per line each way. Requests::

    {"op": "list"}
    {"op": "add-room", "name": "Group A"}
    {"op": "rename-room", "room": "Group A", "name": "Group B"}
    {"op": "remove-room" | "close-room", "room": "Group A"}
    {"op": "close-all"} / {"op": "auto-assign"} / {"op": "call-back"}
    {"op": "move", "who": ["Anna", "a1b2c3d4"], "to": "Group A"}

Every answer has ``ok``; failures carry ``error``. An action answers only once the server
confirmed it (or refused it, or the confirmation timed out), so ``ok`` means "it happened".
A request with ``"progress": true`` first gets lines ``{"progress": "moving 412 of 1,000"}``
(at most two a second) while a bulk action runs; the answer is the line with ``ok``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.control.requests import intent_for, snapshot_json
from tui.session import Change, ConsoleSession

log = logging.getLogger(__name__)
MAX_REQUEST = 64 * 1024


def default_socket_path() -> Path:
    """``$XDG_RUNTIME_DIR/jitsi-tui/control.sock``, else a per-user directory under /tmp."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path("/tmp") / f"jitsi-tui-{os.getuid()}"
    return base / "jitsi-tui" / "control.sock" if runtime else base / "control.sock"


class ControlServer:
    """Serves the control socket for one session."""

    def __init__(self, session: ConsoleSession, path: Path | None = None) -> None:
        """Prepare to listen at ``path`` (default :func:`default_socket_path`)."""
        self.session = session
        self.path = path or default_socket_path()
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        """Create the socket, readable and writable by this user only."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.path.parent, 0o700)
        if self.path.exists():
            if await _alive(self.path):
                raise OSError(f"another console already listens on {self.path}")
            self.path.unlink()
        old_umask = os.umask(0o177)  # the socket is born 0600: no window where others can connect
        try:
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(self.path), limit=MAX_REQUEST
            )
        finally:
            os.umask(old_umask)

    async def stop(self) -> None:
        """Close the socket and remove its file."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():

                def progress(text: str) -> None:
                    writer.write(
                        json.dumps({"progress": text}, ensure_ascii=False).encode() + b"\n"
                    )

                answer = await self.answer(line, progress)
                writer.write(json.dumps(answer, ensure_ascii=False).encode() + b"\n")
                await writer.drain()
        except (ConnectionError, ValueError) as exc:  # ValueError: line over the limit
            log.info("control client dropped: %s", exc)
        finally:
            writer.close()

    async def answer(
        self, line: bytes, progress: Callable[[str], None] | None = None
    ) -> dict[str, Any]:
        """One request line → one answer object (and ``progress`` lines, when asked for)."""
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("a request is a JSON object")
        except ValueError as exc:
            return {"ok": False, "error": f"bad request: {exc}"}
        conference = self.session.conference
        if request.get("op") == "list":
            return {"ok": True, **snapshot_json(conference)}
        try:
            intent = intent_for(conference, request)
        except ValueError as exc:  # ResolveError is a ValueError
            return {"ok": False, "error": str(exc)}
        unsubscribe = None
        if progress is not None and request.get("progress") is True:
            unsubscribe = self.session.subscribe(_Reporter(self.session, progress))
        try:
            outcome = await self.session.request(intent)
        finally:
            if unsubscribe is not None:
                unsubscribe()
        if outcome.refused:
            return {"ok": False, "error": outcome.refused}
        summary = outcome.summary
        if outcome.failed:
            # one grouped line (landed, refused by reason, lost), not a reason per person
            reasons = summary.text() if summary else "; ".join(r for _, r in outcome.failed)
            return {
                "ok": False,
                "error": reasons,
                "confirmed": len(outcome.confirmed),
                "failed": len(outcome.failed),
            }
        answer: dict[str, Any] = {"ok": True, "confirmed": len(outcome.confirmed)}
        if summary is not None and summary.total > 1:
            answer["summary"] = summary.text()
        return answer


class _Reporter:
    """Passes the session's bulk progress on, at most every half second, when it changed."""

    def __init__(self, session: ConsoleSession, progress: Callable[[str], None]) -> None:
        self._session = session
        self._progress = progress
        self._said = ""
        self._at = 0.0

    def __call__(self, change: Change) -> None:
        del change
        text = " · ".join(p.text() for p in self._session.progress)
        now = time.monotonic()
        if text and text != self._said and now - self._at >= 0.5:
            self._said, self._at = text, now
            self._progress(text)


async def _alive(path: Path) -> bool:
    try:
        _, writer = await asyncio.open_unix_connection(str(path))
    except OSError:
        return False
    writer.close()
    return True
