"""A Jitsi component's refusal (Prosody's bounce of the command) fails that command at once.

Upstream's breakout-rooms, AV-moderation and end-conference modules answer a command they
refuse with nothing but Prosody's ``service-unavailable`` bounce (PROTOCOL.md §5.10). The client
runs on an unconnected ``ClientXMPP``; bounces go through slixmpp's own dispatch.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

import pytest
from slixmpp import ClientXMPP

from tui.jitsi.client import ClientSettings, JitsiClient
from tui.model.commands import SendAvApproval, SendAvModeration, SendEndConference, SendMove
from tui.model.conference import Media
from tui.model.events import CommandFailed

AV = "avmoderation.meet.jitsi"
BREAKOUT = "breakout.meet.jitsi"
END = "endconference.meet.jitsi"
ME = "console@meet.jitsi/abc"


class Wire:
    """A client whose writes are recorded and whose incoming stanzas are dispatched for real."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.sent: list[Element] = []
        self.xmpp = ClientXMPP("meet.jitsi", "")
        self.xmpp.register_plugin("xep_0030")
        self.client = JitsiClient(
            self.xmpp,
            ClientSettings(domain="meet.jitsi", muc="conference.meet.jitsi", room="r"),
            self.events.append,
        )
        self.client.components.addresses.update(
            {"breakout_rooms": BREAKOUT, "av_moderation": AV, "end_conference": END}
        )
        self.xmpp.send_xml = self.sent.append  # type: ignore[method-assign,assignment]

        async def no_wait(_: float) -> None:
            return None

        self.client.actions._now = lambda: 0.0
        self.client.actions._sleep = no_wait

    def bounce(self, sent: Element, *, sender: str | None = None, error: str = "") -> None:
        """Prosody's bounce of ``sent``: from where it went, with its id, no payload."""
        source = sender if sender is not None else sent.get("to", "")
        error = error or (
            "<error type='cancel'>"
            "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
        )
        self.xmpp._spawn_event(
            ET.fromstring(
                f"<message xmlns='jabber:client' type='error' from={quoteattr(source)} "
                f"to={quoteattr(ME)} id={quoteattr(sent.get('id', ''))}>{error}</message>"
            )
        )

    def failures(self) -> list[tuple[Any, str]]:
        return [(e.command, e.reason) for e in self.events if isinstance(e, CommandFailed)]


@pytest.fixture
def wire() -> Wire:
    return Wire()


async def test_a_refused_av_moderation_switch_fails_once_with_the_reason(wire: Wire) -> None:
    command = SendAvModeration(Media.AUDIO, enabled=True)
    await wire.client.send([command])
    assert wire.failures() == []  # sent; nothing judged yet

    wire.bounce(wire.sent[-1])

    assert wire.failures() == [
        (
            command,
            "the AV-moderation component refused: service-unavailable (not a moderator of this "
            "meeting, or a command it does not know)",
        )
    ]
    wire.bounce(wire.sent[-1])  # the same bounce again (a replay) says nothing new
    assert len(wire.failures()) == 1


async def test_a_refused_move_and_end_conference_name_their_component(wire: Wire) -> None:
    move = SendMove("abcd1234", "someone@meet.jitsi/x", "room", f"b1@{BREAKOUT}")
    await wire.client.send([move, SendEndConference()])
    move_sent, end_sent = wire.sent[-2:]
    assert move_sent.get("id") != end_sent.get("id")

    wire.bounce(end_sent)
    wire.bounce(
        move_sent,
        error="<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
        "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no\nsuch   room</text></error>",
    )

    assert wire.failures() == [
        (
            SendEndConference(),
            "the end-conference component refused: service-unavailable (not a moderator of "
            "this meeting, or a command it does not know)",
        ),
        (move, "the breakout-rooms component refused: bad-request (no such room)"),
    ]


@pytest.mark.parametrize("sender", ["evil.example", f"r@conference.meet.jitsi/{BREAKOUT}", ""])
async def test_a_bounce_from_anywhere_else_fails_nothing(wire: Wire, sender: str) -> None:
    await wire.client.send([SendAvModeration(Media.VIDEO, enabled=False)])
    wire.bounce(wire.sent[-1], sender=sender)
    assert wire.failures() == []


async def test_an_error_naming_no_sent_command_fails_nothing(wire: Wire) -> None:
    await wire.client.send([SendAvModeration(Media.VIDEO, enabled=False)])
    forged = ET.fromstring(ET.tostring(wire.sent[-1]))
    forged.set("id", "guessed")
    wire.bounce(forged)
    assert wire.failures() == []


async def test_a_refused_approval_says_moderation_may_have_gone_off(wire: Wire) -> None:
    approval = SendAvApproval("a1b2c3d4", "r@conference.meet.jitsi", Media.AUDIO, allow=True)
    await wire.client.send([approval])
    wire.bounce(wire.sent[-1])
    assert wire.failures() == [
        (
            approval,
            "the AV-moderation component refused: service-unavailable (not a moderator, the "
            "person left, or moderation was switched off meanwhile)",
        )
    ]
