"""Jitsi components' refusals of the console's commands: :class:`Refusals`.

The breakout-rooms, AV-moderation and end-conference components answer a command they accept
with its effect (a JSON update, a destroyed room) and one they refuse with nothing of their
own: their ``message/host`` handler returns ``false`` and Prosody bounces the message to the
sender as ``<error type="cancel"><service-unavailable/></error>``, carrying the id the message
had (PROTOCOL.md §5.10). So every command message gets an id, and :class:`Refusals` remembers
which command went out under it, to whom, until a bounce names it; without this the console
would only notice, after the confirmation deadline, that nothing happened.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from tui.model.commands import Command, SendAvApproval

MAX_AWAITED = 512
"""Ids remembered at most; the oldest goes first. Bounces come back within a round trip, so
only a flood of commands could push out one that is still to be refused."""
MAX_TEXT = 200
"""Characters of a bounce's ``<text>`` kept: it is the server's, shown to the user."""
STANZA_NS = "urn:ietf:params:xml:ns:xmpp-stanzas"

_LABELS = {
    "breakout_rooms": "breakout-rooms component",
    "av_moderation": "AV-moderation component",
    "end_conference": "end-conference component",
}


@dataclass(frozen=True, slots=True)
class _Sent:
    address: str  # lower case: the bounce must come from where the command went
    kind: str
    command: Command


class Refusals:
    """Which command went out under which stanza id, until a bounce refuses it."""

    def __init__(self) -> None:
        """Nothing awaited yet."""
        self._sent: OrderedDict[str, _Sent] = OrderedDict()

    def expect(self, stanza_id: str, address: str, kind: str, command: Command) -> None:
        """``command`` went to the ``kind`` component at ``address`` with ``stanza_id``."""
        self._sent[stanza_id] = _Sent(address.lower(), kind, command)
        while len(self._sent) > MAX_AWAITED:
            self._sent.popitem(last=False)

    def refused(self, message: Element) -> tuple[Command, str] | None:
        """The command an error ``message`` bounces, and why, or ``None`` if it is not one.

        Only a bounce from the address the command went to counts: anyone can send the
        console an error message with a guessed id.
        """
        if message.get("type") != "error":
            return None
        stanza_id = message.get("id") or ""
        sent = self._sent.get(stanza_id)
        if sent is None or (message.get("from") or "").lower() != sent.address:
            return None
        del self._sent[stanza_id]
        return sent.command, _reason(sent.kind, sent.command, message)


def _reason(kind: str, command: Command, message: Element) -> str:
    condition, text = "unknown error", ""
    error = message.find("{jabber:client}error")
    if error is not None:
        for child in error:
            namespace, _, name = child.tag[1:].partition("}")
            if namespace != STANZA_NS:
                continue
            if name == "text":
                text = " ".join((child.text or "").split())[:MAX_TEXT]
            else:
                condition = name[:64]
    label = _LABELS.get(kind, f"{kind} component")
    if condition == "service-unavailable" and not text:
        # Jitsi's components give no reason of their own (PROTOCOL.md §5.10).
        text = "not a moderator of this meeting, or a command it does not know"
        if isinstance(command, SendAvApproval):
            # Jitsi bounces an approval the same way when moderation went off meanwhile.
            text = "not a moderator, the person left, or moderation was switched off meanwhile"
    return f"the {label} refused: {condition}" + (f" ({text})" if text else "")
