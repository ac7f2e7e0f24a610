"""Hostile frames behave the same with the presence lane as through slixmpp alone.

The fuzzed presences of tests/hostile (any mix of hostile children, types such as ``error``
and ``probe`` or garbage), sent as Prosody frames them, plus what a broken or hostile server
adds: presences from a MUC the console does not watch, frames cut short, a presence without its
namespace, two stanzas in one frame, invalid JIDs. Two production consoles (``WebSocketXMPP`` +
``JitsiClient``) read the same frames, one with the lane and one without; they must emit the
same events, write the same replies to the server and log the same errors.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.stream import OPEN_FRAME
from tests.hostile.strategies import MUC, ROOM, presence_xml
from tui.jitsi.client import ClientSettings, JitsiClient
from tui.jitsi.websocket import inbound_frame, receive_frame
from tui.jitsi.xmpp import WebSocketXMPP

ME = "console-1234@meet.jitsi/Cons0le"


def prosody_frame(data: bytes, kind: str | None = "as fuzzed") -> str:
    """A fuzzed presence as Prosody frames a stanza: ``jabber:client`` as default namespace.

    ``kind`` replaces the fuzzed ``type`` (``None``: none), so that the presences the lane
    takes, which the fuzzer makes rarely, are well represented.
    """
    root = ET.fromstring(data)
    if kind != "as fuzzed":
        root.attrib.pop("type", None)
        if kind is not None:
            root.set("type", kind)
    text = ET.tostring(root, encoding="unicode")
    # ElementTree names the root's namespace ns0; text never holds a raw "<", so this is safe
    assert text.startswith('<ns0:presence xmlns:ns0="jabber:client"'), text[:60]
    text = text.replace('xmlns:ns0="jabber:client"', 'xmlns="jabber:client"', 1)
    return text.replace("<ns0:", "<").replace("</ns0:", "</")


@st.composite
def hostile_frame(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["as fuzzed", None, None, "unavailable"]))
    frame = prosody_frame(draw(presence_xml()), kind)
    mangle = draw(
        st.sampled_from(["none"] * 12 + ["foreign", "cut", "bare", "double", "bad-jid", "to"])
    )
    if mangle == "foreign":
        frame = frame.replace(f"@{MUC}/", "@conference.elsewhere.example/", 1)
    elif mangle == "cut":
        frame = frame[: draw(st.integers(1, max(1, len(frame) - 1)))]
    elif mangle == "bare":
        frame = frame.replace(' xmlns="jabber:client"', "", 1)
    elif mangle == "double":
        frame = frame + frame
    elif mangle == "bad-jid":
        frame = frame.replace(f"@{MUC}/", f"@{MUC}/bad\x7f", 1).replace("\x7f", "&#127;")
    elif mangle == "to":
        frame = frame.replace("<presence ", '<presence to="@nobody" ', 1)
    return frame


class Recording:
    """A transport that keeps what slixmpp writes back to the server."""

    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(bytes(data))

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


def run(frames: list[str], *, lane: bool) -> tuple[list[Any], list[bytes], int]:
    # A loop of its own: what slixmpp schedules (its closing after a parse error) is cancelled
    # and run off below instead of being left pending.
    loop = asyncio.new_event_loop()
    try:
        return _run(frames, lane, loop)
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


def _run(
    frames: list[str], lane: bool, loop: asyncio.AbstractEventLoop
) -> tuple[list[Any], list[bytes], int]:
    events: list[Any] = []
    xmpp = WebSocketXMPP(
        "meet.jitsi", endpoint="ws://127.0.0.1:1/xmpp-websocket", room=ROOM, loop=loop
    )
    client = JitsiClient(
        xmpp, ClientSettings(domain="meet.jitsi", muc=MUC, room=ROOM), events.append
    )
    client.nick = "cons0le0"
    taken = [0]
    take = xmpp.presence_lane
    assert take is not None

    def counting(elem: ET.Element) -> bool:
        took = take(elem)
        taken[0] += took
        return took

    xmpp.presence_lane = counting
    transport = Recording()
    xmpp.connection_made(transport, send_event=False)  # type: ignore[arg-type]
    xmpp.data_received(inbound_frame(OPEN_FRAME).encode())
    for frame in frames:
        receive_frame(xmpp, frame, xmpp.presence_frame if lane else None)
    return events, transport.written, taken[0]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(hostile_frame(), min_size=1, max_size=6))
def test_hostile_frames_do_the_same_with_and_without_the_lane(frames: list[str]) -> None:
    slixmpp = logging.getLogger("slixmpp")
    level = slixmpp.level
    slixmpp.setLevel(logging.CRITICAL)  # parse errors are expected; compared through writes
    try:
        slow_events, slow_written, slow_taken = run(frames, lane=False)
        fast_events, fast_written, _ = run(frames, lane=True)
    finally:
        slixmpp.setLevel(level)
    assert slow_taken == 0
    assert fast_events == slow_events
    assert fast_written == slow_written


@pytest.mark.parametrize(
    ("frame", "why"),
    [
        (
            f'<presence xmlns="jabber:client" type="error" from="{ROOM}@{MUC}/a1b2c3d4">'
            '<error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>'
            "</error></presence>",
            "an error needs slixmpp's stanza",
        ),
        (
            f'<presence xmlns="jabber:client" type="probe" from="{ROOM}@{MUC}/a1b2c3d4"/>',
            "probes and subscriptions keep slixmpp's handling",
        ),
        (
            '<presence xmlns="jabber:client" from="standup@conference.elsewhere.example/a1"/>',
            "a MUC the console does not watch",
        ),
        (f'<presence from="{ROOM}@{MUC}/a1b2c3d4"/>', "no namespace of its own"),
        (f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a1b2', "cut short"),
        (
            f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a1"/>'
            f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/b2"/>',
            "two stanzas in one frame",
        ),
        (f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a" to="@x"/>', "an invalid JID"),
    ],
)
def test_the_lane_leaves_to_slixmpp(frame: str, why: str) -> None:
    _, _, taken = run([frame], lane=True)
    assert taken == 0, why


def test_after_a_broken_frame_nothing_takes_the_lane() -> None:
    """slixmpp closes the stream on a parse error; a later presence must not slip past it."""
    good = f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a1b2c3d4"/>'
    events, _, taken = run([good, "<message><</message>", good], lane=True)
    assert taken == 1
    assert len(events) == 1


def test_after_a_frame_cut_short_nothing_takes_the_lane() -> None:
    """slixmpp joins a cut frame to the next one; a presence after it must meet that too."""
    good = f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a1b2c3d4"/>'
    frames = [good, "<", good, good]
    events, written, taken = run(frames, lane=True)
    assert taken == 1
    assert (events, written) == run(frames, lane=False)[:2]
