"""The breakout plan dialog (``n``): apply a plan file, see whom it matched, stop it.

It talks to the workshop's plan runner through the same verb ``ctl plan`` uses, so the screen
and a script see one plan. The counts refresh once a second while the dialog is open, so
people the plan moves on arrival show up as they land.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from tui.ui.screens.modal import ConsoleModal
from tui.ui.text import clean
from tui.workshop.toolkit import Op

SHOWN = 6
"""Names shown per group; the count says how many there are."""


def state_text(answer: Mapping[str, Any]) -> Text:
    """The plan's state as lines: one of counts, then the names of each group that has any."""
    if not answer.get("ok") and not answer.get("plan"):
        return Text(clean(str(answer.get("error", "failed"))), style="red")
    if not answer.get("plan"):
        return Text("No plan applied. Type a plan file's path and press Enter.", style="dim")
    text = Text()
    status = "active: people who join are moved" if answer.get("active") else "stopped"
    text.append(f"Plan {status}\n", style="bold")
    text.append(clean(str(answer.get("source") or "")) + "\n", style="dim")
    counts = (
        ("matched", "green"),
        ("waiting", "yellow"),
        ("unmatched", ""),
        ("ambiguous", "red"),
    )
    for index, (key, style) in enumerate(counts):
        text.append(" · " if index else "")
        text.append(f"{answer.get(key, 0)} {key}", style=style)
    text.append(f"\nmoved {answer.get('moved', 0)} · failed {answer.get('failed', 0)}")
    for label, key in (
        ("waiting", "waiting_names"),
        ("ambiguous", "ambiguous_names"),
        ("in no plan", "unmatched_names"),
    ):
        names = [clean(str(n)) for n in answer.get(key) or []]
        if names:
            more = f" +{len(names) - SHOWN}" if len(names) > SHOWN else ""
            text.append(f"\n{label}: ", style="bold")
            text.append(", ".join(names[:SHOWN]) + more)
    if not answer.get("ok"):
        text.append("\n" + clean(str(answer.get("error", "failed"))), style="red")
    return text


class PlanDialog(ConsoleModal[None]):
    """Apply a plan from a path, watch its counts, stop it or save the layout."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "stop_plan", "Stop plan", id="plan.stop"),
        Binding("ctrl+s", "save", "Save layout", id="plan.save"),
    ]

    DEFAULT_CSS = """
    PlanDialog > .modal-frame {
        width: 72;
    }
    """

    AUTO_FOCUS = "#plan-path"

    def __init__(self, op: Op) -> None:
        """Drive the plan runner through its control verb ``op``."""
        super().__init__()
        self._op = op

    def compose(self) -> ComposeResult:
        """Title, state, the path and a hint."""
        with self.frame():
            yield Label(Text("Breakout plan", style="bold"))
            yield Static(Text("…", style="dim"), id="plan-state")
            yield Input(placeholder="plan file (CSV room,person or TOML)…", id="plan-path")
            yield Label(
                Text(
                    "Enter applies · Ctrl+S saves the layout there · Ctrl+T stops · Esc closes",
                    style="dim",
                )
            )

    async def on_mount(self) -> None:
        """Show the state now and every second."""
        await self.refresh_state()
        self.set_interval(1.0, self.refresh_state)

    async def _ask(self, **fields: Any) -> dict[str, Any]:
        return await self._op({"op": "plan", **fields})

    async def refresh_state(self) -> None:
        """Ask the runner for its state and show it."""
        self._show(await self._ask(action="state"))

    def _show(self, answer: Mapping[str, Any]) -> None:
        self.query_one("#plan-state", Static).update(state_text(answer))

    def _path(self) -> str | None:
        typed = self.query_one("#plan-path", Input).value.strip()
        if not typed:
            self.notify("type the plan file's path first", severity="error")
            return None
        return str(Path(typed).expanduser().absolute())

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter applies the plan at the path typed."""
        event.stop()
        path = self._path()
        if path is None:
            return
        self.query_one("#plan-state", Static).update(Text("applying…", style="dim"))
        self.run_worker(self._apply(path), group="plan", exclusive=True, exit_on_error=False)

    async def _apply(self, path: str) -> None:
        answer = await self._ask(action="apply", path=path)
        self._show(answer)
        if not answer.get("ok"):
            self.notify(clean(str(answer.get("error"))), severity="error", markup=False)

    async def action_stop_plan(self) -> None:
        """Stop moving people who join (rooms and places stay)."""
        self._show(await self._ask(action="stop"))

    async def action_save(self) -> None:
        """Save who sits where now to the path typed (CSV, or TOML for ``.toml``)."""
        path = self._path()
        if path is None:
            return
        answer = await self._ask(action="save", path=path, toml=path.lower().endswith(".toml"))
        if answer.get("ok"):
            self.notify(f"saved {answer.get('rooms')} room(s), {answer.get('people')} people")
        else:
            self.notify(clean(str(answer.get("error"))), severity="error", markup=False)
