"""The command-line front ends, one module per command, all parsing with :mod:`tui.argparsing`.

:mod:`tui.cli.console` is ``jitsi-tui`` itself (the console, ``--demo``, ``--headless``) and
hands ``ctl``, ``invite`` and ``token`` to :mod:`tui.cli.ctl`, :mod:`tui.cli.invite` and
:mod:`tui.cli.token`. A front end parses, calls the part that does the work, and owns the
exit codes; it imports that part lazily where ``--help`` would otherwise pay for it.
:func:`main` is the ``jitsi-tui`` entry point (``pyproject.toml``).
"""

from __future__ import annotations

from tui.cli.console import main

__all__ = ["main"]
