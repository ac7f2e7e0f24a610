"""O applies the default lockdown (one notification, a line per step); O again opens up."""

from __future__ import annotations

from tests.ui.helpers import ready, screen_text, wait_until
from tui.model.conference import Media


async def test_o_locks_down_then_opens_up(make_sim, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(make_sim(participants=6))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot, 7)
        conference = lambda: app.session.conference  # noqa: E731
        await pilot.press("O")
        await wait_until(pilot, lambda: "video moderation on: landed" in screen_text(app))
        assert "lobby on: landed" in screen_text(app)
        assert conference().lobby_enabled
        assert conference().av_moderation == {Media.AUDIO, Media.VIDEO}
        await pilot.press("O")
        await wait_until(pilot, lambda: "lobby off: landed" in screen_text(app))
        assert not conference().lobby_enabled and not conference().av_moderation
