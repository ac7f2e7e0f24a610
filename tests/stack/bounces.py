"""Error messages a web participant receives: how Prosody bounces a refused component command.

Upstream Jitsi's components refuse a command by returning ``false`` from their ``message/host``
handler, and Prosody 0.12 bounces the message to the sender as
``<error type="cancel"><service-unavailable/></error>`` (tui/jitsi/PROTOCOL.md §5.10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.stack.webclient import WebParticipant


@dataclass(frozen=True, slots=True)
class Bounce:
    """One error message: who sent it, its error type and condition."""

    sender: str
    type: str
    condition: str


def bounces_to(person: WebParticipant) -> list[Bounce]:
    """The error messages ``person`` receives from now on, as they arrive."""
    seen: list[Bounce] = []

    def on_error(message: Any) -> None:
        error = message["error"]
        seen.append(Bounce(str(message["from"]), error["type"], error["condition"]))

    person.xmpp.add_event_handler("message_error", on_error)
    return seen
