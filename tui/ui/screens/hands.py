"""The raised-hands queue, which doubles as AV moderation's "asking to speak" list.

Hands are listed first raised first (the order to take them in); while AV moderation is on, a
raised hand is Jitsi's "ask to unmute", so the same rows show and change who may unmute. People
allowed to unmute whose hand is down stay listed after the queue, so they can be revoked.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.model.conference import Conference, Media, Participant
from tui.model.intents import AllowUnmute, Intent, LowerHand, SetAvModeration
from tui.model.text import plural
from tui.ui.host import ConferenceHost
from tui.ui.keyed_rows import cursor_key, sync_rows
from tui.ui.keymap import HANDS_ACTIONS
from tui.ui.pending_view import PendingView
from tui.ui.screens.lobby import waited
from tui.ui.sending import send_or_explain
from tui.ui.text import literal


def queue(conference: Conference) -> tuple[Participant, ...]:
    """Raised hands first raised first, then people allowed to unmute with their hand down."""
    hands = conference.hands
    raised = {p.id for p in hands}
    approved: set[str] = set()
    for ids in conference.av_approved.values():
        approved |= ids
    rest = sorted(
        (
            conference.participants[pid]
            for pid in approved - raised
            if pid in conference.participants
        ),
        key=lambda p: (p.name.casefold(), p.id),
    )
    return (*hands, *rest)


def moderation_summary(conference: Conference) -> Text:
    """Which media are under AV moderation ("ask to unmute")."""

    def state(media: Media) -> tuple[str, str]:
        on = media in conference.av_moderation
        return ("on" if on else "off", "bold reverse" if on else "")

    return Text.assemble(
        ("Ask to unmute (AV moderation) · ", "bold"),
        "microphones ",
        state(Media.AUDIO),
        " (A) · cameras ",
        state(Media.VIDEO),
        " (C)",
        no_wrap=True,
    )


class HandsScreen(Screen[None]):
    """Raised hands in order; lower them, allow or revoke unmuting, switch AV moderation."""

    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in HANDS_ACTIONS]

    DEFAULT_CSS = """
    HandsScreen #hands-title, HandsScreen #hands-state {
        height: 1;
        padding: 0 1;
    }
    HandsScreen #hands-title {
        background: $primary-background;
    }
    HandsScreen DataTable {
        height: 1fr;
        border: round $panel-lighten-1;
    }
    HandsScreen DataTable:focus {
        border: round $accent;
    }
    """

    AUTO_FOCUS = "#hands"

    def __init__(self, host: ConferenceHost) -> None:
        """The hands of ``host``'s conference."""
        super().__init__()
        self._host = host
        self._pending = PendingView()

    def compose(self) -> ComposeResult:
        """Title, moderation state, the queue and the footer."""
        title = Text.assemble(
            ("Raised hands", "bold"),
            ("  first raised first · Escape goes back", "dim"),
            no_wrap=True,
        )
        yield Static(title, id="hands-title")
        yield Static(id="hands-state")
        table: DataTable[Text] = DataTable(id="hands", cursor_type="row")
        yield table
        yield Footer()

    @property
    def table(self) -> DataTable[Text]:
        """The queue."""
        return self.query_one("#hands", DataTable)

    def on_mount(self) -> None:
        """Columns, the queue as it is, and a ticking "raised for"."""
        table = self.table
        table.add_column("#", key="rank", width=3)
        table.add_column("Name", key="name", width=22)
        table.add_column("Room", key="room", width=14)
        table.add_column("Raised", key="raised", width=12)
        table.add_column("Mic ok", key="audio", width=6)
        table.add_column("Cam ok", key="video", width=6)
        self.follow(self._host.conference, self._pending)
        self.set_interval(1.0, self._tick, name="hands-waiting")

    def _tick(self) -> None:
        self.follow(self._host.conference, self._pending)

    def follow(self, conference: Conference, pending: PendingView) -> None:
        """Show the queue of ``conference`` in order."""
        self._pending = pending
        self.query_one("#hands-state", Static).update(moderation_summary(conference))
        table = self.table
        people = queue(conference)
        rows = [
            (p.id, self._cells(conference, p, rank, pending)) for rank, p in enumerate(people, 1)
        ]
        sync_rows(table, rows, ("rank", "name", "room", "raised", "audio", "video"))
        count = len(conference.hands)
        table.border_title = plural(count, "hand up", "hands up")
        table.border_subtitle = "l / Enter lowers · a allows mic · c allows camera"

    def _cells(
        self, conference: Conference, person: Participant, rank: int, pending: PendingView
    ) -> tuple[Text, ...]:
        room = conference.rooms.get(person.room)
        raised_at = person.hand_raised_at
        if raised_at is None:
            raised = Text("hand down", style="dim")
            number = Text("")
        else:
            raised = Text(waited(self._host.wall_clock() - raised_at / 1000))
            number = Text(str(rank), style="bold")

        def ok(media: Media) -> Text:
            if (person.id, media) in pending.approving:
                return Text("…", style="italic dim")
            if media not in conference.av_moderation:
                return Text("—", style="dim")
            allowed = person.id in conference.av_approved.get(media, frozenset())
            return Text("yes", style="bold") if allowed else Text("no", style="dim")

        return (
            number,
            literal(person.name or person.id),
            literal(room.label if room else person.room),
            raised,
            ok(Media.AUDIO),
            ok(Media.VIDEO),
        )

    @property
    def cursor_id(self) -> str | None:
        """Participant id under the cursor."""
        return cursor_key(self.table)

    def _send(self, intent: Intent) -> None:
        send_or_explain(self._host, self, intent)

    def _on_cursor(self) -> str | None:
        pid = self.cursor_id
        if pid is None:
            self.notify("no hand is raised", severity="error")
        return pid

    def action_lower_hand(self) -> None:
        """Lower the hand under the cursor."""
        pid = self._on_cursor()
        if pid is not None:
            self._send(LowerHand(pid))

    def _toggle_allow(self, media: Media) -> None:
        pid = self._on_cursor()
        if pid is None:
            return
        conference = self._host.conference
        allowed = pid in conference.av_approved.get(media, frozenset())
        self._send(AllowUnmute(pid, media, allow=not allowed))

    def action_allow_audio(self) -> None:
        """Allow (or stop allowing) the cursor row to unmute the microphone."""
        self._toggle_allow(Media.AUDIO)

    def action_allow_video(self) -> None:
        """Allow (or stop allowing) the cursor row to turn the camera on."""
        self._toggle_allow(Media.VIDEO)

    def _toggle_moderation(self, media: Media) -> None:
        enabled = media in self._host.conference.av_moderation
        self._send(SetAvModeration(media, not enabled))

    def action_toggle_audio(self) -> None:
        """Switch audio moderation on or off."""
        self._toggle_moderation(Media.AUDIO)

    def action_toggle_video(self) -> None:
        """Switch video moderation on or off."""
        self._toggle_moderation(Media.VIDEO)

    def action_close(self) -> None:
        """Back to the participants."""
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row lowers that hand."""
        event.stop()
        self.action_lower_hand()
