"""Moderation wishes (issue 4): what each plans, what each refuses, and the facts they await."""

from __future__ import annotations

from dataclasses import replace

from tests.model.factories import ME, ROOM, ROOM_JID, connected, person, snapshot
from tui.model.commands import (
    SendAdmit,
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendDeny,
    SendEndConference,
    SendGroupChat,
    SendKick,
    SendLowerHand,
    SendMembersOnly,
    SendMute,
    SendPrivateChat,
    SendRoomSecret,
    confirmed,
    describe,
)
from tui.model.conference import (
    Affiliation,
    ChatMessage,
    Conference,
    Feature,
    Kind,
    Knocker,
    Media,
    Role,
)
from tui.model.events import (
    AvApprovedChanged,
    AvModerationChanged,
    ChatReceived,
    KnockerArrived,
    KnockerLeft,
    LobbyChanged,
    LockChanged,
    ParticipantPresent,
)
from tui.model.intents import (
    Admit,
    AllowUnmute,
    Broadcast,
    Deny,
    EndMeeting,
    Kick,
    LowerHand,
    Mute,
    MuteEveryone,
    SendChat,
    SetAvModeration,
    SetLobby,
    SetModerator,
    SetPassword,
)
from tui.model.moderation_plans import MAX_SENT_CHAT
from tui.model.reduce import Planned, Refused, apply, plan

ALL = frozenset(Feature)


def meeting(moderator: bool = True) -> Conference:
    conf = connected(
        person("a1", "Anna", audio_muted=False, hand_raised_at=20),
        person("b2", "Bo", audio_muted=False, hand_raised_at=10),
        person("rec", "Recorder", kind=Kind.JIBRI, audio_muted=False),
        moderator=moderator,
        features=ALL,
    )
    return apply(conf, snapshot(conf, {ROOM: [ME, "a1", "rec"], "r1": ["b2"]}))


def test_mute_goes_to_the_targets_room_and_is_confirmed_by_presence() -> None:
    conf = meeting()
    result = plan(conf, Mute(("b2",)))
    assert result == Planned((SendMute("b2", "r1", "r1@breakout.meet.jitsi", Media.AUDIO),))
    cmd = result.commands[0]
    assert isinstance(cmd, SendMute) and cmd.occupant_jid == "r1@breakout.meet.jitsi/b2"
    muted = apply(conf, ParticipantPresent(replace(conf.participants["b2"], audio_muted=True)))
    assert not confirmed(conf, cmd) and confirmed(muted, cmd)
    assert describe(cmd, conf) == "mute Bo's audio"


def test_mute_refusals() -> None:
    conf = meeting()
    assert plan(conf, Mute((ME,))) == Refused(
        "the console sends no media, so there is nothing to mute"
    )
    assert plan(conf, Mute(("rec",))) == Refused("jicofo does not mute Recorder (jibri)")
    assert plan(conf, Mute(("a1",), Media.VIDEO)) == Refused("Anna's video is already off")


def test_mute_everyone_skips_console_bots_and_the_already_muted() -> None:
    result = plan(meeting(), MuteEveryone())
    assert isinstance(result, Planned)
    assert [c.participant for c in result.commands] == ["a1", "b2"]  # type: ignore[union-attr]
    assert plan(meeting(), MuteEveryone(Media.VIDEO)) == Refused("everyone's video is already off")


def test_non_moderator_may_chat_but_not_moderate() -> None:
    conf = meeting(moderator=False)
    refused = plan(conf, Kick("a1"))
    assert isinstance(refused, Refused) and "not a moderator" in refused.reason
    assert plan(conf, SendChat("hej")) == Planned((SendGroupChat(ROOM, ROOM_JID, "hej"),))


def test_av_moderation() -> None:
    conf = meeting()
    assert plan(conf, SetAvModeration(Media.AUDIO, True)) == Planned(
        (SendAvModeration(Media.AUDIO, True),)
    )
    assert plan(conf, AllowUnmute("a1")) == Refused(
        "audio moderation is off, so everyone may unmute already"
    )
    on = apply(conf, AvModerationChanged(Media.AUDIO, True))
    assert plan(on, SetAvModeration(Media.AUDIO, True)) == Refused("audio moderation is already on")
    allow = plan(on, AllowUnmute("a1"))
    assert allow == Planned((SendAvApproval("a1", ROOM_JID, Media.AUDIO, True),))
    approved = apply(on, AvApprovedChanged(Media.AUDIO, frozenset({"a1"})))
    assert confirmed(approved, allow.commands[0])  # type: ignore[union-attr]
    assert plan(approved, AllowUnmute("a1")) == Refused("Anna may already unmute audio")
    no_component = replace(conf, features=frozenset({Feature.BREAKOUT}))
    assert plan(no_component, SetAvModeration(Media.AUDIO, True)) == Refused(
        "this server has no AV-moderation component"
    )


def test_kick_in_a_breakout_room_and_confirmed_when_gone() -> None:
    conf = meeting()
    result = plan(conf, Kick("b2", "  bye  "))
    assert result == Planned((SendKick("b2", "r1", "r1@breakout.meet.jitsi", "bye"),))
    assert plan(conf, Kick(ME)) == Refused("the console cannot remove itself")


