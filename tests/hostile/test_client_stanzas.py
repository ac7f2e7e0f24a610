"""Hostile stanzas through slixmpp into a :class:`~tui.jitsi.client.JitsiClient`, no network.

The client sits on a plain ``ClientXMPP`` that never connects; stanzas are handed to slixmpp's
own dispatch (``_spawn_event``, what its stream parser calls for each top-level element), so
matching, stanza classes and the client's routing and address checks all run for real.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

import pytest
from slixmpp import ClientXMPP

from tests.hostile.folding import fold
from tests.hostile.strategies import BREAKOUT, HOSTILE_NAMES, MUC, OSC52, ROOM, nested, xml_safe
from tests.model.factories import ME
from tui.jitsi.chat import MAX_RECEIVED_CHAT
from tui.jitsi.client import ClientSettings, JitsiClient
from tui.model.events import (
    AvApprovedChanged,
    AvModerationChanged,
    ChatReceived,
    ParticipantPresent,
    RoomsSnapshot,
)
from tui.model.moderation_plans import MAX_SENT_CHAT

AV = "avmoderation.meet.jitsi"


class Harness:
    """A JitsiClient on an unconnected ClientXMPP; ``feed`` dispatches one stanza."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog
        self.checked = False
        self.events: list[Any] = []
        self.xmpp = ClientXMPP("meet.jitsi", "")
        self.xmpp.register_plugin("xep_0030")
        self.client = JitsiClient(
            self.xmpp,
            ClientSettings(domain="meet.jitsi", muc=MUC, room=ROOM),
            self.events.append,
        )
        self.client.nick = ME
        self.client.components.addresses.update({"breakout_rooms": BREAKOUT, "av_moderation": AV})
        self.client.muc_domains.add(BREAKOUT)
        self.client._clock = lambda: 0.0  # the live clock needs the running loop

    def feed(self, xml: str) -> None:
        self.xmpp._spawn_event(ET.fromstring(xml))

    def crashes(self) -> list[str]:
        """Handler exceptions: slixmpp catches them and logs them at ERROR."""
        self.checked = True
        return [r.getMessage() for r in self.caplog.records if r.levelno >= logging.ERROR]

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture
def harness(caplog: pytest.LogCaptureFixture) -> Iterator[Harness]:
    caplog.set_level(logging.WARNING)
    made = Harness(caplog)
    yield made
    if not made.checked:
        assert made.crashes() == []


def _presence(nick: str, name: str, room: str = ROOM, extra: str = "") -> str:
    return (
        f"<presence xmlns='jabber:client' from={quoteattr(f'{room}@{MUC}/{nick}')}>"
        f"<nick xmlns='http://jabber.org/protocol/nick'>{escape(xml_safe(name))}</nick>{extra}"
        "</presence>"
    )


def _json_message(sender: str, payload: str, kind: str = "") -> str:
    type_attr = f" type='{kind}'" if kind else ""
    return (
        f"<message xmlns='jabber:client' from={quoteattr(sender)}{type_attr}>"
        f"<json-message xmlns='http://jitsi.org/jitmeet'>{escape(payload)}</json-message>"
        "</message>"
    )


def _update(rooms: dict[str, Any]) -> str:
    return json.dumps(
        {"type": "breakout_rooms", "event": "features/breakout-rooms/update", "rooms": rooms}
    )


EVIL_UPDATE = _update(
    {
        ROOM: {"jid": f"{ROOM}@{MUC}", "isMainRoom": True, "participants": {}},
        "trap": {
            "jid": f"trap@{BREAKOUT}",
            "name": "[@click=app.quit]Free pizza[/]",
            "participants": {f"trap@{BREAKOUT}/{ME}": {"jid": "me@meet.jitsi/x"}},
        },
    }
)


def test_ten_thousand_presences_all_arrive_and_fold_cleanly(harness: Harness) -> None:
    names = list(HOSTILE_NAMES)
    started = time.perf_counter()
    for i in range(10_000):
        harness.feed(_presence(f"{i:08x}", names[i % len(names)], room=ROOM if i % 3 else "r1"))
    dispatched = time.perf_counter() - started
    presents = harness.of(ParticipantPresent)
    assert len(presents) == 10_000
    started = time.perf_counter()
    conf = fold(presents, check_each=False)
    folded = time.perf_counter() - started
    assert len(conf.participants) == 10_001  # everyone, plus the console
    # generous bounds (a loaded CI box), but far below what a quadratic path would take
    assert dispatched < 15, f"10,000 presences took {dispatched:.1f} s to dispatch"
    assert folded < 10, f"folding 10,000 presences took {folded:.1f} s"


def test_a_hostile_name_arrives_unaltered_for_the_ui_to_neutralise(harness: Harness) -> None:
    harness.feed(_presence("a1b2c3d4", "[@click=app.quit]x[/]\u202eevil\u200b\x9b31m"))
    (event,) = harness.of(ParticipantPresent)
    assert event.participant.name == "[@click=app.quit]x[/]\u202eevil\u200b\x9b31m"


