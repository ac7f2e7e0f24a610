"""Pytest fixtures of the Prosody test stack.

Load them with ``pytest_plugins = ["tests.stack.plugin"]`` in the top-level ``tests/conftest.py``
(one server for the whole session), or import ``prosody_stack`` into a test module;
``jitsi_stack`` adds the jicofo stand-in (tests/stack/focus.py) to that server. Tests that
use the stack carry ``@pytest.mark.stack``. A missing Prosody fails the tests, never skips them:
CI installs it (tests/run.sh).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack.focus import Focus, JitsiStack
from tests.stack.server import ProsodyStack, StackError


@pytest.fixture(scope="session")
def prosody_stack() -> Iterator[ProsodyStack]:
    """A running Jitsi-shaped Prosody (anonymous participants), shared by the session."""
    stack = ProsodyStack()
    try:
        stack.start()
    except StackError as exc:
        pytest.fail(f"could not start the Prosody test stack: {exc}", pytrace=False)
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def jitsi_stack(prosody_stack: ProsodyStack) -> Iterator[JitsiStack]:
    """The session's Prosody plus a running jicofo stand-in (``focus.<domain>``)."""
    focus = Focus(prosody_stack)
    try:
        focus.start()
    except StackError as exc:
        pytest.fail(f"could not start the focus stand-in: {exc}", pytrace=False)
    try:
        yield JitsiStack(prosody_stack, focus)
    finally:
        focus.stop()
