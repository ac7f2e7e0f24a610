"""Turn what a script typed (a display name, an id, a room name) into model ids.

Pure. Names are matched exactly first, then ignoring case; a name that fits several people is
an error that lists them all, so a script never moves the wrong "Anna".
"""

from __future__ import annotations

from tui.model.conference import Conference, Knocker, Participant, Room


class ResolveError(ValueError):
    """The reference matches nobody, or more than one."""


def participant(conference: Conference, ref: str) -> Participant:
    """The one participant whose id or display name is ``ref``."""
    if ref in conference.participants:
        return conference.participants[ref]
    for fold in (False, True):
        hits = [
            p
            for p in conference.participants.values()
            if (p.name.casefold() == ref.casefold() if fold else p.name == ref)
        ]
        if len(hits) == 1:
            return hits[0]
        if hits:
            listing = ", ".join(f"{p.id} ({conference.rooms[p.room].label})" for p in hits)
            raise ResolveError(f"{ref!r} is ambiguous: {len(hits)} people match: {listing}")
    raise ResolveError(f"no participant called {ref!r}")


def room(conference: Conference, ref: str) -> Room:
    """The one room whose id, name or number (its card's digit) is ``ref``; ``main``, 0: main."""
    if ref in conference.rooms:
        return conference.rooms[ref]
    if ref.casefold() in ("main", "main room"):
        return conference.main
    for fold in (False, True):
        hits = [
            r
            for r in conference.rooms.values()
            if (r.label.casefold() == ref.casefold() if fold else r.label == ref)
        ]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise ResolveError(f"{ref!r} is ambiguous: rooms {', '.join(r.id for r in hits)} match")
    if ref.isascii() and ref.isdigit() and len(ref) < 10:  # a name wins: a room may be "2"
        if int(ref) == 0:
            return conference.main
        for rid, number in conference.room_numbers.items():
            if number == int(ref) and rid in conference.rooms:
                return conference.rooms[rid]
    raise ResolveError(f"no room called {ref!r}")


def knocker(conference: Conference, ref: str) -> Knocker:
    """The one person waiting in the lobby whose lobby id or name is ``ref``."""
    if ref in conference.knocking:
        return conference.knocking[ref]
    hits = [k for k in conference.knocking.values() if k.name.casefold() == ref.casefold()]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ResolveError(f"{ref!r} is ambiguous: {', '.join(k.id for k in hits)} are waiting")
    raise ResolveError(f"nobody called {ref!r} is waiting in the lobby")
