"""The control socket's request protocol, fuzzed: every line gets one answer, the server lives.

Reproduced on main: a deeply nested request line raised RecursionError out of the handler (the
client got no answer), an over-long line dropped the connection without a word. Here a real
:class:`~tui.control.server.ControlServer` on a simulated meeting runs in a background event
loop, and each example is sent over a fresh connection the way ``ctl`` would.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.strategies import hostile_text, json_values, nested
from tui.control.server import MAX_REQUEST, ControlServer
from tui.session import ConsoleSession
from tui.sim.gateway import SimulatedConference

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
OPS = [
    "list", "add-room", "rename-room", "remove-room", "close-room", "close-all", "auto-assign",
    "call-back", "move", "mute", "mute-all", "av-moderation", "allow-unmute", "kick",
    "moderator", "lobby", "admit", "deny", "password", "chat", "broadcast", "lower-hand", "end",
]  # fmt: skip
FIELDS = ["name", "room", "to", "media", "reason", "text", "password", "who", "rooms", "enabled"]


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("ctl") / "control.sock"
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop: list[asyncio.Event] = []

    async def serve() -> None:
        sim = SimulatedConference(participants=12, seed=7, activity=False, breakout_delay=0.0)
        session = ConsoleSession(sim)
        await session.connect()
        server = ControlServer(session, path)
        await server.start()
        stop.append(asyncio.Event())
        ready.set()
        await stop[0].wait()
        await server.stop()
        await session.disconnect()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(20), "the control server did not start"
    yield path
    loop.call_soon_threadsafe(stop[0].set)
    thread.join(20)
    loop.close()


def send(path: Path, line: bytes) -> list[bytes]:
    """Send ``line`` (plus a newline) and read every answer line until the server closes."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(str(path))
        sock.sendall(line + b"\n")
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data.splitlines()


def one_answer(path: Path, line: bytes) -> dict[str, object]:
    answers = send(path, line)
    assert len(answers) == 1, answers[:3]
    answer = json.loads(answers[0])
    assert isinstance(answer, dict) and isinstance(answer["ok"], bool)
    assert answers[0].isascii()  # the wire is ASCII: no raw controls, no lone surrogates
    if not answer["ok"]:
        error = answer["error"]
        assert isinstance(error, str) and "\n" not in error and len(error) < 2000
    return answer


def still_serving(path: Path) -> None:
    assert one_answer(path, b'{"op": "list"}')["ok"] is True


request_lines = st.one_of(
    st.binary(max_size=300),  # bad UTF-8, NULs, anything
    st.integers(1, 200_000).map(lambda n: nested(n).encode()),
    st.integers(1, 50_000).map(lambda n: nested(n, '{"op":').encode()),
    st.integers(1, 50_000).map(lambda n: ('{"op": "move", "who": ' + nested(n)).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"op": st.sampled_from(OPS) | json_values},
        optional={field: json_values | hostile_text for field in FIELDS},
    ).map(lambda r: json.dumps(r).encode()),
    st.sampled_from(
        [
            b'{"op": "\\ud800"}',
            b'{"op": "move", "who": ["\\udfff"], "to": "\\u202e"}',
            b"\xff\xfe{\x00}\x00",
            b'{"op": "list"' + b" " * (MAX_REQUEST + 10) + b"}",
            b"x" * (4 * MAX_REQUEST),
            b'{"op": 1e999999}',
            b'{"op": "add-room", "name": ' + b'"' + b"a" * (MAX_REQUEST - 40) + b'"}',
        ]
    ),
).map(lambda line: line.replace(b"\n", b" "))


@FUZZ
@given(request_lines)
def test_every_request_line_gets_one_answer_and_the_server_keeps_serving(
    console: Path, line: bytes
) -> None:
    one_answer(console, line)
    still_serving(console)


@pytest.mark.parametrize(
    "line",
    [nested(60_000).encode(), nested(3_000, '{"op":').encode(), b"[" * 990 + b"]" * 990],
    ids=["arrays", "objects", "just-under-the-recursion-limit"],
)
def test_deep_nesting_is_one_error_answer(console: Path, line: bytes) -> None:
    answer = one_answer(console, line)
    assert answer["ok"] is False and "nested" in str(answer["error"])
    still_serving(console)


def test_an_over_long_line_is_one_error_answer(console: Path) -> None:
    answer = one_answer(console, b"[" + b" " * (2 * MAX_REQUEST) + b"]")
    assert answer["ok"] is False and "longer than" in str(answer["error"])
    still_serving(console)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b"\xff\xfe", "UTF-8"),
        (b'{"op": 5}', "'op'"),
        (b'{"op": "move", "who": "Anna", "to": "R"}', "'who'"),
        (b'{"op": "lobby", "enabled": "yes"}', "'enabled'"),
        (b'{"op": "chat", "text": ["x"]}', "'text'"),
    ],
)
def test_wrong_types_are_named(console: Path, line: bytes, words: str) -> None:
    answer = one_answer(console, line)
    assert answer["ok"] is False and words in str(answer["error"])
