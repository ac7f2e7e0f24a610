"""The committed screenshots match what ``screenshots/generate.py`` renders today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_screenshots_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "screenshots" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_reports_a_drifted_screenshot(tmp_path: Path) -> None:
    # The check must be able to fail: render into a scratch copy with one file altered.
    script = ROOT / "screenshots" / "generate.py"
    copy = tmp_path / "generate.py"
    copy.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("main.svg", "drag.svg", "help.svg"):
        (tmp_path / name).write_bytes((ROOT / "screenshots" / name).read_bytes())
    (tmp_path / "help.svg").write_text("<svg/>", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(copy), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "screenshots/help.svg is out of date" in result.stderr
    assert "main.svg" not in result.stderr
