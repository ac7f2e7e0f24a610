"""Shared values for the invite tests: a fixed clock, a fixed random part, sample dial-in data."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tui.invite import DialIn, DialInNumber
from tui.invite.dialin import info_page_url

RANDOM = "k3j4h5g6f7d8s9a0"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)
"""08:00 UTC, written as local time of a named zone (TZID), as the console writes times."""
END = datetime(2026, 12, 1, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def dial_in() -> DialIn:
    return DialIn(
        numbers=(
            DialInNumber("+46 8 505 201 00", "SE"),
            DialInNumber("+1 512 647 1431", "US", default=True),
        ),
        pin="1518845548",
        info_page_url=info_page_url(
            "https://meet.example.org/", "planning_Sprint-review_" + RANDOM
        ),
    )
