"""Property tests: no sequence of server facts breaks one-room-per-participant, and every
planned move, once the server carries it out, is confirmed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.model.factories import ME, ROOM, connected
from tui.model.commands import SendMove, SendRemoveRoom, confirmed
from tui.model.conference import Conference, Participant, Role, invariant_violations
from tui.model.events import (
    Event,
    LeaveReason,
    ParticipantLeft,
    ParticipantPresent,
    RoomsSnapshot,
    SnapshotMember,
    SnapshotRoom,
)
from tui.model.intents import (
    AutoAssign,
    CallEveryoneBack,
    CloseAllRooms,
    Intent,
    MoveParticipants,
)
from tui.model.reduce import Planned, apply, plan

IDS = [ME, "a1", "b2", "c3", "d4", "e5", "f6"]
ROOMS = [ROOM, "r1", "r2", "r3", "ghost"]

ids = st.sampled_from(IDS)
rooms = st.sampled_from(ROOMS)

presences = st.builds(
    lambda pid, room, muted, hand: ParticipantPresent(
        Participant(
            id=pid,
            name=f"n{pid}",
            room=room,
            jid=f"{pid}@d/r",
            audio_muted=muted,
            hand_raised_at=hand,
            role=Role.MODERATOR if pid == ME else Role.PARTICIPANT,
        )
    ),
    ids,
    rooms,
    st.booleans(),
    st.none() | st.integers(0, 10**13),
)
leaves = st.builds(ParticipantLeft, ids, rooms, st.sampled_from(list(LeaveReason)))


@st.composite
def snapshots(draw: st.DrawFn) -> RoomsSnapshot:
    chosen = draw(st.lists(st.sampled_from(ROOMS), unique=True, max_size=4))
    result = []
    for room in chosen:
        members = draw(st.lists(ids, max_size=5))  # duplicates across rooms allowed: malformed
        result.append(
            SnapshotRoom(
                id=room,
                jid=f"{room}@x",
                is_main=draw(st.booleans()),
                members=tuple(
                    SnapshotMember(
                        m, f"{m}@d/r", role=Role.MODERATOR if m == ME else Role.PARTICIPANT
                    )
                    for m in members
                ),
            )
        )
    return RoomsSnapshot(tuple(result), draw(st.integers(0, 9)))


events = st.one_of(presences, leaves, snapshots())


@settings(max_examples=300, deadline=None)
@given(st.lists(events, max_size=30))
def test_invariant_survives_any_event_sequence(seq: list[Event]) -> None:
    conf = connected()
    for event in seq:
        conf = apply(conf, event)
        assert invariant_violations(conf) == [], event
    assert ME in conf.participants, "the console never disappears"


def _carry_out(conf: Conference, commands: tuple[object, ...]) -> Conference:
    """What Jitsi's component would report after executing ``commands``."""
    layout = {rid: list(room.members) for rid, room in conf.rooms.items()}
    for cmd in commands:
        if isinstance(cmd, SendMove):
            for members in layout.values():
                if cmd.participant in members:
                    members.remove(cmd.participant)
            layout[cmd.room].append(cmd.participant)
        elif isinstance(cmd, SendRemoveRoom):
            layout[conf.main_room] += layout.pop(cmd.room)
    snap = tuple(
        SnapshotRoom(
            id=rid,
            jid=conf.rooms[rid].jid,
            is_main=rid == conf.main_room,
            members=tuple(
                SnapshotMember(p, conf.participants[p].jid, role=conf.participants[p].role)
                for p in members
            ),
        )
        for rid, members in layout.items()
    )
    return apply(conf, RoomsSnapshot(snap, conf.room_counter))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(events, max_size=20),
    st.sampled_from(["move", "auto", "back", "closeall"]),
    st.lists(ids, min_size=1, max_size=4),
    rooms,
    st.integers(0, 1000),
)
def test_planned_commands_are_confirmed_once_executed(
    seq: list[Event], what: str, who: list[str], where: str, seed: int
) -> None:
    conf = connected()
    for event in seq:
        conf = apply(conf, event)
    intents: dict[str, Intent] = {
        "move": MoveParticipants(tuple(who), where),
        "auto": AutoAssign(seed),
        "back": CallEveryoneBack(),
        "closeall": CloseAllRooms(),
    }
    intent = intents[what]
    result = plan(conf, intent)
    if not isinstance(result, Planned):
        return
    after = _carry_out(conf, result.commands)
    assert invariant_violations(after) == []
    for cmd in result.commands:
        if isinstance(cmd, SendMove) and any(
            isinstance(c, SendRemoveRoom) and c.room == cmd.room for c in result.commands
        ):
            continue
        assert confirmed(after, cmd), cmd
