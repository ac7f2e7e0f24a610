"""Hypothesis strategies for hostile wire input: names, XML stanzas and component JSON.

Values are what a stranger in a public meeting (or a broken server) can put on the wire:
markup with click actions, ANSI and OSC escapes (OSC 52 writes the clipboard), bidi overrides,
zero-width characters, NULs, very long strings, wrong types and absurd numbers.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from hypothesis import strategies as st

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
"""OSC 52: set the clipboard (here to ``rm -rf ~``) — must never reach the terminal."""

HOSTILE_NAMES: tuple[str, ...] = (
    "[@click=app.quit]x[/]",
    "[b]bold[/b] [link=https://evil.example]click me[/link]",
    "[@click=app.bell]ring[/]",
    "Mallory" + OSC52,
    "\x1b]52;c;?\x1b\\",
    "\x1b[2J\x1b[H\x1b[31mred",
    "\x9b31mC1 CSI\x9d8;;https://evil\x9c",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\u202eevil.exe\u202c",
    "a\u2066b\u2067c\u2068d\u2069e\u200ff\u200eg\u061ch",
    "zero\u200bwidth\ufeffjoin\u2060er\u00ad",
    "nul\x00byte",
    "bell\x07\x08\x7f",
    "line\nbreak\rreturn\u2028sep\u2029para",
    "\ud800lone surrogate",
    "x" * 10_000,
    "\u0301" * 500 + "zalgo",
    "",
    " ",
)

XML_FORBIDDEN = {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {"\ufffe", "\uffff"}


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry at all (they never reach a parser)."""
    return "".join(ch for ch in text if ch not in XML_FORBIDDEN and not "\ud800" <= ch <= "\udfff")


hostile_text = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(
        lambda t: t + "[@click=app.quit]q[/]"
    ),
)
"""Any string a participant might choose as a name or message."""

wire_text = hostile_text.map(xml_safe)
"""The same, restricted to what an XML stanza can carry."""

hostile_numbers = (
    st.sampled_from(
        [
            "inf",
            "-inf",
            "nan",
            "1e400",
            "-1e400",
            "9" * 5000,
            "1" * 400,
            "-5",
            "0",
            "true",
            "false",
            "TRUE",
            " 1767225600000 ",
            "1.5e12",
            "0x10",
            "",
            "1_000",
            "१२३",
        ]
    )
    | st.integers().map(str)
    | st.floats().map(repr)
)
"""What ``jitsi_participant_raisedHand`` (and other numeric fields) might say."""

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
"""Any JSON value, strings hostile."""


def nested(depth: int, opener: str = "[") -> str:
    """``[[[[…`` (unclosed) — the decoder's recursion is the attack."""
    return opener * depth


hostile_json_text = st.one_of(
    json_values.map(json.dumps),
    st.sampled_from(
        [
            nested(100_000),
            nested(50_000, '{"a":'),
            "[" * 3000 + "]" * 3000,
            "{",
            "",
            '{"type":"breakout_rooms"',
            "1" * 5000,
            '"\\ud800"',
            "\x00",
            "null",
        ]
    ),
    st.text(max_size=80),
)
"""Text claiming to be JSON: valid, truncated, deeply nested or plain garbage."""

ROOM = "standup"
MUC = "conference.meet.jitsi"
BREAKOUT = "breakout.meet.jitsi"
IDS = ("c0ffee42", "a1b2c3d4", "b2", "c3", "focus", "d4")
ROOMS = (ROOM, "r1", "r2", "ghost")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrs)
    child.text = text
    return child


