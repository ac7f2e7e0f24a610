"""The import graph of ``tui/`` keeps its shape (the developer guide's first rule).

The contracts are in ``pyproject.toml`` (``[tool.importlinter]``): the UI on top, the live and
the simulated gateway side by side and independent below it, the model at the bottom and pure;
the screenless parts never load the UI; nothing imports a command-line front end; no cycles
inside a package. ``lint-imports`` checks them on the source, so an import that only happens in
a function body counts too. The subprocess tests below check what actually gets loaded when a
headless path runs: no Textual (it would be slow to start and would need a terminal).
"""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import grimp  # the import graph library under import-linter (installed with it)
import pytest

import tui

ROOT = Path(tui.__file__).parent
REPO = ROOT.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(repo / "pyproject.toml")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_model_module_importing_the_ui_breaks_the_contracts(tmp_path: Path) -> None:
    # the check can fail: the same contracts on a copy of the tree with one wrong import
    shutil.copytree(ROOT, tmp_path / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "tui" / "model" / "shortcut.py").write_text(
        '"""A wrong turn."""\n\nimport tui.ui.app  # noqa: F401\n', encoding="utf-8"
    )
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Layers point one way" in result.stdout
    assert "tui.model.shortcut -> tui.ui.app" in result.stdout


def test_the_model_imports_only_the_standard_library() -> None:
    # said positively, so a new third-party import is caught without naming it in advance
    graph = grimp.build_graph("tui", include_external_packages=True, cache_dir=None)
    model = {m for m in graph.modules if m == "tui.model" or m.startswith("tui.model.")}
    outside = {
        imported
        for module in model
        for imported in graph.find_modules_directly_imported_by(module)
        if imported not in model
    }
    assert outside, "the model imports something (the stdlib at least)"
    assert sorted(m for m in outside if m.split(".")[0] not in sys.stdlib_module_names) == []


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
