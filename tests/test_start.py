"""Starting the console as a user would: a failed start is one line, not a dead screen.

Real subprocesses, so what is checked is what a shell sees: the exit status, what reaches the
terminal, and whether the full-screen UI ever took the terminal over (it switches to the
alternate screen with ``ESC [ ? 1049 h``). Nothing here leaves loopback: the refused port is
127.0.0.1:9 and the "no Jitsi here" server is a loopback HTTP server of this test.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import pty
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import console as cli

ROOT = Path(__file__).resolve().parents[1]
ALT_SCREEN = b"\x1b[?1049h"
CTL = [sys.executable, "-m", "tui", "ctl"]
DEMO_1000 = [sys.executable, "-m", "tui", "--demo", "--participants", "1000", "--seed", "1"]
HANG_GUARD = 90.0
"""Seconds after which a start that never ends is killed (the bug was: it runs forever)."""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JITSI_TUI")}
    env.update(
        PYTHONPATH=str(ROOT),
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_RUNTIME_DIR=str(home / "run"),
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
    )
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def _in_a_terminal(args: list[str], home: Path) -> tuple[int, bytes]:
    """Run ``jitsi-tui ARGS`` on a pseudo-terminal (80x24); its exit status and output."""
    master, slave = pty.openpty()
    with contextlib.suppress(OSError):
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(home),
        start_new_session=True,
    )
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + HANG_GUARD
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk and proc.poll() is not None:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                shown = bytes(out)[:200]
                pytest.fail(f"still running after {HANG_GUARD:.0f} s; it showed: {shown!r}")
    finally:
        os.close(master)
    return proc.wait(), bytes(out)


@contextlib.contextmanager
def _not_jitsi() -> Iterator[str]:
    """A loopback web server that answers every path with some other site's page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><body>Welcome to my blog</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/room"
    finally:
        server.shutdown()
        server.server_close()


def _lines(output: bytes) -> list[str]:
    return [line for line in output.decode(errors="replace").splitlines() if line.strip()]


@pytest.mark.parametrize("target", ["refused", "not-jitsi"])
def test_a_meeting_that_cannot_be_joined_fails_before_the_screen_opens(
    target: str, tmp_path: Path
) -> None:
    with _not_jitsi() as other_site:
        url = "http://127.0.0.1:9/room" if target == "refused" else other_site
        code, output = _in_a_terminal([url, "--socket", str(tmp_path / "run" / "s")], tmp_path)
    assert ALT_SCREEN not in output, "the full-screen UI opened for a meeting it never joined"
    assert code == cli.EXIT_ERROR
    lines = _lines(output)
    assert lines[0].startswith("Connecting to 127.0.0.1"), lines
    assert len(lines) == 2, f"progress, then one line with the reason: {lines}"
    assert lines[1].startswith("jitsi-tui: could not join") and "Traceback" not in lines[1]


def test_an_unresolvable_host_fails_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``https://nonexistent.invalid/x``, with the resolver stubbed (nothing is looked up)."""

    def no_such_name(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    socket_path = str(tmp_path / "s")
    code = cli.main(["https://nonexistent.invalid/x", "--headless", "--socket", socket_path])
    err = capsys.readouterr().err
    assert code == cli.EXIT_ERROR
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0] == "Connecting to nonexistent.invalid…"
    assert len(lines) == 2 and lines[1].startswith("jitsi-tui: could not join"), lines
    assert "nonexistent.invalid" in lines[1]


