"""The README's "How it is built" walkthrough names functions that exist.

It walks a presence and a drag through the code by name (``tui.jitsi.client.JitsiClient.send``,
``ConsoleSession._settle`` ...); a rename or a move that forgets the README fails here, so the
walkthrough stays a map of the tree rather than of its past.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## How it is built")
    return text[start : text.index("\n## ", start + 1)]


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)  # AttributeError: the README names nothing real
        return found
    raise ImportError(dotted)


def test_every_name_in_the_walkthrough_exists() -> None:
    section = _section()
    dotted = sorted(set(re.findall(r"`(tui(?:\.\w+)+)`", section)))
    assert len(dotted) > 20, "the walkthrough names the functions on the way"
    resolved = {name: _resolve(name) for name in dotted}
    # ``Class.method`` and ``module.function`` written short, after the full name came once
    modules: set[ModuleType] = {m for o in resolved.values() if (m := inspect.getmodule(o))}
    modules |= {sys.modules[m.__name__.rpartition(".")[0]] for m in list(modules)}  # packages
    missing = []
    for owner, attr in sorted(set(re.findall(r"`([A-Za-z_]\w*)\.(\w+)`", section))):
        if owner == "tui":
            continue  # a full name, resolved above
        holders = [getattr(m, owner) for m in modules if hasattr(m, owner)]
        if not any(hasattr(holder, attr) for holder in holders):
            missing.append(f"{owner}.{attr}")
    assert missing == []
