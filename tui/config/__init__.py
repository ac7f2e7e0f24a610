"""Settings of the live connection: file, then environment, then flags, as frozen dataclasses.

Sources, in rising priority:

1. ``$XDG_CONFIG_HOME/jitsi-tui/config.toml`` (default ``~/.config/jitsi-tui/config.toml``;
   ``JITSI_TUI_CONFIG`` names another file). Sections ``[server]``, ``[auth]`` and ``[display]``
   are read here; other sections (``[invite]`` ...) belong to other parts and are ignored.
2. Environment: ``JITSI_TUI_<SECTION>_<KEY>`` for any plain key (``JITSI_TUI_AUTH_MODE=jwt``,
   ``JITSI_TUI_SERVER_XMPP_DOMAIN=meet.jitsi``, ``JITSI_TUI_DISPLAY_NAME=...``), and the three
   secrets ``JITSI_TUI_PASSWORD``, ``JITSI_TUI_JWT`` and ``JITSI_TUI_APP_SECRET``.
3. Flags (:func:`tui.cli.connection_flags.add_connection_arguments`). Secrets never travel on
   argv (other users can read it in ``ps``): there are only ``--password-file``, ``--jwt-file``
   and ``--app-secret-file``.

One module per job: :mod:`~tui.config.secret` (:class:`~tui.config.secret.Secret`, whose
``repr``/``str`` is ``<redacted>``), :mod:`~tui.config.settings` (the settings model),
:mod:`~tui.config.values` (reading one value: durations, host lists, paths ...) and
:mod:`~tui.config.load` (the layers above, secret files and their permission warnings). The
package is pure stdlib so ``jitsi-tui --help`` stays fast.
"""
