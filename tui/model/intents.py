"""Wishes of the moderator, before anyone checked they can be done.

Widgets and the control socket create these; :func:`tui.model.reduce.plan` turns one into
wire-level commands or refuses it with a reason. Names are imperatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.conference import Media


@dataclass(frozen=True, slots=True)
class MoveParticipants:
    """Send these participants to ``room`` (a room id)."""

    ids: tuple[str, ...]
    room: str


@dataclass(frozen=True, slots=True)
class AddRoom:
    """Create a breakout room; an empty name means Jitsi's default "Breakout room #N"."""

    name: str = ""


@dataclass(frozen=True, slots=True)
class RenameRoom:
    """Give a breakout room another name."""

    room: str
    name: str


@dataclass(frozen=True, slots=True)
class RemoveRoom:
    """Delete a breakout room, bringing its people back to the main room first."""

    room: str


@dataclass(frozen=True, slots=True)
class CloseRoom:
    """Send everyone in a breakout room back to the main room, keeping the room."""

    room: str


@dataclass(frozen=True, slots=True)
class CloseAllRooms:
    """Close every breakout room, then remove them all."""


@dataclass(frozen=True, slots=True)
class AutoAssign:
    """Jitsi's auto-assign: shuffle everyone but the console, split evenly across rooms.

    With neither ``rooms`` nor ``per_room`` every breakout room is used, as in Jitsi. With one
    of them, that many rooms (``rooms``, or enough for ``per_room`` people each) are used, the
    first ones in order; planning refuses when there are fewer, and the workshop's
    ``auto-assign`` verb adds the missing rooms first (a move needs the new room's JID, which
    only the component's next update brings, so one plan cannot both create and fill a room).

    Attributes:
        seed: Seed for the shuffle, so that planning stays a pure function.
        rooms: How many rooms to fill (0: not given).
        per_room: How many people per room at most (0: not given).
    """

    seed: int
    rooms: int = 0
    per_room: int = 0


@dataclass(frozen=True, slots=True)
class CallEveryoneBack:
    """Move everyone in any breakout room back to the main room (rooms stay)."""


@dataclass(frozen=True, slots=True)
class Mute:
    """Mute these participants' ``media`` (nobody can be unmuted remotely: there is no Unmute)."""

    ids: tuple[str, ...]
    media: Media = Media.AUDIO


@dataclass(frozen=True, slots=True)
class MuteEveryone:
    """Mute everyone but the console and the bots, as Jitsi's "mute everyone" does."""

    media: Media = Media.AUDIO


@dataclass(frozen=True, slots=True)
class SetAvModeration:
    """Switch AV moderation ("ask to unmute") on or off for one media type."""

    media: Media
    enabled: bool


@dataclass(frozen=True, slots=True)
class AllowUnmute:
    """Approve (or, with ``allow=False``, revoke) one participant's unmuting under moderation."""

    id: str
    media: Media = Media.AUDIO
    allow: bool = True


@dataclass(frozen=True, slots=True)
class Kick:
    """Remove a participant from the meeting, with an optional reason they will see."""

    id: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SetModerator:
    """Grant (or revoke) moderator rights."""

    id: str
    grant: bool = True


@dataclass(frozen=True, slots=True)
class SetLobby:
    """Switch the lobby on or off."""

    enabled: bool


@dataclass(frozen=True, slots=True)
class Admit:
    """Let these lobby knockers in (empty: everyone waiting)."""

    ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deny:
    """Turn these lobby knockers away (empty: everyone waiting)."""

    ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SetPassword:
    """Lock the meeting with a password; an empty one unlocks it."""

    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class EndMeeting:
    """End the meeting for everyone (destroys the main room and its breakout rooms)."""


@dataclass(frozen=True, slots=True)
class SendChat:
    """Post to the main room's chat, or privately to one participant (``to``)."""

    text: str
    to: str | None = None


@dataclass(frozen=True, slots=True)
class Broadcast:
    """Post the same chat line in several rooms at once (empty ``rooms``: all of them)."""

    text: str
    rooms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LowerHand:
    """Ask a participant's client to lower their raised hand."""

    id: str


BreakoutIntent = (
    MoveParticipants
    | AddRoom
    | RenameRoom
    | RemoveRoom
    | CloseRoom
    | CloseAllRooms
    | AutoAssign
    | CallEveryoneBack
)
"""The wishes :func:`tui.model.breakout_plans.plan_breakout` turns into breakout commands."""

Intent = (
    BreakoutIntent
    | Mute
    | MuteEveryone
    | SetAvModeration
    | AllowUnmute
    | Kick
    | SetModerator
    | SetLobby
    | Admit
    | Deny
    | SetPassword
    | EndMeeting
    | SendChat
    | Broadcast
    | LowerHand
)
