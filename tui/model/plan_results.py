"""What planning a wish yields: commands to send, or a refusal with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.commands import Command


@dataclass(frozen=True, slots=True)
class Planned:
    """The intent is doable: send these commands, in order."""

    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Refused:
    """The intent cannot be done; ``reason`` is one sentence for the user."""

    reason: str
