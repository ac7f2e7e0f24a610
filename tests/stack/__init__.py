"""The Prosody-based Jitsi test stack: a real XMPP server on loopback for integration tests.

:class:`~tests.stack.server.ProsodyStack` starts and stops it; ``lua/`` holds our Prosody
modules (the breakout-rooms component stand-in among them); :class:`~tests.stack.focus.Focus`
is the jicofo stand-in; :class:`~tests.stack.webclient.WebParticipant` a simulated web client.
``tests.stack.plugin`` holds the pytest fixtures ``prosody_stack`` and ``jitsi_stack`` (Prosody
plus focus); ``python -m tests.stack`` runs both by hand.
"""
