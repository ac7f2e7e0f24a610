"""The control socket trusts nobody's directory and nobody else's process (issue 11.3).

``ctl password`` sends a room password over the socket. Reproduced on main: ``--socket PATH``
chmod-ed the user's directory to 0700 (and failed in /tmp); the fallback /tmp/jitsi-tui-<uid>
was used whoever owned it; nothing asked the kernel who is on the other end. The tests pose as
another user by changing what :func:`tui.control.runtime.our_uid` answers (the suite may run as
root, for whom permissions mean nothing).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.control import runtime
from tui.control.client import exchange
from tui.control.server import ControlServer
from tui.session import ConsoleSession
from tui.sim.gateway import SimulatedConference


def sim_session() -> ConsoleSession:
    sim = SimulatedConference(participants=8, seed=3, activity=False, breakout_delay=0.0)
    return ConsoleSession(sim)


async def started(path: Path | None) -> ControlServer:
    server = ControlServer(sim_session(), path)
    await server.start()
    return server


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# -- --socket PATH: the user's directory is the user's --------------------------------------


async def test_a_named_directory_is_never_chmod_ed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    server = await started(home / "console.sock")
    try:
        assert mode(home) == 0o755  # main chmod-ed it to 0700
        assert mode(home / "console.sock") == 0o600
    finally:
        await server.stop()


async def test_a_sticky_shared_directory_works_and_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp, where main's chmod failed and there was no socket
    server = await started(shared / "console.sock")
    try:
        assert mode(shared) == 0o1777 and mode(shared / "console.sock") == 0o600
        answer = await asyncio.to_thread(exchange, shared / "console.sock", {"op": "list"}, 10)
        assert answer["ok"] is True
    finally:
        await server.stop()


async def test_a_directory_others_can_write_to_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # not sticky: anyone could swap the socket for theirs
    with pytest.raises(OSError, match="writable by other users") as info:
        await started(shared / "console.sock")
    assert "\n" not in str(info.value) and mode(shared) == 0o777


@pytest.mark.parametrize("kind", ["file", "symlink"])
async def test_something_else_at_the_socket_path_is_not_unlinked(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    path = tmp_path / "console.sock"
    if kind == "file":
        path.write_text("keep me too")
    else:
        path.symlink_to(target)
    with pytest.raises(OSError, match="not a socket"):
        await started(path)
    assert path.is_symlink() or path.read_text() == "keep me too"
    assert target.read_text() == "keep me"


# -- the default directory, checked by both ends ----------------------------------------------


@pytest.fixture
def runtime_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "run"
    base.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base))
    return base / "jitsi-tui"


async def test_the_default_directory_is_made_private(runtime_env: Path) -> None:
    server = await started(None)
    try:
        assert server.path == runtime_env / "control.sock"
        assert mode(runtime_env) == 0o700 and mode(server.path) == 0o600
    finally:
        await server.stop()


def _squat(directory: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``directory`` look like someone else got there first."""
    if how == "symlink":
        elsewhere = directory.parent / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        directory.symlink_to(elsewhere)
        return
    directory.mkdir(mode=0o700)
    if how == "open":
        directory.chmod(0o755)
    else:  # owned by another user: pose as someone else
        real = os.getuid()
        monkeypatch.setattr(runtime, "our_uid", lambda: real + 1000)


class Listener:
    """Another user's fake console: records whatever a client sends it."""

    def __init__(self, path: Path) -> None:
        self.received = b""
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(path))
        self.sock.listen()
        self.sock.settimeout(3)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(3)
            try:
                while chunk := conn.recv(65536):
                    self.received += chunk
                    conn.sendall(b'{"ok": true, "confirmed": 1}\n')
            except OSError:
                pass

    def close(self) -> None:
        self.sock.close()
        self.thread.join(5)


@pytest.mark.parametrize("how", ["other-owner", "open", "symlink"])
async def test_the_server_refuses_a_squatted_default_directory(
    runtime_env: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _squat(runtime_env, how, monkeypatch)
    with pytest.raises(OSError) as info:
        await started(None)
    assert str(runtime_env) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("how", ["other-owner", "open", "symlink"])
def test_ctl_sends_no_password_into_a_squatted_directory(
    runtime_env: Path, how: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tui.cli import ctl

    _squat(runtime_env, how, monkeypatch)
    listener = Listener(runtime_env / "control.sock")
    secret = tmp_path / "pw"
    secret.write_text("hunter2-room-password\n")
    try:
        code = ctl.main(["password", "--file", str(secret)])
    finally:
        listener.close()
    assert code != 0
    assert b"hunter2" not in listener.received and listener.received == b""


def test_ctl_sends_nothing_to_a_server_run_by_another_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import ctl

    path = tmp_path / "console.sock"
    listener = Listener(path)
    real = os.getuid()
    # The socket file is ours, but the kernel says the process behind it is someone else's.
    monkeypatch.setattr(runtime, "peer_uid", lambda sock: real + 1000)
    secret = tmp_path / "pw"
    secret.write_text("hunter2-room-password\n")
    try:
        code = ctl.main(["--socket", str(path), "password", "--file", str(secret)])
    finally:
        listener.close()
    assert code != 0 and listener.received == b""
    err = capsys.readouterr().err
    assert f"uid {real + 1000}" in err and err.count("\n") == 1


async def test_the_server_drops_other_users_with_a_log_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    server = await started(tmp_path / "console.sock")
    try:
        real = os.getuid()
        monkeypatch.setattr(runtime, "peer_uid", lambda sock: real + 1000)
        with caplog.at_level(logging.WARNING):
            reader, writer = await asyncio.open_unix_connection(str(server.path))
            writer.write(b'{"op": "list"}\n')
            answer = await reader.readline()
            writer.close()
        reply = json.loads(answer)
        assert reply["ok"] is False and "participants" not in reply
        assert any(f"uid {real + 1000}" in r.getMessage() for r in caplog.records)
        monkeypatch.undo()
        reader, writer = await asyncio.open_unix_connection(str(server.path))
        writer.write(b'{"op": "list"}\n')
        assert json.loads(await reader.readline())["ok"] is True  # still serving its owner
        writer.close()
    finally:
        await server.stop()


def test_the_real_peer_check_sees_our_own_uid(tmp_path: Path) -> None:
    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        assert runtime.peer_uid(a) in (os.getuid(), None)
        assert runtime.foreign_peer(a) is None


def test_ctl_and_headless_agree_on_the_default_path(runtime_env: Path) -> None:
    code = "from tui.control.runtime import default_socket_path; print(default_socket_path())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(runtime_env / "control.sock")


@pytest.fixture
def no_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    yield


def test_the_fallback_is_per_user_under_tmp(no_runtime_dir: None) -> None:
    assert runtime.default_socket_path() == Path(f"/tmp/jitsi-tui-{os.getuid()}/control.sock")
