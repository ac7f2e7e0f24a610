"""The participant menu speaks the main screen's keys; Move to… in it; kick says it happened.

Issue 13: ``m`` muted in the menu and moved on the main screen, ``k``/``K`` and ``v``/``X``
differed; a kick ended without a word; a room's rename started from an empty field.
"""

from __future__ import annotations

from dataclasses import replace

from tests.ui.fakes import ROOM, ROOM_JID, FakeGateway, person
from tests.ui.helpers import (
    console_screen,
    cursor_on_someone,
    movable_in,
    ready,
    screen_text,
    wait_until,
)
from tui.model.commands import SendMute
from tui.model.conference import Conference, Media, Participant
from tui.ui.keymap import ACTIONS
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.screens.participant_menu import ParticipantMenu, menu_items

MAIN_SCREEN_ACTION = {
    "mute:audio": "mute_audio",
    "mute:video": "mute_video",
    "mute:desktop": "stop_share",
    "allow:audio": "allow_unmute",
    "disallow:audio": "allow_unmute",
    "allow:video": "allow_camera",
    "disallow:video": "allow_camera",
    "message": "private_message",
    "lower_hand": "lower_hand",
    "grant": "toggle_moderator",
    "revoke": "toggle_moderator",
    "kick": "kick",
    "move": "move",
}
"""What each menu line does, named by the main screen's action for the same thing."""


def _everything(audio_allowed: bool) -> Conference:
    base = Conference.empty("main", "main@muc")
    busy = Participant("b1", "Busy", "main", jid="b1@x/y", screen_sharing=True, hand_raised_at=1000)
    approved = frozenset({"b1"}) if audio_allowed else frozenset()
    return replace(
        base,
        participants={"b1": busy},
        av_moderation=frozenset({Media.AUDIO, Media.VIDEO}),
        av_approved={Media.AUDIO: approved},
    )


def test_every_menu_letter_means_what_it_means_on_the_main_screen() -> None:
    keys = {key: action.action for action in ACTIONS for key in action.key.split(",")}
    for allowed in (False, True):
        items = [i for i in menu_items(_everything(allowed), "b1") if not i.disabled]
        assert {i.id for i in items} <= MAIN_SCREEN_ACTION.keys()
        assert len({i.key for i in items}) == len(items), "one letter per line"
        for item in items:
            assert item.key, f"{item.label} has no key"
            assert keys.get(item.key) == MAIN_SCREEN_ACTION[item.id], (item.label, item.key)


async def test_menu_offers_move_to_and_moves_that_person(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        table = console_screen(app).table
        ids = movable_in(app, app.conference.main_room, 2)
        # a selection elsewhere: the menu moves its own person, not the selection
        table.move_cursor(row=table.get_row_index(ids[1]))
        await pilot.press("space")
        table.move_cursor(row=table.get_row_index(ids[0]))
        await pilot.press("o")
        assert isinstance(app.screen, ParticipantMenu)
        assert "m Move to…" in screen_text(app)
        await pilot.press("m")
        assert console_screen(app).picker.is_open
        name = app.conference.participants[ids[0]].name
        assert f"Move {name} to:" in screen_text(app)
        target = app.conference.room_with_number(2)
        assert target is not None
        await pilot.press(*["down"] * list(app.conference.rooms).index(target.id), "enter")
        await sim.idle()
        await wait_until(pilot, lambda: app.conference.participants[ids[0]].room == target.id)
        assert app.conference.participants[ids[1]].room == app.conference.main_room


async def test_menu_kick_is_capital_k_and_says_when_it_is_done(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        pid = cursor_on_someone(app)
        name = app.conference.participants[pid].name
        await pilot.press("o", "K")
        assert isinstance(app.screen, NamePrompt)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await sim.idle()
        await wait_until(pilot, lambda: pid not in app.conference.participants)
        await wait_until(pilot, lambda: f"{name} was removed from the meeting" in screen_text(app))


async def test_menu_letters_pick_the_main_screens_mute_keys(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna", audio_muted=False)])
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 2)
        table = console_screen(app).table
        table.move_cursor(row=table.get_row_index("a1"))
        await pilot.press("o", "m")  # m is Move to… now, not mute
        assert console_screen(app).picker.is_open
        await pilot.press("escape", "o", "x")
        await wait_until(pilot, lambda: bool(gateway.sent))
        assert gateway.sent == [SendMute("a1", ROOM, ROOM_JID, Media.AUDIO)]


async def test_rename_starts_from_the_current_name(demo_console) -> None:
    async with demo_console() as (sim, app, pilot):
        room = app.conference.room_with_number(1)
        assert room is not None
        await pilot.press("tab", "down", "r")
        assert isinstance(app.screen, NamePrompt)
        await pilot.press(*" (quiet)", "enter")
        await sim.idle()
        renamed = "Breakout room #1 (quiet)"
        await wait_until(pilot, lambda: app.conference.rooms[room.id].name == renamed)


async def test_menu_shows_and_takes_the_users_remapped_keys(make_app) -> None:
    gateway = FakeGateway([person("a1", "Anna", audio_muted=False)])
    # move on n, mute on j: m and x are then nobody's keys, in the menu too
    app = make_app(gateway, keys={"console.move": "n", "console.mute_audio": "j"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot, 2)
        table = console_screen(app).table
        table.move_cursor(row=table.get_row_index("a1"))
        await pilot.press("o")
        assert isinstance(app.screen, ParticipantMenu)
        text = screen_text(app)
        assert "n Move to…" in text
        assert "j Mute microphone" in text
        assert "m Move to…" not in text and "x Mute microphone" not in text
        await pilot.press("m", "x")  # no longer any line's keys
        assert isinstance(app.screen, ParticipantMenu)
        await pilot.press("n")
        assert console_screen(app).picker.is_open
        await pilot.press("escape", "o", "j")
        await wait_until(pilot, lambda: bool(gateway.sent))
        assert gateway.sent == [SendMute("a1", ROOM, ROOM_JID, Media.AUDIO)]
