"""End to end on the Prosody test stack: N web participants join; when does the console know?

The console is the real one minus the screen: ``WebSocketXMPP`` + ``JitsiClient`` into a
:class:`~tui.session.ConsoleSession`, over loopback WebSocket to Prosody. The load generator
(:mod:`bench.loadgen`) runs in another process with the stack. Reported per N: how long the
joins took, when the console's model listed all N, and the CPU each process used, which shows
where a 2-core machine saturates.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tui.jitsi.client import ClientSettings, JitsiClient
from tui.jitsi.xmpp import WebSocketXMPP
from tui.model.conference import Conference, Kind
from tui.session import ConsoleSession

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class EndToEnd:
    """Figures of one run (seconds; CPU in seconds of one core)."""

    n: int
    joins: float = 0.0
    console_all: float = 0.0
    lag_after_last_join: float = 0.0
    prosody_cpu: float = 0.0
    loadgen_cpu: float = 0.0
    console_cpu: float = 0.0
    error: str = ""


def _cpu(pid: int | None) -> float:
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


class _Gateway:
    """Only what ConsoleSession needs to start: the empty main room."""

    title = "e2e"

    def __init__(self, room: str, room_jid: str) -> None:
        self.room, self.room_jid = room, room_jid

    def initial(self) -> Conference:
        return Conference.empty(self.room, self.room_jid)


async def _run(n: int, concurrency: int, timeout: float) -> EndToEnd:
    result = EndToEnd(n)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.loadgen",
        str(n),
        str(concurrency),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        info = json.loads(await asyncio.wait_for(proc.stdout.readline(), 60))
        settings = ClientSettings(domain=info["domain"], muc=info["muc"], room=info["room"])
        session = ConsoleSession(_Gateway(info["room"], settings.room_jid))  # type: ignore[arg-type]
        xmpp = WebSocketXMPP(info["domain"], endpoint=info["ws_url"], room=info["room"])
        await xmpp.start_session(timeout=15)
        client = JitsiClient(xmpp, settings, session.handle)
        await client.join()
        seen = asyncio.Event()
        done_at: list[float] = []

        def others(conference: Conference) -> int:
            return sum(1 for p in conference.participants.values() if p.kind is not Kind.SELF)

        def watch(change: object) -> None:
            if not done_at and others(session.conference) >= n:
                done_at.append(time.time())
                seen.set()

        session.subscribe(watch)
        cpu0 = time.process_time()
        prosody0, loadgen0 = _cpu(info.get("prosody_pid")), _cpu(proc.pid)
        proc.stdin.write(b"go\n")
        await proc.stdin.drain()
        joined = json.loads(await asyncio.wait_for(proc.stdout.readline(), timeout))
        await asyncio.wait_for(seen.wait(), timeout)
        result.joins = joined["last_joined"] - joined["began"]
        result.console_all = done_at[0] - joined["began"]
        result.lag_after_last_join = done_at[0] - joined["last_joined"]
        result.console_cpu = time.process_time() - cpu0
        result.prosody_cpu = _cpu(info.get("prosody_pid")) - prosody0
        result.loadgen_cpu = _cpu(proc.pid) - loadgen0
        proc.stdin.write(b"stop\n")
        await proc.stdin.drain()
        await xmpp.hang_up()
    except (TimeoutError, OSError, ValueError, KeyError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
    return result


def end_to_end(n: int, concurrency: int = 10, timeout: float = 120.0) -> EndToEnd:
    """Join ``n`` participants on a fresh stack and time the console."""
    return asyncio.run(_run(n, concurrency, timeout))


if __name__ == "__main__":
    for count in map(int, sys.argv[1:] or ["20"]):
        print(end_to_end(count))
