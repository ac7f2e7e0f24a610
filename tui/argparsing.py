"""An argparse parser that never echoes what it did not understand.

A mistyped secret flag (``--password hunter2``, ``--jwt eyJ…``) would otherwise come back in
"unrecognized arguments: --password hunter2" on the terminal, in scrollback and in CI logs.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

_UNRECOGNIZED = "unrecognized arguments: "


def hide_values(message: str) -> str:
    """``message`` with the words after unknown flags left out (they may be secrets)."""
    if not message.startswith(_UNRECOGNIZED):
        return message
    flags = [word for word in message[len(_UNRECOGNIZED) :].split() if word.startswith("-")]
    return _UNRECOGNIZED + (" ".join(flags) or "(values not shown)")


class SecretSafeParser(argparse.ArgumentParser):
    """:class:`argparse.ArgumentParser` whose usage errors name unknown flags only."""

    def error(self, message: str) -> NoReturn:
        """Print usage and the cleaned message, exit 2 (as argparse does)."""
        super().error(hide_values(message))
