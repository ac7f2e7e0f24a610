"""Meeting-wide actions: mute everyone, AV moderation and hands, password, end, refusals."""

from __future__ import annotations

from tests.ui.fakes import ROOM_JID, FakeGateway, person
from tests.ui.helpers import console_screen, ready, screen_text, wait_until
from tui.model.commands import SendAvApproval
from tui.model.conference import ConnectionState, Kind, Media
from tui.model.events import AvApprovedChanged, AvModerationChanged, ParticipantPresent
from tui.model.intents import SetPassword
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.hands import HandsScreen
from tui.ui.screens.password_prompt import PasswordPrompt
from tui.ui.widgets.status_line import READ_ONLY

SECRET = "hunter2-Sekret"


def _people(app):
    conference = app.conference
    return [
        p
        for p in conference.participants.values()
        if p.kind is Kind.PERSON and p.id != conference.me
    ]


async def test_mute_everyone_asks_first(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        assert any(not p.audio_muted for p in _people(app))
        await pilot.press("M")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Mute the microphones of all" in screen_text(app)
        await pilot.press("n")
        assert not app.session.pending
        assert any(not p.audio_muted for p in _people(app))
        await pilot.press("M", "y")
        await sim.idle()
        await wait_until(pilot, lambda: all(p.audio_muted for p in _people(app)))
        table = console_screen(app).table
        await wait_until(
            pilot, lambda: all(table.get_cell(p.id, "mic").text.plain == "·" for p in _people(app))
        )


async def test_everyones_video_off_asks_first(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        await pilot.press("V")
        assert "Turn off the cameras of all" in screen_text(app)
        await pilot.press("y")
        await sim.idle()
        await wait_until(pilot, lambda: all(p.video_muted for p in _people(app)))


async def test_end_meeting_asks_then_ends_it(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        await pilot.press("E")
        assert isinstance(app.screen, ConfirmDialog)
        text = screen_text(app)
        assert "End the meeting for everyone?" in text
        assert "This cannot be undone." in text
        await pilot.press("escape")
        assert not app.session.pending
        await pilot.press("E", "y")
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.connection is ConnectionState.ENDED)
        await wait_until(pilot, lambda: "ended" in console_screen(app).status.plain)


async def test_password_is_masked_and_never_shown(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        await pilot.press("p")
        assert isinstance(app.screen, PasswordPrompt)
        await pilot.press(*SECRET)
        assert SECRET not in screen_text(app)
        assert "•" * len(SECRET) in screen_text(app)
        await pilot.press("enter")
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.locked)
        await wait_until(pilot, lambda: "locked" in console_screen(app).status.plain)
        assert SECRET not in screen_text(app)
        assert SECRET not in repr(SetPassword(SECRET))
        # P removes it.
        await pilot.press("P")
        await sim.idle()
        await wait_until(pilot, lambda: not app.conference.locked)
        await wait_until(pilot, lambda: "locked" not in console_screen(app).status.plain)


async def test_hands_queue_is_first_raised_first_and_lowers(make_app) -> None:
    people = [
        person("a1", "Anna", hand_raised_at=3000),
        person("b2", "Bert", hand_raised_at=1000),
        person("c3", "Cleo", hand_raised_at=2000),
        person("d4", "Dan"),
    ]
    gateway = FakeGateway(people)
    app = make_app(gateway, wall_clock=lambda: 65.0)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 5)
        await pilot.press("H")
        assert isinstance(app.screen, HandsScreen)
        screen = app.screen
        assert [str(r.key.value) for r in screen.table.ordered_rows] == ["b2", "c3", "a1"]
        assert "1 min 04 s" in screen_text(app)  # Bert raised at 1 s, now is 65 s
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(gateway.sent))
        assert gateway.sent[0].participant == "b2"  # type: ignore[union-attr]


async def test_av_moderation_on_and_approve_from_the_hands_queue(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        await pilot.press("v")
        assert isinstance(app.screen, HandsScreen)
        assert "microphones off" in screen_text(app)
        await pilot.press("A")
        await sim.idle()
        await wait_until(pilot, lambda: Media.AUDIO in app.conference.av_moderation)
        await wait_until(pilot, lambda: "microphones on" in screen_text(app))
        await wait_until(pilot, lambda: "ask to unmute: audio" in console_screen(app).status.plain)
        await pilot.press("A")  # and off again
        await sim.idle()
        await wait_until(pilot, lambda: not app.conference.av_moderation)
        await pilot.press("escape")
        assert not isinstance(app.screen, HandsScreen)


async def test_approve_and_revoke_from_the_hands_queue(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna", hand_raised_at=1000), person("b2", "Bert")])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        gateway.emit(AvModerationChanged(Media.AUDIO, True))
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, HandsScreen)
        await wait_until(pilot, lambda: screen.table.get_cell("a1", "audio").plain == "no")
        await pilot.press("a")
        await wait_until(pilot, lambda: screen.table.get_cell("a1", "audio").plain == "…")
        assert gateway.sent == [SendAvApproval("a1", ROOM_JID, Media.AUDIO, allow=True)]
        gateway.emit(AvApprovedChanged(Media.AUDIO, frozenset({"a1"})))
        await wait_until(pilot, lambda: screen.table.get_cell("a1", "audio").plain == "yes")
        # Their hand goes down once they spoke; they stay listed, to be revoked.
        gateway.emit(ParticipantPresent(person("a1", "Anna")))
        await wait_until(pilot, lambda: "hand down" in screen_text(app))
        await pilot.press("a")
        await wait_until(pilot, lambda: len(gateway.sent) == 2)
        assert gateway.sent[1] == SendAvApproval("a1", ROOM_JID, Media.AUDIO, allow=False)


async def test_non_moderator_is_refused_with_the_reason_but_may_chat(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna", audio_muted=False)], moderator=False)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        assert READ_ONLY in console_screen(app).status.plain
        table = console_screen(app).table
        table.move_cursor(row=table.get_row_index("a1"))
        for keys in (("x",), ("o", "x"), ("M", "y"), ("ctrl+l",), ("E", "y"), ("L",)):
            await pilot.press(*keys)
            await wait_until(pilot, lambda: "you are not a moderator" in screen_text(app))
            app.clear_notifications()
        assert gateway.sent == []
        assert not app.session.pending
        await pilot.press("t", *"hello", "enter")
        await wait_until(pilot, lambda: bool(gateway.sent))
        assert gateway.sent[0].text == "hello"  # type: ignore[union-attr]
