"""Presence XML in, participant facts out.

The shapes are in ``tui/jitsi/presence.py``'s docstring; the join is PROTOCOL.md §2.3, and
``SourceInfo`` as ``{}`` is in upstream.md.
"""

from __future__ import annotations

from xml.etree.ElementTree import fromstring

from tui.jitsi.presence import (
    PresenceContext,
    SelfPresence,
    parse_presence,
    parse_raised_hand,
    parse_source_info,
)
from tui.model.conference import Affiliation, Kind, Role
from tui.model.events import LeaveReason, ParticipantLeft, ParticipantPresent

CTX = PresenceContext(hidden_domain="hidden.meet.jitsi", focus_domain="auth.meet.jitsi")
ROOMJ = "standup@conference.meet.jitsi"


def presence(body: str, nick: str = "a1b2c3d4", attrs: str = "") -> str:
    return (
        f'<presence xmlns="jabber:client" from="{ROOMJ}/{nick}" {attrs}>'
        f'<x xmlns="http://jabber.org/protocol/muc#user">'
        f'<item jid="5d0e@meet.jitsi/Qp7L" role="moderator" affiliation="owner"/></x>'
        f"{body}</presence>"
    )


def parse(xml: str) -> object:
    return parse_presence(fromstring(xml), CTX)


def test_full_presence() -> None:
    event = parse(
        presence(
            '<nick xmlns="http://jabber.org/protocol/nick">Åsa [b]x[/b]</nick>'
            '<SourceInfo>{"a1b2c3d4-a0":{"muted":false},"a1b2c3d4-v0":{"muted":true},'
            '"a1b2c3d4-v1":{"muted":false,"videoType":"desktop"}}</SourceInfo>'
            "<audiomuted>true</audiomuted>"
            "<jitsi_participant_raisedHand>1767225600000</jitsi_participant_raisedHand>"
            "<jitsi_participant_region>eu-north-1</jitsi_participant_region>"
        )
    )
    assert isinstance(event, ParticipantPresent)
    p = event.participant
    assert (p.id, p.room, p.jid, p.name) == (
        "a1b2c3d4",
        "standup",
        "5d0e@meet.jitsi/Qp7L",
        "Åsa [b]x[/b]",
    )
    assert p.role is Role.MODERATOR and p.affiliation is Affiliation.OWNER
    assert (p.audio_muted, p.video_muted, p.screen_sharing) == (False, True, True)
    assert p.hand_raised_at == 1767225600000 and p.region == "eu-north-1"
    assert p.kind is Kind.PERSON


def test_legacy_mute_only_without_source_info() -> None:
    p = parse(presence("<audiomuted>false</audiomuted><videomuted>false</videomuted>"))
    assert isinstance(p, ParticipantPresent)
    assert (p.participant.audio_muted, p.participant.video_muted) == (False, False)
    bare = parse(presence(""))
    assert isinstance(bare, ParticipantPresent) and bare.participant.audio_muted


def test_bots_focus_and_self() -> None:
    jigasi = parse(
        presence('<features><feature var="http://jitsi.org/protocol/jigasi"/></features>')
    )
    assert isinstance(jigasi, ParticipantPresent) and jigasi.participant.kind is Kind.JIGASI
    hidden = presence("").replace("5d0e@meet.jitsi", "rec@hidden.meet.jitsi")
    jibri = parse(hidden)
    assert isinstance(jibri, ParticipantPresent) and jibri.participant.kind is Kind.JIBRI
    assert parse(presence("", nick="focus")) is None
    own = presence("").replace("</x>", '<status code="110"/></x>')
    assert isinstance(parse(own), SelfPresence)


def test_leaves() -> None:
    gone = parse(presence("", attrs='type="unavailable"'))
    assert gone == ParticipantLeft("a1b2c3d4", "standup", LeaveReason.LEFT)
    switch = parse(presence("<status>switch_room</status>", attrs='type="unavailable"'))
    assert isinstance(switch, ParticipantLeft) and switch.reason is LeaveReason.SWITCH_ROOM
    kicked = presence("", attrs='type="unavailable"').replace("</x>", '<status code="307"/></x>')
    assert parse(kicked) == ParticipantLeft("a1b2c3d4", "standup", LeaveReason.KICKED)


def test_hostile_values_do_not_raise() -> None:
    weird = presence(
        "<SourceInfo>not json</SourceInfo><jitsi_participant_raisedHand>soon"
        "</jitsi_participant_raisedHand>"
    ).replace('role="moderator"', 'role="emperor"')
    event = parse(weird)
    assert isinstance(event, ParticipantPresent)
    assert event.participant.role is Role.PARTICIPANT
    assert event.participant.hand_raised_at is None and event.participant.audio_muted
    assert parse('<presence xmlns="jabber:client" from="nonick@x"/>') is None
    assert parse(presence("", attrs='type="error"')) is None


def test_raised_hand_forms() -> None:
    assert [parse_raised_hand(v) for v in (None, "false", "0", "true", "42", "x", "-5")] == [
        None,
        None,
        None,
        1,
        42,
        None,
        None,
    ]


def test_source_info_without_audio_source_is_muted() -> None:
    assert parse_source_info('{"e-v0":{"muted":false}}', "e") == (True, False, False)
    assert parse_source_info("[]", "e") == (True, True, False)
