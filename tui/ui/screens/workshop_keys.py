"""The main screen's workshop keys: the timer (``T``), scheduled notices (``N``), lockdown (``O``).

Also the once-a-second clock: the status line's ``⏱ 12:04 left`` and each breakout room card's
time left, updated without redrawing the table or the panes.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tui.model.timer import left_text
from tui.ui.host import ConferenceHost
from tui.ui.screens.notices_dialog import NoticesDialog
from tui.ui.screens.timer_dialog import TimerDialog
from tui.workshop.lockdown import Lockdown
from tui.workshop.notices import ScheduledNotices
from tui.workshop.timer import SessionTimer

__all__ = ["WorkshopKeys"]


class WorkshopKeys(Screen[None]):
    """Opens the timer and notices dialogs; :meth:`show_clock` shows the time left."""

    _host: ConferenceHost

    def action_timer(self) -> None:
        """The timer dialog: start one, or extend or stop the running one."""
        timer = self._host.workshop.find(SessionTimer)
        if timer is None:
            self.notify("this console has no breakout timer", severity="error")
            return

        def done(answer: dict[str, Any] | None) -> None:
            state = (answer or {}).get("timer")
            if state:
                said = state["left_text"] if state["running"] else "timer stopped"
                self.notify(f"⏱ {said}", markup=False)
            self.show_clock()

        self.app.push_screen(TimerDialog(timer), done)

    def action_notices(self) -> None:
        """The scheduled notices dialog."""
        notices = self._host.workshop.find(ScheduledNotices)
        if notices is None:
            self.notify("this console has no scheduled notices", severity="error")
            return
        self.app.push_screen(NoticesDialog(notices))

    def action_lockdown(self) -> None:
        """Apply the default lockdown preset, or open up when it looks applied; report each step."""
        lockdown = self._host.workshop.find(Lockdown)
        if lockdown is None:
            self.notify("this console has no lockdown presets", severity="error")
            return
        preset = lockdown.preset(None)
        op = "open-up" if lockdown.looks_down(preset) else "lockdown"

        async def run() -> None:
            answer = await lockdown.op({"op": op, "name": preset.name})
            if not answer.get("ok"):
                self.notify(str(answer.get("error")), severity="error", markup=False)
                return
            steps = answer["steps"]
            lines = [f"{s['step']}: {s['result']}" for s in steps]
            landed = all(s["result"] == "landed" for s in steps)
            self.notify(
                "\n".join(lines),
                title=f"{op} ({preset.name})",
                severity="information" if landed else "warning",
                markup=False,
            )

        self.run_worker(run(), name="lockdown", group="lockdown", exclusive=True)

    def clock_text(self) -> str | None:
        """What the timer shows now ("12:04 left"), or ``None`` when none runs."""
        timer = self._host.workshop.find(SessionTimer)
        left = None if timer is None else timer.left()
        return None if left is None else left_text(left)

    def show_clock(self) -> None:
        """Put the time left in the status line and on the breakout room cards."""
        raise NotImplementedError
