"""The string table: four complete languages, the add-in's wording, localized-object lookup."""

from __future__ import annotations

import pytest

from tui.invite.strings import LANGUAGES, STRINGS, language_of, localize, text


def test_every_language_has_every_key_and_no_empty_string() -> None:
    keys = set(STRINGS["en"])
    for language in LANGUAGES:
        assert set(STRINGS[language]) == keys, language
        assert all(value.strip() for value in STRINGS[language].values()), language


@pytest.mark.parametrize(
    ("language", "connect", "link"),
    [
        ("sv", "Anslut till mötet", "Länk till mötet"),
        ("de", "Verbinden", "Link zum Treffen"),
        ("nl", "Verbinden met vergadering", "Link naar vergadering"),
        ("en", "Connect to meeting", "Link to meeting"),
    ],
)
def test_link_wording_is_the_outlook_addins(language: str, connect: str, link: str) -> None:
    assert text(language, "connect_to_meeting") == connect
    assert text(language, "link_to_meeting") == link


@pytest.mark.parametrize(
    ("tag", "language"),
    [("sv-SE", "sv"), ("de_DE", "de"), ("NL", "nl"), ("fr", "en"), ("", "en"), (None, "en")],
)
def test_locale_tags_pick_a_language_with_english_fallback(tag: str | None, language: str) -> None:
    assert language_of(tag) == language


def test_localized_objects_fall_back_to_default_then_english() -> None:
    value = {"sv": "Hej", "default": "Hello"}
    assert localize(value, "sv") == "Hej"
    assert localize(value, "sv-SE") == "Hej"
    assert localize(value, "de") == "Hello"
    assert localize({"en": "Hi"}, "nl") == "Hi"
    assert localize({"fr": "Salut"}, "nl", "x") == "x"
    assert localize("Same", "de") == "Same"
    assert localize(None, "de", "fallback") == "fallback"
