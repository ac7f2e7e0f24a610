"""The console keeps its meeting through connection faults, on the real test stack.

Faults: the console's WebSocket cut 50 times in a row by a loopback proxy (tests/stack/proxy.py)
between it and Prosody, and Prosody itself stopped and started again mid-meeting. Each time the
console must come back by itself (RECONNECTING, then CONNECTED, moderator again, the right
people in the right rooms), refuse moves asked during the outage with a message, and land every
move asked before or after exactly once: each one is either confirmed and seen by exactly one
guest, or failed as lost and seen by nobody. Never doubled, never silently lost.

The deployment uses token authentication with jicofo's authentication mode (tests/stack/plugin.py
``token_stack``), as a real moderator console would: an anonymous console that reconnects gets a
new nick and loses moderator rights to whoever auto-owner picks next. The console mints its JWT,
so each rejoin mints a fresh one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jwt
import pytest

from tests.e2e.conftest import fresh_room, is_moderator, until
from tests.stack.focus import Focus, JitsiStack
from tests.stack.proxy import FaultProxy
from tests.stack.server import ProsodyStack
from tests.stack.waiting import wait_until
from tests.stack.webclient import WebParticipant, leave_all, spawn
from tui.config.secret import Secret
from tui.config.settings import AuthMode, AuthSettings, DisplaySettings, ServerSettings, Settings
from tui.jitsi.discovery import parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.jitsi.reconnect import Backoff
from tui.model.conference import ConnectionState, invariant_violations
from tui.model.intents import AddRoom, MoveParticipants
from tui.session import LOST_IN_RECONNECT, ConsoleSession, Outcome

pytestmark = pytest.mark.stack

DROPS = 50
RECOVER = 15.0


def _guest_token(prosody: ProsodyStack, room: str, lifetime: int = 600) -> str:
    now = int(time.time())
    claims = {
        "iss": prosody.app_id,
        "aud": prosody.app_id,
        "sub": prosody.domain,
        "room": room,
        "nbf": now - 60,
        "exp": now + lifetime,
        "context": {"user": {"id": "guest", "name": "Guest"}},
    }
    return jwt.encode(claims, prosody.app_secret, algorithm="HS256")


def _console(
    prosody: ProsodyStack,
    room: str,
    websocket_url: str | None = None,
    *,
    auth: AuthSettings | None = None,
    keepalive: tuple[float, float] = (15.0, 10.0),
) -> ConsoleSession:
    # A short back-off so 50 faults fit in seconds; the policy itself is unit-tested.
    settings = Settings(
        server=ServerSettings(timeout=5.0, websocket_url=websocket_url),
        auth=auth
        or AuthSettings(
            mode=AuthMode.JWT, app_id=prosody.app_id, app_secret=Secret(prosody.app_secret)
        ),
        display=DisplaySettings(name="Moderator Console"),
    )
    meeting = parse_meeting_url(prosody.meeting_url(room))
    gateway = LiveGateway(
        meeting, settings, backoff=Backoff(base=0.05, cap=1.0), keepalive=keepalive
    )
    return ConsoleSession(gateway)


@dataclass
class Ledger:
    """Every move asked, and what became of it."""

    issued: int = 0
    refused: int = 0
    landed: int = 0
    lost: int = 0
    sent_to: dict[str, list[str]] = field(default_factory=dict)
    """Per guest nick: the room JIDs of the moves the console confirmed, in order."""

    def record(self, nick: str, target_jid: str, outcome: Outcome) -> None:
        """Count one asked move by its outcome."""
        self.issued += 1
        if outcome.refused:
            self.refused += 1
        elif outcome.ok:
            self.landed += 1
            self.sent_to.setdefault(nick, []).append(target_jid)
        else:
            [(_, reason)] = outcome.failed
            assert reason.startswith(LOST_IN_RECONNECT), reason
            self.lost += 1


def _ready(session: ConsoleSession, guests: list[WebParticipant], rooms: int) -> Callable[[], bool]:
    def check() -> bool:
        c = session.conference
        return (
            c.connection is ConnectionState.CONNECTED
            and is_moderator(session)
            and all(g.nick in c.participants for g in guests)
            and len(c.breakout_rooms) == rooms
        )

    return check


def _got_move(guest: WebParticipant, received: int) -> Callable[[], bool]:
    return lambda: len(guest.moves) > received


def _assert_matches(session: ConsoleSession, guests: list[WebParticipant]) -> None:
    """The console shows each guest exactly where the server has them, and nobody else."""
    c = session.conference
    assert invariant_violations(c) == []
    assert set(c.participants) == {c.me, *(g.nick for g in guests)}
    for guest in guests:
        assert c.rooms[c.participants[guest.nick].room].jid == guest.room


async def _add_rooms(session: ConsoleSession, names: list[str]) -> list[str]:
    for name in names:
        outcome = await session.perform(AddRoom(name))
        assert outcome.ok, outcome
    by_name = {r.name: r.id for r in session.conference.breakout_rooms}
    return [by_name[n] for n in names]


@contextlib.asynccontextmanager
async def _proxied_meeting(
    stack: JitsiStack, guests: int
) -> AsyncIterator[tuple[ConsoleSession, list[WebParticipant], FaultProxy]]:
    prosody = stack.prosody
    proxy = FaultProxy(prosody.http_port)
    await proxy.start()
    room = fresh_room("faults")
    session = _console(prosody, room, proxy.url())
    people: list[WebParticipant] = []
    try:
        await session.connect()
        await until(session, lambda: is_moderator(session), RECOVER)
        people = await spawn(prosody, room, guests, token=_guest_token(prosody, room))
        await until(session, _ready(session, people, 0), RECOVER)
        yield session, people, proxy
    finally:
        await leave_all(people)
        await session.disconnect()
        await proxy.stop()


async def test_fifty_websocket_drops_in_a_row(token_stack: JitsiStack) -> None:
    async with _proxied_meeting(token_stack, 3) as (session, guests, proxy):
        gateway = session.gateway
        assert isinstance(gateway, LiveGateway)
        rooms = await _add_rooms(session, ["Red", "Blue"])
        targets = [session.conference.main_room, *rooms]
        ledger = Ledger()
        seen_states: list[tuple[ConnectionState, str]] = []
        session.subscribe(
            lambda change: seen_states.append(
                (change.conference.connection, change.conference.connection_detail)
            )
        )
        nicks_before = {session.conference.me}
        for drop in range(DROPS):
            guest = guests[drop % len(guests)]
            here = session.conference.participants[guest.nick].room
            target = targets[(targets.index(here) + 1) % len(targets)]
            target_jid = session.conference.rooms[target].jid
            in_flight = None
            if drop % 5 == 4:
                # A move still unconfirmed when the link drops: it must not be sent twice.
                # Every other time the drop comes once the guest got it (the confirmation is
                # what is lost), else at once (the move itself is lost).
                received = len(guest.moves)
                in_flight = session.submit(MoveParticipants((guest.nick,), target))
                if drop % 10 == 9:
                    await guest.wait_for(_got_move(guest, received))
            assert proxy.drop_all() >= 1
            await until(
                session, lambda: session.conference.connection is ConnectionState.RECONNECTING
            )
            if drop % 5 == 0:
                # Asked during the outage: refused with a message, never queued.
                outcome = await session.perform(MoveParticipants((guest.nick,), target))
                assert outcome.refused == "not connected (reconnecting)"
                ledger.record(guest.nick, target_jid, outcome)
            await until(session, _ready(session, guests, len(rooms)), RECOVER)
            nicks_before.add(session.conference.me)
            if in_flight is not None:
                ledger.record(guest.nick, target_jid, await in_flight)
            elif drop % 5 == 2:
                outcome = await session.perform(MoveParticipants((guest.nick,), target))
                assert outcome.ok, outcome
                ledger.record(guest.nick, target_jid, outcome)
            _assert_matches(session, guests)
        assert gateway.rejoins == DROPS
        assert proxy.dropped >= DROPS
        assert len(nicks_before) == DROPS + 1  # a new nick on every rejoin (no ghosts kept)
        assert any(
            state is ConnectionState.RECONNECTING and "attempt 1 in" in detail
            for state, detail in seen_states
        )
        # Exactly once: the moves each guest received are the moves confirmed for them.
        for guest in guests:
            assert guest.moves == ledger.sent_to.get(guest.nick, []), guest.display_name
        assert ledger.issued == ledger.refused + ledger.landed + ledger.lost
        assert ledger.refused == DROPS // 5
        assert ledger.landed >= DROPS // 5  # the after-the-outage moves all landed
        assert not session.pending
        print(  # the closing note's numbers (pytest -s)
            f"\nfaults={proxy.dropped} issued={ledger.issued} refused={ledger.refused} "
            f"landed={ledger.landed} lost={ledger.lost} doubled=0"
        )


@dataclass
class Restartable:
    """A token stack of one test's own, to be stopped and started mid-meeting."""

    prosody: ProsodyStack
    focus: Focus

    async def stop(self) -> None:
        """Stop jicofo and Prosody, as a crash or a service restart would."""
        await asyncio.to_thread(self.focus.stop)
        await asyncio.to_thread(self.prosody.stop)

    async def start(self) -> None:
        """Start Prosody again on the same ports, then a fresh jicofo."""
        await asyncio.to_thread(self.prosody.start)
        self.focus = Focus(self.prosody, authentication=True)
        await asyncio.to_thread(self.focus.start)


