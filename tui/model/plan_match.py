"""Who in the meeting a plan means: matching plan entries to participants, never guessing.

An entry is whatever the plan's author wrote: a display name, an e-mail address or the
deployment's user id. It matches a participant when its :func:`person_key` equals the key of
their display name or e-mail (so case and accents do not matter: "ÅSA öberg" is "Asa Oberg"),
or when it is exactly their user id (ids are opaque: no folding). An entry that matches two
or more people is ambiguous and moves nobody; so is a person two entries in different rooms
match (by name in one, by e-mail in another). Both are listed, never resolved by a guess.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tui.model.breakout_plans import movable
from tui.model.conference import Conference, Participant, Room
from tui.model.text import safe_text

__all__ = ["Ambiguity", "PlanMatch", "layout_plan", "match_plan", "person_key", "room_named"]

MAX_ENTRY_CHARS = 200
"""Longest room name or person a saved plan writes (what :mod:`tui.model.plan` reads back)."""

_DROP = frozenset("\ufffd")
"""What :func:`tui.model.text.safe_text` puts in for a control character: a saved plan holds
it where the live name held the control character, and both must give the same key."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and ch.isprintable() and ch not in _DROP
    )


@functools.lru_cache(maxsize=16_384)  # a plan is matched once a second while it is active
def person_key(text: str) -> str:
    """``text`` as plans compare it: NFKD, no accents, casefolded, one space between words.

    Control and format characters (and the U+FFFD a sanitizer leaves for them) are dropped.
    Folding twice settles what one pass leaves (casefolding "İ" yields a combining dot, NFKD of
    "ℌ" an upper-case H), so the key of a key is the key.
    """
    return " ".join(_fold(_fold(text)).split())


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An entry that could mean several people, or a person several rooms' entries mean."""

    room: str
    entry: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanMatch:
    """What a plan means in the meeting right now.

    Attributes:
        matched: Participant id → plan room name, for everyone the plan names exactly once.
        waiting: ``(room, entry)`` for entries nobody present matches (yet).
        unmatched: Ids of people present who are in no plan room (and not ambiguous).
        ambiguous: Entries matching several people, and people matched from several rooms.
    """

    matched: Mapping[str, str]
    waiting: tuple[tuple[str, str], ...]
    unmatched: tuple[str, ...]
    ambiguous: tuple[Ambiguity, ...]


def _keys(person: Participant) -> Iterable[str]:
    yield person_key(person.name)
    if person.email:
        yield person_key(person.email)


def match_plan(conference: Conference, rooms: Iterable[tuple[str, Iterable[str]]]) -> PlanMatch:
    """Match ``(room name, entries)`` pairs against the movable people present."""
    people = [p for p in conference.participants.values() if movable(conference, p) is None]
    by_key: dict[str, set[str]] = {}
    by_user: dict[str, set[str]] = {}
    for person in people:
        for key in _keys(person):
            if key:
                by_key.setdefault(key, set()).add(person.id)
        if person.user_id:
            by_user.setdefault(person.user_id, set()).add(person.id)
    claims: dict[str, list[tuple[str, str]]] = {}  # id → (room, entry) naming them
    waiting: list[tuple[str, str]] = []
    ambiguous: list[Ambiguity] = []
    for room, entries in rooms:
        for entry in entries:
            ids = by_key.get(person_key(entry), set()) | by_user.get(entry.strip(), set())
            if not ids:
                waiting.append((room, entry))
            elif len(ids) > 1:
                ambiguous.append(Ambiguity(room, entry, tuple(sorted(ids))))
            else:
                claims.setdefault(next(iter(ids)), []).append((room, entry))
    matched: dict[str, str] = {}
    for pid, named in claims.items():
        if len({room for room, _ in named}) == 1:
            matched[pid] = named[0][0]
        else:
            ambiguous.extend(Ambiguity(room, entry, (pid,)) for room, entry in named)
    involved = {pid for a in ambiguous for pid in a.ids}
    unmatched = tuple(p.id for p in people if p.id not in matched and p.id not in involved)
    return PlanMatch(matched, tuple(waiting), unmatched, tuple(ambiguous))


def room_named(conference: Conference, name: str) -> Room | None:
    """The breakout room a plan's room ``name`` means (same :func:`person_key`), if any."""
    key = person_key(name)
    for room in conference.breakout_rooms:
        if person_key(room.name) == key:
            return room
    return None


def layout_plan(conference: Conference) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Who sits in which breakout room now, as ``(room, entries)`` pairs for a saved plan.

    Each person is written by display name (made inert by :func:`safe_text`); when someone
    else present shares that name, by e-mail or user id instead, so the saved plan still means
    one person. Two people nothing tells apart are written once (the first, by room order):
    a plan naming one person for two rooms would be refused when read back.
    """
    people = [p for p in conference.participants.values() if movable(conference, p) is None]
    names = Counter(person_key(p.name) for p in people)
    taken: set[str] = set()
    rooms: list[tuple[str, tuple[str, ...]]] = []
    for room in conference.breakout_rooms:
        entries: list[str] = []
        for person in conference.members_of(room.id):
            if movable(conference, person) is not None:
                continue
            entry = person.name
            if names[person_key(entry)] > 1:
                entry = person.email or person.user_id or entry
            entry = safe_text(entry, MAX_ENTRY_CHARS)
            if entry.strip() and person_key(entry) not in taken:
                taken.add(person_key(entry))
                entries.append(entry)
        rooms.append((safe_text(room.label, MAX_ENTRY_CHARS), tuple(entries)))
    return tuple(rooms)
