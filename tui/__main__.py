"""``python -m tui`` runs the command-line interface."""

from __future__ import annotations

from tui.cli import main

raise SystemExit(main())
