"""The control socket's client side: send one request to a console of ours, read its answer.

Used by ``jitsi-tui ctl`` (:mod:`tui.cli.ctl`, the command line's front end). Before anything
is sent the peer's uid is checked (:func:`tui.control.runtime.foreign_peer`): a password never
goes to another user's process. Progress lines of a bulk action are shown on stderr as they
come; the answer is the first line holding ``ok``.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

from tui.control import runtime
from tui.model.text import safe_text

WAIT_SECONDS = 60.0
MAX_ANSWER = 64 * 1024 * 1024
"""Largest answer read (a listing of 1,000 people is ~1 MB); more is not a console of ours."""


def exchange(path: Path, request: dict[str, Any], timeout: float = WAIT_SECONDS) -> dict[str, Any]:
    """Send one request and read one answer.

    Raises:
        OSError: Nobody listens on ``path``; :class:`runtime.UnsafeSocketPath` when another
            user's process does (then nothing was sent).
        ValueError: The answer is not one JSON object (or is absurdly large).
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)  # per read: progress lines keep a long bulk action alive
        sock.connect(str(path))
        stranger = runtime.foreign_peer(sock)
        if stranger is not None:
            raise runtime.UnsafeSocketPath(
                f"the console on {path} runs as uid {stranger}, not you; sent nothing"
            )
        sock.sendall(json.dumps(request).encode() + b"\n")
        pending = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                answer = _answer_from(line)
                if "ok" in answer:
                    return answer
                if isinstance(answer.get("progress"), str):  # a bulk action's running count
                    print(safe_text(answer["progress"], 200), file=sys.stderr, flush=True)
            if len(pending) > MAX_ANSWER:
                raise ValueError("the answer is too large to come from a console")
    raise ValueError("the console closed the socket without an answer")


def _answer_from(line: bytes) -> dict[str, Any]:
    """One line of the console's answer as a JSON object; anything else is a ValueError."""
    try:
        answer = json.loads(line)
    except RecursionError:
        raise ValueError("the console sent something that is not an answer") from None
    if not isinstance(answer, dict):
        raise ValueError("the console sent something that is not an answer")
    return answer
