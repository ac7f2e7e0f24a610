"""Golden files: the full invitation per format and language, reviewed by a person.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 pytest tests/invite/test_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.invite import DialIn, InviteFormat, InviteRequest, render, settings_from_document

from .conftest import END, NOW, RANDOM, START

GOLDEN = Path(__file__).parent / "golden"
CONFIG = {
    "invite": {
        "base_url": "https://meet.example.org/",
        "links": [
            {
                "text": {
                    "en": "Screen sharing only",
                    "sv": "Endast skärmdelning",
                    "de": "Nur Bildschirmfreigabe",
                    "nl": "Alleen scherm delen",
                },
                "config": {"startSilent": True, "disableInitialGUM": True},
                "font_size": "12px",
            }
        ],
        "texts": [
            {
                "font_size": "12px",
                "items": [{"text": "Guide", "url": "https://example.org/guide"}],
            }
        ],
        "types": {
            "planning": {
                "prefix": "planning_",
                "config": {"startWithAudioMuted": True},
                "header": {
                    "en": "Planning meeting",
                    "sv": "Planeringsmöte",
                    "de": "Planungsbesprechung",
                    "nl": "Planningsvergadering",
                },
            }
        },
    }
}


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == actual, f"{name} differs from its golden file"


@pytest.mark.parametrize("language", ["sv", "en", "de", "nl"])
@pytest.mark.parametrize("fmt", list(InviteFormat))
def test_golden_with_dial_in(language: str, fmt: InviteFormat, dial_in: DialIn) -> None:
    settings, _ = settings_from_document(CONFIG)
    request = InviteRequest(
        subject="Sprint review",
        meeting_type="planning",
        language=language,
        start=START,
        end=END,
        dial_in=dial_in,
        random_part=RANDOM,
        now=NOW,
        settings=settings,
    )
    _check(f"dial_in.{language}.{fmt.value}", render(request).as_format(fmt))


@pytest.mark.parametrize("fmt", list(InviteFormat))
def test_golden_plain_addin_defaults(fmt: InviteFormat) -> None:
    request = InviteRequest(subject="Möte angående nästa sprint", random_part=RANDOM, now=NOW)
    _check(f"plain.en.{fmt.value}", render(request).as_format(fmt))
