"""Moderation stanzas out (PROTOCOL.md §5) and the AV-moderation JSON in."""

from __future__ import annotations

import json

from tui.jitsi import moderation as m
from tui.model.commands import (
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendKick,
    SendMute,
)
from tui.model.conference import Affiliation, Media

ROOM = "standup@conference.meet.jitsi"


def test_mute_goes_to_the_rooms_focus_with_the_occupant_jid() -> None:
    iq = m.mute_iq(SendMute("a1b2c3d4", "r1", "r1@breakout.meet.jitsi", Media.VIDEO))
    assert iq.get("to") == "r1@breakout.meet.jitsi/focus" and iq.get("type") == "set"
    (mute,) = list(iq)
    assert mute.tag == "{http://jitsi.org/jitmeet/video}mute"
    assert mute.get("jid") == "r1@breakout.meet.jitsi/a1b2c3d4" and mute.text == "true"


def test_kick_and_affiliation_use_muc_admin() -> None:
    kick = m.kick_iq(SendKick("a1", "standup", ROOM, "bye"))
    item = kick.find(f"{m.MUC_ADMIN}query/{m.MUC_ADMIN}item")
    assert item is not None and item.attrib == {"nick": "a1", "role": "none"}
    assert item.findtext(m.MUC_ADMIN + "reason") == "bye"
    grant = m.affiliation_iq(SendAffiliation("a1", "u@meet.jitsi", ROOM, Affiliation.OWNER))
    item = grant.find(f"{m.MUC_ADMIN}query/{m.MUC_ADMIN}item")
    assert item is not None and item.get("affiliation") == "owner"
    assert item.get("jid") == "u@meet.jitsi"


def test_config_forms_for_lobby_and_password() -> None:
    iq = m.config_submit_iq(ROOM, m.secret_fields("pw", members_only=True))
    form = iq.find(f"{m.MUC_OWNER}query/{m.DATA}x")
    assert form is not None and form.get("type") == "submit"
    values = {f.get("var"): f.findtext(m.DATA + "value") for f in form}
    assert values == {
        "FORM_TYPE": "http://jabber.org/protocol/muc#roomconfig",
        "muc#roomconfig_roomsecret": "pw",
        "muc#roomconfig_passwordprotectedroom": "1",
        "muc#roomconfig_whois": "anyone",
        "muc#roomconfig_membersonly": "true",
    }
    assert m.lobby_fields(False, locked=True) == {
        "muc#roomconfig_membersonly": "false",
        "muc#roomconfig_passwordprotectedroom": "1",
    }
    members = m.members_iq(ROOM, ["a@d", "b@d"])
    assert [i.get("jid") for i in members.iter(m.MUC_ADMIN + "item")] == ["a@d", "b@d"]


def test_component_messages_carry_no_namespace_of_their_own() -> None:
    on = m.av_message("avmoderation.meet.jitsi", SendAvModeration(Media.AUDIO, True))
    (child,) = list(on)
    assert child.tag == "{jabber:client}av_moderation"
    assert child.attrib == {"enable": "true", "mediaType": "audio"}
    allow = m.av_message("av.x", SendAvApproval("a1", ROOM, Media.VIDEO, allow=False))
    assert allow[0].attrib == {"jidToBlacklist": f"{ROOM}/a1", "mediaType": "video"}
    end = m.end_conference("endconference.meet.jitsi")
    assert [c.tag for c in end] == ["{jabber:client}end_conference"]


def test_lobby_invite_chat_and_lower_hand() -> None:
    invite = m.lobby_invite(ROOM, "k@meet.jitsi/x")
    assert invite.find(f"{m.MUC_USER}x/{m.MUC_USER}invite").get("to") == "k@meet.jitsi/x"  # type: ignore[union-attr]
    line = m.chat(ROOM, "hej", private=False)
    assert line.get("type") == "groupchat" and line.findtext("{jabber:client}body") == "hej"
    hand = m.lower_hand(f"{ROOM}/a1")
    payload = json.loads(hand.findtext(f"{{{m.JITMEET}}}json-message") or "")
    assert payload["name"] == "lower-hand-message" and hand.get("type") == "chat"
    assert "type" in payload, "lib-jitsi-meet drops a json-message without a type key"
    assert hand.find("{urn:xmpp:delay}delay") is None


def test_av_json() -> None:
    states = m.parse_av_message(
        json.dumps(
            {
                "type": "av_moderation",
                "enabled": True,
                "mediaType": "audio",
                "whitelists": {"audio": [f"{ROOM}/a1", 5], "video": []},
            }
        )
    )
    assert m.AvState(Media.AUDIO, enabled=True) in states
    assert m.AvState(Media.AUDIO, whitelist=frozenset({"a1"})) in states
    assert m.AvState(Media.VIDEO, whitelist=frozenset()) in states
    assert m.parse_av_message("nope") == []
    assert m.parse_av_message('{"type":"breakout_rooms"}') == []