@pytest.fixture
def own_stack(tmp_path: Path) -> Iterator[Restartable]:
    """A running :class:`Restartable` on fresh ports."""
    prosody = ProsodyStack(domain="faults.jitsi", authentication="token", directory=tmp_path)
    prosody.start()
    focus = Focus(prosody, authentication=True)
    focus.start()
    stack = Restartable(prosody, focus)
    try:
        yield stack
    finally:
        stack.focus.stop()
        prosody.stop()


async def test_prosody_restart_mid_meeting(own_stack: Restartable) -> None:
    prosody = own_stack.prosody
    room = fresh_room("restart")
    session = _console(prosody, room)
    token = _guest_token(prosody, room)
    before: list[WebParticipant] = []
    after: list[WebParticipant] = []
    try:
        await session.connect()
        await until(session, lambda: is_moderator(session), RECOVER)
        before = await spawn(prosody, room, 2, token=token, name="Before")
        [red] = await _add_rooms(session, ["Red"])
        await until(session, _ready(session, before, 1), RECOVER)
        assert (await session.perform(MoveParticipants((before[0].nick,), red))).ok

        await own_stack.stop()
        await until(session, lambda: session.conference.connection is ConnectionState.RECONNECTING)
        refused = await session.perform(MoveParticipants((before[1].nick,), red))
        assert refused.refused == "not connected (reconnecting)"
        await leave_all(before)

        await own_stack.start()
        after = await spawn(prosody, room, 3, token=token, name="After")
        # The old meeting is gone with the server: no old guests, no old rooms.
        await until(session, _ready(session, after, 0), RECOVER)
        _assert_matches(session, after)

        [blue] = await _add_rooms(session, ["Blue"])
        outcome = await session.perform(MoveParticipants((after[2].nick,), blue))
        assert outcome.ok, outcome
        assert after[2].moves == [session.conference.rooms[blue].jid]
        assert [g.moves for g in after[:2]] == [[], []]
        _assert_matches(session, after)
    finally:
        await leave_all(before + after)
        await session.disconnect()


