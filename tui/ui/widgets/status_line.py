"""The status line at the top: meeting, connection, role, counts, lobby, lock, AV moderation.

It replaces Textual's ``Header`` on purpose: no clock (screenshots stay byte-stable) and every
part is built as literal text, because the meeting name comes from the server.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from tui.model.conference import Conference, ConnectionState, Participant
from tui.model.persistent import changed_keys
from tui.ui.pending_view import PendingView
from tui.ui.read_only import STATUS
from tui.ui.text import literal

READ_ONLY = "not a moderator: read-only (chat works)"
"""Shown when the server will not obey the console's moderator commands."""
READ_ONLY_MODE = STATUS
"""Shown in read-only mode (``--read-only``), whatever the server allows."""

_STATE_STYLE = {
    ConnectionState.CONNECTED: "bold",
    ConnectionState.CONNECTING: "italic",
    ConnectionState.RECONNECTING: "bold italic",
    ConnectionState.DISCONNECTED: "bold reverse",
    ConnectionState.ENDED: "bold reverse",
}


class HeadCount:
    """People (bots aside) and raised hands, counted again only for participants that changed.

    The model's versions of the participants map name the keys written between them
    (:func:`~tui.model.persistent.changed_keys`); counting all 5,000 on every refresh took
    longer than the rest of the status line, and comparing all 5,000 was most of the app's
    CPU per presence.
    """

    def __init__(self) -> None:
        """Nothing counted yet."""
        self._seen: Mapping[str, Participant] | None = None
        self._people = 0
        self._hands = 0

    def count(self, participants: Mapping[str, Participant]) -> tuple[int, int]:
        """(people, raised hands) in ``participants``."""
        before = self._seen
        if participants is before:
            return self._people, self._hands
        self._seen = participants
        if before is None:
            self._people = sum(1 for p in participants.values() if not p.kind.is_bot)
            self._hands = sum(1 for p in participants.values() if p.hand_raised)
            return self._people, self._hands
        people, hands = self._people, self._hands
        for pid in changed_keys(before, participants):
            old, new = before.get(pid), participants.get(pid)
            if old is not None:
                people -= not old.kind.is_bot
                hands -= old.hand_raised
            if new is not None:
                people += not new.kind.is_bot
                hands += new.hand_raised
        self._people, self._hands = people, hands
        return people, hands


_HEADS = HeadCount()


def status_text(
    title: str,
    conference: Conference,
    pending: PendingView,
    heads: HeadCount = _HEADS,
    *,
    read_only: bool = False,
) -> Text:
    """The whole status line for ``conference`` as one literal text (``read_only``: the mode)."""
    people, hands = heads.count(conference.participants)
    rooms = len(conference.breakout_rooms)
    sep = ("  ·  ", "dim")
    parts: list[Text | tuple[str, str] | str] = [
        literal(conference.name or title, "bold"),
        sep,
        (conference.connection.value, _STATE_STYLE.get(conference.connection, "")),
    ]
    if conference.connection_detail:
        parts += [" (", literal(conference.connection_detail), ")"]
    parts.append(sep)
    if read_only:  # the console's own choice outranks what the server allows
        parts.append((READ_ONLY_MODE, "bold reverse"))
    elif conference.myself is None:
        parts.append(("not joined", "italic"))
    elif conference.am_moderator:
        parts.append(("moderator", "bold"))
    else:
        parts.append((READ_ONLY, "bold reverse"))
    parts += [
        sep,
        f"{people} people",
        sep,
        f"{rooms} room" if rooms == 1 else f"{rooms} rooms",
        sep,
        f"{hands} hands up",
    ]
    if conference.lobby_enabled:
        parts += [sep, (f"lobby: {len(conference.knocking)} waiting", "bold")]
    if conference.locked:
        parts += [sep, ("locked", "bold")]
    if conference.av_moderation:
        media = "+".join(m.value for m in sorted(conference.av_moderation))
        parts += [sep, (f"ask to unmute: {media}", "bold")]
    if pending.progress:
        parts += [sep, (" · ".join(pending.progress), "bold italic")]
    elif pending.count:
        parts += [sep, (f"{pending.count} pending", "bold italic")]
    return Text.assemble(*parts, no_wrap=True, overflow="ellipsis", end="")


class StatusLine(Static):
    """One line of conference facts; during a drag it says what is being dragged where."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
        background: $primary-background;
        color: $text;
        padding: 0 1;
    }
    StatusLine.-dragging {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty line until :meth:`show`."""
        super().__init__(id=id)
        self._facts = Text()
        self._drag: Text | None = None

    def show(
        self, title: str, conference: Conference, pending: PendingView, *, read_only: bool = False
    ) -> None:
        """Show the facts of ``conference`` (and read-only mode)."""
        facts = status_text(title, conference, pending, read_only=read_only)
        if facts != self._facts:
            self._facts = facts
            self._render_line()

    def show_drag(self, text: Text | None) -> None:
        """Say what a drag in progress would do (``None`` when no drag)."""
        self._drag = text
        self.set_class(text is not None, "-dragging")
        self._render_line()

    @property
    def plain(self) -> str:
        """What the line says, as plain text (for tests and logs)."""
        return (self._drag or self._facts).plain

    def _render_line(self) -> None:
        # One line of fixed height and width: new text never changes the layout, and a
        # layout would lay out the whole screen again on every refresh of a busy meeting.
        self.update(self._drag if self._drag is not None else self._facts, layout=False)
