"""The pure domain model: conference state, server facts, moderator wishes.

Stdlib only: no I/O, no Textual, no slixmpp (``tests/test_layers.py`` enforces it). Everything
here is an immutable value, so the UI can compare snapshots cheaply and tests need no fakes.
"""
