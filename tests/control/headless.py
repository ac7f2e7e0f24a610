"""A ``--demo --headless`` console in another process, up once its control socket says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tui.control.client import exchange

START_SECONDS = 20
"""How long the console may take to come up on a busy machine."""


@contextmanager
def headless_console(
    sock: Path, *args: str, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Run ``tui --demo --headless ARGS --socket SOCK`` until the block ends (then Ctrl+C).

    ``env`` is added to this process's environment.
    """
    command = [sys.executable, "-m", "tui", "--demo", "--headless", *args, "--socket", str(sock)]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=None if env is None else {**os.environ, **env},
    )
    try:
        _until_connected(sock, proc)
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        finally:
            proc.kill()


def _until_connected(sock: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if sock.exists():
            try:
                if exchange(sock, {"op": "list"}, timeout=5).get("connection") == "connected":
                    return
            except OSError:
                pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _, err = proc.communicate()
            raise AssertionError(f"headless console did not come up: {err}")
        time.sleep(0.05)
