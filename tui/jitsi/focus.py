"""jicofo, the conference focus: the conference request, and Jingle offers acknowledged.

The conference request (``<conference xmlns="http://jitsi.org/protocol/focus" room=…
machine-uid=…/>`` to ``focus.DOMAIN``, PROTOCOL.md §2.2) comes before every join of a room that
is a jicofo conference (the main room, each breakout room); jicofo answers ``ready="false"``
while it is still setting the conference up, and the console asks again with back-off, as
lib-jitsi-meet's ``moderator.ts`` does (with a shorter limit of its own).

jicofo then offers a Jingle session (and sends mute IQs). The console has no media: it answers
each with an empty result, never ``session-accept``, which keeps it a jicofo participant (jicofo
refuses mute requests from someone it does not count) without sending media; a
``session-terminate`` (e.g. jicofo's single-participant timeout) forgets the session
(PROTOCOL.md §2.4).
"""

from __future__ import annotations

import asyncio
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from slixmpp.exceptions import IqError, IqTimeout

from tui.jitsi.join_errors import JoinError, focus_error

FOCUS_NS = "http://jitsi.org/protocol/focus"
JINGLE_NS = "urn:xmpp:jingle:1"
BACKOFF_START, BACKOFF_CAP, FOCUS_ATTEMPTS = 1.0, 8.0, 6
ANSWER_TIMEOUT = 15


async def request_conference(xmpp: Any, focus_jid: str, room_jid: str, machine_uid: str) -> None:
    """The conference IQ to jicofo, retried with backoff while ``ready="false"``.

    Raises:
        JoinError: jicofo refused, did not answer, or never got the conference ready.
    """
    delay = BACKOFF_START
    for attempt in range(FOCUS_ATTEMPTS):
        iq = xmpp.make_iq_set(ito=focus_jid)
        conference = Element(
            f"{{{FOCUS_NS}}}conference", {"room": room_jid, "machine-uid": machine_uid}
        )
        SubElement(conference, f"{{{FOCUS_NS}}}property", name="rtcstatsEnabled", value="false")
        iq.append(conference)
        try:
            reply = await iq.send(timeout=ANSWER_TIMEOUT)
        except IqTimeout:
            raise JoinError(
                f"jicofo ({focus_jid}) did not answer the conference request",
                "check the focus address (config hosts.focus) and that jicofo runs",
            ) from None
        except IqError as exc:
            raise focus_error(exc.condition, exc.text) from None
        answer = reply.xml.find(f"{{{FOCUS_NS}}}conference")
        if answer is not None and answer.get("ready") == "true":
            return
        if attempt == FOCUS_ATTEMPTS - 1:
            break  # no point waiting before giving up
        await asyncio.sleep(delay)
        delay = min(delay * 2, BACKOFF_CAP)
    raise JoinError("jicofo never got the conference ready", "try again in a minute")


def acknowledge(iq: Any, sessions: dict[str, str]) -> None:
    """Answer a Jingle or mute IQ with an empty result; track offered sessions in ``sessions``.

    ``sessions`` maps a Jingle sid to the room JID of the focus that offered it.
    """
    # An empty result keeps us a jicofo participant (needed for mute); never accept.
    if iq["type"] != "set":
        return
    jingle = iq.xml.find(f"{{{JINGLE_NS}}}jingle")
    if jingle is not None:
        sid = jingle.get("sid", "")
        if jingle.get("action") == "session-terminate":
            sessions.pop(sid, None)
        elif jingle.get("action") == "session-initiate":
            sessions[sid] = str(iq["from"].bare)
    iq.reply(clear=True).send()
