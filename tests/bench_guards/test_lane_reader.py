"""The lane's persistent parser reads every frame as if it were parsed on its own.

:class:`~tui.jitsi.lane_frames.PresenceReader` feeds all presence frames of a stream into one
expat parser. Whatever a frame holds (cut short, two stanzas, a sentinel of its own, text
after it, an unclosed comment), it must give what :func:`presence_element` gives for that
frame alone, and it must not change how any later frame is read. Its memory is bounded.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bench_guards.test_lane_hostile import hostile_frame
from tests.hostile.strategies import MUC, ROOM
from tui.jitsi import lane_frames
from tui.jitsi.lane_frames import PresenceReader, presence_element

GOOD = f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a1b2c3d4"><nick>Ada</nick></presence>'


def text(element: ET.Element | None) -> str | None:
    return None if element is None else ET.tostring(element, encoding="unicode")


# Frames aimed at the reader's own machinery: its root and sentinel names, markup left open
# across the sentinel, content after the element, a DTD, an entity.
TRICKS = [
    GOOD + "<lane-end/>",
    GOOD + "<lane-end>",
    GOOD + "<lane-end",
    GOOD + '<lane-end a="',
    GOOD + "</lane>",
    GOOD + "<!--",
    GOOD + "<![CDATA[",
    GOOD + "<?pi ",
    GOOD + " trailing text",
    GOOD + " \r\n\t",
    GOOD + "\u3000",
    GOOD + "<!--a comment-->",
    GOOD[:-11],
    '<presence xmlns="jabber:client"><!DOCTYPE x [<!ENTITY a "b">]></presence>',
    '<presence xmlns="jabber:client">&a;</presence>',
    '<presence xmlns="jabber:client"><lane-end/></presence>',
    "<presence/>",
    "<presencex xmlns='jabber:client'/>",
]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.one_of(hostile_frame(), st.sampled_from(TRICKS)), min_size=1, max_size=8))
def test_each_frame_reads_as_if_parsed_alone(frames: list[str]) -> None:
    reader = PresenceReader()
    for frame in [*frames, GOOD]:
        assert text(reader.presence(frame)) == text(presence_element(frame)), frame


def test_every_trick_then_a_good_frame() -> None:
    reader = PresenceReader()
    for trick in TRICKS:
        assert text(reader.presence(trick)) == text(presence_element(trick)), trick
        assert text(reader.presence(GOOD)) == text(presence_element(GOOD)), trick


def test_hostile_names_never_grow_the_readers_memory_without_bound() -> None:
    """Expat keeps every distinct name it read: a stream of new names must not pile up.

    40,000 presences, each with element and attribute names never seen before (3.2 MB): one
    parser kept for all of them holds about 17 MB of names at the end.
    """
    frames = [
        f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/a"><n{i:06d} a{i:06d}="v"/></presence>'
        for i in range(40_000)
    ]
    tracemalloc.start()
    try:
        reader = PresenceReader()
        before = tracemalloc.get_traced_memory()[0]
        most = 0
        for frame in frames:
            assert reader.presence(frame) is not None
            most = max(most, reader.fed)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert most <= lane_frames.MAX_LANE_FEED
    assert grown < 4_000_000, f"{grown:,} bytes held after the frames were read"


def test_read_frames_are_not_kept() -> None:
    reader = PresenceReader()
    first = reader.presence(GOOD)
    assert first is not None
    for _ in range(100):
        reader.presence(GOOD)
    root = reader._root  # the parser's document: it must not collect every frame read
    assert root is not None and len(root) == 0


def test_without_cpythons_accelerator_every_frame_is_still_read() -> None:
    """The pure-Python TreeBuilder will not hand out an open root: frames are parsed alone."""
    code = (
        "import sys; sys.modules['_elementtree'] = None\n"
        "from tui.jitsi.lane_frames import PresenceReader\n"
        "from xml.etree import ElementTree as ET\n"
        f"good = {GOOD!r}\n"
        "reader = PresenceReader()\n"
        "assert ET.TreeBuilder.__module__ == 'xml.etree.ElementTree'\n"
        "for frame in (good, good[:-3], good):\n"
        "    element = reader.presence(frame)\n"
        "    print(None if element is None else element.findtext('{jabber:client}nick'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Ada", "None", "Ada"]
