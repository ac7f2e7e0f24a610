"""Fixtures for the console's Pilot tests: a quiet seeded simulation and the app around it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.sim.gateway import SimulatedConference
from tui.ui.app import ConsoleApp


@pytest.fixture
def make_sim() -> Callable[..., SimulatedConference]:
    """A seeded simulation without spontaneous activity and with a short command delay."""

    def make(participants: int = 30, rooms: int = 3, **kwargs: object) -> SimulatedConference:
        options: dict[str, object] = {"seed": 1, "activity": False, "breakout_delay": 0.05}
        options.update(kwargs)
        return SimulatedConference(participants, rooms=rooms, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def make_app() -> Callable[..., ConsoleApp]:
    """The console around a gateway, without a control socket."""

    def make(gateway: object, **kwargs: object) -> ConsoleApp:
        return ConsoleApp(gateway, serve_control=False, **kwargs)  # type: ignore[arg-type]

    return make
