"""Lockdown end to end: after ``lockdown`` a knocker waits in the lobby and a participant under
AV moderation cannot unmute itself (the jicofo stand-in refuses it); ``open-up`` undoes both.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_moderation import meeting
from tests.stack.focus import JitsiStack
from tests.stack.test_moderation_stand_ins import _mute
from tests.stack.webclient import WebParticipant
from tui.workshop.lockdown import Lockdown
from tui.workshop.parts import build

pytestmark = [pytest.mark.stack, pytest.mark.timeout(120)]


async def test_lockdown_closes_the_door_and_open_up_opens_it(jitsi_stack: JitsiStack) -> None:
    async with meeting(jitsi_stack, 1, audio_muted=False) as m:
        [inside] = m.guests
        lockdown = build(m.session).find(Lockdown)
        assert lockdown is not None
        answer = await lockdown.op({"op": "lockdown"})
        assert [(s["step"], s["result"]) for s in answer["steps"]] == [
            ("lobby on", "landed"),
            ("audio moderation on", "landed"),
            ("video moderation on", "landed"),
        ]
        knocker = WebParticipant(m.stack.prosody, m.room, "Late")
        m.guests.append(knocker)
        await knocker.knock()  # raises when the main room lets it straight in
        assert knocker.lobby_room
        await inside.wait_for(lambda: inside.audio_muted)  # jicofo muted everyone
        assert await _mute(inside, inside, mute=False) == "not-allowed"

        opened = await lockdown.op({"op": "open-up"})
        assert [s["result"] for s in opened["steps"]] == ["landed"] * 3
        await inside.wait_for(
            lambda: any(c.payload.get("enabled") is False for c in inside.component_messages)
        )
        assert await _mute(inside, inside, mute=False) == "result"
