"""Every private name of Textual and slixmpp the console touches still exists, unchanged.

The console overrides slixmpp's connection loop (it speaks XMPP over a WebSocket, which slixmpp
has no transport for) and replaces one step of Textual's crash handling (so a crash report
never shows local variables, which may hold a secret). Those are private names: a new release
may rename one, change its parameters, or stop calling it, and the console would then fail at
run time, or worse, quietly do the library's default (a whitespace keepalive that makes Prosody
drop the WebSocket, a traceback with local variables on screen). This test fails first instead.
``pyproject.toml`` pins both libraries to the versions checked here; bump a pin only with this
test green.

:data:`GUARDED` lists each name with where the console relies on it. The last test scans
``tui/`` for private names used on library objects, so a new one cannot come in unguarded.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = ("textual", "slixmpp")


@dataclass(frozen=True)
class Private:
    """A private name on a library class, and what the console expects of it."""

    owner: str
    """``module:Class`` in the library."""
    name: str
    used_by: str
    """Where the console relies on it, and how."""
    parameters: tuple[str, ...] | None = None
    """For a method: its parameter names, ``self`` first."""
    coroutine: bool | None = None
    instance: Callable[[], Any] | None = None
    """For an attribute set in ``__init__``: builds an instance to look it up on."""
    called_by: tuple[str, ...] = ()
    """Library methods that must still call (or register) it for an override to take effect."""
    override: str | None = None
    """``module:Class`` of the console's override, whose parameters must match."""


def _client() -> Any:
    from slixmpp import ClientXMPP

    return ClientXMPP("example.org", "")


def _app() -> Any:
    from textual.app import App

    return App()


def _screen() -> Any:
    from textual.screen import Screen

    return Screen()


XMLSTREAM = "slixmpp.xmlstream.xmlstream:XMLStream"
OURS_XMPP = "tui.jitsi.xmpp:WebSocketXMPP"
APP = "textual.app:App"

GUARDED: tuple[Private, ...] = (
    # --- slixmpp: the WebSocket transport under ClientXMPP (tui/jitsi/xmpp.py) ---
    Private(
        XMLSTREAM,
        "_connect_loop",
        "overridden: one WebSocket attempt per round instead of DNS and TCP",
        parameters=("self",),
        coroutine=True,
        called_by=("connect", "reschedule_connection_attempt"),
        override=OURS_XMPP,
    ),
    Private(
        XMLSTREAM,
        "_attempt_connection",
        "overridden: opens the WebSocket and attaches slixmpp to it",
        parameters=("self", "host", "port", "tls", "server_hostname"),
        coroutine=True,
        override=OURS_XMPP,
    ),
    Private(
        XMLSTREAM,
        "_start_keepalive",
        "overridden to do nothing: a whitespace keepalive is no valid WebSocket frame",
        parameters=("self", "event"),
        coroutine=False,
        called_by=("__init__",),
        override=OURS_XMPP,
    ),
    Private(
        XMLSTREAM,
        "_connect_loop_wait",
        "read and written by the connect loop override (slixmpp's back-off counter)",
        instance=_client,
    ),
    Private(
        XMLSTREAM,
        "_current_connection_attempt",
        "read and cleared by the connect loop override (the attempt in flight)",
        instance=_client,
    ),
    Private(
        XMLSTREAM,
        "_run_out_filters",
        "cancelled by WebSocketXMPP.hang_up, so an abandoned client leaves no task",
        instance=_client,
    ),
    Private(
        "slixmpp.features.feature_mechanisms.mechanisms:FeatureMechanisms",
        "_default_security",
        "called by WebSocketXMPP._sasl_security, which changes two of its answers",
        parameters=("self", "values"),
        coroutine=False,
        called_by=("plugin_init",),
    ),
    # --- Textual: the crash report without local variables (tui/ui/crash.py) ---
    Private(
        APP,
        "_fatal_error",
        "replaced per app by guard_crash_report",
        parameters=("self",),
        coroutine=False,
        called_by=("_handle_exception",),
    ),
    Private(
        APP,
        "_close_messages_no_wait",
        "called by the replacement, as Textual's own _fatal_error does",
        parameters=("self",),
        coroutine=False,
    ),
    Private(APP, "_exception", "read by the replacement (the error)", instance=_app),
    Private(APP, "_exit_renderables", "appended to by the replacement", instance=_app),
    # --- Textual, in tests and benchmarks: reading the screen as the terminal shows it ---
    Private(
        "textual._compositor:Compositor",
        "render_update",
        "tests/ui/helpers.py screen_text: the frame, modals included",
        parameters=("self", "full", "screen_stack", "simplify"),
        coroutine=False,
    ),
    Private(
        "textual.screen:Screen",
        "_compositor",
        "tests/ui/helpers.py, tests/hostile/test_rendering.py",
        instance=_screen,
    ),
    Private(APP, "_background_screens", "tests/ui/helpers.py: the screens under a modal"),
    Private(APP, "_notifications", "tests: the toasts shown", instance=_app),
    Private(
        APP, "_driver", "bench/ui.py, bench/interactions.py: the terminal driver", instance=_app
    ),
    Private(
        XMLSTREAM,
        "_spawn_event",
        "tests/hostile/test_client_stanzas.py, tests/jitsi/test_refusals.py: slixmpp's dispatch"
        " of one parsed element",
        parameters=("self", "xml"),
        coroutine=False,
    ),
)


