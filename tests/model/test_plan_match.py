"""Plan entries matched to the people present: by name, e-mail or user id, never by a guess."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tests.model.factories import connected, person
from tui.model.conference import Kind
from tui.model.plan_match import Ambiguity, match_plan, person_key

ANNA = person("a1", "Anna Berg", email="anna@skola.se")
ASA = person("a2", "Åsa Öberg", user_id="u-7")
BO = person("b1", "Bo Ek")
BO2 = person("b2", "bo ek")
CEM = person("c1", "Cem")


def test_name_email_and_user_id_match_regardless_of_case_and_accents() -> None:
    conf = connected(ANNA, ASA, CEM)
    result = match_plan(conf, [("Room A", ["ANNA@Skola.se", "asa oberg"]), ("Room B", ["cem"])])
    assert result.matched == {"a1": "Room A", "a2": "Room A", "c1": "Room B"}
    assert (result.waiting, result.unmatched, result.ambiguous) == ((), (), ())
    assert match_plan(conf, [("R", ["u-7"])]).matched == {"a2": "R"}
    assert match_plan(conf, [("R", ["U-7"])]).matched == {}  # ids are opaque: exact


def test_waiting_and_unmatched_are_listed() -> None:
    conf = connected(ANNA, CEM)
    result = match_plan(conf, [("Room A", ["Anna Berg", "Dana"])])
    assert result.matched == {"a1": "Room A"}
    assert result.waiting == (("Room A", "Dana"),)
    assert result.unmatched == ("c1",)


def test_an_entry_meaning_two_people_moves_neither() -> None:
    conf = connected(BO, BO2, CEM)
    result = match_plan(conf, [("Room A", ["Bo Ek", "Cem"])])
    assert result.matched == {"c1": "Room A"}
    assert result.ambiguous == (Ambiguity("Room A", "Bo Ek", ("b1", "b2")),)
    assert result.unmatched == ()  # they are listed as ambiguous, not as in no plan


def test_one_person_named_for_two_rooms_moves_nowhere() -> None:
    conf = connected(ANNA)
    result = match_plan(conf, [("Room A", ["Anna Berg"]), ("Room B", ["anna@skola.se"])])
    assert result.matched == {}
    assert {a.room for a in result.ambiguous} == {"Room A", "Room B"}


def test_the_console_and_bots_are_never_matched() -> None:
    rec = person("r1", "Recorder", kind=Kind.JIBRI)
    conf = connected(rec)
    result = match_plan(conf, [("R", ["Recorder", "Console"])])
    assert result.matched == {} and result.unmatched == ()
    assert len(result.waiting) == 2


text = st.text(st.characters(codec="utf-8"), max_size=30)


@given(text)
def test_the_key_of_a_key_is_the_key(value: str) -> None:
    assert person_key(person_key(value)) == person_key(value)


@given(text)
def test_case_does_not_matter(value: str) -> None:
    assert person_key(value.casefold()) == person_key(value)
    assert person_key(value.lower()) == person_key(value.lower().upper().casefold())


@given(text)
def test_composed_and_decomposed_spellings_are_one_key(value: str) -> None:
    nfc = unicodedata.normalize("NFC", value)
    assert person_key(nfc) == person_key(unicodedata.normalize("NFD", value))


@given(st.text(st.sampled_from("aeiouncAEIOUNC "), max_size=20), st.data())
def test_accents_do_not_matter(base: str, data: st.DataObject) -> None:
    marks = data.draw(
        st.lists(
            st.sampled_from("\u0301\u0300\u0308\u030a\u0303\u0327"),
            min_size=len(base),
            max_size=len(base),
        )
    )
    accented = unicodedata.normalize(
        "NFC", "".join(c + m for c, m in zip(base, marks, strict=True))
    )
    assert person_key(accented) == person_key(base)


@given(text)
def test_keys_hold_no_control_characters_and_single_spaces(value: str) -> None:
    key = person_key(value)
    assert key.isprintable() and "  " not in key and key == key.strip()
