"""``jitsi-tui ctl`` against ``jitsi-tui <meeting-url> --headless`` in another process.

Server behaviour checked: the headless console joins the stack's meeting through config.js
discovery (first joiner: auto-owner makes it moderator), lists the real web participants, and
``ctl`` exits 0 only once the breakout component's update confirmed the change, by which time
the web participant has really moved rooms. A change the console refuses exits 1 with the
reason; a meeting URL nobody serves ends the headless console with one sentence, no traceback.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import fresh_room
from tests.stack.focus import JitsiStack
from tests.stack.server import free_port
from tests.stack.webclient import leave_all, spawn

pytestmark = pytest.mark.stack


def _env(tmp_path: Path) -> dict[str, str]:
    # No user config file and no JITSI_TUI_* settings from the developer's shell.
    env = {k: v for k, v in os.environ.items() if not k.startswith("JITSI_TUI_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


async def _run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    """Run ``jitsi-tui ARGS`` without blocking the loop the web participants live in."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=_env(tmp_path),
    )
    async with asyncio.timeout(30):
        out, err = await proc.communicate()
    return proc.returncode or 0, out.decode(), err.decode()


async def _ask(sock: Path, request: dict[str, Any]) -> dict[str, Any]:
    reader, writer = await asyncio.open_unix_connection(str(sock))
    try:
        writer.write(json.dumps(request).encode() + b"\n")
        await writer.drain()
        answer: dict[str, Any] = json.loads(await reader.readline())
        return answer
    finally:
        writer.close()


async def _listing_until(
    sock: Path, condition: Callable[[dict[str, Any]], bool], timeout: float = 10.0
) -> dict[str, Any]:
    # Another process's state: poll its socket, bounded.
    async with asyncio.timeout(timeout):
        while True:
            try:
                listing = await _ask(sock, {"op": "list"})
                if condition(listing):
                    return listing
            except (OSError, ValueError):
                pass  # not listening yet
            await asyncio.sleep(0.05)


@pytest.fixture
async def headless(tmp_path: Path, jitsi_stack: JitsiStack) -> AsyncIterator[tuple[Path, str]]:
    room = fresh_room("ctl")
    sock = tmp_path / "run" / "control.sock"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui",
        jitsi_stack.prosody.meeting_url(room),
        "--headless",
        "--socket",
        str(sock),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=_env(tmp_path),
    )
    try:
        try:
            await _listing_until(sock, lambda s: s["connection"] == "connected" and s["moderator"])
        except TimeoutError:
            proc.kill()
            _, err = await proc.communicate()
            raise AssertionError(f"the headless console did not join: {err.decode()}") from None
        yield sock, room
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            async with asyncio.timeout(10):
                await proc.wait()


async def test_ctl_lists_adds_moves_and_refuses(
    headless: tuple[Path, str], jitsi_stack: JitsiStack, tmp_path: Path
) -> None:
    sock, room = headless
    prosody = jitsi_stack.prosody
    guests = await spawn(prosody, room, 3, name="Remote")
    try:
        names = {g.display_name for g in guests}
        await _listing_until(sock, lambda s: names <= {p["name"] for p in s["participants"]})

        code, out, err = await _run(tmp_path, "ctl", "--socket", str(sock), "list", "--json")
        assert code == 0, err
        listing = json.loads(out)
        shown = {p["name"]: p for p in listing["participants"]}
        assert names <= set(shown)
        assert all(shown[g.display_name]["id"] == g.nick for g in guests)
        assert listing["moderator"] is True

        code, out, err = await _run(tmp_path, "ctl", "--socket", str(sock), "add-room", "Team X")
        assert (code, out.strip()) == (0, "done: 1 change confirmed by the server"), err
        rooms = (await _ask(sock, {"op": "list"}))["rooms"]
        [team] = [r for r in rooms if r["name"] == "Team X"]
        team_jid = f"{team['id']}@{prosody.breakout_muc}"

        mover = guests[1]
        code, out, err = await _run(
            tmp_path, "ctl", "--socket", str(sock), "move", mover.display_name, "--to", "Team X"
        )
        assert (code, out.strip()) == (0, "done: 1 change confirmed by the server"), err
        assert mover.room == team_jid  # exit 0 came after the real move
        assert all(g.room == f"{room}@{prosody.muc}" for g in guests if g is not mover)

        code, out, err = await _run(
            tmp_path, "ctl", "--socket", str(sock), "move", mover.display_name, "--to", "Team X"
        )
        assert code == 1
        assert err.strip() == f"jitsi-tui ctl: {mover.display_name} is already in Team X"
        assert mover.moves == [team_jid]  # nothing was sent
    finally:
        await leave_all(guests)


async def test_headless_console_on_an_unreachable_url_says_one_sentence(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/standup"
    code, _, err = await _run(tmp_path, url, "--headless", "--socket", str(tmp_path / "c.sock"))
    assert code == 1
    assert "Traceback" not in err
    assert "could not join: cannot reach 127.0.0.1:" in err
