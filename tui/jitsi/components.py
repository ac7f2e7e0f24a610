"""Jitsi's Prosody components, found by disco#info on the XMPP domain: :class:`Components`.

The domain lists each component as an identity ``category="component"`` whose ``type`` says
what it is (``breakout_rooms``, ``lobbyrooms``, ``av_moderation``, ``end_conference``) and whose
``name`` is its address, as lib-jitsi-meet reads them (``modules/xmpp/xmpp.js``,
``_processDiscoInfoIdentities``).
The breakout component's own ``breakout_rooms`` node says whether rooms can be renamed.
Messages claiming to come from a component are trusted only from these addresses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slixmpp.exceptions import IqError, IqTimeout

from tui.model.conference import Feature

log = logging.getLogger(__name__)

RENAME_FEATURE = "http://jitsi.org/protocol/breakout_rooms#rename"
COMPONENT_FEATURES = {
    "breakout_rooms": Feature.BREAKOUT,
    "lobbyrooms": Feature.LOBBY,
    "av_moderation": Feature.AV_MODERATION,
    "end_conference": Feature.END_CONFERENCE,
}
DISCO_TIMEOUT = 10


@dataclass(slots=True)
class Components:
    """Component addresses found by disco on the domain."""

    addresses: dict[str, str] = field(default_factory=dict)
    features: set[Feature] = field(default_factory=set)

    @property
    def breakout(self) -> str:
        """The breakout-rooms component address, or empty."""
        return self.addresses.get("breakout_rooms", "")


async def discover_components(xmpp: Any, domain: str) -> Components:
    """Ask ``domain`` (over ``xmpp``, with xep_0030 loaded) for its components.

    A failed disco is logged and gives what was found so far: the meeting still works
    without breakout rooms or a lobby, and the UI offers only what is there.
    """
    found = Components()
    disco = xmpp.plugin["xep_0030"]
    try:
        info = await disco.get_info(jid=domain, timeout=DISCO_TIMEOUT)
    except (IqError, IqTimeout) as exc:
        log.warning("disco#info on %s failed: %s", domain, exc)
        return found
    for category, kind, _lang, name in info["disco_info"]["identities"]:
        if category == "component" and name and kind in COMPONENT_FEATURES:
            found.addresses[kind] = str(name)
            found.features.add(COMPONENT_FEATURES[kind])
    if found.breakout:
        try:
            node = await disco.get_info(
                jid=found.breakout, node="breakout_rooms", timeout=DISCO_TIMEOUT
            )
            if RENAME_FEATURE in node["disco_info"]["features"]:
                found.features.add(Feature.RENAME)
        except (IqError, IqTimeout) as exc:
            log.info("breakout component disco failed: %s", exc)
    log.info("components: %s", found.addresses)
    return found
