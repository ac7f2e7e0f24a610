"""Invitations to a Jitsi meeting: room names, links, dial-in, Outlook HTML, text and .ics.

Pure: the standard library, ``icalendar`` and the pure :mod:`tui.model.text`; no network, no
terminal, no Textual. The
pane and ``jitsi-tui invite`` build an :class:`InviteRequest` (fetching dial-in first through
:mod:`tui.jitsi.dialin`) and call :func:`render` or, for a live preview, :func:`preview`.
"""

from __future__ import annotations

from tui.invite.content import InviteRequest, room_for
from tui.invite.dialin import DialIn, DialInNumber
from tui.invite.meeting_types import InviteSettings, MeetingType
from tui.invite.render import Invitation, InviteFormat, preview, render
from tui.invite.settings import InviteConfigError, parse_invite_table, settings_from_document

__all__ = [
    "DialIn",
    "DialInNumber",
    "Invitation",
    "InviteConfigError",
    "InviteFormat",
    "InviteRequest",
    "InviteSettings",
    "MeetingType",
    "parse_invite_table",
    "preview",
    "render",
    "room_for",
    "settings_from_document",
]
