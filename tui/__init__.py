"""jitsi-tui: a terminal moderator console for Jitsi Meet.

Importing :mod:`tui` must stay cheap (``jitsi-tui --help`` is timed), so this module holds
only the version.
"""

__version__ = "0.1.0"
