"""A captured-style stream of Jitsi presences, as the WebSocket delivers them (one per frame).

The stanzas have what lib-jitsi-meet 2024+ puts in a web participant's presence (stats-id,
region, caps, SourceInfo, codec list, nick, raised hand for some, the muc#user item with the
real JID) and what Prosody adds (``xmlns``, ``to``, ``id``). Values are deterministic.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

DOMAIN = "meet.jitsi"
MUC = f"conference.{DOMAIN}"
ROOM = "bench"
ME = f"console-1234@{DOMAIN}/Cons0le"
OPEN_FRAME = (
    '<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="meet.jitsi" '
    'id="c0ffee-7" version="1.0" xml:lang="en"/>'
)
FIRST = ("Ada", "Bo", "Chen", "Dara", "Emil", "Fatou", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea")
LAST = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski")
REGIONS = ("eu-central-1", "eu-north-1", "us-east-1", "ap-south-1")


@dataclass(frozen=True, slots=True)
class Person:
    """One simulated web participant."""

    nick: str
    name: str
    real_jid: str
    region: str


def people(n: int, seed: int = 7) -> list[Person]:
    """``n`` distinct participants with 8-hex endpoint ids."""
    rng = random.Random(seed)
    result = []
    for i in range(n):
        nick = f"{(i * 2654435761 + seed) & 0xFFFFFFFF:08x}"  # unique: odd multiplier
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        real = f"{rng.getrandbits(64):016x}@{DOMAIN}/{rng.getrandbits(32):08x}"
        result.append(Person(nick, name, real, REGIONS[i % len(REGIONS)]))
    return result


def presence(
    person: Person,
    *,
    audio_muted: bool = True,
    video_muted: bool = False,
    hand: int = 0,
    seq: int = 0,
) -> str:
    """One presence frame for ``person`` (what Prosody sends to the console)."""
    sources = json.dumps(
        {
            f"{person.nick}-a0": {"muted": audio_muted},
            f"{person.nick}-v0": {"muted": video_muted, "videoType": "camera"},
        },
        separators=(",", ":"),
    )
    hand_xml = (
        f"<jitsi_participant_raisedHand>{hand}</jitsi_participant_raisedHand>" if hand else ""
    )
    return (
        f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/{person.nick}" to="{ME}" '
        f'id="p{seq}-{person.nick}">'
        f"<stats-id>{person.name.split()[0]}-{person.nick[:3]}</stats-id>"
        f'<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" '
        f'node="https://jitsi.org/jitsi-meet" ver="cvjWXufsg4xT62Ec2mlATkFZ9lk="/>'
        f"<jitsi_participant_region>{person.region}</jitsi_participant_region>"
        f"<SourceInfo>{sources}</SourceInfo>"
        f"<jitsi_participant_codecList>av1,vp9,vp8,h264</jitsi_participant_codecList>"
        f'<nick xmlns="http://jabber.org/protocol/nick">{person.name}</nick>'
        f"{hand_xml}"
        f'<x xmlns="http://jabber.org/protocol/muc#user">'
        f'<item jid="{person.real_jid}" affiliation="none" role="participant"/></x>'
        f"</presence>"
    )


def join_storm(n: int, seed: int = 7) -> list[str]:
    """The frames of ``n`` participants joining: one presence each, every 10th with a hand up."""
    return [
        presence(p, audio_muted=i % 3 != 0, hand=1767225600000 + i if i % 10 == 0 else 0, seq=i)
        for i, p in enumerate(people(n, seed))
    ]
