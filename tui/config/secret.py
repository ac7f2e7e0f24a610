"""Secret: a password, token or key that prints as ``<redacted>`` and is known to the log filter.

Every value wrapped is remembered (:func:`secret_values`), so :mod:`tui.redact` removes it from
the log from the moment it is read, before any code path registers it.
"""

from __future__ import annotations

import hmac

_SECRET_VALUES: set[str] = set()
"""The value of every :class:`Secret` made in this process; the log filter redacts them all."""


def secret_values() -> frozenset[str]:
    """Every value ever wrapped in a :class:`Secret` here (for :mod:`tui.redact`'s filter)."""
    return frozenset(_SECRET_VALUES)


class Secret:
    """A password, token or key that must never reach a log, a traceback or a screen.

    ``str()`` and ``repr()`` give ``<redacted>``; :meth:`reveal` gives the value to the one place
    that needs it (the SASL exchange, the JWT signer). Every value wrapped is also remembered
    for the log filter, so a secret is redacted from the moment it is read, before any code
    path registers it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        """Wrap ``value``."""
        self._value = value
        _SECRET_VALUES.add(value)

    def reveal(self) -> str:
        """The secret itself; call only where it is sent or used for signing."""
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)
