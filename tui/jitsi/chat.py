"""Room chat and private chat in: a ``<message>`` with a ``<body>`` → :class:`ChatReceived`.

A line counts when it comes from an occupant (a nick) of a room on a watched MUC domain, as
``groupchat`` (the room) or ``chat`` (privately, to the console); history replayed on join
(``urn:xmpp:delay``) is not news.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from xml.etree.ElementTree import Element

from tui.jitsi.presence import split_jid
from tui.model.conference import ChatMessage
from tui.model.events import ChatReceived

MAX_RECEIVED_CHAT = 20_000
"""Characters of a received chat message kept (the rest dropped): a stranger's message never
grows memory without bound. Above :data:`tui.model.moderation_plans.MAX_SENT_CHAT`, so the
console's own messages come back whole."""


def chat_event(
    elem: Element, muc_domains: Collection[str], me: str, clock: Callable[[], float]
) -> ChatReceived | None:
    """The chat line ``elem`` carries, or ``None`` when it is no room or private chat line.

    Args:
        elem: The message stanza.
        muc_domains: Lower-case MUC domains the console sits in rooms of.
        me: The console's nick (its own groupchat lines come back marked ``mine``).
        clock: The loop's clock (read only for a line that counts).
    """
    kind = elem.get("type", "normal")
    body = elem.findtext("{jabber:client}body")
    if body is None or kind not in ("groupchat", "chat"):
        return None
    if elem.find("{urn:xmpp:delay}delay") is not None:
        return None  # room history replayed on join: not news
    room, domain, nick = split_jid(elem.get("from", ""))
    if domain.lower() not in muc_domains or not nick:
        return None
    text, at = body[:MAX_RECEIVED_CHAT], clock()
    if kind == "groupchat":
        return ChatReceived(ChatMessage(nick, "", text, room, mine=nick == me, at=at))
    return ChatReceived(ChatMessage(nick, "", text, room, to=nick, at=at))