@pytest.mark.parametrize(
    "sender",
    [
        f"{ROOM}@{MUC}/a1b2c3d4",  # a participant's private message
        f"{ROOM}@{MUC}",  # the room itself
        "breakout.evil.example",  # a look-alike domain
        f"{BREAKOUT}.evil.example",
        f"someone@{BREAKOUT}/x",  # an occupant of a breakout room
        "",
    ],
)
def test_breakout_json_from_any_other_address_is_ignored(harness: Harness, sender: str) -> None:
    harness.feed(_json_message(sender, EVIL_UPDATE, kind="chat"))
    harness.feed(_json_message(sender, EVIL_UPDATE))
    assert harness.of(RoomsSnapshot) == []


def test_breakout_json_from_the_component_is_accepted(harness: Harness) -> None:
    harness.feed(_json_message(BREAKOUT.upper(), EVIL_UPDATE))
    (snapshot,) = harness.of(RoomsSnapshot)
    assert [r.id for r in snapshot.rooms] == [ROOM, "trap"]


@pytest.mark.parametrize("sender", [f"{ROOM}@{MUC}/a1b2c3d4", BREAKOUT, "evil.example"])
def test_av_json_from_any_other_address_is_ignored(harness: Harness, sender: str) -> None:
    payload = json.dumps(
        {
            "type": "av_moderation",
            "mediaType": "audio",
            "enabled": True,
            "whitelists": {"audio": [f"{ROOM}@{MUC}/a1b2c3d4"]},
        }
    )
    harness.feed(_json_message(sender, payload))
    assert harness.of(AvModerationChanged) == [] and harness.of(AvApprovedChanged) == []
    harness.feed(_json_message(AV, payload))
    assert harness.of(AvModerationChanged) and harness.of(AvApprovedChanged)


@pytest.mark.parametrize(
    "payload",
    ["{", "[]", "x" * (4 * 1024 * 1024 + 10), _update({"r": []})[:-5], json.dumps({"rooms": 1})],
    ids=["truncated", "array", "oversized", "cut", "no-type"],
)
def test_garbage_from_the_component_changes_nothing(harness: Harness, payload: str) -> None:
    harness.feed(_json_message(BREAKOUT, payload))
    harness.feed(_json_message(AV, payload))
    assert harness.of(RoomsSnapshot) == []


def test_deeply_nested_json_from_the_component_is_refused_quietly(harness: Harness) -> None:
    harness.feed(_json_message(BREAKOUT, nested(100_000)))
    harness.feed(_json_message(AV, nested(100_000)))
    assert harness.of(RoomsSnapshot) == []
    assert harness.crashes() == []


def test_hostile_chat_is_kept_literally_and_bounded(harness: Harness) -> None:
    lines = [*HOSTILE_NAMES, "y" * (MAX_RECEIVED_CHAT + 5_000)]
    for text in lines:
        harness.feed(
            f"<message xmlns='jabber:client' type='groupchat' from='{ROOM}@{MUC}/a1b2c3d4'>"
            f"<body>{escape(xml_safe(text))}</body></message>"
        )
    received = [e.message.text for e in harness.of(ChatReceived)]
    # XML turns a raw CR into LF (end-of-line normalisation); nothing else changes
    assert received == [xml_safe(t).replace("\r", "\n")[:MAX_RECEIVED_CHAT] for t in lines]
    fold(harness.of(ChatReceived))


def test_the_longest_message_the_console_may_send_arrives_whole(harness: Harness) -> None:
    # The two bounds are different things (what the moderator may send, what is kept of what
    # arrives); the second must not cut the console's own messages when the room echoes them.
    longest = "z" * MAX_SENT_CHAT
    harness.feed(
        f"<message xmlns='jabber:client' type='groupchat' from='{ROOM}@{MUC}/a1b2c3d4'>"
        f"<body>{longest}</body></message>"
    )
    assert [e.message.text for e in harness.of(ChatReceived)] == [longest]


@pytest.mark.parametrize(
    "sender", ["evil.example/x", f"{ROOM}@evil.example/a1", f"{ROOM}@{MUC}", f"a@{AV}/x"]
)
def test_chat_not_from_a_room_occupant_is_ignored(harness: Harness, sender: str) -> None:
    harness.feed(
        f"<message xmlns='jabber:client' type='chat' from={quoteattr(sender)}>"
        f"<body>{escape(OSC52)}</body></message>".replace("\x1b", "").replace("\x07", "")
    )
    assert harness.of(ChatReceived) == []


def test_presence_from_outside_the_conference_domains_is_ignored(harness: Harness) -> None:
    harness.feed(
        "<presence xmlns='jabber:client' from='standup@evil.example/a1b2c3d4'>"
        "<nick xmlns='http://jabber.org/protocol/nick'>Eve</nick></presence>"
    )
    harness.feed("<presence xmlns='jabber:client' from='eve@meet.jitsi/x'/>")
    assert harness.of(ParticipantPresent) == []


def test_subject_only_from_the_main_room(harness: Harness) -> None:
    from tui.model.events import SubjectChanged

    for sender in (f"{ROOM}@{MUC}/a1b2c3d4", f"other@{MUC}", f"{ROOM.upper()}@{MUC}"):
        harness.feed(
            f"<message xmlns='jabber:client' type='groupchat' from={quoteattr(sender)}>"
            "<subject>[@click=app.quit]pwned[/]</subject></message>"
        )
    assert [e.name for e in harness.of(SubjectChanged)] == ["[@click=app.quit]pwned[/]"]
