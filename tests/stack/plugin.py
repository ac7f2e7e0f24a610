"""Pytest fixtures of the Prosody test stack.

Load them with ``pytest_plugins = ["tests.stack.plugin"]`` in the top-level ``tests/conftest.py``
(one server for the whole session), or import ``prosody_stack`` into a test module;
``jitsi_stack`` adds the jicofo stand-in (tests/stack/focus.py) to that server. Tests that
use the stack carry ``@pytest.mark.stack``. A missing Prosody fails the tests, never skips them:
CI installs it (tests/run.sh).

Two more stacks, each with its own Prosody and a focus in jicofo's authentication mode (every
authenticated member becomes owner, PROTOCOL.md §1.8): ``token_stack`` (Jitsi token auth by our
lua/mod_auth_jitsi_token.lua, on domain ``token.jitsi``) and ``secure_stack`` (password
accounts, internal_hashed, on domain ``secure.jitsi``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.stack.config import Authentication
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


@contextmanager
def _own_stack(stack: ProsodyStack, focus: Focus) -> Iterator[JitsiStack]:
    try:
        stack.start()
        focus.start()
    except StackError as exc:
        focus.stop()
        stack.stop()
        pytest.fail(f"could not start a {stack.domain} test stack: {exc}", pytrace=False)
    try:
        yield JitsiStack(stack, focus)
    finally:
        focus.stop()
        stack.stop()


@contextmanager
def _authenticated_stack(domain: str, authentication: Authentication) -> Iterator[JitsiStack]:
    stack = ProsodyStack(domain=domain, authentication=authentication)
    with _own_stack(stack, Focus(stack, authentication=True)) as jitsi:
        yield jitsi


@pytest.fixture(scope="module")
def crowd_stack() -> Iterator[JitsiStack]:
    """A stack of its own for a crowd (hundreds of participants), logging at ``info``.

    A real deployment logs at info (docker-jitsi-meet, Debian); the session stack's debug log
    of every stanza is for the tests that read it, and would cost a crowd's Prosody CPU
    that a deployment does not spend.
    """
    stack = ProsodyStack(log_level="info")
    with _own_stack(stack, Focus(stack)) as jitsi:
        yield jitsi


@pytest.fixture(scope="session")
def token_stack() -> Iterator[JitsiStack]:
    """A JWT deployment (HS256, ``stack.app_id``/``stack.app_secret``) with jicofo auth on."""
    with _authenticated_stack("token.jitsi", "token") as stack:
        yield stack


@pytest.fixture(scope="session")
def secure_stack() -> Iterator[JitsiStack]:
    """A secure-domain deployment (password accounts) with jicofo auth on."""
    with _authenticated_stack("secure.jitsi", "internal_hashed") as stack:
        yield stack
