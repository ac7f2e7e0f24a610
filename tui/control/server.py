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

Where the socket lives and whom it serves is :mod:`tui.control.runtime`'s business: a private
directory checked before use, a 0600 socket, and a peer-credential check on every connection.
Requests are hostile input too: a line is at most :data:`MAX_REQUEST` bytes, strict UTF-8 JSON,
nested at most :data:`MAX_NESTING` deep, with fields of the documented types; anything else gets
one error answer, and no request can end the server.

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
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from tui.control import runtime
from tui.control.requests import intent_for, snapshot_json
from tui.control.runtime import default_socket_path
from tui.session import Change, ConsoleSession

__all__ = [
    "MAX_NESTING",
    "MAX_REQUEST",
    "ControlServer",
    "ExtraOp",
    "default_socket_path",
    "parse_request",
]

log = logging.getLogger(__name__)
MAX_REQUEST = 64 * 1024
"""Longest request line in bytes (a ``move`` of 1,000 ids is ~20 KB)."""
MAX_NESTING = 4
"""Deepest nesting a request may have: an object holding lists of names is 2."""

ExtraOp = Callable[[Mapping[str, Any]], Awaitable[dict[str, Any]]]
"""A verb served beside the gateway's (the workshop's ``timer``, ``plan``, ...): it gets the
request (the fields below type-checked, any other field its own to check) and returns the answer."""

_TEXT_FIELDS = ("op", "name", "room", "to", "media", "reason", "text", "password")
_LIST_FIELDS = ("who", "rooms")
_FLAG_FIELDS = ("enabled", "allow", "grant", "progress")


def _depth(value: Any) -> int:
    """Nesting depth of a decoded JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_NESTING:  # deeper is refused anyway: stop counting
                stack.extend(
                    (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def parse_request(line: bytes) -> dict[str, Any]:
    """One request line → the request object, with its fields' types checked.

    Raises:
        ValueError: one line saying what is wrong (never echoing the request).
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("a request is UTF-8 text") from None
    try:
        request = json.loads(text)
    except RecursionError:
        raise ValueError(f"a request is nested at most {MAX_NESTING} deep") from None
    except ValueError as exc:
        raise ValueError(f"not JSON ({str(exc).splitlines()[0][:80]})") from None
    if not isinstance(request, dict):
        raise ValueError("a request is a JSON object")
    if _depth(request) > MAX_NESTING:
        raise ValueError(f"a request is nested at most {MAX_NESTING} deep")
    for key in _TEXT_FIELDS:
        if request.get(key) is not None and not isinstance(request[key], str):
            raise ValueError(f"{key!r} must be a string")
    if not isinstance(request.get("op"), str):
        raise ValueError("a request names its 'op'")
    for key in _LIST_FIELDS:
        value = request.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise ValueError(f"{key!r} must be a list of strings")
    for key in _FLAG_FIELDS:
        if request.get(key) is not None and not isinstance(request[key], bool):
            raise ValueError(f"{key!r} must be true or false")
    return request


