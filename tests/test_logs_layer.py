"""The log and its redactor stand apart from the Jitsi layer: logging works before it loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_logging_and_crash_reports_load_nothing_of_tui_jitsi(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from tui.logs import crash_report, setup_logging\n"
        "setup_logging(stderr=False)\n"
        "crash_report(ValueError('boom'))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('tui.jitsi'))))\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.split() == []
