"""The invite pane's stylesheet: one row per group of fields, then notes, then the preview.

Kept apart from :mod:`tui.ui.screens.invite` so that module holds behaviour only.
"""

from __future__ import annotations

INVITE_CSS = """
    InviteScreen {
        layout: vertical;
    }
    InviteScreen #invite-heading {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    InviteScreen .invite-row {
        height: 1;
        margin: 1 1 0 1;
    }
    InviteScreen .invite-row Label {
        width: auto;
        padding: 0 1 0 0;
        color: $text-muted;
    }
    InviteScreen .invite-row Label.-field {
        width: 9;
    }
    /* Compact fields have no border, so focus needs its own mark: the row's label lights up
       and the field gets a tinted background (visible in 16-colour terminals too). */
    InviteScreen .invite-row:focus-within Label.-field {
        color: $accent;
        text-style: bold;
    }
    InviteScreen Input:focus, InviteScreen Select:focus > SelectCurrent {
        background: $accent 30%;
    }
    InviteScreen #invite-start {
        width: 18;
    }
    InviteScreen #invite-end {
        width: 18;
    }
    InviteScreen #invite-zone {
        width: 1fr;
    }
    InviteScreen #invite-subject {
        width: 1fr;
    }
    InviteScreen #invite-room {
        width: 1fr;
    }
    InviteScreen Select {
        width: 16;
        margin-right: 2;
    }
    InviteScreen #invite-language {
        width: 8;
    }
    InviteScreen #invite-format {
        width: 19;
        margin-right: 0;
    }
    InviteScreen #invite-notes {
        height: auto;
        max-height: 4;
        margin: 1 1 0 1;
        color: $warning;
    }
    InviteScreen #invite-preview {
        height: 1fr;
        margin-top: 1;
        border: round $panel-lighten-1;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    InviteScreen #invite-preview:focus {
        border: round $accent;
        border-title-color: $accent;
    }
"""
"""The pane's ``DEFAULT_CSS``."""
