"""Simulated people have plausible e-mail addresses, the same ones for the same seed."""

from __future__ import annotations

import random

from tui.sim.roster import MAIL_DOMAINS, Roster, email_for


def test_addresses_are_spelled_from_the_name_and_repeat() -> None:
    assert email_for("Åsa Öberg").startswith("asa.oberg@")
    assert email_for("Åsa Öberg") == email_for("Åsa Öberg")
    assert email_for("🦊") == ""


def test_most_people_of_a_seeded_meeting_have_one_on_an_example_domain() -> None:
    def emails(seed: int) -> list[str]:
        rng = random.Random(seed)
        roster = Roster(rng)
        return [roster.person(f"Person {i} Lund", "main", now_ms=0).email for i in range(200)]

    first = emails(7)
    assert first == emails(7)
    present = [e for e in first if e]
    assert 150 <= len(present) < 200
    assert all(e.rsplit("@", 1)[1] in MAIL_DOMAINS for e in present)
