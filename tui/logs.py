"""Where the console's log goes, always through the secret-redacting filter, and crash reports.

The full-screen UI owns the terminal, so logs go to a file under the XDG state directory
(``~/.local/state/jitsi-tui/jitsi-tui.log``); ``--headless`` also logs to stderr.
:func:`crash_report` is the text shown when the console crashes: a plain traceback (never the
local variables, which may hold a revealed password or token), redacted like the log.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    """The log file: ``$XDG_STATE_HOME/jitsi-tui/jitsi-tui.log``."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "jitsi-tui" / "jitsi-tui.log"


def setup_logging(*, stderr: bool) -> Path:
    """Log to the file (user-only) and, when asked, to stderr; secrets are redacted in both."""
    from tui.jitsi.auth import install_redaction

    path = log_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    handlers: list[logging.Handler] = [logging.FileHandler(path, encoding="utf-8")]
    os.chmod(path, 0o600)
    if stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        install_redaction(handler)
        root.addHandler(handler)
    return path


def crash_report(error: BaseException) -> str:
    """``error``'s traceback for the user: no local variables, secrets redacted, inert text.

    Rich's tracebacks (which Textual prints for a crashed app) show every frame's local
    variables; a frame that holds ``credentials.token.reveal()`` would print the token. The
    standard library's format shows code and messages only, and the redacting filter removes
    JWTs and registered secrets from those.
    """
    from tui.jitsi.auth import REDACTOR, escape_unprintable

    text = "".join(traceback.format_exception(error))
    return escape_unprintable(REDACTOR.redact(text)).rstrip("\n")
