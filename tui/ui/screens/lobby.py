"""The lobby panel: whether the lobby is on, and who is knocking (name, email, waiting time).

Knockers are listed first come first, live; admit or deny the one under the cursor or everyone
at once. Names and emails come from strangers and are shown literally.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.model.conference import Conference, Knocker
from tui.model.intents import Admit, Deny, Intent, SetLobby
from tui.ui.host import ConferenceHost
from tui.ui.keyed_rows import cursor_key, sync_rows
from tui.ui.keymap import LOBBY_ACTIONS
from tui.ui.pending_view import PendingView
from tui.ui.sending import send_or_explain
from tui.ui.text import literal


def waited(seconds: float) -> str:
    """A waiting time the way people say it: ``45 s``, ``3 min 05 s``, ``1 h 02 min``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def lobby_summary(conference: Conference) -> Text:
    """One line: lobby on or off, and how many wait."""
    if not conference.lobby_enabled:
        return Text.assemble(
            ("Lobby is off", "bold"),
            ("  people join directly · t turns it on", "dim"),
            no_wrap=True,
        )
    count = len(conference.knocking)
    waiting = "nobody is waiting" if count == 0 else f"{count} waiting"
    return Text.assemble(("Lobby is on", "bold"), "  ·  ", waiting, no_wrap=True)


class LobbyScreen(Screen[None]):
    """Knockers, first come first; keys admit, deny, switch the lobby on or off."""

    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in LOBBY_ACTIONS]

    DEFAULT_CSS = """
    LobbyScreen #lobby-title, LobbyScreen #lobby-state {
        height: 1;
        padding: 0 1;
    }
    LobbyScreen #lobby-title {
        background: $primary-background;
    }
    LobbyScreen DataTable {
        height: 1fr;
        border: round $panel-lighten-1;
    }
    LobbyScreen DataTable:focus {
        border: round $accent;
    }
    """

    AUTO_FOCUS = "#knockers"

    def __init__(self, host: ConferenceHost) -> None:
        """The lobby of ``host``'s conference."""
        super().__init__()
        self._host = host
        self._pending = PendingView()

    def compose(self) -> ComposeResult:
        """Title, state line, the knockers and the footer."""
        title = Text.assemble(("Lobby", "bold"), ("  Escape goes back", "dim"), no_wrap=True)
        yield Static(title, id="lobby-title")
        yield Static(id="lobby-state")
        table: DataTable[Text] = DataTable(id="knockers", cursor_type="row")
        table.border_title = "Waiting"
        yield table
        yield Footer()

    @property
    def table(self) -> DataTable[Text]:
        """The knockers table."""
        return self.query_one("#knockers", DataTable)

    def on_mount(self) -> None:
        """Columns, the state as it is, and a ticking waiting time."""
        table = self.table
        table.add_column("Name", key="name", width=28)
        table.add_column("Email", key="email", width=26)
        table.add_column("Waiting", key="waited", width=12)
        self.follow(self._host.conference, self._pending)
        self.set_interval(1.0, self._tick, name="lobby-waiting")

    def _tick(self) -> None:
        self.follow(self._host.conference, self._pending)

    def follow(self, conference: Conference, pending: PendingView) -> None:
        """Show the lobby of ``conference``: rows added, removed and updated by key."""
        self._pending = pending
        self.query_one("#lobby-state", Static).update(lobby_summary(conference))
        table = self.table
        now = self._host.wall_clock()
        knockers = sorted(conference.knocking.values(), key=lambda k: (k.since, k.id))
        rows = [(k.id, self._cells(k, now, k.id in pending.knockers)) for k in knockers]
        sync_rows(table, rows, ("name", "email", "waited"))
        if not knockers:
            table.border_subtitle = "nobody is waiting"
        else:
            table.border_subtitle = "a / Enter admits · d denies · A admits all · D denies all"

    @staticmethod
    def _cells(knocker: Knocker, now: float, pending: bool) -> tuple[Text, Text, Text]:
        name = literal(knocker.name or knocker.id, "italic dim" if pending else "")
        if pending:
            name.append(" …", style="italic dim")
        email = literal(knocker.email) if knocker.email else Text("—", style="dim")
        return name, email, Text(waited(now - knocker.since))

    @property
    def cursor_id(self) -> str | None:
        """Lobby id of the knocker under the cursor."""
        return cursor_key(self.table)

    def _send(self, intent: Intent) -> None:
        send_or_explain(self._host, self, intent)

    def action_admit(self) -> None:
        """Admit the knocker under the cursor."""
        kid = self.cursor_id
        if kid is None:
            self.notify("nobody is waiting in the lobby", severity="error")
            return
        self._send(Admit((kid,)))

    def action_deny(self) -> None:
        """Deny the knocker under the cursor."""
        kid = self.cursor_id
        if kid is None:
            self.notify("nobody is waiting in the lobby", severity="error")
            return
        self._send(Deny((kid,)))

    def action_admit_all(self) -> None:
        """Admit everyone waiting."""
        self._send(Admit())

    def action_deny_all(self) -> None:
        """Deny everyone waiting."""
        self._send(Deny())

    def action_toggle_lobby(self) -> None:
        """Switch the lobby on or off."""
        self._send(SetLobby(not self._host.conference.lobby_enabled))

    def action_close(self) -> None:
        """Back to the participants."""
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (DataTable's own Enter) admits that knocker."""
        event.stop()
        self.action_admit()
