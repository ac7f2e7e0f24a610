"""What the presence lane reads a frame as: one whole ``<presence>``, or not.

The lane of the WebSocket transport (``tui.jitsi.websocket``) takes a frame past slixmpp only
when the frame, read on its own, is one complete ``<presence>`` in ``jabber:client``
(:func:`presence_element`); :class:`PresenceReader` gives the same answer for the frames of a
stream with one parser for all of them. :func:`whole_elements` tells whether what slixmpp's
parser was given in the meantime left it between two stanzas.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from tui.jitsi.websocket import CLIENT_NS, STREAM_NS

PRESENCE_TAG = f"{{{CLIENT_NS}}}presence"


def presence_element(frame: str) -> ET.Element | None:
    """The frame's element when the frame is one complete ``<presence>`` in ``jabber:client``.

    Anything else (IQs, messages, framing, a presence without its namespace, a frame that does
    not parse on its own, e.g. a stanza split over frames) gives ``None``: slixmpp's parser,
    which sees the stream as a whole, decides about it exactly as without the lane. The cheap
    prefix test keeps every other frame from being parsed twice. No DTD can precede the
    element, so no entity can be declared and expanded.
    """
    if not frame.startswith("<presence"):
        return None
    try:
        element = ET.fromstring(frame)
    except ET.ParseError:
        return None
    return element if element.tag == PRESENCE_TAG else None


_XML_SPACE = " \t\r\n"
_LANE_ROOT = "lane"
_LANE_END_TAG = "lane-end"
_LANE_END = f"<{_LANE_END_TAG}/>"
MAX_LANE_FEED = 1 << 18
"""Characters one lane parser reads before it is replaced (bounds expat's name tables)."""


class PresenceReader:
    """:func:`presence_element` for a stream of frames, with one parser kept across frames.

    Creating an expat parser per frame is about a quarter of what parsing a presence costs, so
    the frames are fed, one after the other, into a single parser between ``<lane>`` and a
    ``<lane-end/>`` sentinel fed after each frame. The root declares nothing, so a frame is
    read as if on its own (a presence without ``xmlns`` is not in ``jabber:client``). A frame
    is taken only when, after it and the sentinel, the root holds exactly two children: one
    ``<presence>`` in ``jabber:client`` followed by nothing but XML whitespace, then the
    sentinel. Anything else (a parse error, a frame cut short, which leaves the sentinel
    inside it, two elements, trailing text, a frame that closes ``<lane>``) gives ``None`` and
    a fresh parser, so no frame can change how the next one is read. Every frame's elements
    are detached from the root once read, and the parser is replaced after
    :data:`MAX_LANE_FEED` characters: expat remembers every distinct name it saw, and a
    hostile server could otherwise grow that table without bound. As with
    :func:`presence_element`, no DTD can precede the frame (one inside ``<lane>`` is an
    error), so no entity can be declared and expanded.
    """

    def __init__(self) -> None:
        """A reader with a fresh parser."""
        self._parser: ET.XMLParser | None = None
        self._root: ET.Element | None = None
        self._fed = 0
        self._fresh()

    def _fresh(self) -> None:
        builder = ET.TreeBuilder()
        parser = ET.XMLParser(target=builder)
        parser.feed(f"<{_LANE_ROOT}>")
        # CPython's C TreeBuilder hands out the root while it is still open; the pure-Python
        # one refuses (an assertion): then every frame is parsed on its own instead.
        try:
            root = builder.close()
        except AssertionError:
            root = None
        if root is None or root.tag != _LANE_ROOT:
            self._parser = self._root = None
            return
        self._parser, self._root, self._fed = parser, root, 0

    @property
    def fed(self) -> int:
        """Characters the current parser has read (for tests of the bound)."""
        return self._fed

    def presence(self, frame: str) -> ET.Element | None:
        """The frame's element when it is one complete ``<presence>`` in ``jabber:client``."""
        if not frame.startswith("<presence"):
            return None
        parser, root = self._parser, self._root
        if parser is None or root is None:
            return presence_element(frame)
        self._fed += len(frame)
        try:
            parser.feed(frame)
            parser.feed(_LANE_END)
        except ET.ParseError:
            self._fresh()
            return None
        if len(root) != 2 or root[1].tag != _LANE_END_TAG or len(root[1]):
            self._fresh()
            return None
        element = root[0]
        del root[:]
        if self._fed > MAX_LANE_FEED:
            self._fresh()
        tail = element.tail
        if element.tag != PRESENCE_TAG or (tail and tail.strip(_XML_SPACE)):
            return None
        element.tail = None
        return element


_STREAM_CONTEXT = f'<lane-check xmlns="{CLIENT_NS}" xmlns:stream="{STREAM_NS}">'


def whole_elements(text: str) -> bool:
    """Whether ``text`` is a run of complete elements (and text) at a stream's top level.

    That is, whether slixmpp's stream parser, fed ``text`` between two stanzas, ends up
    between two stanzas again: nothing open, no tag or comment cut off. The text is parsed in
    the namespace context of the stream's root (``jabber:client`` and the ``stream`` prefix).
    """
    try:
        ET.fromstring(f"{_STREAM_CONTEXT}{text}</lane-check>")
    except ET.ParseError:
        return False
    return True