def _resolve(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _parameters(function: Any) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters)


@pytest.mark.parametrize("private", GUARDED, ids=lambda p: f"{p.owner.split(':')[1]}.{p.name}")
def test_the_private_name_is_still_there(private: Private) -> None:
    owner = _resolve(private.owner)
    found = private.instance() if private.instance else owner
    assert hasattr(found, private.name), f"{private.owner} lost {private.name} ({private.used_by})"
    if private.parameters is not None:
        method = getattr(owner, private.name)
        assert _parameters(method) == private.parameters, private.used_by
        assert inspect.iscoroutinefunction(method) is private.coroutine, private.used_by


@pytest.mark.parametrize(
    "private",
    [p for p in GUARDED if p.called_by],
    ids=lambda p: f"{p.owner.split(':')[1]}.{p.name}",
)
def test_the_library_still_calls_it(private: Private) -> None:
    # an override of a hook the library no longer calls is dead code that looks alive
    owner = _resolve(private.owner)
    for caller in private.called_by:
        source = inspect.getsource(getattr(owner, caller))
        assert re.search(rf"self\.{private.name}\b", source), (
            f"{private.owner}.{caller} no longer uses {private.name} ({private.used_by})"
        )


@pytest.mark.parametrize(
    "private",
    [p for p in GUARDED if p.override],
    ids=lambda p: f"{p.override}.{p.name}",
)
def test_the_override_takes_what_the_library_passes(private: Private) -> None:
    assert private.override is not None
    ours = getattr(_resolve(private.override), private.name)
    theirs = getattr(_resolve(private.owner), private.name)
    assert _parameters(ours) == _parameters(theirs)
    assert inspect.iscoroutinefunction(ours) is inspect.iscoroutinefunction(theirs)


# Public methods the WebSocket client overrides: slixmpp calls them with these parameters.
OVERRIDDEN_PUBLIC = (
    "connection_made",
    "disconnect",
    "abort",
    "connection_lost",
    "reconnect",
)


@pytest.mark.parametrize("name", OVERRIDDEN_PUBLIC)
def test_the_overridden_public_methods_keep_their_parameters(name: str) -> None:
    ours = getattr(_resolve(OURS_XMPP), name)
    theirs = getattr(_resolve(XMLSTREAM), name)
    mine = inspect.signature(ours).parameters
    library = inspect.signature(theirs).parameters
    assert list(mine) == list(library)
    assert [p.default for p in mine.values()] == [p.default for p in library.values()]


@functools.cache
def _source(cls: type) -> str:
    return inspect.getsource(cls)


def _private_uses() -> set[tuple[str, str]]:
    """``(library class, name)`` for every library-private name ``tui/`` uses, as far as seen.

    Two shapes: ``self._name`` (or ``def _name``) in a class that inherits ``_name`` from a
    library class, and ``something._name`` where ``_name`` is defined nowhere in ``tui/`` (so it
    can only belong to a library object).
    """
    sys.path.insert(0, str(ROOT))
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "tui").rglob("*.py"))
        if path.name != "__main__.py"
    }
    ours: set[str] = set()
    for text in sources.values():
        ours |= set(re.findall(r"\bdef (_[a-z]\w*)", text))
        ours |= set(re.findall(r"\b(?:self|cls|made|copy)\.(_[a-z]\w*)\s*(?::[^=\n]+)?=[^=]", text))
        ours |= set(re.findall(r"^\s+(_[a-z]\w*)\s*:", text, re.MULTILINE))
        for slots in re.findall(r"__slots__ = \(([^)]*)\)", text):
            ours |= set(re.findall(r"[\"'](_[a-z]\w*)[\"']", slots))
    uses: set[tuple[str, str]] = set()
    for path, text in sources.items():
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = importlib.import_module(module_name)
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"getattr", "setattr", "hasattr"}
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and str(node.args[1].value).startswith("_")
                and str(node.args[1].value) not in ours
            ):
                uses.add(("?", str(node.args[1].value)))
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                if node.attr.startswith("__") or node.attr == "_replace":  # namedtuple API
                    continue
                receiver = node.value
                on_self = isinstance(receiver, ast.Name) and receiver.id in {"self", "cls"}
                if not on_self and node.attr not in ours:
                    uses.add(("?", node.attr))
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(module, node.name, None)
            if not inspect.isclass(cls):
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in LIBRARIES]
            names = {
                sub.attr
                for sub in ast.walk(node)
                if isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Name)
                and sub.value.id == "self"
            } | {
                sub.name
                for sub in node.body
                if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            for name in sorted(n for n in names if n.startswith("_") and not n.startswith("__")):
                for base in bases:
                    if name in base.__dict__ or re.search(rf"self\.{name}\b", _source(base)):
                        uses.add((f"{base.__module__}:{base.__qualname__}", name))
                        break
    return uses


def test_every_private_name_used_in_tui_is_guarded() -> None:
    guarded_names = {p.name for p in GUARDED}
    guarded = {(p.owner, p.name) for p in GUARDED}
    unguarded = sorted(
        f"{owner}.{name}"
        for owner, name in _private_uses()
        if (owner == "?" and name not in guarded_names)
        or (owner != "?" and (owner, name) not in guarded and name not in guarded_names)
    )
    assert not unguarded, "private library names used without a guard in GUARDED:\n" + "\n".join(
        unguarded
    )
