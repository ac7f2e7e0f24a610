"""The console's screen on a real meeting: Pilot tests of ``ConsoleApp(LiveGateway(...))``.

Server behaviour checked: presence of real web participants arriving in the table, the MUC
role the jicofo stand-in gives (a console that is not first stays a participant and the screen
says so), and a drag onto a room card moving a real participant through the breakout component.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import fresh_room, gateway_for
from tests.stack.focus import JitsiStack
from tests.stack.webclient import WebParticipant, leave_all, spawn
from tests.ui.helpers import card_of, console_screen, ready, row_offset, screen_text, wait_until
from tui.model.conference import Role
from tui.model.intents import AddRoom
from tui.ui.app import ConsoleApp
from tui.ui.widgets.participants_table import ParticipantsTable
from tui.ui.widgets.status_line import READ_ONLY

pytestmark = pytest.mark.stack

SIZE = (120, 36)


async def test_a_console_that_is_not_first_says_so_and_refuses(jitsi_stack: JitsiStack) -> None:
    prosody = jitsi_stack.prosody
    room = fresh_room("screen")
    host = WebParticipant(prosody, room, "Host")
    await host.join()
    await host.wait_for(lambda: host.role == "moderator")
    app = ConsoleApp(gateway_for(prosody, room), serve_control=False)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await ready(pilot, 2)
            screen = console_screen(app)
            await wait_until(pilot, lambda: READ_ONLY in screen.status.plain, what="read-only")
            # The frame catches up with the status a refresh later (under load, the header may
            # still be the longer "connecting" one): wait for what a person would see.
            await wait_until(pilot, lambda: READ_ONLY in screen_text(app), what="read-only shown")
            me = app.conference.participants[app.conference.me or ""]
            assert me.role is Role.PARTICIPANT
            assert app.conference.participants[host.nick].role is Role.MODERATOR

            await pilot.press("a")  # add a room: the name prompt opens
            await pilot.press("enter")  # accept the default name
            await wait_until(
                pilot,
                lambda: "you are not a moderator" in screen_text(app),
                what="the refusal notification",
            )
            assert not app.session.pending
            assert not app.conference.breakout_rooms
            assert not host.updates  # nothing reached the breakout component
            await pilot.press("ctrl+q")
    finally:
        await host.leave()


async def test_people_appear_and_a_drag_moves_a_real_participant(jitsi_stack: JitsiStack) -> None:
    prosody = jitsi_stack.prosody
    room = fresh_room("screen")
    app = ConsoleApp(gateway_for(prosody, room), serve_control=False)
    guests: list[WebParticipant] = []
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await ready(pilot, 1)
            await wait_until(pilot, lambda: app.conference.am_moderator, what="moderator")
            guests = await spawn(prosody, room, 10, name="Person")
            await ready(pilot, 11)
            shown = screen_text(app)
            assert all(g.display_name in shown for g in guests)

            outcome = await app.session.perform(AddRoom("Drop zone"))
            assert outcome.ok, outcome
            [target] = app.conference.breakout_rooms
            # The card follows on the pane's next refresh, which a busy machine may delay.
            await wait_until(
                pilot,
                lambda: any(c.room_id == target.id for c in console_screen(app).rooms.cards),
                what="the new room's card",
            )
            card = card_of(app, target.id)
            mover = guests[3]
            await pilot.mouse_down(ParticipantsTable, offset=row_offset(app, mover.nick))
            await pilot.hover(card, offset=(4, 0))
            await pilot.mouse_up(card, offset=(4, 0))

            # The real participant moves, and the screen follows the server's update.
            await mover.wait_for(lambda: mover.room == target.jid, timeout=10)
            await wait_until(
                pilot, lambda: app.conference.participants[mover.nick].room == target.id
            )
            await wait_until(pilot, lambda: not app.session.pending, what="confirmation")
            table = console_screen(app).table
            assert table.get_cell(mover.nick, "room").text.plain.endswith("Drop zone")
            assert all(g.room == f"{room}@{prosody.muc}" for g in guests if g is not mover)
            await pilot.press("ctrl+q")
    finally:
        await leave_all(guests)
