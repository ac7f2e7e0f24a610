"""What the invite pane starts from: the meeting the console is in, and the ``[invite]`` settings.

Provides :class:`InviteTarget` (base URL, room, subject, whether it is the demo) with
:func:`target_for`, :class:`InviteDraft` (what the user typed, kept by the app while the
console runs, so closing and reopening the pane loses nothing) and :func:`load_invite_settings`.
:func:`target_for` and :func:`load_invite_settings` read the gateway's
:meth:`~tui.model.gateway.ConferenceGateway.invite_source`, so the live and the simulated
gateway answer the same typed question and the pane never looks inside either.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.invite import InviteConfigError, InviteSettings, settings_from_document
from tui.invite.links import LinkError, split_meeting_url
from tui.invite.slug import random_part
from tui.invite.strings import LANGUAGES
from tui.invite.times import system_zone
from tui.model.conference import Conference
from tui.model.gateway import ConferenceGateway, DialInSources, InviteSource

log = logging.getLogger(__name__)

DEMO_BASE_URL = "https://meet.example.org/"
"""A base URL that is obviously not a real meeting, for the simulated conference."""


@dataclass(frozen=True, slots=True)
class InviteTarget:
    """The meeting an invitation starts from.

    Attributes:
        base_url: ``https://host[/tenant]/``.
        room: The room as written in the link.
        subject: The meeting's name, as the first subject.
        demo: The meeting is simulated: the link is made up.
        dial_in: The dial-in services, when the deployment has them.
    """

    base_url: str
    room: str
    subject: str
    demo: bool
    dial_in: DialInSources | None = None


@dataclass(slots=True)
class InviteDraft:
    """The pane's fields, kept by the app for the life of the console.

    Mutable on purpose: the pane writes every change here, and the next pane starts from it.
    """

    subject: str
    room: str
    meeting_type: str
    language: str
    format: str = "text"
    start: str = ""
    end: str = ""
    """An end (``15:00``, ``2026-12-03T15:00``) or a duration (``45m``)."""
    zone: str = ""
    random: str = ""
    """The unguessable part of a new room, so reopening the pane keeps the same new room."""

    @classmethod
    def first(
        cls, target: InviteTarget, settings: InviteSettings, env: Mapping[str, str] | None = None
    ) -> InviteDraft:
        """The draft of a pane opened for the first time: the meeting and the settings."""
        language = settings.language if settings.language in LANGUAGES else "en"
        zone = settings.time_zone or system_zone(env).key
        return cls(
            subject=target.subject,
            room=target.room,
            meeting_type=settings.default_type,
            language=language,
            zone=zone,
            random=random_part(),
        )


def target_for(gateway: ConferenceGateway, conference: Conference) -> InviteTarget:
    """The meeting behind ``gateway``: the live meeting URL, or a made-up one for the demo.

    Args:
        gateway: The console's gateway; its invite source names the meeting URL when live.
        conference: The current snapshot (its name is the default subject).
    """
    source = gateway.invite_source()
    subject = conference.name
    if source.meeting_url:
        try:
            base, room = split_meeting_url(source.meeting_url)
        except LinkError:
            room = None
        if room:
            return InviteTarget(base, room, subject, demo=False, dial_in=source.dial_in)
    # The simulator (or a URL without a room): the main room's name under a fake host.
    room = conference.main.jid.partition("@")[0] or conference.main_room
    return InviteTarget(DEMO_BASE_URL, room, subject, demo=True)


def _config_path(source: InviteSource, env: Mapping[str, str]) -> Path:
    from tui.config.load import default_config_path

    return source.config_path or default_config_path(env)


def load_invite_settings(
    gateway: ConferenceGateway, env: Mapping[str, str] | None = None
) -> tuple[InviteSettings, list[str]]:
    """The ``[invite]`` settings from the config file the console was started with.

    Never raises: an unreadable or wrong section gives the defaults and a warning.

    Returns:
        The settings and warnings for the user.
    """
    from tui.config.load import read_toml
    from tui.config.values import ConfigError

    path = _config_path(gateway.invite_source(), os.environ if env is None else env)
    try:
        return settings_from_document(read_toml(path))
    except (ConfigError, InviteConfigError) as exc:
        log.warning("invite settings unusable, using defaults: %s", exc)
        return InviteSettings(), [f"{exc}; using the default invitation settings"]
