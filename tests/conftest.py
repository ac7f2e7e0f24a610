"""Shared pytest setup: one Prosody test stack per session (tests/stack)."""

pytest_plugins = ["tests.stack.plugin"]
