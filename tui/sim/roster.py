"""Simulated occupants: Jitsi-shaped ids and JIDs, and realistic starting field values.

Everything is drawn from a caller-owned :class:`random.Random`, so one seed gives one meeting.
Endpoint ids are 8 lower-case hex digits as Jitsi makes them; real JIDs look like an anonymous
web client's (``<uuid>@demo.jitsi/<resource>``); bots live on their own (hidden) domains.
"""

from __future__ import annotations

import random
import string
import unicodedata
import uuid
import zlib

from tui.model.conference import Affiliation, Kind, Participant, Role

DOMAIN = "demo.jitsi"
"""The simulated deployment's XMPP domain."""

MUC_DOMAIN = f"conference.{DOMAIN}"
"""Where main rooms live."""

BREAKOUT_DOMAIN = f"breakout.{DOMAIN}"
"""Where breakout rooms live (``<uuid>@breakout.demo.jitsi``)."""

CONSOLE_NAME = "Moderator Console"
"""The console's own display name in the simulated meeting."""

JIGASI_NAME = "+46 8 123 456 78"
"""The phone caller jigasi brings in: display names of dial-in callers are their numbers."""

JIBRI_NAME = "Recorder"
"""The jibri occupant recording the meeting."""

REGIONS = ("eu-north-1", "eu-north-1", "eu-north-1", "eu-central-1", "eu-west-1", "us-east-1")
"""Bridge regions, weighted towards a Swedish deployment."""

_RESOURCE_CHARS = string.ascii_letters + string.digits

MAIL_DOMAINS = ("skola.example.se", "example.com", "uni.example.org", "mail.example.net")
"""Where simulated people's e-mail addresses live (reserved example domains only)."""


def email_for(name: str) -> str:
    """A plausible address for ``name`` (``anna.lindqvist@example.com``), or none.

    Derived from the name alone, not drawn from the meeting's generator, so adding e-mail
    addresses left every seeded meeting's names, ids and states as they were. One in eight
    people set no address, and names with nothing ASCII to spell (emoji, Arabic) get none.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    local = ".".join("".join(ch for ch in word if ch.isalnum()) for word in folded.split())
    local = ".".join(part for part in local.split(".") if part)[:64]
    digest = zlib.crc32(name.encode("utf-8", "surrogatepass"))
    if not local or digest % 8 == 0:
        return ""
    return f"{local}@{MAIL_DOMAINS[digest // 8 % len(MAIL_DOMAINS)]}"


def uuid4(rng: random.Random) -> str:
    """A random UUID v4 drawn from ``rng`` rather than the OS, so seeded runs repeat it."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class Roster:
    """Makes occupants with unique endpoint ids from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        """Draw ids, JIDs and field values from ``rng``."""
        self._rng = rng
        self._ids: set[str] = set()

    def uuid4(self) -> str:
        """A UUID v4 drawn from the generator (so seeded runs repeat it)."""
        return uuid4(self._rng)

    def endpoint_id(self) -> str:
        """A fresh 8-hex-digit endpoint id, unique within this roster."""
        while True:
            pid = f"{self._rng.getrandbits(32):08x}"
            if pid not in self._ids:
                self._ids.add(pid)
                return pid

    def resource(self) -> str:
        """A client resource such as ``Qp7LAb3x``."""
        return "".join(self._rng.choice(_RESOURCE_CHARS) for _ in range(8))

    def console(self, room: str) -> Participant:
        """The console itself: a moderator and owner, muted, in the main room."""
        return Participant(
            id=self.endpoint_id(),
            name=CONSOLE_NAME,
            room=room,
            jid=f"{self.uuid4()}@{DOMAIN}/{self.resource()}",
            role=Role.MODERATOR,
            affiliation=Affiliation.OWNER,
            region=REGIONS[0],
            kind=Kind.SELF,
        )

    def person(
        self, name: str, room: str, *, now_ms: int, moderator: bool = False, sharing: bool = False
    ) -> Participant:
        """An ordinary web participant with a realistic mix of mute and hand states."""
        rng = self._rng
        hand = now_ms - rng.randint(5_000, 300_000) if rng.random() < 0.07 else None
        return Participant(
            id=self.endpoint_id(),
            name=name,
            room=room,
            jid=f"{self.uuid4()}@{DOMAIN}/{self.resource()}",
            role=Role.MODERATOR if moderator else Role.PARTICIPANT,
            affiliation=Affiliation.OWNER if moderator else Affiliation.NONE,
            audio_muted=rng.random() < 0.75,
            video_muted=rng.random() < 0.45,
            screen_sharing=sharing,
            hand_raised_at=hand,
            region=rng.choice(REGIONS),
            email=email_for(name),
        )

    def phone_caller(self, room: str) -> Participant:
        """A dial-in caller brought in by jigasi: audio only, never video."""
        return Participant(
            id=self.endpoint_id(),
            name=JIGASI_NAME,
            room=room,
            jid=f"jigasi@auth.{DOMAIN}/{self.resource()}",
            audio_muted=False,
            video_muted=True,
            region=REGIONS[0],
            kind=Kind.JIGASI,
        )

    def recorder(self, room: str) -> Participant:
        """Jibri recording the meeting, on the hidden recorder domain."""
        return Participant(
            id=self.endpoint_id(),
            name=JIBRI_NAME,
            room=room,
            jid=f"recorder@recorder.{DOMAIN}/{self.resource()}",
            region=REGIONS[0],
            kind=Kind.JIBRI,
        )
