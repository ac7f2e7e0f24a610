"""A tiny scripted gateway for UI tests that must not depend on the simulator's behaviour."""

from __future__ import annotations

from collections.abc import Sequence

from tui.model.commands import Command
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
    Event,
    Joined,
    ParticipantPresent,
    RoomsSnapshot,
    SnapshotMember,
    SnapshotRoom,
)
from tui.model.gateway import EventSink, InviteSource

ROOM = "main"
ROOM_JID = "main@conference.example"
ME = "c0ffee00"


def person(pid: str, name: str, room: str = ROOM, **kwargs: object) -> Participant:
    """A participant with a real JID (so moves are possible)."""
    return Participant(id=pid, name=name, room=room, jid=f"{pid}@example/x", **kwargs)  # type: ignore[arg-type]


class FakeGateway:
    """Delivers a scripted meeting on connect; records what is sent and confirms nothing."""

    title = "fake"

    def __init__(
        self,
        people: Sequence[Participant] = (),
        *,
        moderator: bool = True,
        rooms: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.people = list(people)
        self.moderator = moderator
        self.rooms = list(rooms)  # (id, name) of breakout rooms
        self.sent: list[Command] = []
        self.sink: EventSink | None = None

    def initial(self) -> Conference:
        return Conference.empty(ROOM, ROOM_JID, "Fake meeting")

    def set_room_password(self, password: str) -> None:
        self.room_password = password

    def invite_source(self) -> InviteSource:
        return InviteSource()  # no real meeting: the invite pane shows a demo address

    def script(self) -> list[Event]:
        me = Participant(
            id=ME,
            name="Console",
            room=ROOM,
            jid=f"{ME}@example/c",
            role=Role.MODERATOR if self.moderator else Role.PARTICIPANT,
            affiliation=Affiliation.OWNER if self.moderator else Affiliation.NONE,
            kind=Kind.SELF,
        )
        events: list[Event] = [
            ConnectionChanged(ConnectionState.CONNECTED),
            Joined(ME, ROOM, ROOM_JID, "Fake meeting", frozenset(Feature)),
            ParticipantPresent(me),
        ]
        events += [ParticipantPresent(p) for p in self.people]
        if self.rooms:
            snap_rooms = [
                SnapshotRoom(
                    ROOM,
                    ROOM_JID,
                    "Fake meeting",
                    True,
                    tuple(SnapshotMember(p.id, p.jid, p.name, p.role) for p in [me, *self.people]),
                )
            ]
            snap_rooms += [
                SnapshotRoom(rid, f"{rid}@breakout.example", name) for rid, name in self.rooms
            ]
            events.append(RoomsSnapshot(tuple(snap_rooms), len(self.rooms)))
        return events

    def emit(self, event: Event) -> None:
        assert self.sink is not None
        self.sink(event)

    async def connect(self, sink: EventSink) -> None:
        self.sink = sink
        for event in self.script():
            sink(event)

    async def send(self, commands: Sequence[Command]) -> None:
        self.sent.extend(commands)

    async def disconnect(self) -> None:
        self.sink = None
