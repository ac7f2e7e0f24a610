"""Keeping secrets out of the log: the redacting filter every log handler carries.

:data:`REDACTOR` (a :class:`RedactingFilter`) removes JWTs, registered secrets and the value
of every :class:`tui.config.secret.Secret` from each record, makes the record one inert line,
and indents tracebacks beneath it; :func:`escape_unprintable` and :func:`one_line` are its text
helpers, also used for crash reports (:func:`tui.logs.crash_report`). Whoever handles a secret
that did not arrive as a :class:`~tui.config.secret.Secret` (a minted token, a typed room
password) registers it here. Pure stdlib, outside :mod:`tui.jitsi`: logging is set up before
anything connects.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from tui.config.secret import Secret, secret_values

REDACTED = "<redacted>"
_JWT_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
"""A JWT: base64url of ``{"`` (``eyJ``) dot payload dot signature."""

MIN_REDACTED_LENGTH = 4
"""Shorter secrets are not substituted: replacing every "ab" would garble all log lines."""

_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Terminal controls and bidi overrides: a log line can quote a stranger's display name, and
``--headless`` writes the log to the terminal (an OSC 52 there would set the clipboard)."""


def escape_unprintable(text: str) -> str:
    r"""``text`` with terminal controls and bidi overrides written as ``\uXXXX`` escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LINE_BREAKS = {"\n": "\\n", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK = re.compile("[\n\t\u2028\u2029]")


def one_line(text: str) -> str:
    r"""``text`` inert and on one line: controls escaped, and ``\n``/``\t`` written as escapes.

    A log record is one line; a display name holding a newline and a timestamp would otherwise
    write a record of its own into the log file and onto ``--headless`` stderr.
    """
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], escape_unprintable(text))


def _indented(text: str) -> str:
    """A traceback under its record: every line indented, so none can pass for a record."""
    return "\n".join("  " + line for line in escape_unprintable(text).split("\n"))


class RedactingFilter(logging.Filter):
    r"""Replaces JWT-looking strings and registered secrets in log records with ``<redacted>``.

    Install it on handlers (:func:`install_redaction`): a filter on a logger does not see
    records that propagate from child loggers. The record's message is formatted once, redacted,
    and stored without args; a formatted traceback is redacted too. Terminal control characters
    and bidi overrides in either are escaped (``\u001b``), so a log line is inert on a terminal.
    A message is one line (:func:`one_line`); a traceback's lines are indented beneath it, so
    every line at column 0 of the log is a real record.
    """

    def __init__(self, name: str = "") -> None:
        """Create a filter with no registered secrets."""
        super().__init__(name)
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._seen = 0  # how many Secret values (tui.config.secret.secret_values) are registered

    def register(self, secret: Secret | str) -> None:
        """Redact ``secret`` (and its URL-encoded form) from now on."""
        value = secret.reveal() if isinstance(secret, Secret) else secret
        new = {v for v in (value, quote(value, safe="")) if len(v) >= MIN_REDACTED_LENGTH}
        if new - self._secrets:
            self._secrets |= new
            # Longest first, so a secret that contains another is removed whole.
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(s) for s in ordered))

    def redact(self, text: str) -> str:
        """``text`` with JWTs, registered secrets and every :class:`Secret`'s value replaced."""
        values = secret_values()
        if len(values) != self._seen:
            self._seen = len(values)
            for value in values:
                self.register(value)
        text = _JWT_PATTERN.sub(REDACTED, text)
        if self._pattern is not None:
            text = self._pattern.sub(REDACTED, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = one_line(self.redact(message))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and not record.exc_text.startswith("  "):
            record.exc_text = _indented(self.redact(record.exc_text))
        if record.stack_info and not record.stack_info.startswith("  "):
            record.stack_info = _indented(self.redact(record.stack_info))
        return True


REDACTOR = RedactingFilter()
"""The process-wide filter; :func:`tui.jitsi.auth.resolve_credentials` registers every secret
it handles."""


def install_redaction(target: logging.Handler | logging.Logger | None = None) -> None:
    """Attach :data:`REDACTOR` to ``target``, or to every handler of the root logger."""
    if target is None:
        for handler in logging.getLogger().handlers:
            if REDACTOR not in handler.filters:
                handler.addFilter(REDACTOR)
    elif REDACTOR not in target.filters:
        target.addFilter(REDACTOR)
