"""What the invite pane starts from: the meeting the console is in, and the ``[invite]`` settings.

Provides :class:`DialInSources` (the deployment's dial-in services), :class:`InviteTarget`
(base URL, room, subject, whether it is the demo) with :func:`target_for`, which reads them off
the gateway and the conference, and :func:`load_invite_settings`.

The gateway interface does not expose the deployment, so this module looks for the attributes
the live gateway has (``deployment`` after connecting, ``settings.config_path``) and treats
anything without them, the simulator included, as a meeting without dial-in.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.invite import InviteConfigError, InviteSettings, settings_from_document
from tui.invite.links import LinkError, split_meeting_url
from tui.model.conference import Conference

log = logging.getLogger(__name__)

DEMO_BASE_URL = "https://meet.example.org/"
"""A base URL that is obviously not a real meeting, for the simulated conference."""


@dataclass(frozen=True, slots=True)
class DialInSources:
    """Where the deployment's ``config.js`` says dial-in numbers and PINs come from."""

    numbers_url: str
    conference_code_url: str
    muc_domain: str
    verify_tls: bool = True
    """Off only when the console was started with ``--insecure`` (a test deployment)."""


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


def _text_attribute(owner: object, name: str) -> str | None:
    value = getattr(owner, name, None)
    return value if isinstance(value, str) and value else None


def dial_in_sources(gateway: object) -> DialInSources | None:
    """The live gateway's dial-in services, once it has read ``config.js``; else ``None``."""
    deployment = getattr(gateway, "deployment", None)
    numbers = _text_attribute(deployment, "dial_in_numbers_url")
    code = _text_attribute(deployment, "dial_in_conf_code_url")
    muc = _text_attribute(deployment, "muc_domain")
    if numbers and code and muc:
        server = getattr(getattr(gateway, "settings", None), "server", None)
        return DialInSources(
            numbers, code, muc, verify_tls=getattr(server, "insecure", False) is not True
        )
    return None


def target_for(gateway: object, conference: Conference) -> InviteTarget:
    """The meeting behind ``gateway``: the live meeting URL, or a made-up one for the demo.

    Args:
        gateway: The console's gateway; its ``title`` is the meeting URL when it is live.
        conference: The current snapshot (its name is the default subject).
    """
    title = _text_attribute(gateway, "title") or ""
    subject = conference.name
    if title.startswith(("https://", "http://")):
        try:
            base, room = split_meeting_url(title)
        except LinkError:
            room = None
        if room:
            return InviteTarget(base, room, subject, demo=False, dial_in=dial_in_sources(gateway))
    # The simulator (or anything without a URL): the main room's name under a fake host.
    room = conference.main.jid.partition("@")[0] or conference.main_room
    return InviteTarget(DEMO_BASE_URL, room, subject, demo=True)


def _config_path(gateway: object, env: Mapping[str, str]) -> Path:
    from tui.config.load import default_config_path

    path = getattr(getattr(gateway, "settings", None), "config_path", None)
    return path if isinstance(path, Path) else default_config_path(env)


def load_invite_settings(
    gateway: object, env: Mapping[str, str] | None = None
) -> tuple[InviteSettings, list[str]]:
    """The ``[invite]`` settings from the config file the console was started with.

    Never raises: an unreadable or wrong section gives the defaults and a warning.

    Returns:
        The settings and warnings for the user.
    """
    from tui.config.load import read_toml
    from tui.config.values import ConfigError

    path = _config_path(gateway, os.environ if env is None else env)
    try:
        return settings_from_document(read_toml(path))
    except (ConfigError, InviteConfigError) as exc:
        log.warning("invite settings unusable, using defaults: %s", exc)
        return InviteSettings(), [f"{exc}; using the default invitation settings"]
