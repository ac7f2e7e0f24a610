"""Which simulated server part answers a command: :func:`carry_out`, the simulation's one handler.

Every command type has exactly one arm in its ``match``, which ends in ``assert_never``: a
command added to :data:`tui.model.commands.Command` without an arm here fails mypy, naming
this module. Breakout commands go to the breakout component (:mod:`tui.sim.component`);
mute, AV moderation, kick, rights, password, lower hand and end to :mod:`tui.sim.moderation`;
lobby commands to :mod:`tui.sim.lobby`; chat to :mod:`tui.sim.chat`.
"""

from __future__ import annotations

from typing import assert_never

from tui.model.commands import (
    Command,
    SendAddRoom,
    SendAdmit,
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendDeny,
    SendEndConference,
    SendGroupChat,
    SendKick,
    SendLowerHand,
    SendMembersOnly,
    SendMove,
    SendMute,
    SendPrivateChat,
    SendRemoveRoom,
    SendRenameRoom,
    SendRoomSecret,
)
from tui.sim import component
from tui.sim.chat import run_chat
from tui.sim.component import Effect
from tui.sim.lobby import run_lobby
from tui.sim.moderation import moderate
from tui.sim.stage import Stage


def carry_out(stage: Stage, command: Command) -> Effect:
    """Do what the deployment does with ``command``."""
    match command:
        case SendMove() | SendAddRoom() | SendRenameRoom() | SendRemoveRoom():
            return component.carry_out(stage.world, command, stage.new_uuid)
        case SendMembersOnly() | SendAdmit() | SendDeny():
            return run_lobby(stage, command)
        case SendGroupChat() | SendPrivateChat():
            return run_chat(stage, command)
        case (
            SendMute()
            | SendAvModeration()
            | SendAvApproval()
            | SendKick()
            | SendAffiliation()
            | SendRoomSecret()
            | SendLowerHand()
            | SendEndConference()
        ):
            return moderate(stage, command)
        case _:
            assert_never(command)
