"""Room names: the Outlook add-in's own slug cases (jitsi-outlook __tests__/DOMHelper.test.ts)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.invite.slug import RANDOM_LENGTH, jitsi_room, random_part, room_name, subject_slug

JUNK = "¤%€${€$[{]£$@£$£.,-.-...,,,,.-.-,.---.-,,.,._" + "+" * 80


def test_addin_case_test_meeting_for_new_employee() -> None:
    subject = 'Test Meeting:;for +?"!new¤%€${€$[{]£$@£$£employee' + JUNK
    assert subject_slug(subject) == "Test-Meeting-for-new-employee-_"


def test_addin_case_swedish_subject_is_folded() -> None:
    subject = 'Möte angående:;nästa +?"!sprint' + JUNK
    assert subject_slug(subject).startswith("Mote-angaende-nasta-sprint-")


def test_addin_case_cut_to_thirty_characters_plus_separator() -> None:
    slug = subject_slug("Möte angående nästa sprint sen i fredags")
    assert slug == "Mote-angaende-nasta-sprint-sen_"
    assert len(slug) == 31


@pytest.mark.parametrize("subject", ["", None, ':; +?"!' + JUNK, "a", "-"])
def test_addin_case_nothing_useful_gives_empty_slug(subject: str | None) -> None:
    assert subject_slug(subject) == ""


def test_addin_case_single_letter_among_junk() -> None:
    assert subject_slug(':a; +?"!' + JUNK) == "-a-_"


def test_upper_case_accents_fold_to_lower_case_letters() -> None:
    assert subject_slug("ÅÄÖ Éé Üü Íî") == "aao-ee-uu-ii_"


def test_only_the_addins_letters_are_folded() -> None:
    # ñ, ß, ø and ç are not in the add-in's table: they become "-" exactly as there.
    assert subject_slug("Señor Straße Ørsted ça") == "Se-or-Stra-e-rsted-a_"


def test_room_name_joins_prefix_slug_random_suffix() -> None:
    name = room_name("Q3 planning", prefix="comp_", suffix="_x", random=lambda: "r" * 16)
    assert name == "comp_Q3-planning_" + "r" * 16 + "_x"


def test_given_name_wins_over_subject_and_type() -> None:
    assert room_name("Q3", prefix="comp_", given="  standup ", random=lambda: "r") == "standup"


def test_random_part_is_sixteen_lower_case_letters_or_digits_and_varies() -> None:
    parts = {random_part() for _ in range(20)}
    assert len(parts) == 20
    for part in parts:
        assert len(part) == RANDOM_LENGTH
        assert set(part) <= set(string.ascii_lowercase + string.digits)


def test_random_part_comes_from_the_secrets_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.invite.slug.secrets.choice", lambda alphabet: "z")
    assert random_part() == "z" * 16


def test_a_named_room_follows_jitsis_own_room_rule() -> None:
    # jitsi-meet's parseURIString removes :?#[]@!$&'()*+,;=<>/" and whitespace; NFKC.
    assert room_name(None, given="Möte Q3: plan? (v2)") == "MöteQ3planv2"
    assert room_name(None, given="ｓｔａｎｄｕｐ") == "standup"  # full-width letters, NFKC
    assert room_name(None, given="50%\x1b[31m") == "5031m"


@given(st.text(max_size=60))
def test_made_and_named_rooms_follow_the_same_rule(subject: str) -> None:
    made = room_name(subject, random=lambda: "r" * 16)
    assert jitsi_room(made) == made  # a room made from a subject already obeys the rule
    named = room_name(None, given=subject + "x")
    assert jitsi_room(named) == named
    assert room_name(None, given=named) == named  # naming the printed room reuses it
