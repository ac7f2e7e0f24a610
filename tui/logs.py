"""Where the console's log goes, always through the secret-redacting filter, and crash reports.

The full-screen UI owns the terminal, so logs go to a file under the XDG state directory
(``~/.local/state/jitsi-tui/jitsi-tui.log``); ``--headless`` also logs to stderr.
:func:`crash_report` is the text shown when the console crashes: a plain traceback (never the
local variables, which may hold a revealed password or token), redacted like the log.

The log quotes strangers (display names, reasons) and may hold room names, so it is private:
the directory is ours and 0700 (an existing one with looser bits is tightened, one owned by
someone else refused), and the file is created 0600 by ``open`` itself (``O_NOFOLLOW``, never
chmod-ed after the fact, so there is no moment when others can read it). Every record is one
line; see :class:`tui.redact.RedactingFilter`.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import traceback
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LogSetupError(OSError):
    """The log directory or file cannot be made private; ``str()`` is one line for the user."""


def log_path() -> Path:
    """The log file: ``$XDG_STATE_HOME/jitsi-tui/jitsi-tui.log``."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "jitsi-tui" / "jitsi-tui.log"


def _private_directory(directory: Path) -> None:
    """Create ``directory`` 0700, or make an existing one of ours 0700; refuse anyone else's."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()  # a symlink the user made to keep state elsewhere is followed
    except OSError as exc:
        raise LogSetupError(
            f"cannot create the log directory {directory}: {exc.strerror}"
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise LogSetupError(f"the log directory {directory} is not a directory")
    if info.st_uid != os.getuid():
        raise LogSetupError(
            f"the log directory {directory} belongs to uid {info.st_uid}, not you; remove it "
            "or set XDG_STATE_HOME"
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        # Ours, only too open (made by hand or an older version): the log is private.
        directory.chmod(0o700)


def _open_private(path: Path) -> int:
    """Open ``path`` for appending, creating it 0600; never through a symlink, never another's."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)  # the mode is applied at creation, under any umask
    except OSError as exc:
        raise LogSetupError(f"cannot open the log file {path}: {exc.strerror}") from None
    info = os.fstat(fd)
    if info.st_uid != os.getuid() or not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LogSetupError(f"the log file {path} is not a file of yours; remove it")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.fchmod(fd, 0o600)  # an older file of ours: tighten it, through the open descriptor
    return fd


class PrivateFileHandler(logging.FileHandler):
    """A :class:`logging.FileHandler` whose file is opened by :func:`_open_private`."""

    def _open(self) -> io.TextIOWrapper:  # type: ignore[type-arg,unused-ignore]
        fd = _open_private(Path(self.baseFilename))
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


_INSTALLED: list[logging.Handler] = []
"""The handlers :func:`setup_logging` added to the root logger."""


def setup_logging(*, stderr: bool) -> Path:
    """Log to the file (user-only) and, when asked, to stderr; secrets are redacted in both.

    Raises:
        LogSetupError: the log directory or file is someone else's or cannot be created.
    """
    from tui.redact import install_redaction

    path = log_path()
    _private_directory(path.parent)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    # Set up again (a second start in one process): replace ours, so no record is written
    # twice and no handler keeps writing to a stream that has since been closed.
    while _INSTALLED:
        old = _INSTALLED.pop()
        root.removeHandler(old)
        old.close()
    handlers: list[logging.Handler] = [PrivateFileHandler(path, encoding="utf-8")]
    if stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        install_redaction(handler)
        root.addHandler(handler)
    _INSTALLED.extend(handlers)
    return path


def crash_report(error: BaseException) -> str:
    """``error``'s traceback for the user: no local variables, secrets redacted, inert text.

    Rich's tracebacks (which Textual prints for a crashed app) show every frame's local
    variables; a frame that holds ``credentials.token.reveal()`` would print the token. The
    standard library's format shows code and messages only, and the redacting filter removes
    JWTs and registered secrets from those.
    """
    from tui.redact import REDACTOR, escape_unprintable

    text = "".join(traceback.format_exception(error))
    return escape_unprintable(REDACTOR.redact(text)).rstrip("\n")
