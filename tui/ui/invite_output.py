"""Where the invite pane's text goes: which clipboard, what the user is told, the plain terminal.

Provides :class:`CopyWay` and :func:`copy_way` (on a local desktop HTML as ``text/html`` through
wl-copy or xclip, other text through pyperclip; otherwise OSC 52, text only), :func:`copy_notice`
(the one-line notification) with :func:`copy_detail` (the longer note under the fields: tmux,
what to do when nothing arrived), and :func:`print_for_selection`, which writes the invitation to
the plain terminal while the app is suspended, so the terminal wraps long URLs itself and its own
mouse selection copies them whole; :func:`default_file_name` and :func:`write_text_file` for Save.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO

from tui.clipboard import TMUX_HINT, html_copy_command, is_local_desktop, is_remote
from tui.invite import InviteFormat
from tui.invite.render import inert

FILE_SUFFIX = {InviteFormat.TEXT: "txt", InviteFormat.HTML: "html", InviteFormat.ICS: "ics"}


class CopyKind(Enum):
    """The ways a copy can go."""

    HTML_DESKTOP = "html-desktop"
    DESKTOP = "desktop"
    OSC52 = "osc52"


@dataclass(frozen=True, slots=True)
class CopyWay:
    """How to copy: the kind, and for HTML on the desktop the program's argv."""

    kind: CopyKind
    command: tuple[str, ...] = ()

    @property
    def program(self) -> str:
        """``wl-copy`` or ``xclip`` (``""`` when no program is run)."""
        return Path(self.command[0]).name if self.command else ""


def copy_way(fmt: InviteFormat, env: Mapping[str, str]) -> CopyWay:
    """The way a copy of ``fmt`` goes from a console running in ``env``."""
    if fmt is InviteFormat.HTML:
        command = html_copy_command(env)
        if command is not None:
            return CopyWay(CopyKind.HTML_DESKTOP, tuple(command))
    if is_local_desktop(env):
        return CopyWay(CopyKind.DESKTOP)
    return CopyWay(CopyKind.OSC52)


def copy_notice(way: CopyWay, fmt: InviteFormat, env: Mapping[str, str], failed: str = "") -> str:
    """One short line (a toast is 36 columns wide at 80×24): which way the copy went.

    Args:
        way: The way it was meant to go.
        fmt: The format copied.
        env: The environment (SSH_*, TMUX).
        failed: Why the desktop way failed ("" when it worked); OSC 52 went instead.
    """
    if failed:
        return "Desktop copy failed: sent via OSC 52"
    if way.kind is CopyKind.HTML_DESKTOP:
        return f"Copied as HTML ({way.program})"
    if way.kind is CopyKind.DESKTOP:
        return "Copied to the desktop clipboard"
    as_text = " as text" if fmt is InviteFormat.HTML else ""
    where = " (SSH)" if is_remote(env) else ""
    return f"Copied{as_text} via OSC 52{where}"


def copy_detail(way: CopyWay, fmt: InviteFormat, env: Mapping[str, str], failed: str = "") -> str:
    """The longer note shown under the fields after a copy: what to know, what to do."""
    if way.kind is CopyKind.HTML_DESKTOP and not failed:
        return "copied as text/html: Outlook pastes it formatted"
    parts = []
    if failed:
        parts.append(f"the desktop clipboard failed ({failed})")
    if way.kind is not CopyKind.DESKTOP or failed:
        if fmt is InviteFormat.HTML:
            parts.append("OSC 52 carries text: Outlook pastes the HTML source; Save it instead")
        if env.get("TMUX"):
            parts.append(TMUX_HINT)
        parts.append("nothing arrived? your terminal ignores OSC 52: ctrl+o Show, ctrl+s Save")
    return "; ".join(parts)


def print_for_selection(text: str, title: str, out: IO[str]) -> None:
    """Write ``text`` to the plain terminal, for its own selection; the caller waits for Enter.

    No wrapping here: the terminal wraps a long URL itself and selects it as one line. Control
    characters are made inert, the .ics CRLFs become plain line ends.
    """
    out.write(f"\n── {inert(title)} ──\n\n")
    out.write(inert(text.replace("\r\n", "\n")))
    if not text.endswith("\n"):
        out.write("\n")
    out.write("\n── select with the mouse, copy with your terminal; Enter returns to the pane ──\n")
    out.flush()


def default_file_name(room: str, fmt: InviteFormat) -> str:
    """``invite-<room>.<ext>``, with anything unusual in a file name replaced by ``-``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", room).strip(".-") or "meeting"
    return f"invite-{safe}.{FILE_SUFFIX[fmt]}"


def write_text_file(path: Path, text: str) -> None:
    """Write ``text`` exactly (the .ics CRLF line ends stay CRLF)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
