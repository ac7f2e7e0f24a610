"""Start-up: ``jitsi-tui --help`` (lazy imports) and ``--demo`` until the first frame is drawn.

``--demo`` runs in a pseudo-terminal (120×40, xterm-256color) like a user's; the first paint
is when the terminal has received the console screen (its "Participants" pane title).
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("jitsi-tui"))
MARK = b"Participants"


def help_time(runs: int = 5) -> float:
    """Best wall-clock seconds of ``jitsi-tui --help``."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([CLI, "--help"], check=True, capture_output=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def demo_first_paint(timeout: float = 20.0) -> float:
    """Seconds from exec of ``jitsi-tui --demo`` to its first drawn console screen."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    env.pop("TEXTUAL", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [CLI, "--demo", "--seed", "1"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            seen = seen[-64:] + chunk
            if MARK in seen:
                elapsed = time.perf_counter() - start
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(leader)
    return elapsed


def demo_time(runs: int = 3) -> float:
    """Best of ``runs`` first paints."""
    return min(demo_first_paint() for _ in range(runs))


if __name__ == "__main__":
    print(f"--help {help_time():.3f} s, --demo first paint {demo_time():.3f} s")
