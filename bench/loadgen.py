"""The load generator of the end-to-end benchmark, in its own process.

``python -m bench.loadgen N [CONCURRENCY]`` starts the Prosody test stack and the jicofo
stand-in (tests/stack), prints one JSON line describing it, waits for ``go`` on stdin, joins
N simulated web participants (``tests.stack.webclient.spawn``), prints a JSON line with the
wall-clock time the last join completed, waits for ``stop``, leaves and stops the stack.
It runs apart from the console so that the participants' own XMPP work (each of them parses
every other's presence: N² stanzas) does not share the console's CPU time and GIL.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from tests.stack.focus import Focus
from tests.stack.server import ProsodyStack
from tests.stack.webclient import leave_all, spawn

ROOM = "bigroom"


def say(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


async def main(n: int, concurrency: int) -> None:
    loop = asyncio.get_running_loop()
    stack = ProsodyStack()
    stack.start()
    focus = Focus(stack)
    focus.start()
    try:
        say(
            ready=True,
            ws_url=stack.ws_url,
            domain=stack.domain,
            muc=stack.muc,
            focus=stack.focus_jid,
            room=ROOM,
            prosody_pid=getattr(getattr(stack, "_process", None), "pid", None),
        )
        await loop.run_in_executor(None, sys.stdin.readline)  # "go"
        began = time.time()
        people = await spawn(stack, ROOM, n, concurrency=concurrency, name="Load")
        say(joined=len(people), began=began, last_joined=time.time())
        await loop.run_in_executor(None, sys.stdin.readline)  # "stop"
        await leave_all(people)
    finally:
        focus.stop()
        stack.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10))
