"""The status line at the top: meeting, connection, role, counts, lobby, lock, AV moderation.

It replaces Textual's ``Header`` on purpose: no clock (screenshots stay byte-stable) and every
part is built as literal text, because the meeting name comes from the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from tui.model.conference import Conference, ConnectionState, Participant
from tui.model.persistent import changed_keys
from tui.model.text import plural
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
    """Raised hands, counted again only for participants that changed.

    The model's versions of the participants map name the keys written between them
    (:func:`~tui.model.persistent.changed_keys`); counting all 5,000 on every refresh took
    longer than the rest of the status line, and comparing all 5,000 was most of the app's
    CPU per presence. People need no count: the header counts everyone, like the room cards.
    """

    def __init__(self) -> None:
        """Nothing counted yet."""
        self._seen: Mapping[str, Participant] | None = None
        self._hands = 0

    def count(self, participants: Mapping[str, Participant]) -> tuple[int, int]:
        """(people, raised hands) in ``participants``; people are everyone, bots and you too."""
        before = self._seen
        if participants is before:
            return len(participants), self._hands
        self._seen = participants
        if before is None:
            self._hands = sum(1 for p in participants.values() if p.hand_raised)
            return len(participants), self._hands
        hands = self._hands
        for pid in changed_keys(before, participants):
            old, new = before.get(pid), participants.get(pid)
            if old is not None:
                hands -= old.hand_raised
            if new is not None:
                hands += new.hand_raised
        self._hands = hands
        return len(participants), hands


_HEADS = HeadCount()


@dataclass(frozen=True, slots=True)
class Fact:
    """One part of the status line: its words, a shorter form, and how much it matters.

    A narrow terminal shortens the least important facts first, then drops them (``rank``:
    higher stays longer; facts of :data:`KEPT` are never dropped).
    """

    rank: int
    text: Text
    short: Text | None = None


KEPT = 8
"""Facts ranked this or higher stay on any width: connection, role, pending, lobby, hands."""

_WIDE_SEP = ("  ·  ", "dim")
_NARROW_SEP = (" · ", "dim")


def facts(
    conference: Conference,
    pending: PendingView,
    heads: HeadCount = _HEADS,
    *,
    read_only: bool = False,
    timer: str | None = None,
) -> list[Fact]:
    """What the status line says after the meeting's name (``read_only``: the console's mode).

    ``timer`` is the breakout timer's time left ("12:04 left"), when one runs.
    """
    people, hands = heads.count(conference.participants)
    rooms = len(conference.breakout_rooms)
    state = Text(conference.connection.value, _STATE_STYLE.get(conference.connection, ""))
    connection = state.copy()
    if conference.connection_detail:
        connection.append_text(Text.assemble(" (", literal(conference.connection_detail), ")"))
    if read_only:  # the console's own choice outranks what the server allows
        role = Fact(10, Text(READ_ONLY_MODE, "bold reverse"), Text("read-only", "bold reverse"))
    elif conference.myself is None:
        role = Fact(10, Text("not joined", "italic"))
    elif conference.am_moderator:
        role = Fact(10, Text("moderator", "bold"))
    else:
        role = Fact(10, Text(READ_ONLY, "bold reverse"), Text("read-only", "bold reverse"))
    found = [Fact(10, connection, state), role]
    if pending.progress:
        progress = Text(" · ".join(pending.progress), "bold italic")
        found.append(Fact(9, progress, Text(pending.progress[0], "bold italic")))
    elif pending.count:
        found.append(Fact(9, Text(f"{pending.count:,} pending", "bold italic")))
    if conference.lobby_enabled:
        waiting = len(conference.knocking)
        found.append(Fact(9, Text(f"lobby: {waiting:,} waiting", "bold")))
    found.append(Fact(KEPT, Text(plural(hands, "hand up", "hands up")), Text(f"✋{hands:,}")))
    if timer is not None:
        short = Text(f"⏱{timer.removesuffix(' left')}", "bold")
        found.append(Fact(KEPT - 1, Text(f"⏱ {timer}", "bold"), short))
    if conference.locked:
        found.append(Fact(6, Text("locked", "bold")))
    if conference.av_moderation:
        media = "+".join(m.value for m in sorted(conference.av_moderation))
        asking = Text(f"ask to unmute: {media}", "bold")
        found.append(Fact(5, asking, Text("ask to unmute", "bold")))
    everyone = plural(people, "person", "people")
    found.append(Fact(4, Text(f"{everyone} (you too)"), Text(everyone)))
    found.append(Fact(3, Text(plural(rooms, "room", "rooms"))))
    return found


def status_text(
    title: str,
    conference: Conference,
    pending: PendingView,
    heads: HeadCount = _HEADS,
    *,
    width: int | None = None,
    read_only: bool = False,
    timer: str | None = None,
) -> Text:
    """The status line for ``conference``, fitted to ``width`` cells (``None``: everything).

    The meeting's name comes first and is cut last but to a few letters; then the least
    important facts are shortened, and dropped, until the rest fits.
    """
    name = literal(conference.name or title, "bold")
    found = facts(conference, pending, heads, read_only=read_only, timer=timer)
    texts = [fact.text for fact in found]
    sep = _WIDE_SEP

    def rest() -> int:  # cells the facts take, their separators included
        return sum(t.cell_len + len(sep[0]) for t in texts if t.plain)

    if width is not None:
        least_first = sorted(range(len(found)), key=lambda i: found[i].rank)
        keep = min(name.cell_len, 12)  # the name keeps a dozen cells before facts go
        for index in least_first:
            if keep + rest() <= width:
                break
            texts[index] = found[index].short or texts[index]
        if keep + rest() > width:
            sep = _NARROW_SEP
        for index in least_first:
            if keep + rest() <= width or found[index].rank >= KEPT:
                break
            texts[index] = Text()
        texts = [text for text in texts if text.plain]
        if name.cell_len + rest() > width:
            name.truncate(max(width - rest(), 4), overflow="ellipsis")
    parts: list[Text | tuple[str, str]] = [name]
    for text in texts:
        parts += [sep, text]
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
        self._shown: tuple[str, Conference, PendingView, bool] | None = None
        self._timer: str | None = None

    def show(
        self, title: str, conference: Conference, pending: PendingView, read_only: bool = False
    ) -> None:
        """Show the facts of ``conference`` (and read-only mode)."""
        self._shown = (title, conference, pending, read_only)
        width = self.content_size.width or None
        facts = status_text(
            title, conference, pending, width=width, read_only=read_only, timer=self._timer
        )
        if facts != self._facts:
            self._facts = facts
            self._render_line()

    def show_timer(self, text: str | None) -> None:
        """Show the breakout timer's time left ("12:04 left"; ``None``: no timer), once a second.

        Only this line is drawn again: the table and the rooms stay as they are.
        """
        if text != self._timer:
            self._timer = text
            if self._shown is not None:
                self.show(*self._shown)

    def on_resize(self) -> None:
        """Fit the facts to the new width (a narrow terminal drops the least important)."""
        if self._shown is not None:
            self._facts = Text()
            self.show(*self._shown)

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
