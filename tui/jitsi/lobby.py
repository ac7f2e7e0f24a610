"""The lobby room's presences → knockers, and where disco#info says the lobby room is.

While the lobby is on, the console sits in the lobby MUC (``ROOM@lobby.DOMAIN``) to see who
knocks. That room has the main room's node, so its presences must never pass for the main
room's: :func:`lobby_presence` claims every presence from the lobby service, and turns those of
the watched lobby room into :class:`KnockerArrived` / :class:`KnockerLeft`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from tui.jitsi.presence import MUC_USER, split_jid
from tui.model.conference import Knocker
from tui.model.events import KnockerArrived, KnockerLeft

MAX_NAME, MAX_EMAIL = 1000, 320


@dataclass(frozen=True, slots=True)
class FromLobby:
    """A presence from a lobby room, and the knocker event it makes (``None``: not a knock)."""

    event: KnockerArrived | KnockerLeft | None = None


def lobby_presence(
    elem: Element, *, watched: str, lobby_host: str, me: str, clock: Callable[[], float]
) -> FromLobby | None:
    """What ``elem`` means for the lobby; ``None`` when it is not from a lobby room at all.

    Args:
        elem: A presence from a watched MUC domain.
        watched: The lobby room's JID (lower case) while the console sits in it, else ``""``.
        lobby_host: The lobby service's address from component discovery, or ``""``.
        me: The console's nick.
        clock: The loop's clock (when a knocker started waiting; read only for a knock).
    """
    room_node, domain, nick = split_jid(elem.get("from", ""))
    in_lobby = bool(watched) and f"{room_node}@{domain}".lower() == watched
    # a lobby room has the main room's node: never let its presences pass for the main
    # room's, even from a lobby the console no longer watches
    if not in_lobby and not (lobby_host and domain.lower() == lobby_host.lower()):
        return None
    if not in_lobby or not nick or nick == me:
        return FromLobby()
    if elem.get("type") == "unavailable":
        return FromLobby(KnockerLeft(nick))
    item = elem.find(f"{MUC_USER}x/{MUC_USER}item")
    if item is not None and item.get("affiliation") in ("owner", "admin"):
        return FromLobby()  # other moderators watching the lobby are not knocking
    name = elem.findtext("{http://jabber.org/protocol/nick}nick") or ""
    email = elem.findtext("{jabber:client}email") or ""
    jid = item.get("jid", "") if item is not None else ""
    knocker = Knocker(nick, name[:MAX_NAME], jid, email[:MAX_EMAIL], clock())
    return FromLobby(KnockerArrived(knocker))


def lobby_room(disco_info: Element) -> str:
    """The ``muc#roominfo_lobbyroom`` field of a room's disco#info, or ``""``."""
    for field in disco_info.iter("{jabber:x:data}field"):
        if field.get("var") == "muc#roominfo_lobbyroom":
            return field.findtext("{jabber:x:data}value") or ""
    return ""
