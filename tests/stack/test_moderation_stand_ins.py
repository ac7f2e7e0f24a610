"""The moderation stand-ins on their own, where the console's path cannot reach.

jicofo's mute rules (PROTOCOL.md §5.1): a non-moderator may not mute others, nobody may unmute
someone else, a participant under AV moderation may unmute itself only once approved. The components
refuse commands from non-moderators as upstream's do: nothing happens, and Prosody bounces the
command to its sender as service-unavailable (PROTOCOL.md §5.10).
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, SubElement

import pytest
from slixmpp.exceptions import IqError

from tests.stack.bounces import Bounce, bounces_to
from tests.stack.focus import JitsiStack
from tests.stack.waiting import wait_until
from tests.stack.webclient import WebParticipant, leave_all, spawn

pytestmark = pytest.mark.stack


async def _mute(by: WebParticipant, target: WebParticipant, *, mute: bool = True) -> str:
    """Send a mute IQ as the web client does; jicofo's answer (``result`` or the condition)."""
    iq: Any = by.xmpp.make_iq_set(ito=f"{by.room}/focus")
    element = Element("{http://jitsi.org/jitmeet/audio}mute", jid=target.occupant_jid)
    element.text = "true" if mute else "false"
    iq.append(element)
    try:
        await iq.send(timeout=5)
    except IqError as exc:
        return str(exc.condition)
    return "result"


async def _moderator_among(people: list[WebParticipant]) -> WebParticipant:
    """The one auto-owner made moderator (the first to join, whoever that was)."""
    first = people[0]

    def moderator_nick() -> str:
        if first.role == "moderator":
            return first.nick
        others = first.occupants.values()
        return next((o.nick for o in others if o.role == "moderator" and o.nick != "focus"), "")

    nick = await first.wait_for(moderator_nick)
    return next(p for p in people if p.nick == nick)


def _send(by: WebParticipant, to: str, name: str, **attrs: str) -> None:
    message = Element("{jabber:client}message", {"to": to})
    SubElement(message, f"{{jabber:client}}{name}", attrs)
    by.xmpp.send_xml(message)


async def test_jicofo_mute_rules(jitsi_stack: JitsiStack) -> None:
    stack = jitsi_stack.prosody
    people = await spawn(stack, "mute-rules", 3, audio_muted=False)
    try:
        host = await _moderator_among(people)
        guest, other = (p for p in people if p is not host)
        assert await _mute(guest, other) == "not-allowed"  # not a moderator
        assert await _mute(host, guest, mute=False) == "not-allowed"  # nobody unmutes others
        assert not guest.mutes and not other.mutes

        assert await _mute(host, guest) == "result"
        await guest.wait_for(lambda: guest.audio_muted)
        assert guest.mutes == [("audio", host.occupant_jid)]
        assert await _mute(guest, guest, mute=False) == "result"  # unmuting oneself is fine

        # under AV moderation a participant may unmute itself only once approved
        _send(host, stack.av_moderation, "av_moderation", enable="true", mediaType="audio")
        await other.wait_for(lambda: other.audio_muted)  # jicofo muted everyone but the actor
        assert not host.mutes
        assert await _mute(other, other, mute=False) == "not-allowed"
        _send(
            host,
            stack.av_moderation,
            "av_moderation",
            jidToWhitelist=other.occupant_jid,
            mediaType="audio",
        )
        await other.wait_for(
            lambda: any(c.payload.get("approved") for c in other.component_messages)
        )
        # the focus, a moderator, got the new whitelist before the participant got its approval
        assert await _mute(other, other, mute=False) == "result"
    finally:
        await leave_all(people)


async def test_components_refuse_non_moderators_with_a_bounce(jitsi_stack: JitsiStack) -> None:
    stack = jitsi_stack.prosody
    people = await spawn(stack, "not-yours", 2)
    try:
        host = await _moderator_among(people)
        [guest] = (p for p in people if p is not host)
        bounced = bounces_to(guest)
        _send(guest, stack.end_conference, "end_conference")
        _send(guest, stack.av_moderation, "av_moderation", enable="true", mediaType="audio")
        # the same session's next stanza is handled after those: once it arrives, they were
        chat = Element("{jabber:client}message", {"to": host.room, "type": "groupchat"})
        SubElement(chat, "{jabber:client}body").text = "still here?"
        guest.xmpp.send_xml(chat)
        await host.wait_for(lambda: any(c.text == "still here?" for c in host.chats))
        assert not host.destroyed and host.room
        assert not any(c.sender == stack.av_moderation for c in host.component_messages)
        await wait_until(lambda: len(bounced) == 2, 5, "two bounces")
        assert bounced == [
            Bounce(stack.end_conference, "cancel", "service-unavailable"),
            Bounce(stack.av_moderation, "cancel", "service-unavailable"),
        ]

        _send(host, stack.end_conference, "end_conference")
        await guest.wait_for(lambda: guest.destroyed)
        assert guest.destroyed[0][2] == "The meeting has been terminated"
    finally:
        await leave_all(people)
