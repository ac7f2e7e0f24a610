"""Joining a locked meeting: the console asks for the password (masked) and joins again."""

from __future__ import annotations

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import ready, screen_text, wait_until
from tui.model.conference import ConnectionState
from tui.model.events import ConnectionChanged
from tui.model.gateway import ConnectError, EventSink
from tui.ui.screens.password_prompt import PasswordPrompt


class LockedGateway(FakeGateway):
    """Refuses the join, as a locked MUC does, until the right password is given."""

    def __init__(self) -> None:
        super().__init__([person("a1", "Anna")])
        self.attempts = 0

    async def connect(self, sink: EventSink) -> None:
        self.attempts += 1
        if getattr(self, "room_password", "") != "sesam":
            sink(ConnectionChanged(ConnectionState.DISCONNECTED, "locked"))
            raise ConnectError("the meeting is locked with a password", needs_room_password=True)
        await super().connect(sink)


async def test_locked_meeting_asks_for_the_password_and_joins(make_app) -> None:
    gateway = LockedGateway()
    app = make_app(gateway)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PasswordPrompt))
        assert "This meeting is locked" in screen_text(app)
        await pilot.press(*"sesam")
        assert "sesam" not in screen_text(app), "the password is masked"
        await pilot.press("enter")
        await ready(pilot, 2)
        assert gateway.attempts == 2 and gateway.room_password == "sesam"
        assert app.session.conference.connection is ConnectionState.CONNECTED


async def test_escape_gives_up_without_joining(make_app) -> None:
    gateway = LockedGateway()
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PasswordPrompt))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, PasswordPrompt))
        assert gateway.attempts == 1
        assert app.session.conference.connection is ConnectionState.DISCONNECTED
