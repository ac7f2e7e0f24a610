"""No two modules of ``tui`` import each other, directly or round a loop.

Every import statement counts, wherever it stands: at the top, inside a function (a lazy
import only hides a cycle from the interpreter) or under ``TYPE_CHECKING`` (the types still
say the two modules know each other). The graph is read from the source with :mod:`ast`, so
the test needs nothing imported and sees modules no test imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import tui

ROOT = Path(tui.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, modules: set[str]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # ``from tui.jitsi import moderation`` imports a module; ``from x import name``, x
            targets = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
            targets = targets or [base]
        else:
            continue
        for written in targets:
            target = written
            while target and target not in modules:
                target = target.rpartition(".")[0]  # ``import tui.a.b`` of a name in tui.a
            if target and target != name and not name.startswith(target + "."):
                yield target  # a module's own parent package is no cycle


def import_graph() -> dict[str, set[str]]:
    """Each ``tui`` module → the ``tui`` modules it imports."""
    paths = {_module_name(p): p for p in ROOT.rglob("*.py")}
    modules = set(paths)
    return {name: set(_imports(path, name, modules)) for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_cycle() -> None:
    """The finder itself: a loop of three is found, a chain is not."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_is_read_from_the_tree() -> None:
    graph = import_graph()
    assert "tui.jitsi.client" in graph["tui.jitsi.gateway"]
    assert "tui.jitsi.actions" in graph["tui.jitsi.client"]
    assert "tui.jitsi.moderation" in graph["tui.jitsi.actions"]  # ``from tui.jitsi import x``


def test_no_import_cycle_in_tui() -> None:
    assert cycles(import_graph()) == []
