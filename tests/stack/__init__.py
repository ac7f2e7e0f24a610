"""The Prosody-based Jitsi test stack: a real XMPP server on loopback for integration tests.

:class:`~tests.stack.server.ProsodyStack` starts and stops it; ``tests.stack.plugin`` holds the
pytest fixture ``prosody_stack``; ``python -m tests.stack`` runs one by hand.
"""
