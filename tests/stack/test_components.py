"""The jicofo and breakout-rooms stand-ins against the real Prosody, with simulated web clients.

Every test uses its own room, so they share the session's stack (``jitsi_stack``). Commands go
to the breakout component exactly as the console sends them (``tui.jitsi.breakout``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Callable
from itertools import pairwise
from typing import Any
from xml.etree.ElementTree import Element, SubElement

import pytest
from slixmpp.exceptions import IqError

from tests.stack.bounces import Bounce, bounces_to
from tests.stack.focus import JitsiStack
from tests.stack.muc_admin import set_affiliation
from tests.stack.waiting import wait_until
from tests.stack.webclient import ParticipantError, WebParticipant, leave_all, spawn
from tui.jitsi.xmpp import WebSocketXMPP

pytestmark = pytest.mark.stack

People = Callable[..., Any]


def _room() -> str:
    return f"room-{secrets.token_hex(4)}"


@pytest.fixture
async def people(jitsi_stack: JitsiStack) -> AsyncIterator[People]:
    """A factory of joined web participants, all of whom leave after the test."""
    made: list[WebParticipant] = []

    async def join(room: str, name: str, **options: Any) -> WebParticipant:
        person = WebParticipant(jitsi_stack.prosody, room, name, **options)
        made.append(person)
        await person.join()
        return person

    yield join
    await leave_all(made)


def _add(person: WebParticipant, name: str) -> None:
    person.send_breakout("add", subject=name)


def _move(person: WebParticipant, who: WebParticipant, room_jid: str) -> None:
    person.send_breakout("move-to-room", participantJid=who.jid, roomJid=room_jid)


def _breakouts(update: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    if update is None:
        return {}
    return {r["jid"]: r for r in update["rooms"].values() if not r.get("isMainRoom")}


def _where(update: dict[str, Any] | None, person: WebParticipant) -> str | None:
    """The room JID the update places ``person`` in."""
    for room in (update or {}).get("rooms", {}).values():
        for info in room["participants"].values():
            if info["jid"] == person.jid:
                return str(room["jid"])
    return None


async def _with_breakout(moderator: WebParticipant, name: str = "Group A") -> str:
    count = len(_breakouts(moderator.last_update()))
    _add(moderator, name)
    update = await moderator.wait_for(
        lambda: len(_breakouts(moderator.last_update())) > count and moderator.last_update()
    )
    return next(jid for jid, room in _breakouts(update).items() if room.get("name") == name)


# -- focus -------------------------------------------------------------------------------------


async def test_first_joiner_becomes_moderator_and_the_next_is_elected_when_it_leaves(
    people: People,
) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    await bob.wait_for(lambda: "focus" in bob.occupants and alice.nick in bob.occupants)
    assert bob.role == "participant"
    assert bob.occupants[alice.nick].role == "moderator"
    await alice.leave()
    await bob.wait_for(lambda: bob.role == "moderator")
    assert bob.affiliation == "owner"


async def test_conference_request_without_room_is_a_bad_request(jitsi_stack: JitsiStack) -> None:
    client = WebSocketXMPP(jitsi_stack.prosody.domain, endpoint=jitsi_stack.prosody.ws_url)
    await client.start_session(timeout=10)
    try:
        iq: Any = client.make_iq_set(ito=jitsi_stack.focus.component_jid)
        iq.append(Element("{http://jitsi.org/protocol/focus}conference", {"machine-uid": "x"}))
        with pytest.raises(IqError) as caught:
            await iq.send(timeout=5)
        assert caught.value.condition == "bad-request"
    finally:
        client.disconnect()
        await client.disconnected


async def test_jingle_offers_go_to_every_member_and_answers_are_recorded(
    people: People, jitsi_stack: JitsiStack
) -> None:
    focus = jitsi_stack.focus
    room = _room()
    alice = await people(room, "Alice")
    assert alice.offers == [], "no offer while the member is alone"
    bob = await people(room, "Bob", jingle="error")
    room_jid = alice.room

    def settled() -> bool:
        offers = focus.offers_to(room_jid, alice.nick) + focus.offers_to(room_jid, bob.nick)
        return len(offers) == 2 and all(o.outcome != "pending" for o in offers)

    await focus.wait_for(settled)
    (to_alice,) = focus.offers_to(room_jid, alice.nick)
    (to_bob,) = focus.offers_to(room_jid, bob.nick)
    assert (to_alice.outcome, to_alice.participant_jid) == ("result", alice.jid)
    assert (to_bob.outcome, to_bob.condition) == ("error", "feature-not-implemented")
    assert alice.offers == [to_alice.sid] and bob.offers == [to_bob.sid]
    assert not [r for r in focus.jingle_received if r.room == room_jid]


async def test_an_unanswered_offer_is_recorded_as_a_timeout(
    people: People, jitsi_stack: JitsiStack
) -> None:
    focus = jitsi_stack.focus
    saved, focus.jingle_timeout = focus.jingle_timeout, 0.3
    try:
        room = _room()
        alice = await people(room, "Alice")
        bob = await people(room, "Bob", jingle="ignore")
        (offer,) = await focus.wait_for(
            lambda: [o for o in focus.offers_to(alice.room, bob.nick) if o.outcome != "pending"]
        )
        assert offer.outcome == "timeout" and bob.offers == [offer.sid]
    finally:
        focus.jingle_timeout = saved


async def test_unregistered_breakout_room_cannot_be_created(
    people: People, jitsi_stack: JitsiStack
) -> None:
    alice = await people(_room(), "Alice")
    with pytest.raises(ParticipantError, match="refused"):
        await alice.move_to(f"{secrets.token_hex(8)}@{jitsi_stack.prosody.breakout_muc}")


async def test_focus_leaves_an_empty_room(people: People, jitsi_stack: JitsiStack) -> None:
    alice = await people(_room(), "Alice")
    room_jid = alice.room
    assert room_jid in jitsi_stack.focus.occupied_rooms()
    await alice.leave()
    await jitsi_stack.focus.wait_for(lambda: room_jid not in jitsi_stack.focus.occupied_rooms())


async def test_focus_waits_for_a_first_member_whose_join_arrives_late(
    jitsi_stack: JitsiStack,
) -> None:
    # jicofo keeps a new conference 15 s for its first member (initial-timeout); a busy
    # server can deliver the join seconds after the focus answered "ready".
    late = WebParticipant(jitsi_stack.prosody, _room(), "Late")
    try:
        await late.join(pause=2 * jitsi_stack.focus.idle_leave + 0.5)
        assert late.room and "focus" in late.occupants
    finally:
        await late.leave()


# -- breakout component ------------------------------------------------------------------------


async def test_the_component_is_advertised_on_the_domain(jitsi_stack: JitsiStack) -> None:
    stack = jitsi_stack.prosody
    client = WebSocketXMPP(stack.domain, endpoint=stack.ws_url)
    await client.start_session(timeout=10)
    try:
        disco: Any = client.plugin["xep_0030"]
        info = await disco.get_info(jid=stack.domain, timeout=5)
        identities = info["disco_info"]["identities"]
        assert ("component", "breakout_rooms", None, stack.breakout_muc) in identities
        node = await disco.get_info(jid=stack.breakout_muc, node="breakout_rooms", timeout=5)
        assert set(node["disco_info"]["features"]) == {
            "http://jitsi.org/protocol/breakout_rooms#rename"
        }
    finally:
        client.disconnect()
        await client.disconnected


async def test_add_sends_every_occupant_an_update_with_the_new_room(
    people: People, jitsi_stack: JitsiStack
) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    carol = await people(room, "Carol")
    _add(alice, "Group A")
    for person in (alice, bob, carol):
        await person.wait_for(lambda p=person: _breakouts(p.last_update()))
    update = carol.last_update()
    assert update is not None
    assert set(update) == {"type", "event", "roomCounter", "rooms"}
    assert (update["type"], update["event"], update["roomCounter"]) == (
        "breakout_rooms",
        "features/breakout-rooms/update",
        1,
    )
    node = room
    main = update["rooms"][node]
    assert main["isMainRoom"] is True
    assert (main["id"], main["jid"]) == (node, alice.room)
    assert main["participants"][alice.occupant_jid] == {
        "jid": alice.jid,
        "role": "moderator",
        "displayName": "Alice",
    }
    assert set(main["participants"]) == {p.occupant_jid for p in (alice, bob, carol)}, "no focus"
    ((jid, _room_entry),) = _breakouts(update).items()
    uuid_node, _, host = jid.partition("@")
    assert host == jitsi_stack.prosody.breakout_muc and len(uuid_node) == 36
    assert update["rooms"][uuid_node] == {
        "id": uuid_node,
        "jid": jid,
        "name": "Group A",
        "participants": {},
    }
    for person in (alice, bob, carol):
        senders = {m.sender for m in person.component_messages}
        assert senders == {jitsi_stack.prosody.breakout_muc}, (
            "breakout JSON only from the component"
        )


async def test_move_to_room_moves_the_participant_and_back(people: People) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    main_jid = alice.room
    group = await _with_breakout(alice)

    _move(alice, bob, group)
    await bob.wait_for(lambda: bob.room == group and bob.role)
    assert bob.moves == [group] and bob.role == "participant"
    await alice.wait_for(lambda: _where(alice.last_update(), bob) == group)
    await alice.wait_for(lambda: bob.nick not in alice.occupants)
    assert _where(bob.last_update(), bob) == group, "occupants of breakout rooms get updates"

    # An owner of the main room is a moderator in its breakout rooms (mirrored affiliation).
    _move(alice, alice, group)
    await alice.wait_for(lambda: alice.room == group and alice.role)
    assert alice.role == "moderator"

    # A moderator inside a breakout room may still command; main room as in the update.
    _move(alice, bob, main_jid)
    await bob.wait_for(lambda: bob.room == main_jid and bob.role)
    await alice.wait_for(lambda: _where(alice.last_update(), bob) == main_jid)


async def test_move_to_an_unknown_room_is_refused(people: People) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    await _with_breakout(alice)
    stranger = f"{secrets.token_hex(6)}@{bob.stack.breakout_muc}"
    _move(alice, bob, stranger)
    await _wait_log(bob, f"target {stranger} is neither the main room nor a breakout room")
    assert bob.moves == []


async def test_rename_changes_the_name_in_the_update(people: People) -> None:
    alice = await people(_room(), "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    group = await _with_breakout(alice, "Old name")
    alice.send_breakout("rename", breakoutRoomJid=group, subject="New name")
    await alice.wait_for(lambda: _breakouts(alice.last_update())[group].get("name") == "New name")


async def test_remove_destroys_the_room_after_people_were_moved_back(people: People) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    carol = await people(room, "Carol", follow_moves=False)
    main_jid = alice.room
    group = await _with_breakout(alice)
    _move(alice, bob, group)
    await carol.move_to(group)  # carol ignores moves: she stays when the room goes
    await alice.wait_for(lambda: _where(alice.last_update(), bob) == group)

    _move(alice, bob, main_jid)
    await bob.wait_for(lambda: bob.room == main_jid and bob.role)
    alice.send_breakout("remove", breakoutRoomJid=group)
    await alice.wait_for(lambda: not _breakouts(alice.last_update()))
    assert alice.last_update()["roomCounter"] == 1
    await carol.wait_for(lambda: carol.destroyed)
    assert carol.destroyed == [(group, main_jid, "Breakout room removed.")]


async def test_destroying_the_main_room_destroys_its_breakout_rooms(people: People) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    main_jid = alice.room
    group = await _with_breakout(alice)
    _move(alice, bob, group)
    await bob.wait_for(lambda: bob.room == group and bob.role)
    iq = alice.xmpp.make_iq_set(ito=main_jid)
    query = Element("{http://jabber.org/protocol/muc#owner}query")
    SubElement(query, "{http://jabber.org/protocol/muc#owner}destroy")
    iq.append(query)
    await iq.send(timeout=5)
    await bob.wait_for(lambda: bob.destroyed)
    assert bob.destroyed[0][:2] == (group, main_jid)


async def test_a_non_moderators_command_is_refused_with_a_bounce(people: People) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    bob = await people(room, "Bob")
    bounced = bounces_to(bob)
    _add(bob, "Sneaky")
    await wait_until(lambda: bounced, 5, "a bounce")
    assert bounced == [Bounce(bob.stack.breakout_muc, "cancel", "service-unavailable")]
    await _wait_log(bob, f"refused breakout command features/breakout-rooms/add from {bob.jid}")
    _add(alice, "Real")
    update = await bob.wait_for(bob.last_update)
    assert [r["name"] for r in _breakouts(update).values()] == ["Real"]
    assert update["roomCounter"] == 1


async def test_a_command_from_a_session_without_room_is_refused(
    people: People, jitsi_stack: JitsiStack
) -> None:
    stack = jitsi_stack.prosody
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    # A second moderator whose WebSocket URL has no ?room=.
    other = WebParticipant(stack, room, "No room")
    other.xmpp.room = None
    try:
        await other.join()
        await set_affiliation(alice, alice.room, other.jid.partition("/")[0], "owner")
        await other.wait_for(lambda: other.role == "moderator")
        bounced = bounces_to(other)
        _add(other, "Lost")
        await _wait_log(other, f"from {other.jid}: the session has no ?room=")
        await wait_until(lambda: bounced, 5, "a bounce")
        assert [b.condition for b in bounced] == ["service-unavailable"]
        _add(alice, "Kept")
        update = await other.wait_for(other.last_update)
        assert [r["name"] for r in _breakouts(update).values()] == ["Kept"]
    finally:
        await other.leave()


async def test_updates_are_coalesced(people: People) -> None:
    alice = await people(_room(), "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    for n in range(5):
        _add(alice, f"Room {n + 1}")
    await alice.wait_for(lambda: len(_breakouts(alice.last_update())) == 5)
    assert alice.last_update()["roomCounter"] == 5
    assert len(alice.updates) < 5
    arrivals = [m.received_at for m in alice.updates]
    assert all(b - a > 0.15 for a, b in pairwise(arrivals)), arrivals  # one per 300 ms


async def test_joins_and_leaves_after_the_first_add_send_updates(people: People) -> None:
    room = _room()
    alice = await people(room, "Alice")
    await alice.wait_for(lambda: alice.role == "moderator")
    await _with_breakout(alice)
    carol = await people(room, "Carol")
    await alice.wait_for(lambda: _where(alice.last_update(), carol) == alice.room)
    await carol.wait_for(lambda: _where(carol.last_update(), carol) == alice.room)
    await carol.leave()
    await alice.wait_for(lambda: _where(alice.last_update(), carol) is None)


async def test_fifty_web_participants_join(jitsi_stack: JitsiStack) -> None:
    room = _room()
    began = time.monotonic()
    crowd = await spawn(jitsi_stack.prosody, room, 50, concurrency=25)
    seconds = time.monotonic() - began
    try:
        last = max(crowd, key=lambda p: p.join_seconds or 0)
        await last.wait_for(lambda: len(last.occupants) == 50)  # 49 others and the focus
        moderators = [p for p in crowd if p.role == "moderator"]
        assert len(moderators) == 1
    finally:
        await leave_all(crowd)
    print(f"\n50 web participants joined in {seconds:.2f} s")
    assert seconds < 20


async def _wait_log(person: WebParticipant, text: str, timeout: float = 5.0) -> None:
    """Wait until Prosody's log contains ``text`` (our Lua module logs refused commands)."""
    await wait_until(lambda: text in person.stack.log_text(), timeout, f"log line {text!r}")
