"""Per-participant actions: the menu (key, Enter, click, right-click), mute, kick, rights, hands."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.fakes import FakeGateway, person
from tests.ui.helpers import (
    card_of,
    console_screen,
    cursor_on_someone,
    cursor_to,
    movable_in,
    ready,
    row_offset,
    screen_text,
    wait_until,
)
from tui.model.commands import SendAvApproval, SendLowerHand
from tui.model.conference import Kind, Media
from tui.model.events import AvModerationChanged
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.screens.participant_menu import NO_REMOTE_UNMUTE, ParticipantMenu
from tui.ui.widgets.participants_table import ParticipantsTable


def _a_person(app) -> str:
    """Someone in the main room who is a person (not a phone caller), not a moderator."""
    conference = app.conference
    return next(
        pid
        for pid in movable_in(app, conference.main_room, 2)
        if conference.participants[pid].kind is Kind.PERSON
        and not conference.participants[pid].is_moderator
    )


def _unmuted(app) -> str:
    conference = app.conference
    return next(
        pid
        for pid in console_screen(app).table.shown_ids
        if (p := conference.participants[pid]).kind is Kind.PERSON
        and not p.audio_muted
        and pid != conference.me
    )


async def test_menu_mutes_the_microphone_and_never_offers_unmute(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = _unmuted(app)
        cursor_to(app, pid)
        await pilot.press("o")
        assert isinstance(app.screen, ParticipantMenu)
        text = screen_text(app)
        assert NO_REMOTE_UNMUTE in text
        assert "Unmute microphone" not in text
        unmute = next(item for item in app.screen.items if item.id == "unmute")
        assert unmute.disabled
        await pilot.press("x")  # the main screen's mute key (issue 13)
        assert not isinstance(app.screen, ParticipantMenu)
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[pid].audio_muted)
        table = console_screen(app).table
        await wait_until(pilot, lambda: table.get_cell(pid, "mic").text.plain == "·")


async def test_x_mutes_and_the_mic_cell_shows_the_mute_in_flight(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna", audio_muted=False)])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        cursor_to(app, "a1")
        await pilot.press("x")
        table = console_screen(app).table
        await wait_until(pilot, lambda: table.get_cell("a1", "mic").text.plain == "on…")
        assert [c.media for c in gateway.sent] == [Media.AUDIO]  # type: ignore[union-attr]


async def test_enter_and_a_click_on_the_cursor_row_open_the_menu(make_app) -> None:
    app = make_app(FakeGateway([person("a1", "Anna"), person("b2", "Bert")]))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        cursor_to(app, "a1")
        await pilot.press("enter")
        assert isinstance(app.screen, ParticipantMenu)
        assert "Actions for Anna:" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, ParticipantMenu)
        # A first click moves the cursor, a second on the same row opens the menu.
        await pilot.click(ParticipantsTable, offset=row_offset(app, "b2"))
        assert not isinstance(app.screen, ParticipantMenu)
        await pilot.click(ParticipantsTable, offset=row_offset(app, "b2"))
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantMenu))
        assert "Actions for Bert:" in screen_text(app)


async def test_right_click_on_a_room_card_member_opens_their_menu(make_app) -> None:
    app = make_app(FakeGateway([person("a1", "Anna"), person("b2", "Bert")]))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 3)
        card = card_of(app, "main")
        line = card.view.members.index("b2")
        await pilot.click(card, offset=(5, 1 + line), button=3)
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantMenu))
        assert "Actions for Bert:" in screen_text(app)
        assert len(app.screen_stack) == 2  # one menu, not one per event


async def test_kick_asks_a_reason_and_confirmation(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = cursor_on_someone(app)
        name = app.conference.participants[pid].name
        # n cancels: nobody is removed.
        await pilot.press("K")
        assert isinstance(app.screen, NamePrompt)
        await pilot.press(*"spam", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert f"Remove {name} from the meeting?" in screen_text(app)
        assert "They will read: spam" in screen_text(app)
        await pilot.press("n")
        assert not app.session.pending
        assert pid in app.conference.participants
        # Through the menu, y proceeds: they are gone from the table.
        await pilot.press("o", "K")
        await pilot.press(*"spam", "enter", "y")
        await sim.idle()
        await wait_until(pilot, lambda: pid not in app.conference.participants)
        await wait_until(pilot, lambda: pid not in console_screen(app).table.shown_ids)


async def test_grant_and_revoke_moderator(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = _a_person(app)
        assert not app.conference.participants[pid].is_moderator
        cursor_to(app, pid)
        await pilot.press("o", "R")
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[pid].is_moderator)
        table = console_screen(app).table
        await wait_until(pilot, lambda: table.get_cell(pid, "role").text.plain == "mod")
        cursor_to(app, pid)
        await pilot.press("R")  # g moves the cursor to the top since issue 13
        await sim.idle()
        await wait_until(pilot, lambda: not app.conference.participants[pid].is_moderator)


async def test_lower_hand_from_the_menu(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna", hand_raised_at=1000)])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        cursor_to(app, "a1")
        await pilot.press("o")
        assert "Lower hand" in screen_text(app)
        await pilot.press("L")
        await wait_until(pilot, lambda: bool(gateway.sent))
        assert gateway.sent == [SendLowerHand("a1", "main@conference.example/a1")]


async def test_allow_unmute_is_offered_only_under_av_moderation(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna")])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        cursor_to(app, "a1")
        await pilot.press("o")
        assert "Allow to unmute" not in screen_text(app)
        await pilot.press("escape")
        gateway.emit(AvModerationChanged(Media.AUDIO, True))
        await pilot.press("o")
        assert "Allow to unmute microphone" in screen_text(app)
        await pilot.press("U")
        await wait_until(pilot, lambda: bool(gateway.sent))
        assert gateway.sent == [
            SendAvApproval("a1", "main@conference.example", Media.AUDIO, allow=True)
        ]


async def test_private_message_from_the_menu(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = cursor_on_someone(app)
        name = app.conference.participants[pid].name
        await pilot.press("o", "w")
        assert isinstance(app.screen, NamePrompt)
        assert f"Private message to {name}:" in screen_text(app)
        await pilot.press(*"see you at 3", "enter")
        await sim.idle()
        await wait_until(pilot, lambda: len(app.transcript.lines) == 1)
        await pilot.press("t")
        await wait_until(pilot, lambda: f"(private) you → {name}: see you at 3" in screen_text(app))


def test_menu_greys_out_media_that_are_already_off() -> None:
    from tui.model.conference import Conference, Participant
    from tui.ui.screens.participant_menu import menu_items

    base = Conference.empty("main", "main@muc")
    quiet = Participant("q1", "Quiet", "main", audio_muted=True, video_muted=False)
    conference = replace(base, participants={"q1": quiet})
    items = {item.id: item for item in menu_items(conference, "q1")}
    assert items["mute:audio"].disabled and not items["mute:video"].disabled
