"""Fixtures for the console's Pilot tests: a quiet seeded simulation and the app around it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import ready
from tui.sim.gateway import SimulatedConference
from tui.ui.app import ConsoleApp

DemoRun = tuple[SimulatedConference, ConsoleApp, Pilot[None]]


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


@pytest.fixture
def demo_console(
    make_sim: Callable[..., SimulatedConference], make_app: Callable[..., ConsoleApp]
) -> Callable[..., contextlib.AbstractAsyncContextManager[DemoRun]]:
    """``async with demo_console() as (sim, app, pilot)``: the default simulation (options go to
    ``make_sim``), its console at 120x36 with notifications, once all 31 rows are drawn."""

    @contextlib.asynccontextmanager
    async def run(**sim_options: Any) -> AsyncIterator[DemoRun]:
        sim = make_sim(**sim_options)
        app = make_app(sim)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await ready(pilot, 31)
            yield sim, app, pilot

    return run
