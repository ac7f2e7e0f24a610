"""Small builders for model tests: a connected conference with named people and rooms."""

from __future__ import annotations

from tui.model.conference import (
    Affiliation,
    Conference,
    ConnectionState,
    Feature,
    Kind,
    Participant,
    Role,
)
from tui.model.events import (
    ConnectionChanged,
    Joined,
    ParticipantPresent,
    RoomsSnapshot,
    SnapshotMember,
    SnapshotRoom,
)
from tui.model.reduce import apply

ROOM = "standup"
ROOM_JID = "standup@conference.meet.jitsi"
ME = "c0ffee42"
ALL_FEATURES = frozenset({Feature.BREAKOUT, Feature.RENAME})


def person(pid: str, name: str = "", room: str = ROOM, **kw: object) -> Participant:
    return Participant(id=pid, name=name or pid, room=room, jid=f"{pid}@meet.jitsi/r", **kw)  # type: ignore[arg-type]


def connected(
    *people: Participant, moderator: bool = True, features: frozenset[Feature] = ALL_FEATURES
) -> Conference:
    conf = Conference.empty(ROOM, ROOM_JID)
    conf = apply(conf, ConnectionChanged(ConnectionState.CONNECTED))
    conf = apply(conf, Joined(me=ME, room_id=ROOM, room_jid=ROOM_JID, features=features))
    role = Role.MODERATOR if moderator else Role.PARTICIPANT
    aff = Affiliation.OWNER if moderator else Affiliation.NONE
    conf = apply(
        conf,
        ParticipantPresent(
            Participant(
                id=ME,
                name="Console",
                room=ROOM,
                jid="me@meet.jitsi/x",
                role=role,
                affiliation=aff,
                kind=Kind.SELF,
            )
        ),
    )
    for p in people:
        conf = apply(conf, ParticipantPresent(p))
    return conf


def snapshot(conf: Conference, layout: dict[str, list[str]]) -> RoomsSnapshot:
    """A component update placing ids into rooms; key ROOM is the main room."""
    rooms = []
    for room_id, ids in layout.items():
        is_main = room_id == ROOM
        host = "conference" if is_main else "breakout"
        rooms.append(
            SnapshotRoom(
                id=room_id,
                jid=f"{room_id}@{host}.meet.jitsi",
                name="" if is_main else f"Room {room_id}",
                is_main=is_main,
                members=tuple(
                    SnapshotMember(
                        id=i,
                        jid=conf.participants[i].jid if i in conf.participants else f"{i}@x/y",
                        name=conf.participants[i].name if i in conf.participants else i,
                        role=conf.participants[i].role if i in conf.participants else Role.NONE,
                    )
                    for i in ids
                ),
            )
        )
    return RoomsSnapshot(tuple(rooms), room_counter=len(layout) - 1)