def test_headless_failure_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: PLW1510 -- the status is what is checked
        [sys.executable, "-m", "tui", "http://127.0.0.1:9/room", "--headless"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=HANG_GUARD,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == cli.EXIT_ERROR
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 2, lines
    assert lines[1].startswith("jitsi-tui: could not join")


@pytest.mark.parametrize("args", [["--demo"], ["http://127.0.0.1:9/room"]])
def test_without_a_terminal_it_points_at_headless_and_ctl(args: list[str], tmp_path: Path) -> None:
    """stdin and stdout are pipes (a cron job, a script): no full-screen UI, no waiting."""
    result = subprocess.run(  # noqa: PLW1510 -- the status is what is checked
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        env=_env(tmp_path),
        timeout=HANG_GUARD,
        stdin=subprocess.PIPE,
    )
    assert result.returncode == cli.EXIT_USAGE
    assert ALT_SCREEN not in result.stdout and result.stdout == b""
    lines = _lines(result.stderr)
    assert len(lines) == 1, lines
    assert "--headless" in lines[0] and "ctl" in lines[0]


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``jitsi-tui ctl list | head -1`` on a 1,000-person meeting: no crash, no traceback."""
    env = _env(tmp_path)
    sock = tmp_path / "run" / "console.sock"
    server = subprocess.Popen(
        [*DEMO_1000, "--headless", "--socket", str(sock)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        listed = 0
        deadline = time.monotonic() + HANG_GUARD
        while listed < 1000 and time.monotonic() < deadline:
            probe = subprocess.run(  # noqa: PLW1510 -- the status is what is checked
                [*CTL, "--socket", str(sock), "list", "participants"],
                capture_output=True,
                text=True,
                env=env,
                timeout=HANG_GUARD,
            )
            listed = len(probe.stdout.splitlines())
            time.sleep(0.2)
        assert listed >= 1000, "the demo meeting never filled up"
        shell = subprocess.run(  # noqa: PLW1510 -- the status is what is checked
            ["sh", "-c", f'"{sys.executable}" -m tui ctl --socket "{sock}" list | head -1'],
            capture_output=True,
            text=True,
            env=env,
            timeout=HANG_GUARD,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=HANG_GUARD)
    assert len(shell.stdout.splitlines()) == 1
    assert shell.stderr == "", shell.stderr


async def test_a_locked_meeting_asks_in_the_terminal_before_the_screen() -> None:
    from tests.ui.test_locked_join import LockedGateway
    from tui.jitsi.launch import Relay, join_before_screen
    from tui.model.conference import ConnectionState
    from tui.session import ConsoleSession

    said: list[str] = []
    gateway = LockedGateway()
    session = ConsoleSession(gateway)
    error = await join_before_screen(session, Relay(session.handle), said.append, lambda: "sesam")
    assert error is None and gateway.attempts == 2
    assert session.conference.connection is ConnectionState.CONNECTED
    assert said == ["Connecting to fake…"]


async def test_a_locked_meeting_without_a_password_is_one_reason() -> None:
    from tests.ui.test_locked_join import LockedGateway
    from tui.jitsi.launch import Relay, join_before_screen
    from tui.session import ConsoleSession

    session = ConsoleSession(LockedGateway())
    refused = await join_before_screen(session, Relay(session.handle), print, lambda: None)
    headless = await join_before_screen(session, Relay(session.handle), print, None)
    assert refused is not None and "no password was given" in str(refused)
    assert headless is not None and "locked with a password" in str(headless)


async def test_headless_says_it_failed_when_the_meeting_was_lost(tmp_path: Path) -> None:
    """``--headless`` stopped after the meeting was lost exits 1, not 0."""
    import asyncio

    from tests.ui.fakes import FakeGateway
    from tui.headless import run_headless
    from tui.model.conference import ConnectionState
    from tui.model.events import ConnectionChanged

    gateway = FakeGateway()
    loop = asyncio.get_running_loop()

    def lose_then_stop() -> None:
        gateway.emit(ConnectionChanged(ConnectionState.ENDED, "the meeting was ended"))
        loop.call_later(0.05, os.kill, os.getpid(), signal.SIGTERM)

    loop.call_later(0.2, lose_then_stop)
    assert await run_headless(gateway, tmp_path / "s") == cli.EXIT_ERROR


@pytest.mark.parametrize("args", [["--demo"], ["http://127.0.0.1:9/room"]])
def test_a_log_that_would_not_be_private_is_one_line_before_anything(
    args: list[str], tmp_path: Path
) -> None:
    """A log file that is a symlink (someone else's trap) stops both the demo and a live start."""
    env = _env(tmp_path)
    (tmp_path / "state" / "jitsi-tui").mkdir(parents=True, mode=0o700)
    (tmp_path / "state" / "jitsi-tui" / "jitsi-tui.log").symlink_to(tmp_path / "elsewhere")
    result = subprocess.run(  # noqa: PLW1510 -- the status is what is checked
        [sys.executable, "-m", "tui", *args, "--headless"],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG_GUARD,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == cli.EXIT_ERROR
    assert result.stderr.count("\n") == 1 and "log file" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "elsewhere").exists()
