"""The committed screenshots match what ``screenshots/generate.py`` renders today."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from tui.sim.names import LONG_NAME, MARKUP_NAMES

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


def _svg_text(name: str) -> str:
    """What a screenshot shows, one line of text per terminal line."""
    svg = (ROOT / "screenshots" / name).read_text(encoding="utf-8")
    lines: dict[int, list[str]] = {}
    for line, text in re.findall(r'<text[^>]*clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)<', svg):
        lines.setdefault(int(line), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(lines[n]) for n in sorted(lines))


def test_the_readme_first_picture_is_an_ordinary_meeting_mid_session() -> None:
    # Issue 13: a newcomer's first sight was a table of markup and right-to-left test names.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"!\[[^\]]*\]\((screenshots/[^)]+)\)", readme)
    assert first is not None and first.group(1) == "screenshots/main.svg"
    shown = _svg_text("main.svg")
    header = shown.splitlines()[0]
    assert "1 pending" in header, header
    assert "2 selected" in shown
    occupied = re.findall(r"\d Breakout room #\d \((\d+)\)", shown)
    assert len(occupied) == 3 and all(int(count) > 0 for count in occupied), occupied
    odd = [name for name in (*MARKUP_NAMES, LONG_NAME[:24], "🦊", "נועה", "مريم") if name in shown]
    assert not odd, odd
    # ...and they have a picture of their own.
    hostile = _svg_text("hostile.svg")
    assert all(name[:12] in hostile for name in MARKUP_NAMES), hostile
