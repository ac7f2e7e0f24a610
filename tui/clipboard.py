"""Putting text on the user's clipboard, wherever the user sits.

Provides :func:`osc52_sequence` (the escape sequence that asks the terminal to set its
clipboard, optionally wrapped for tmux), :func:`is_local_desktop` (is pyperclip worth trying?),
:func:`pyperclip_copy`, :class:`CopyOutcome` and :func:`copy_to_clipboard`, the command line's
strategy: pyperclip on a local desktop, otherwise OSC 52 to the terminal, which also works over
SSH (inside tmux: ``set -s set-clipboard on``). The Textual console sends OSC 52 through
``App.copy_to_clipboard`` instead and uses only :func:`is_local_desktop` and
:func:`pyperclip_copy` from here.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
    if any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")):
        return False
    if platform in {"darwin", "win32"}:
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


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
) -> CopyOutcome:
    """Copy ``text``: pyperclip on a local desktop, else OSC 52 to the first terminal stream.

    Args:
        text: What to copy.
        env: The environment (DISPLAY, WAYLAND_DISPLAY, SSH_*, TMUX).
        terminals: Candidate streams (stdout, stderr); the first that is a TTY gets OSC 52.
        desktop_copy: The local clipboard writer (pyperclip).
        platform: ``sys.platform``.
    """
    desktop_problem = ""
    if is_local_desktop(env, platform):
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
    return CopyOutcome(
        True,
        "sent to your terminal's clipboard with OSC 52"
        f"{desktop_problem}{hint}{note}; if nothing arrives, your terminal ignores OSC 52: "
        "use --out FILE",
    )
