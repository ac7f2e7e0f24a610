"""Why a join failed, in words: :class:`JoinError`, and what jicofo's and the MUC's refusals mean.

Kept apart from the session (:mod:`tui.jitsi.client`) so that everything that can fail a join
or a room entry (the client, the command sender :mod:`tui.jitsi.actions`, the gateway) raises
and catches one exception without importing each other.
"""

from __future__ import annotations


class JoinError(Exception):
    """Joining failed; the message is one sentence for the user, ``next_step`` what to do."""

    def __init__(self, message: str, next_step: str = "", *, condition: str = "") -> None:
        """Record the sentence, the advice and the XMPP condition behind it."""
        super().__init__(message)
        self.next_step = next_step
        self.condition = condition


def focus_error(condition: str, text: str) -> JoinError:
    """Turn jicofo's refusal of the conference request into a sentence and a next step."""
    detail = f" ({text})" if text else ""
    match condition:
        case "not-authorized":
            return JoinError(
                "this meeting has not started and guests cannot start meetings" + detail,
                "log in (password or token) or wait for a host",
                condition=condition,
            )
        case "not-acceptable" | "session-invalid":
            return JoinError(
                "jicofo rejected the session" + detail, "reconnect", condition=condition
            )
        case _:
            return JoinError(
                f"jicofo refused the conference request: {condition}{detail}",
                condition=condition,
            )


def join_error(condition: str, text: str, lobby: bool) -> JoinError:
    """A MUC join error presence → a sentence and the next step (PROTOCOL.md §2.3 table)."""
    detail = f": {text}" if text else ""
    if condition == "not-authorized":
        return JoinError(
            "the meeting is locked with a password",
            "give it with --room-password-file or JITSI_TUI_ROOM_PASSWORD",
            condition=condition,
        )
    if condition == "registration-required" or lobby:
        return JoinError(
            "the meeting has a lobby and the console is not a member",
            "ask a moderator to admit it, or join with the room password or a moderator token",
            condition=condition,
        )
    if condition == "service-unavailable":
        return JoinError("the meeting is full", condition=condition)
    if condition == "conflict":
        return JoinError(
            "the console's nick is already taken in this meeting",
            "reconnect",
            condition=condition,
        )
    if condition == "not-allowed":
        return JoinError(
            f"the server did not allow the join{detail}",
            "if this mentions the token, mint one for this room",
            condition=condition,
        )
    return JoinError(f"the join failed: {condition}{detail}", condition=condition)
