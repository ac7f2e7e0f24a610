"""Putting text on the user's clipboard, wherever the user sits.

Provides :func:`osc52_sequence` (the escape sequence that asks the terminal to set its
clipboard, optionally wrapped for tmux), :func:`is_local_desktop` (is pyperclip worth trying?),
:func:`pyperclip_copy`, :func:`html_copy_command` and :func:`copy_html` (HTML as ``text/html``,
so Outlook pastes it formatted), :class:`CopyOutcome` and :func:`copy_to_clipboard`, the command
line's strategy: on a local desktop HTML through wl-copy or xclip and text through pyperclip,
otherwise OSC 52 to the terminal, which also works over SSH (inside tmux: ``set -s
set-clipboard on``) but carries text only. The Textual console sends OSC 52 through
``App.copy_to_clipboard`` instead and uses the desktop helpers from here.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

OSC52_LIMIT = 100_000
"""Bytes of base64 above which some terminals (xterm's default, older tmux) drop OSC 52."""

TMUX_HINT = "tmux needs: set -s set-clipboard on"
"""What to tell a user inside tmux, where OSC 52 is swallowed unless tmux is told to pass it."""


def osc52_sequence(text: str, *, tmux: bool = False) -> str:
    """``ESC ] 52 ; c ; <base64> BEL``, wrapped in tmux's DCS passthrough when ``tmux``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if tmux:
        # tmux passes a DCS "tmux;" body to the outer terminal, with every ESC doubled.
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def is_local_desktop(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True on a graphical session of this machine (not over SSH), where pyperclip can work."""
    if is_remote(env):
        return False
    if platform in {"darwin", "win32"}:
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def is_remote(env: Mapping[str, str]) -> bool:
    """True over SSH: the desktop clipboard of this machine is not the user's."""
    return any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


HTML_COPY_TIMEOUT = 5.0
"""Seconds wl-copy or xclip may take to take the text (both fork and serve it afterwards)."""


def html_copy_command(env: Mapping[str, str]) -> list[str] | None:
    """The argv that puts stdin on the clipboard as ``text/html``, or ``None``.

    wl-copy under Wayland, xclip under X11, each found on the ``PATH`` of ``env`` and called
    by its full path with a fixed argv (never through a shell). ``None`` over SSH or without
    either program.
    """
    if is_remote(env):
        return None
    search = env.get("PATH")
    if env.get("WAYLAND_DISPLAY"):
        found = shutil.which("wl-copy", path=search)
        if found:
            return [str(Path(found).absolute()), "--type", "text/html"]
    if env.get("DISPLAY"):
        found = shutil.which("xclip", path=search)
        if found:
            return [str(Path(found).absolute()), "-selection", "clipboard", "-t", "text/html"]
    return None


def copy_html(html: str, command: Sequence[str], env: Mapping[str, str]) -> None:
    """Run ``command`` (from :func:`html_copy_command`) with ``html`` on its stdin.

    Its output goes to /dev/null: xclip stays in the background to serve the selection, and a
    pipe it kept open would make this wait for it.

    Raises:
        OSError, subprocess.SubprocessError: the program failed, or took too long.
    """
    subprocess.run(
        list(command),
        input=html.encode("utf-8"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(env),
        timeout=HTML_COPY_TIMEOUT,
        check=True,
    )


def pyperclip_copy(text: str) -> None:
    """Put ``text`` on the desktop clipboard; raises whatever pyperclip raises."""
    import pyperclip

    pyperclip.copy(text)


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """Whether the text reached a clipboard, and a sentence saying which way."""

    copied: bool
    how: str


def copy_to_clipboard(
    text: str,
    *,
    env: Mapping[str, str],
    terminals: Sequence[IO[str]],
    desktop_copy: Callable[[str], None] = pyperclip_copy,
    platform: str = sys.platform,
    html: bool = False,
) -> CopyOutcome:
    """Copy ``text``: on a local desktop as HTML (``html``) or through pyperclip, else OSC 52.

    Args:
        text: What to copy.
        html: ``text`` is HTML: on a local desktop it goes as ``text/html`` when wl-copy or
            xclip is there (pyperclip would make it plain text: Outlook would paste the source).
        env: The environment (DISPLAY, WAYLAND_DISPLAY, SSH_*, TMUX).
        terminals: Candidate streams (stdout, stderr); the first that is a TTY gets OSC 52.
        desktop_copy: The local clipboard writer (pyperclip).
        platform: ``sys.platform``.
    """
    desktop_problem = ""
    command = html_copy_command(env) if html else None
    if command is not None:
        try:
            copy_html(text, command, env)
        except (OSError, subprocess.SubprocessError) as exc:
            desktop_problem = f" ({Path(command[0]).name} failed: {type(exc).__name__})"
        else:
            return CopyOutcome(
                True, f"copied as HTML (text/html, {Path(command[0]).name}): Outlook pastes it"
            )
    if not desktop_problem and is_local_desktop(env, platform):
        try:
            desktop_copy(text)
        except Exception as exc:  # pyperclip raises its own types, or OSError, or worse
            desktop_problem = f" (the desktop clipboard failed: {type(exc).__name__})"
        else:
            return CopyOutcome(True, "copied to the desktop clipboard (pyperclip)")
    terminal = next((stream for stream in terminals if stream.isatty()), None)
    if terminal is None:
        return CopyOutcome(
            False,
            "not copied: no terminal to send OSC 52 to and no local desktop"
            f"{desktop_problem}; use --out FILE",
        )
    in_tmux = bool(env.get("TMUX"))
    sequence = osc52_sequence(text, tmux=in_tmux)
    terminal.write(sequence)
    terminal.flush()
    hint = f" ({TMUX_HINT})" if in_tmux else ""
    size = len(sequence)
    note = f"; {size} bytes may exceed your terminal's OSC 52 limit" if size > OSC52_LIMIT else ""
    carried = " as text (OSC 52 carries no HTML: Outlook pastes the source)" if html else ""
    remote = " over SSH" if is_remote(env) else ""
    return CopyOutcome(
        True,
        f"sent to your terminal's clipboard{remote} with OSC 52{carried}"
        f"{desktop_problem}{hint}{note}; if nothing arrives, your terminal ignores OSC 52: "
        "use --out FILE",
    )