class ControlServer:
    """Serves the control socket for one session."""

    def __init__(
        self,
        session: ConsoleSession,
        path: Path | None = None,
        ops: Mapping[str, ExtraOp] | None = None,
    ) -> None:
        """Prepare to listen at ``path`` (default :func:`default_socket_path`).

        ``ops``: more verbs by name (the workshop's), answered before the gateway's.
        """
        self.session = session
        self._ops = dict(ops or {})
        self._named = path is not None
        self.path = path or default_socket_path()
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        """Create the socket, readable and writable by this user only.

        Raises:
            OSError: one line: the directory is not safe (:class:`runtime.UnsafeSocketPath`),
                something else is at the path, or another console listens there.
        """
        if self._named:
            # The user's own directory: created if missing, never chmod-ed, but it must not let
            # other users swap the socket (tui.control.runtime.check_parent).
            try:
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise runtime.UnsafeSocketPath(
                    f"cannot create {self.path.parent}: {exc.strerror or exc}"
                ) from None
            runtime.check_parent(self.path.parent)
        else:
            runtime.make_private_dir(self.path.parent)
        if runtime.check_socket_file(self.path):
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
            stranger = runtime.foreign_peer(writer.get_extra_info("socket"))
            if stranger is not None:
                log.warning("control socket: refused a connection from uid %d", stranger)
                await _reply(writer, {"ok": False, "error": "this console belongs to another user"})
                return
            while True:
                try:
                    line = await reader.readuntil(b"\n")
                except asyncio.IncompleteReadError as exc:  # the client ended the stream
                    if exc.partial.strip():
                        await _reply(writer, await self.answer(exc.partial))
                    return
                except asyncio.LimitOverrunError as exc:
                    error = f"bad request: longer than {MAX_REQUEST // 1024} KiB"
                    await _reply(writer, {"ok": False, "error": error})
                    # Skip to the next line, so a client still sending reads the answer instead
                    # of a broken pipe; a line without end closes the connection.
                    if not await _skip_line(reader, exc.consumed):
                        return
                    continue

                def progress(text: str) -> None:  # sent while the request runs: no drain
                    writer.write(_line({"progress": text}))

                await _reply(writer, await self.answer(line, progress))
        except ConnectionError as exc:
            log.info("control client dropped: %s", exc)
        finally:
            writer.close()

    async def answer(
        self, line: bytes, progress: Callable[[str], None] | None = None
    ) -> dict[str, Any]:
        """One request line → one answer object (and ``progress`` lines, when asked for)."""
        try:
            request = parse_request(line)
        except ValueError as exc:
            return {"ok": False, "error": f"bad request: {exc}"}
        try:
            return await self._act(request, progress)
        except Exception:  # a bug must cost one request, not the console's socket
            log.exception("control request %r failed unexpectedly", request.get("op"))
            return {"ok": False, "error": "internal error (see the console's log)"}

    async def _act(
        self, request: dict[str, Any], progress: Callable[[str], None] | None
    ) -> dict[str, Any]:
        conference = self.session.conference
        if request.get("op") == "list":
            return {"ok": True, **snapshot_json(conference)}
        extra = self._ops.get(request["op"])
        if extra is not None:
            return await extra(request)
        try:
            intent = intent_for(conference, request)
        except ValueError as exc:  # ResolveError is a ValueError
            return {"ok": False, "error": str(exc)}
        unsubscribe = None
        if progress is not None and request.get("progress") is True:
            unsubscribe = self.session.subscribe(_Reporter(self.session, progress))
        try:
            outcome = await self.session.perform(intent)
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


MAX_SKIPPED = 16 * 1024 * 1024
"""Bytes of an over-long request line read and dropped before the connection is closed."""


async def _skip_line(reader: asyncio.StreamReader, consumed: int) -> bool:
    """Drop the rest of an over-long line; ``False`` if it does not end soon enough."""
    skipped = 0
    while True:
        skipped += consumed
        if skipped > MAX_SKIPPED:
            return False
        try:
            await reader.readexactly(consumed)  # holds no newline (asyncio's own guarantee)
            await reader.readuntil(b"\n")
            return True
        except asyncio.IncompleteReadError:
            return False
        except asyncio.LimitOverrunError as exc:
            consumed = exc.consumed


def _line(message: dict[str, Any]) -> bytes:
    """One message on the wire: ASCII JSON (a lone surrogate cannot break the encoding)."""
    return json.dumps(message, ensure_ascii=True).encode() + b"\n"


async def _reply(writer: asyncio.StreamWriter, answer: dict[str, Any]) -> None:
    writer.write(_line(answer))
    await writer.drain()


async def _alive(path: Path) -> bool:
    try:
        _, writer = await asyncio.open_unix_connection(str(path))
    except OSError:
        return False
    writer.close()
    return True
