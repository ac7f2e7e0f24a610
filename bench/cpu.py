"""CPU of the console in a large meeting under a steady trickle of presence changes.

Every figure is the CPU time (user + system, all threads, from ``/proc/PID/stat``) that one
process used during a window while :mod:`bench.replay` — a scripted Jitsi deployment in a
process of its own — sent RATE presence changes a second to a meeting of N people, divided by
the window's wall time: the share of one core. The window starts after the join storm has been
taken in (the process's CPU has gone quiet) and one more second of the stream.

What is measured, each against the same server, stream and window:

* ``floor`` — slixmpp alone: a ``ClientXMPP`` (the project's ``WebSocketXMPP``, because slixmpp
  has no WebSocket transport of its own; no presence lane) that logs in, joins the room and
  hands every presence to one handler that counts it.
* ``headless`` — the console without a screen: ``jitsi-tui URL --headless``, i.e. the real
  gateway path (config.js discovery, login, jicofo, MUC join, presence lane), the session and
  the model, and the control socket.
* ``app`` — the console as a user runs it: ``jitsi-tui URL`` in a pseudo-terminal of 120×40
  (Textual's real driver, rendering every frame into the pty, which the benchmark reads and
  throws away), everything ``headless`` does plus the UI.

``python -m bench.cpu floor URL`` is the floor's client (used by :func:`measure`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element

from bench.stream import DOMAIN, MUC, ROOM

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("floor", "headless", "app")
SIZE = (120, 40)
QUIET = 0.10
"""The join storm counts as taken in once a half-second used less than this share of a core."""


@dataclass(frozen=True)
class CpuFigure:
    """One process's CPU during the window."""

    kind: str
    n: int
    rate: float
    share: float
    """CPU seconds per wall second (1.0 = one core busy)."""
    window: float
    """Wall seconds of the window."""
    sent: int
    """Presence changes the server sent from ``go`` to ``stop`` (window plus the second before)."""
    settle: float
    """Seconds from the server sending the join until the process went quiet."""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


class _Drain:
    """Reads a pty's output and drops it, so the app never blocks on a full terminal."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.bytes = 0

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.bytes += len(os.read(self.fd, 65536))
                except OSError:
                    return


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_RUNTIME_DIR=str(home),
        TERM="xterm-256color",
        COLUMNS=str(SIZE[0]),
        LINES=str(SIZE[1]),
        PYTHONPATH=str(ROOT),
    )
    return env


def _start(kind: str, url: str, home: Path) -> tuple[subprocess.Popen[bytes], _Drain | None]:
    python = sys.executable
    socket_path = str(home / "ctl.sock")
    if kind == "floor":
        argv = [python, "-m", "bench.cpu", "floor", url]
    elif kind == "headless":
        argv = [python, "-m", "tui", url, "--headless", "--socket", socket_path]
    else:
        argv = [python, "-m", "tui", url, "--socket", socket_path]
    if kind != "app":
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        return proc, None
    controller, terminal = pty.openpty()
    termios.tcsetwinsize(terminal, (SIZE[1], SIZE[0]))
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=_env(home),
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,  # Textual draws on stderr
        start_new_session=True,
    )
    os.close(terminal)
    return proc, _Drain(controller)


def _wait(seconds: float, drain: _Drain | None) -> None:
    if drain is not None:
        drain.pump(seconds)
    else:
        time.sleep(seconds)


def _line(stream: IO[str], timeout: float, drain: _Drain | None) -> dict[str, Any]:
    """The server's next JSON line, keeping the pty drained meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.05)
        if ready:
            line = stream.readline()
            if not line:
                raise RuntimeError("the replay server ended")
            result: dict[str, Any] = json.loads(line)
            return result
        _wait(0.05, drain)
    raise TimeoutError(f"no word from the replay server within {timeout:g} s")


def measure(kind: str, n: int, rate: float = 20.0, window: float = 20.0) -> CpuFigure:
    """CPU share of one core that ``kind`` (see :data:`KINDS`) uses at ``n`` people."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.replay", str(n), str(rate)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    with tempfile.TemporaryDirectory(prefix="jitsi-tui-cpu-") as tmp:
        proc, drain = _start(kind, _line(server.stdout, 30, None)["url"], Path(tmp))
        try:
            _line(server.stdout, 120, drain)  # {"joined": true}: the storm is on its way
            joined = time.monotonic()
            last = _cpu_seconds(proc.pid)
            while time.monotonic() - joined < 300:
                _wait(0.5, drain)
                now = _cpu_seconds(proc.pid)
                if now - last < QUIET * 0.5 and time.monotonic() - joined >= 1.0:
                    break
                last = now
            settle = time.monotonic() - joined
            server.stdin.write("go\n")
            server.stdin.flush()
            _wait(1.0, drain)
            cpu0, wall0 = _cpu_seconds(proc.pid), time.monotonic()
            _wait(window, drain)
            cpu1, wall1 = _cpu_seconds(proc.pid), time.monotonic()
            if proc.poll() is not None:
                raise RuntimeError(f"{kind} exited during the window ({proc.returncode})")
            server.stdin.write("stop\n")
            server.stdin.flush()
            sent = int(_line(server.stdout, 30, drain)["sent"])
        finally:
            _stop(proc)
            if drain is not None:
                os.close(drain.fd)
            server.stdin.close()
            server.wait(timeout=30)
    return CpuFigure(kind, n, rate, (cpu1 - cpu0) / (wall1 - wall0), wall1 - wall0, sent, settle)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# -- the floor's client ---------------------------------------------------------------------------


async def _floor(url: str) -> None:
    """slixmpp alone in the meeting: login, join, one handler counting presences."""
    from urllib.parse import urlsplit

    from tui.jitsi.xmpp import WebSocketXMPP

    parts = urlsplit(url)
    xmpp = WebSocketXMPP(DOMAIN, endpoint=f"ws://{parts.netloc}/xmpp-websocket", room=ROOM)
    seen = [0]

    def counted(_presence: Any) -> None:
        seen[0] += 1

    xmpp.add_event_handler("presence", counted)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await xmpp.start_session()
    join = xmpp.make_presence(pto=f"{ROOM}@{MUC}/f1002a3b")
    join.append(Element("{http://jabber.org/protocol/muc}x"))
    xmpp.send(join)
    await stop.wait()
    with contextlib.suppress(Exception):
        await xmpp.hang_up()


if __name__ == "__main__":
    if sys.argv[1:2] == ["floor"]:
        asyncio.run(_floor(sys.argv[2]))
    else:
        size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
        for kind in KINDS:
            print(measure(kind, size, window=float(sys.argv[2]) if len(sys.argv) > 2 else 5.0))