@st.composite
def presence_xml(draw: st.DrawFn) -> bytes:
    """One MUC presence as bytes, with any mix of (possibly repeated) hostile children."""
    room = draw(st.sampled_from(ROOMS) | wire_text)
    nick = draw(st.sampled_from(IDS) | wire_text)
    attrs = {"from": f"{room}@{MUC}/{nick}"}
    kind = draw(st.sampled_from([None, "unavailable", "error", "probe"]) | wire_text)
    if kind is not None:
        attrs["type"] = kind
    root = ET.Element("{jabber:client}presence", attrs)
    for _ in range(draw(st.integers(0, 9))):
        part = draw(
            st.sampled_from(
                ["x", "nick", "source", "muted", "hand", "region", "features", "status", "junk"]
            )
        )
        if part == "x":
            x = _sub(root, "{http://jabber.org/protocol/muc#user}x")
            for _item in range(draw(st.integers(0, 2))):
                item_attrs = {
                    k: draw(st.sampled_from(values) | wire_text)
                    for k, values in (
                        ("jid", (f"{nick}@meet.jitsi/r", "focus@auth.meet.jitsi/f", "")),
                        ("role", ("moderator", "participant", "visitor", "none")),
                        ("affiliation", ("owner", "admin", "member", "none", "outcast")),
                    )
                    if draw(st.booleans())
                }
                _sub(x, "{http://jabber.org/protocol/muc#user}item", **item_attrs)
            for _code in range(draw(st.integers(0, 3))):
                code = draw(st.sampled_from(["110", "307", "100", "170"]) | wire_text)
                _sub(x, "{http://jabber.org/protocol/muc#user}status", code=code)
            if draw(st.booleans()):
                _sub(x, "{http://jabber.org/protocol/muc#user}destroy")
        elif part == "nick":
            _sub(root, "{http://jabber.org/protocol/nick}nick", draw(wire_text))
        elif part == "source":
            payload = draw(
                hostile_json_text
                | st.dictionaries(
                    st.sampled_from([f"{nick}-a0", f"{nick}-v0", f"{nick}-v1", "x-a0"]) | wire_text,
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "muted": json_values,
                            "videoType": st.sampled_from(["camera", "desktop"]) | json_values,
                        },
                    )
                    | json_values,
                    max_size=4,
                ).map(json.dumps)
            )
            _sub(root, "{jabber:client}SourceInfo", xml_safe(payload))
        elif part == "muted":
            tag = draw(st.sampled_from(["audiomuted", "videomuted", "videoType"]))
            _sub(
                root,
                "{jabber:client}" + tag,
                draw(st.sampled_from(["true", "desktop"]) | wire_text),
            )
        elif part == "hand":
            _sub(root, "{jabber:client}jitsi_participant_raisedHand", draw(hostile_numbers))
        elif part == "region":
            _sub(root, "{jabber:client}jitsi_participant_region", draw(wire_text))
        elif part == "features":
            features = _sub(root, "{jabber:client}features")
            for _f in range(draw(st.integers(0, 3))):
                var = draw(
                    st.sampled_from(
                        [
                            "http://jitsi.org/protocol/jigasi",
                            "http://jitsi.org/protocol/transcriber",
                        ]
                    )
                    | wire_text
                )
                _sub(features, "{jabber:client}feature", var=var)
        elif part == "status":
            _sub(root, "{jabber:client}status", draw(st.just("switch_room") | wire_text))
        else:
            _sub(
                root,
                "{jabber:client}" + draw(st.sampled_from(["c", "stats-id", "email"])),
                draw(wire_text),
            )
    return ET.tostring(root)


def mostly(valid: st.SearchStrategy[Any], odds: int = 4) -> st.SearchStrategy[Any]:
    """``valid`` most of the time (``odds`` to one), else any JSON value: shape first, then junk."""
    # (one_of would merge the repeated branches into one: half and half)
    return st.sampled_from(range(odds + 1)).flatmap(lambda i: json_values if i == odds else valid)


@st.composite
def member(draw: st.DrawFn) -> tuple[str, Any]:
    """One ``participants`` entry of a breakout room: occupant JID → info."""
    nick = draw(st.sampled_from(IDS) | hostile_text)
    room = draw(st.sampled_from(ROOMS))
    occupant = draw(
        st.sampled_from([f"{room}@{BREAKOUT}/{nick}", f"{room}@{MUC}/{nick}", nick, ""])
    )
    info = draw(
        mostly(
            st.fixed_dictionaries(
                {
                    "jid": mostly(
                        st.sampled_from([f"{nick}@meet.jitsi/r", "bot@hidden.meet.jitsi/x"])
                    )
                },
                optional={
                    "displayName": mostly(hostile_text),
                    "role": mostly(st.sampled_from(["moderator", "participant", "visitor"])),
                },
            )
        )
    )
    return occupant, info


@st.composite
def breakout_update(draw: st.DrawFn) -> str:
    """A breakout ``update`` JSON text: usually well-formed in shape, hostile in content."""
    rooms: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from((*ROOMS, f"{ROOM}_1", "")) | hostile_text)
        rooms[key] = draw(
            mostly(
                st.fixed_dictionaries(
                    {
                        "jid": mostly(
                            st.sampled_from([f"{key}@{BREAKOUT}", f"{ROOM}@{MUC}", "nojid"])
                        ),
                        "participants": mostly(
                            st.lists(member(), min_size=1, max_size=8).map(dict)
                        ),
                    },
                    optional={
                        "name": mostly(hostile_text),
                        "isMainRoom": mostly(st.booleans()),
                    },
                )
            )
        )
    data: dict[str, Any] = {
        "type": draw(mostly(st.just("breakout_rooms"), 8)),
        "event": draw(mostly(st.just("features/breakout-rooms/update"), 8)),
        "roomCounter": draw(mostly(st.integers())),
        "rooms": draw(mostly(st.just(rooms), 8)),
    }
    missing = draw(st.sampled_from([None] * 8 + list(data)))  # now and then a key is missing
    if missing is not None:
        del data[missing]
    return json.dumps(data)


av_message = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("av_moderation") | json_values},
        optional={
            "mediaType": st.sampled_from(["audio", "video", "desktop"]) | json_values,
            "enabled": st.booleans() | json_values,
            "whitelists": st.dictionaries(
                st.sampled_from(["audio", "video"]) | hostile_text,
                st.lists(st.sampled_from(["r@m/a1", "a/b/c", ""]) | json_values, max_size=5)
                | json_values,
                max_size=3,
            )
            | json_values,
        },
    ).map(json.dumps),
    hostile_json_text,
)
"""What the AV-moderation component might send."""
