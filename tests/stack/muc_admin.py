"""A web participant's muc#admin request: give someone an affiliation in a room."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from tests.stack.webclient import WebParticipant

MUC_ADMIN = "http://jabber.org/protocol/muc#admin"


async def set_affiliation(
    by: WebParticipant, room_jid: str, bare_jid: str, affiliation: str
) -> None:
    """``by``, an owner of ``room_jid``, gives ``bare_jid`` ``affiliation``; raises IqError."""
    iq = by.xmpp.make_iq_set(ito=room_jid)
    query = Element(f"{{{MUC_ADMIN}}}query")
    SubElement(query, f"{{{MUC_ADMIN}}}item", affiliation=affiliation, jid=bare_jid)
    iq.append(query)
    await iq.send(timeout=5)
