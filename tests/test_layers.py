"""The three layers point one way: model ← jitsi ← ui (docs/style.md point 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui

ROOT = Path(tui.__file__).parent


def _modules(package: str) -> list[str]:
    path = ROOT / package.removeprefix("tui.").replace(".", "/")
    if path.with_suffix(".py").exists():
        return [package]  # a plain module
    if not path.exists():
        return []
    names = [package]
    names += [f"{package}.{m.name}" for m in pkgutil.walk_packages([str(path)])]
    return names


def _loaded_after_import(modules: list[str], forbidden: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(' '.join(sorted(m for m in {forbidden!r} if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


@pytest.mark.parametrize("package", ["tui.model", "tui.invite"])
def test_pure_layers_import_no_frameworks(package: str) -> None:
    modules = _modules(package)
    if package == "tui.model":
        assert len(modules) > 3, "the model package must exist"
    assert _loaded_after_import(modules, ["textual", "slixmpp", "rich", "aiohttp"]) == []


@pytest.mark.parametrize("package", ["tui.sim", "tui.jitsi"])
def test_gateways_import_no_ui(package: str) -> None:
    assert _loaded_after_import(_modules(package), ["textual", "rich", "tui.ui"]) == []


@pytest.mark.parametrize("module", ["tui.session", "tui.control", "tui.headless"])
def test_screenless_parts_import_no_ui(module: str) -> None:
    # --headless and the control socket must keep working without a screen
    modules = _modules(module)
    assert modules, f"{module} must exist"
    assert _loaded_after_import(modules, ["textual", "tui.ui"]) == []


def test_help_imports_nothing_heavy() -> None:
    assert _loaded_after_import(["tui.cli"], ["textual", "slixmpp", "tui.ui", "tui.sim"]) == []
