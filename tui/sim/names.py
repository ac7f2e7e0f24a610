"""Display names for the simulated meeting: mostly ordinary, plus the cases that break UIs.

:class:`NameSource` hands out realistic Swedish and European names from a seeded
:class:`random.Random`, so the same seed always gives the same names in the same order. For a
meeting of :data:`HARD_CASES_FROM` people or more, the first batch also holds every name in
:data:`HARD_CASES` (Swedish letters, a 100+ character name, emoji, right-to-left scripts, an
exact duplicate and Textual/Rich markup), scattered among the ordinary ones.
"""

from __future__ import annotations

import random

HARD_CASES_FROM = 20
"""Meetings at least this large always contain every hard case."""

DUPLICATE = "Anna Andersson"
"""The name that appears twice, exactly, in a meeting with hard cases."""

LONG_NAME = (
    "Maximiliane Charlotte Augusta von Hohenzollern-Sigmaringen zu Württemberg "
    "und Teck, Gräfin af Kleen-Lindqvist"
)
"""A display name longer than 100 characters, which no column is wide enough for."""

MARKUP_NAMES = (
    "[b]Bengt Bold[/b]",
    "[@click=app.quit]Klicka här[/]",
    "[red]Röda Rut",
)
"""Names that Textual or Rich would interpret as markup if a widget forgot to escape them."""

HARD_CASES = (
    "Åsa Öberg",
    "Jöns Jönsson",
    LONG_NAME,
    "Kalle 🚀 Karlsson",
    "🦊",
    "مريم الحسيني",
    "נועה כהן",
    DUPLICATE,
    DUPLICATE,
    *MARKUP_NAMES,
)
"""Every awkward name a meeting of :data:`HARD_CASES_FROM` or more people contains."""

_FIRST = (
    "Anders", "Annika", "Axel", "Birgitta", "Björn", "Cecilia", "Dag", "Ebba", "Elin", "Emil",
    "Erik", "Ewa", "Fredrik", "Gunilla", "Gustav", "Hanna", "Henrik", "Ida", "Ingrid", "Jakob",
    "Johan", "Karin", "Kerstin", "Lars", "Lena", "Linnéa", "Magnus", "Maja", "Malin", "Mats",
    "Mikael", "Nils", "Oskar", "Per", "Petra", "Sara", "Sofia", "Stina", "Sven", "Therese",
    "Ulf", "Ylva", "Åke", "Märta", "Göran", "Agnieszka", "Aino", "Bjørn", "Camille", "Dieter",
    "Eero", "Francesca", "Giulia", "Ingeborg", "Jürgen", "Katarzyna", "Lucía", "Mette",
    "Niamh", "Pieter", "Sigrún", "Tomasz", "Zoë",
)  # fmt: skip
_LAST = (
    "Andersson", "Bergström", "Berg", "Björk", "Dahl", "Ek", "Eriksson", "Forsberg", "Gustafsson",
    "Hansson", "Holm", "Isaksson", "Johansson", "Karlsson", "Larsson", "Lindberg", "Lindqvist",
    "Lund", "Magnusson", "Nilsson", "Nyström", "Olsson", "Persson", "Sandberg", "Sjöberg",
    "Ström", "Svensson", "Wallin", "Åberg", "Öhman", "Löfgren", "Hägg", "Nowak", "Korhonen",
    "Müller", "Rossi", "García", "Jensen", "Kowalska", "de Vries", "O'Brien", "Virtanen",
    "Haugen", "Dubois", "Novák",
)  # fmt: skip
_ORGS = ("FK", "Skatteverket", "HaV", "DIGG", "Region Skåne", "konsult")


class NameSource:
    """Realistic display names, deterministic for a given random generator."""

    def __init__(self, rng: random.Random) -> None:
        """Draw every name from ``rng``; the caller owns its seed."""
        self._rng = rng
        self._used: set[str] = set()

    def initial(self, count: int, *, hard_cases: bool | None = None) -> list[str]:
        """Names of the people already in the meeting.

        Args:
            count: How many names.
            hard_cases: Whether to scatter every :data:`HARD_CASES` name among them; by default
                when ``count`` reaches :data:`HARD_CASES_FROM`. Needs room for all of them.
        """
        names = [self.fresh() for _ in range(count)]
        if hard_cases is None:
            hard_cases = count >= HARD_CASES_FROM
        if hard_cases and count >= len(HARD_CASES):
            slots = self._rng.sample(range(count), len(HARD_CASES))
            for slot, name in zip(slots, HARD_CASES, strict=True):
                names[slot] = name
            self._used.update(HARD_CASES)
        return names

    def fresh(self) -> str:
        """One ordinary name not handed out before (when the name space allows it)."""
        for _ in range(20):
            name = self._ordinary()
            if name not in self._used:
                break
        self._used.add(name)
        return name

    def _ordinary(self) -> str:
        rng = self._rng
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        style = rng.random()
        if style < 0.08:
            other = rng.choice([name for name in _LAST if name != last])
            return f"{first} {other}-{last}"
        if style < 0.14:
            return f"{first} {last} ({rng.choice(_ORGS)})"
        if style < 0.18:
            return first.lower()
        if style < 0.22:
            return f"{first[0]}. {last}"
        return f"{first} {last}"