def test_grant_and_revoke_use_bare_jids_and_lobby_state() -> None:
    conf = meeting()
    grant = plan(conf, SetModerator("a1"))
    assert grant == Planned((SendAffiliation("a1", "a1@meet.jitsi", ROOM_JID, Affiliation.OWNER),))
    mod = apply(conf, ParticipantPresent(replace(conf.participants["a1"], role=Role.MODERATOR)))
    assert confirmed(mod, grant.commands[0])  # type: ignore[union-attr]
    assert plan(mod, SetModerator("a1")) == Refused("Anna is already a moderator")
    lobby = apply(mod, LobbyChanged(True))
    revoke = plan(lobby, SetModerator("a1", grant=False))
    assert revoke == Planned(
        (SendAffiliation("a1", "a1@meet.jitsi", ROOM_JID, Affiliation.MEMBER),)
    )


def test_lobby_knockers_admit_deny() -> None:
    conf = meeting()
    result = plan(conf, SetLobby(True))
    assert isinstance(result, Planned)
    (cmd,) = result.commands
    assert isinstance(cmd, SendMembersOnly) and cmd.enabled
    assert cmd.members == ("a1@meet.jitsi", "b2@meet.jitsi", "rec@meet.jitsi")
    assert plan(conf, Admit()) == Refused("the lobby is off")
    on = apply(conf, LobbyChanged(True))
    assert plan(on, Admit()) == Refused("nobody is waiting in the lobby")
    waiting = apply(on, KnockerArrived(Knocker("k1", "Karin", "k1@meet.jitsi/x", "k@x.se")))
    waiting = apply(waiting, KnockerArrived(Knocker("k2", "Kurt", "k2@meet.jitsi/y")))
    admit_all = plan(waiting, Admit())
    assert admit_all == Planned(
        (SendAdmit("k1", "k1@meet.jitsi/x", ROOM_JID), SendAdmit("k2", "k2@meet.jitsi/y", ROOM_JID))
    )
    assert plan(waiting, Deny(("k2",))) == Planned((SendDeny("k2"),))
    gone = apply(waiting, KnockerLeft("k1"))
    assert confirmed(gone, admit_all.commands[0])  # type: ignore[union-attr]
    assert not apply(gone, LobbyChanged(False)).knocking, "knockers walk in when the lobby goes"


def test_password_and_end() -> None:
    conf = meeting()
    assert plan(conf, SetPassword("")) == Refused("the meeting has no password to remove")
    set_pw = plan(conf, SetPassword("s3cret"))
    assert set_pw == Planned((SendRoomSecret("s3cret"),))
    assert "s3cret" not in repr(set_pw), "passwords never show in reprs (logs)"
    # a locked room looks the same before and after a new password: only the ack confirms
    assert not confirmed(apply(conf, LockChanged(True)), set_pw.commands[0])  # type: ignore[union-attr]
    assert plan(conf, EndMeeting()) == Planned((SendEndConference(),))


def test_a_chat_message_may_be_as_long_as_max_sent_chat_and_no_longer() -> None:
    conf = meeting()
    longest = "z" * MAX_SENT_CHAT
    assert plan(conf, SendChat(longest)) == Planned((SendGroupChat(ROOM, ROOM_JID, longest),))
    assert plan(conf, SendChat(longest + "z")) == Refused(
        f"the message is longer than {MAX_SENT_CHAT:,} characters"
    )


def test_chat_private_broadcast_and_echo_confirmation() -> None:
    conf = meeting()
    private = plan(conf, SendChat(" psst ", to="b2"))
    assert private == Planned((SendPrivateChat("b2", "r1@breakout.meet.jitsi/b2", "psst"),))
    assert plan(conf, SendChat("   ")) == Refused("the message is empty")
    everywhere = plan(conf, Broadcast("Five minutes left"))
    assert isinstance(everywhere, Planned)
    assert [c.room for c in everywhere.commands] == [ROOM, "r1"]  # type: ignore[union-attr]
    cmd = everywhere.commands[1]
    echo = ChatMessage(ME, "Console", "Five minutes left", "r1", mine=True)
    assert confirmed(apply(conf, ChatReceived(echo)), cmd)
    assert plan(conf, Broadcast("x", ("nope",))) == Refused("unknown room 'nope'")


def test_hands_queue_and_lower_hand() -> None:
    conf = meeting()
    assert [p.id for p in conf.hands] == ["b2", "a1"], "first raised first"
    lower = plan(conf, LowerHand("b2"))
    assert lower == Planned((SendLowerHand("b2", "r1@breakout.meet.jitsi/b2"),))
    assert plan(conf, LowerHand(ME)) == Refused("Console's hand is not raised")


def test_chat_history_is_bounded() -> None:
    conf = meeting()
    for i in range(600):
        conf = apply(conf, ChatReceived(ChatMessage("a1", "Anna", str(i), ROOM)))
    assert len(conf.chat) == 500 and conf.chat[-1].text == "599"
