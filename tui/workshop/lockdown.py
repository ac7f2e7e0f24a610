"""Lockdown and open-up on the live session: each step of a preset performed in order.

The steps are planned by :mod:`tui.model.lockdown`; here each one is performed and its result
reported in order: ``landed``, ``refused: why`` (by the console or the server), ``lost: why``
(no answer), or why it could not be tried (not on this deployment, needs room metadata). The
password is read from the preset's ``password_file`` when the preset runs (so it is never on
argv, on screen or in the config's memory for longer than the step).

Control verbs (``ctl lockdown [NAME]``, ``ctl open-up [NAME]``)::

    {"op": "lockdown", "name": "default"}   →  {"ok": true, "steps": [{"step": "lobby on",
                                                 "result": "landed"}, ...]}
    {"op": "open-up"}
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui.config.load import read_secret_file
from tui.config.values import ConfigError
from tui.model.lockdown import BUILT_IN, DEFAULT, Preset, Step, lockdown_steps, open_up_steps
from tui.model.progress import LOST_IN_RECONNECT, NOT_CONFIRMED
from tui.session import READ_ONLY_REFUSAL, ConsoleSession
from tui.workshop.toolkit import Workshop

__all__ = ["Lockdown", "add_lockdown"]

log = logging.getLogger(__name__)


class Lockdown:
    """The configured presets and the two verbs that run them."""

    def __init__(self, session: ConsoleSession, presets: Mapping[str, Preset]) -> None:
        """Presets by name (the built-in ``default`` when none are given)."""
        self.session = session
        self.presets = dict(presets) or {DEFAULT: BUILT_IN}

    async def start(self) -> None:
        """Nothing runs in the background."""

    async def stop(self) -> None:
        """Nothing to stop."""

    def preset(self, name: str | None) -> Preset:
        """The preset called ``name`` (none: ``default``, or the only one configured).

        Raises:
            ValueError: there is no such preset.
        """
        if not name:
            if DEFAULT in self.presets or len(self.presets) != 1:
                name = DEFAULT
            else:
                (name,) = self.presets
        if name not in self.presets:
            known = ", ".join(sorted(self.presets))
            raise ValueError(f"no lockdown preset {name!r} (configured: {known})")
        return self.presets[name]

    def looks_down(self, preset: Preset) -> bool:
        """Whether ``preset`` seems applied now (its lobby or any of its AV moderation is on).

        The screen's one key toggles by it: lockdown when open, open-up when locked.
        """
        conference = self.session.conference
        media = set(preset.av_moderation) & conference.av_moderation
        return (preset.lobby and conference.lobby_enabled) or bool(media)

    def _password(self, preset: Preset) -> str | None:
        if preset.password_file is None:
            return None
        try:
            secret, warnings = read_secret_file(Path(preset.password_file), "the meeting password")
        except ConfigError as exc:
            log.warning("lockdown %s: %s", preset.name, exc)
            return None
        for warning in warnings:  # readable by others: said, and used all the same
            log.warning("lockdown %s: %s", preset.name, warning)
        return secret.reveal()

    async def run(self, steps: tuple[Step, ...]) -> list[dict[str, str]]:
        """Perform ``steps`` in order; one result line per step."""
        report = []
        for step in steps:
            if step.intent is None:
                result = step.unavailable
            else:
                outcome = await self.session.perform(step.intent)
                if outcome.refused:
                    result = f"refused: {outcome.refused}"
                elif outcome.failed:
                    reason = outcome.failed[0][1]
                    lost = reason.startswith((LOST_IN_RECONNECT, NOT_CONFIRMED))
                    result = f"{'lost' if lost else 'refused'}: {reason}"
                else:
                    result = "landed"
            log.info("lockdown step %s: %s", step.label, result)
            report.append({"step": step.label, "result": result})
        return report

    async def op(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """The ``lockdown`` and ``open-up`` verbs (refused in read-only mode)."""
        if self.session.read_only:
            return {"ok": False, "error": READ_ONLY_REFUSAL}
        name = request.get("name")
        try:
            preset = self.preset(name if isinstance(name, str) else None)
        except ValueError as exc:
            return {"ok": False, "error": str(exc)}
        features = self.session.conference.features
        if request.get("op") == "open-up":
            steps = open_up_steps(preset, features)
        else:
            steps = lockdown_steps(preset, features, self._password(preset))
        report = await self.run(steps)
        return {"ok": True, "preset": preset.name, "steps": report}


def add_lockdown(workshop: Workshop, presets: Mapping[str, Preset]) -> Lockdown:
    """Add the lockdown presets and their ``lockdown`` and ``open-up`` verbs to ``workshop``."""
    part = Lockdown(workshop.session, presets)
    workshop.add(part, {"lockdown": part.op, "open-up": part.op})
    return part
