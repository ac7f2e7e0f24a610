"""Every moderator action, end to end: the console asks, the people notice.

Each test drives the console's live path (``LiveGateway`` inside ``ConsoleSession``) on the
Prosody test stack, with simulated web participants observing the effect. Server behaviour
checked, per action:

* mute / mute everyone: the jicofo stand-in's mute handling (PROTOCOL.md §5.1): a moderator who is a
  jicofo participant mutes, the target gets ``<mute actor=…>`` and its presence turns muted;
  refusals come back with jicofo's condition (target or console no jicofo participant);
* AV moderation: our AV-moderation component (enable JSON to everyone, whitelist JSON to
  moderators, approval to the participant) and jicofo muting everyone on enable;
* kick: Prosody's 307 with the reason, in the main room and in a breakout room the console
  joins beside the main room; grant/revoke: the role in presence;
* lobby: our lobby stand-in (lobby room, ``registration-required`` + ``<lobbyroom>``, knockers
  seen live by the moderator, mediated invite admits, a lobby kick denies);
* password: Prosody's ``not-authorized`` without it; end meeting: our end-conference component
  destroys the main room and its breakout rooms, and the console does not come back;
* chat, private chat, broadcast to chosen breakout rooms, raised hands and lower hand.

``request`` must be ok only once the server confirmed, so most effects are asserted right after
it returns; effects that reach the participants by another path are waited for.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from tests.e2e.conftest import Meeting, gateway_for, until
from tests.e2e.conftest import meeting as shared_meeting
from tests.stack.focus import JitsiStack
from tests.stack.waiting import wait_until
from tests.stack.webclient import ParticipantError, WebParticipant
from tui.model.conference import ConnectionState, Media, Role
from tui.model.gateway import ConnectError
from tui.model.intents import (
    AddRoom,
    Admit,
    AllowUnmute,
    Broadcast,
    Deny,
    EndMeeting,
    Kick,
    LowerHand,
    MoveParticipants,
    Mute,
    MuteEveryone,
    SendChat,
    SetAvModeration,
    SetLobby,
    SetModerator,
    SetPassword,
)
from tui.session import ConsoleSession

pytestmark = pytest.mark.stack

TERMINATED = "The meeting has been terminated"


def meeting(stack: JitsiStack, guests: int, **options: Any) -> AbstractAsyncContextManager[Meeting]:
    """The shared e2e meeting (the console first, then ``guests``), its room named ``mod-…``."""
    return shared_meeting(stack, guests, "mod", **options)


def _console_jid(m: Meeting, room_jid: str | None = None) -> str:
    return f"{room_jid or m.main_jid}/{m.session.conference.me}"


async def _add_room(m: Meeting, name: str) -> str:
    before = set(m.session.conference.rooms)
    outcome = await m.session.perform(AddRoom(name))
    assert outcome.ok, outcome
    [room_id] = set(m.session.conference.rooms) - before
    return room_id


async def _move(m: Meeting, guest: WebParticipant, room_id: str) -> None:
    outcome = await m.session.perform(MoveParticipants((guest.nick,), room_id))
    assert outcome.ok, outcome
    assert guest.room == m.room_jid(room_id)


async def test_mute_one_then_everyone(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 3, audio_muted=False, video_muted=False) as m:
        first, *others = m.guests
        outcome = await m.session.perform(Mute((first.nick,), Media.AUDIO))
        assert outcome.ok, outcome
        # jicofo told the target who muted it; its client muted and said so in presence
        assert await first.wait_for(lambda: first.mutes) == [("audio", _console_jid(m))]
        await first.wait_for(lambda: first.audio_muted)
        await until(m.session, lambda: m.seen(first).audio_muted)  # type: ignore[union-attr]
        assert not any(g.audio_muted for g in others)

        outcome = await m.session.perform(MuteEveryone(Media.VIDEO))
        assert outcome.ok, outcome
        assert len(outcome.confirmed) == 3
        for guest in m.guests:
            await guest.wait_for(lambda g=guest: g.video_muted)  # type: ignore[misc]
        await until(m.session, lambda: all(m.seen(g).video_muted for g in m.guests))  # type: ignore[union-attr]
        answers = [r.answer for r in jitsi_stack.focus.mutes if r.room == m.main_jid]
        assert answers == ["result"] * 4


async def test_refused_mutes_surface_jicofos_reason(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 1, audio_muted=False) as m:
        # a participant whose client refused jicofo's Jingle offer is no jicofo participant
        no_jingle = WebParticipant(
            jitsi_stack.prosody, m.room, "No Jingle", jingle="error", audio_muted=False
        )
        await no_jingle.join()
        m.guests.append(no_jingle)
        await m.sees_everyone()
        focus = jitsi_stack.focus
        await focus.wait_for(
            lambda: any(o.outcome == "error" for o in focus.offers_to(m.main_jid, no_jingle.nick))
        )
        outcome = await m.session.perform(Mute((no_jingle.nick,)))
        assert not outcome.ok
        [(_, reason)] = outcome.failed
        # jicofo's bare condition, and what it means
        assert "internal-server-error" in reason
        assert "not count the console or the target as a participant" in reason
        assert not no_jingle.mutes and not no_jingle.audio_muted

        # the console itself stops being a jicofo participant (jicofo ended its session)
        console = m.session.conference.me or ""
        focus.terminate(m.main_jid, console)
        gateway: Any = m.session.gateway
        # a Jingle IQ changes nothing the session shows: poll the client's record
        await wait_until(lambda: not gateway.client.jingle_sessions, 5, "session-terminate")
        outcome = await m.session.perform(Mute((m.guests[0].nick,)))
        assert not outcome.ok
        [(_, reason)] = outcome.failed
        assert "internal-server-error" in reason
        assert not m.guests[0].audio_muted
        refusals = [(r.answer, r.why) for r in focus.mutes if r.room == m.main_jid]
        assert refusals == [
            ("internal-server-error", "participant to be muted not found"),
            ("internal-server-error", "muter participant not found"),
        ]


async def test_av_moderation_on_approve_revoke_off(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 2, audio_muted=False) as m:
        asker, other = m.guests
        outcome = await m.session.perform(SetAvModeration(Media.AUDIO, True))
        assert outcome.ok, outcome
        assert Media.AUDIO in m.session.conference.av_moderation
        for guest in m.guests:
            # everyone heard it is on, and jicofo muted everyone but the console
            await guest.wait_for(
                lambda g=guest: any(  # type: ignore[misc]
                    c.payload.get("enabled") is True and c.payload.get("mediaType") == "audio"
                    for c in g.component_messages
                )
            )
            await guest.wait_for(lambda g=guest: g.audio_muted)  # type: ignore[misc]

        outcome = await m.session.perform(AllowUnmute(asker.nick, Media.AUDIO))
        assert outcome.ok, outcome
        assert asker.nick in m.session.conference.av_approved[Media.AUDIO]
        await asker.wait_for(
            lambda: any(c.payload.get("approved") is True for c in asker.component_messages)
        )
        assert not any(c.payload.get("approved") for c in other.component_messages)

        outcome = await m.session.perform(AllowUnmute(asker.nick, Media.AUDIO, allow=False))
        assert outcome.ok, outcome
        assert asker.nick not in m.session.conference.av_approved[Media.AUDIO]
        await asker.wait_for(
            lambda: any(c.payload.get("removed") is True for c in asker.component_messages)
        )

        outcome = await m.session.perform(SetAvModeration(Media.AUDIO, False))
        assert outcome.ok, outcome
        assert Media.AUDIO not in m.session.conference.av_moderation
        await other.wait_for(
            lambda: any(c.payload.get("enabled") is False for c in other.component_messages)
        )


async def test_kick_with_reason_from_the_main_room_and_a_breakout_room(
    jitsi_stack: JitsiStack,
) -> None:
    async with meeting(jitsi_stack, 2, audio_muted=False) as m:
        here, away = m.guests
        outcome = await m.session.perform(Kick(here.nick, "Please rejoin later"))
        assert outcome.ok, outcome
        await here.wait_for(lambda: here.kicked)
        assert here.kicked[0].room == m.main_jid
        assert here.kicked[0].reason == "Please rejoin later"
        assert m.seen(here) is None

        room_id = await _add_room(m, "Side")
        await _move(m, away, room_id)
        breakout = m.room_jid(room_id)
        # muting there needs the console as a jicofo participant of that room's conference
        outcome = await m.session.perform(Mute((away.nick,)))
        assert outcome.ok, outcome
        await away.wait_for(lambda: away.audio_muted)
        assert away.mutes == [("audio", _console_jid(m, breakout))]

        outcome = await m.session.perform(Kick(away.nick, "Time is up"))
        assert outcome.ok, outcome
        await away.wait_for(lambda: away.kicked)
        assert (away.kicked[0].room, away.kicked[0].reason) == (breakout, "Time is up")
        console = m.session.conference.myself
        assert console is not None and console.room == m.session.conference.main_room
        assert m.session.conference.connection is ConnectionState.CONNECTED


async def test_grant_and_revoke_moderator(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 1) as m:
        [guest] = m.guests
        outcome = await m.session.perform(SetModerator(guest.nick))
        assert outcome.ok, outcome
        assert m.seen(guest).role is Role.MODERATOR  # type: ignore[union-attr]
        await guest.wait_for(lambda: guest.role == "moderator")

        outcome = await m.session.perform(SetModerator(guest.nick, grant=False))
        assert outcome.ok, outcome
        assert m.seen(guest).role is not Role.MODERATOR  # type: ignore[union-attr]
        await guest.wait_for(lambda: guest.role == "participant")


def _lobby_news(guest: WebParticipant, event: str) -> list[str]:
    """Names in the lobby-notify JSON of one kind that ``guest`` received, oldest first."""
    return [
        str(c.payload.get("name"))
        for c in guest.component_messages
        if c.payload.get("type") == "lobby-notify" and c.payload.get("event") == event
    ]


async def _knock(m: Meeting, name: str, email: str = "") -> WebParticipant:
    knocker = WebParticipant(m.stack.prosody, m.room, name)
    m.guests.append(knocker)
    await knocker.knock(email=email)
    await until(m.session, lambda: knocker.nick in m.session.conference.knocking)
    return knocker


async def test_lobby_knock_admit_deny_admit_all(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 1) as m:
        [inside] = m.guests
        outcome = await m.session.perform(SetLobby(True))
        assert outcome.ok, outcome
        assert m.session.conference.lobby_enabled
        await inside.wait_for(
            lambda: any(
                c.payload == {"type": "lobby-notify", "event": "LOBBY-ENABLED", "value": True}
                for c in inside.component_messages
            )
        )

        alice = await _knock(m, "Alice", "alice@example.com")
        seen = m.session.conference.knocking[alice.nick]
        assert (seen.name, seen.email) == ("Alice", "alice@example.com")
        assert seen.jid == alice.jid
        outcome = await m.session.perform(Admit((alice.nick,)))
        assert outcome.ok, outcome
        await alice.wait_for(lambda: alice.room == m.main_jid)
        await until(m.session, lambda: m.seen(alice) is not None)

        await inside.wait_for(lambda: _lobby_news(inside, "LOBBY-ACCESS-GRANTED") == ["Alice"])

        bob = await _knock(m, "Bob")
        outcome = await m.session.perform(Deny((bob.nick,)))
        assert outcome.ok, outcome
        await bob.wait_for(lambda: bob.kicked)
        assert bob.kicked[0].room.startswith(f"{m.room}@lobby.")
        assert bob.room == "" and m.seen(bob) is None
        await inside.wait_for(lambda: _lobby_news(inside, "LOBBY-ACCESS-DENIED") == ["Bob"])

        carol = await _knock(m, "Carol")
        dave = await _knock(m, "Dave")
        # knockers see nobody else in the lobby: neither each other nor the console
        assert not carol.occupants and not dave.occupants
        outcome = await m.session.perform(Admit())
        assert outcome.ok, outcome
        assert len(outcome.confirmed) == 2
        for person in (carol, dave):
            await person.wait_for(lambda p=person: p.room == m.main_jid)  # type: ignore[misc]
        assert not m.session.conference.knocking

        outcome = await m.session.perform(SetLobby(False))
        assert outcome.ok, outcome
        assert not m.session.conference.lobby_enabled
        late = WebParticipant(jitsi_stack.prosody, m.room, "Late")
        m.guests.append(late)
        await late.join()  # no lobby any more

        # on again: a new lobby room, and the console watches that one too
        outcome = await m.session.perform(SetLobby(True))
        assert outcome.ok, outcome
        again = await _knock(m, "Again")
        assert m.session.conference.knocking[again.nick].name == "Again"
        assert not m.session.conference.connection_detail


async def test_password_set_then_clear(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 0) as m:
        outcome = await m.session.perform(SetPassword("s3cret"))
        assert outcome.ok, outcome
        assert m.session.conference.locked

        stranger = WebParticipant(jitsi_stack.prosody, m.room, "Stranger")
        m.guests.append(stranger)
        with pytest.raises(ParticipantError) as refused:
            await stranger.join()
        assert refused.value.condition == "not-authorized"
        friend = WebParticipant(jitsi_stack.prosody, m.room, "Friend", room_password="s3cret")
        m.guests.append(friend)
        await friend.join()
        await until(m.session, lambda: m.seen(friend) is not None)

        # A second console is refused with "give the password", then joins once it has it.
        second = ConsoleSession(gateway_for(jitsi_stack.prosody, m.room))
        with pytest.raises(ConnectError) as locked:
            await second.connect()
        assert locked.value.needs_room_password
        second.gateway.set_room_password("s3cret")
        await second.connect()
        assert second.conference.connection is ConnectionState.CONNECTED
        await second.disconnect()

        outcome = await m.session.perform(SetPassword(""))
        assert outcome.ok, outcome
        assert not m.session.conference.locked
        anyone = WebParticipant(jitsi_stack.prosody, m.room, "Anyone")
        m.guests.append(anyone)
        await anyone.join()


async def test_end_meeting_destroys_every_room_and_the_console_stays_out(
    jitsi_stack: JitsiStack,
) -> None:
    async with meeting(jitsi_stack, 2) as m:
        stay, away = m.guests
        room_id = await _add_room(m, "Corner")
        await _move(m, away, room_id)
        breakout = m.room_jid(room_id)

        outcome = await m.session.perform(EndMeeting())
        assert outcome.ok, outcome
        assert m.session.conference.connection is ConnectionState.ENDED
        await stay.wait_for(lambda: stay.destroyed)
        assert stay.destroyed == [(m.main_jid, "", TERMINATED)]
        await away.wait_for(lambda: away.destroyed)
        assert away.destroyed[0][0] == breakout
        gateway: Any = m.session.gateway
        assert gateway.client.ended == "the meeting was ended"
        # the room is gone for good: the focus leaves, and the console did not rejoin it
        focus = jitsi_stack.focus
        await focus.wait_for(lambda: m.main_jid not in focus.occupied_rooms(), 5)
        assert m.session.conference.connection is ConnectionState.ENDED


async def test_room_chat_and_private_message(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 2) as m:
        one, two = m.guests
        console = m.session.conference.me
        outcome = await m.session.perform(SendChat("Welcome, everyone"))
        assert outcome.ok, outcome
        for guest in m.guests:
            await guest.wait_for(
                lambda g=guest: any(  # type: ignore[misc]
                    c.text == "Welcome, everyone" and c.sender == console and not c.private
                    for c in g.chats
                )
            )

        outcome = await m.session.perform(SendChat("Just for you", to=one.nick))
        assert outcome.ok, outcome
        await one.wait_for(lambda: any(c.text == "Just for you" and c.private for c in one.chats))
        # the room line reached two before; a private one never will: check after a later line
        outcome = await m.session.perform(SendChat("Last call"))
        assert outcome.ok, outcome
        await two.wait_for(lambda: any(c.text == "Last call" for c in two.chats))
        assert not any(c.text == "Just for you" for c in two.chats)


async def test_broadcast_reaches_the_chosen_breakout_rooms_only(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 4) as m:
        in_a, in_b, in_c, in_main = m.guests
        rooms = {}
        for guest, name in ((in_a, "A"), (in_b, "B"), (in_c, "C")):
            rooms[name] = await _add_room(m, name)
            await _move(m, guest, rooms[name])

        outcome = await m.session.perform(Broadcast("Five minutes left", (rooms["A"], rooms["B"])))
        assert outcome.ok, outcome
        assert len(outcome.confirmed) == 2
        for guest, name in ((in_a, "A"), (in_b, "B")):
            await guest.wait_for(
                lambda g=guest: any(c.text == "Five minutes left" for c in g.chats)  # type: ignore[misc]
            )
            line = next(c for c in guest.chats if c.text == "Five minutes left")
            assert line.room == m.room_jid(rooms[name])
        console = m.session.conference.myself
        assert console is not None and console.room == m.session.conference.main_room

        # the rooms left out hear nothing: a later line to all rooms arrives after it would have
        outcome = await m.session.perform(Broadcast("All back soon"))
        assert outcome.ok, outcome
        for guest in (in_c, in_main):
            await guest.wait_for(
                lambda g=guest: any(c.text == "All back soon" for c in g.chats)  # type: ignore[misc]
            )
            assert not any(c.text == "Five minutes left" for c in guest.chats)


async def test_raised_hands_queue_in_order_and_lower_one(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 3) as m:
        first, second, idle = m.guests
        await second.set_hand(True)
        await until(m.session, lambda: m.seen(second).hand_raised)  # type: ignore[union-attr]
        await first.set_hand(True)
        await until(m.session, lambda: len(m.session.conference.hands) == 2)
        assert [p.id for p in m.session.conference.hands] == [second.nick, first.nick]

        outcome = await m.session.perform(LowerHand(second.nick))
        assert outcome.ok, outcome
        assert second.hand_raised_at == 0  # their client lowered it
        assert [p.id for p in m.session.conference.hands] == [first.nick]
        assert not m.seen(idle).hand_raised  # type: ignore[union-attr]
