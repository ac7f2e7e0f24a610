"""Prototype: MUC presences around slixmpp's stanza machinery (measured, not yet in client.py).

slixmpp turns every stanza into a ``Presence`` object, runs its ``in`` filters and matches it
against every registered handler (about 20, several by XPath) before the console's handler
sees the raw element it actually reads. For a join storm that is most of the cost.

The bypass: a ``WebSocketXMPP`` subclass whose ``_spawn_event`` hands a ``<presence>`` that is
not an error and comes from a watched MUC domain straight to the console's presence handler;
every other stanza (errors, IQs, messages, presences from elsewhere) takes slixmpp's path.
Why it is sound for this console:

* order is kept: slixmpp runs handlers in-stream, synchronously, in the same call;
* nothing in the console relies on slixmpp's presence side effects (it loads neither
  xep_0045 nor xep_0198, and its roster of MUC occupants is never read);
* if XEP-0198 is ever loaded, the bypass must bump ``plugin["xep_0198"].handled`` (its
  ``in`` filter counts stanzas) — done below when the plugin is present.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any
from xml.etree.ElementTree import Element

from tui.jitsi.client import JitsiClient
from tui.jitsi.presence import split_jid
from tui.jitsi.xmpp import WebSocketXMPP

PRESENCE = "{jabber:client}presence"


class FastPresenceXMPP(WebSocketXMPP):
    """``WebSocketXMPP`` with a direct lane for room presences."""

    fast_presence: Callable[[Element], bool] | None = None

    def _spawn_event(self, xml: Element) -> None:
        lane = self.fast_presence
        if xml.tag == PRESENCE and lane is not None and lane(xml):
            sm: Any = self.plugin.get("xep_0198", None)
            if sm is not None:
                sm.handled = (sm.handled + 1) % (2**32)
            return
        super()._spawn_event(xml)


def install(xmpp: FastPresenceXMPP, client: JitsiClient) -> None:
    """Route room presences (not errors) straight to ``client``'s presence handler."""

    def lane(xml: Element) -> bool:
        if xml.get("type") == "error":
            return False  # errors need slixmpp's stanza (condition, text)
        _, domain, _ = split_jid(xml.get("from", ""))
        if domain.lower() not in client.muc_domains:
            return False
        # The handler reads only ``stanza.xml`` for non-error presences.
        client._on_presence(SimpleNamespace(xml=xml))
        return True

    xmpp.fast_presence = lane