async def test_a_stalled_link_is_noticed_by_keepalive_and_rejoined(token_stack: JitsiStack) -> None:
    prosody = token_stack.prosody
    proxy = FaultProxy(prosody.http_port)
    await proxy.start()
    room = fresh_room("stall")
    session = _console(prosody, room, proxy.url(), keepalive=(0.5, 0.5))
    guests: list[WebParticipant] = []
    try:
        await session.connect()
        await until(session, lambda: is_moderator(session), RECOVER)
        guests = await spawn(prosody, room, 2, token=_guest_token(prosody, room))
        await until(session, _ready(session, guests, 0), RECOVER)
        old_me = session.conference.me
        assert proxy.stall_all() == 1  # nothing passes, nothing closes: only pings can tell
        await until(session, lambda: session.conference.connection is ConnectionState.RECONNECTING)
        await until(session, _ready(session, guests, 0), RECOVER)
        assert session.conference.me != old_me
        # The server keeps the old session until its own timeout: a ghost occupant. Once the
        # dead path breaks, it leaves and the picture is exactly the meeting again.
        assert proxy.drop_stalled() == 1
        await until(session, lambda: old_me not in session.conference.participants, RECOVER)
        _assert_matches(session, guests)
        assert session.conference.connection is ConnectionState.CONNECTED
    finally:
        await leave_all(guests)
        await session.disconnect()
        await proxy.stop()


async def test_an_expired_token_is_not_retried_forever(token_stack: JitsiStack) -> None:
    prosody = token_stack.prosody
    proxy = FaultProxy(prosody.http_port)
    await proxy.start()
    room = fresh_room("expired")
    # A token given by someone else cannot be renewed: when it has expired, rejoining fails.
    token = _guest_token(prosody, room, lifetime=2)
    expiry = jwt.decode(token, options={"verify_signature": False})["exp"]
    auth = AuthSettings(mode=AuthMode.JWT, jwt=Secret(token))
    session = _console(prosody, room, proxy.url(), auth=auth)
    try:
        await session.connect()
        assert session.conference.connection is ConnectionState.CONNECTED
        await wait_until(lambda: time.time() >= expiry, 5.0, "token expiry")
        proxy.drop_all()
        await until(session, lambda: session.conference.connection is ConnectionState.DISCONNECTED)
        detail = session.conference.connection_detail
        assert "refused the login 3 times; not retrying" in detail, detail
        assert "Expired" in detail, detail
        gateway = session.gateway
        assert isinstance(gateway, LiveGateway)
        assert gateway.rejoins == 0
        assert proxy.accepted == 1 + 3  # the first join, then three refused logins: no more
    finally:
        await session.disconnect()
        await proxy.stop()


async def test_a_minted_token_is_minted_afresh_for_each_rejoin(token_stack: JitsiStack) -> None:
    prosody = token_stack.prosody
    proxy = FaultProxy(prosody.http_port)
    await proxy.start()
    room = fresh_room("renew")
    auth = AuthSettings(
        mode=AuthMode.JWT,
        app_id=prosody.app_id,
        app_secret=Secret(prosody.app_secret),
        token_lifetime=2,
    )
    session = _console(prosody, room, proxy.url(), auth=auth)
    try:
        await session.connect()
        expiry = time.time() + 2
        await wait_until(lambda: time.time() >= expiry + 1, 5.0, "first token's expiry")
        proxy.drop_all()  # the first token is dead now: only a fresh one gets back in
        await until(session, lambda: session.conference.connection is ConnectionState.RECONNECTING)
        await until(session, _ready(session, [], 0), RECOVER)  # connected, moderator again
        assert proxy.accepted == 2  # one rejoin, not refused once
    finally:
        await session.disconnect()
        await proxy.stop()
