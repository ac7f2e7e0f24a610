"""Read a Jitsi deployment's ``config.js`` without running any JavaScript.

Deployments serve ``config.js`` in two styles: one object literal (``var config = { hosts:
{ domain: '…' } }``, Debian's) or assignments (``config.hosts.domain = '…'``, docker's
``system-config.js``), with comments, string concatenation and nginx SSI variables such as
``subdomain``. A small tokenizer and a forgiving parser evaluate literals and concatenation and
skip everything else, so broken input yields ``{}``, never an exception or a hang.

The 4 MiB download cap bounds only the input: ``var a1 = a0 + a0;`` doubles a string per line,
so 40 such lines ask for terabytes. The reader therefore works within a :class:`Budget`: every
character it builds (concatenation, templates, each use of a variable), every binding, token and
step is counted, and a source that exceeds a budget is refused with one line
(:class:`ConfigJsError`). Objects are never kept in variables (real configs only name strings
there), so no part of the result is shared and nothing can be made to contain itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_UNKNOWN = object()
"""An expression we cannot evaluate without running the script (a call, arithmetic ...)."""

# "<!--" starts a line comment in browser JavaScript (ECMAScript Annex B).
# Strings and templates repeat a group possessively (*+): a plain * makes the regex engine keep
# backtracking state for every character, ~120 bytes each, so one 4 MiB string took ~500 MB.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    |(?P<comment>//[^\n]*|<!--[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>'(?:[^'\\\n]|\\.)*+'?|"(?:[^"\\\n]|\\.)*+"?)
    |(?P<template>`(?:[^`\\]|\\.)*+`?)
    |(?P<name>[^\W\d][\w$]*|\$[\w$]*)
    |(?P<number>0[xX][0-9a-fA-F]+|\d[\d.]*(?:[eE][+-]?\d+)?|\.\d+)
    |(?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_REGEX_LITERAL = re.compile(r"/(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^")
"""After these tokens a '/' starts a regular expression literal, not a division."""
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|\r\n|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_INTERPOLATION = re.compile(r"\$\{([^{}]*)\}")
MAX_DEPTH = 64
"""Object and array literals nested deeper than this are skipped, not read: real configs nest
about five levels, and each level costs Python stack frames that hostile input must not exhaust.
Assignments through a longer path (``config.a.a.a…``) are skipped for the same reason."""

# Budgets. A real config.js (~100 KB, mostly comments) has a few thousand tokens, a handful of
# variables and builds a few hundred characters; each limit leaves a wide margin above that.
MAX_BUILT_CHARS = 1 << 20
"""Characters the reader may build: concatenations, templates and every use of a variable."""
MAX_BINDINGS = 10_000
"""Variables the reader may remember."""
MAX_TOKENS = 250_000
"""Tokens the reader may hold (each one is ~70 bytes: 250,000 of them are ~18 MB)."""
MAX_STEPS = 2_000_000
"""Units of work: one per token and parser step, plus every character a regex attempt scans."""
MAX_REGEX_LITERAL = 256
"""Longest regular-expression literal recognised; a longer one is read as ordinary tokens.
Without a window each '/' that may start a literal scanned to the end of its line, so a long
line of ``(/[`` was quadratic (48 KB took seconds)."""
_SAFE_INTEGER = 2**53
"""JavaScript numbers are doubles; larger integers are kept as floats (and never turned into
thousands of digits)."""


class ConfigJsError(ValueError):
    """The source would make the reader exceed a budget; ``str()`` is one line."""


class Budget:
    """Work and output counted while one ``config.js`` is read; exceeding a limit raises."""

    __slots__ = ("bindings", "built", "steps")

    def __init__(self) -> None:
        """Start with nothing spent."""
        self.steps = 0
        self.built = 0
        self.bindings = 0

    def step(self, count: int = 1) -> None:
        """Charge ``count`` units of work."""
        self.steps += count
        if self.steps > MAX_STEPS:
            raise ConfigJsError(
                f"config.js takes more than {MAX_STEPS:,} steps to read; "
                "a real Jitsi config takes a few thousand"
            )

    def build(self, chars: int) -> None:
        """Charge ``chars`` characters of built text, before building them."""
        self.built += chars
        if self.built > MAX_BUILT_CHARS:
            raise ConfigJsError(
                f"config.js builds more than {MAX_BUILT_CHARS:,} characters of text "
                "(a real Jitsi config builds a few hundred); refusing to read on"
            )

    def bind(self) -> None:
        """Charge one remembered variable."""
        self.bindings += 1
        if self.bindings > MAX_BINDINGS:
            raise ConfigJsError(
                f"config.js declares more than {MAX_BINDINGS:,} variables; "
                "a real Jitsi config declares a handful"
            )


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "name", "string", "number", "punct", "template", "regex"
    value: str
    parts: tuple[str, ...] = ()  # template: literal, expression, literal, ..., literal


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xu" and len(code) > 1:
            return chr(min(int(code.strip("xu{}"), 16), 0x10FFFF))
        if code in {"\n", "\r", "\r\n", "\u2028", "\u2029"}:
            return ""  # line continuation
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


def _starts_regex(prev: _Token | None) -> bool:
    if prev is None:
        return True
    if prev.kind == "punct":
        return prev.value in _REGEX_AFTER
    return prev.kind == "name" and prev.value in {"return", "typeof", "case", "in"}


def _tokenize(src: str, budget: Budget) -> list[_Token]:
    """Split JavaScript into tokens; comments vanish, strings are decoded.

    Raises:
        ConfigJsError: more than :data:`MAX_TOKENS` tokens, or the step budget is spent.
    """
    tokens: list[_Token] = []
    pos = 0
    while pos < len(src):
        budget.step()
        if len(tokens) >= MAX_TOKENS:
            raise ConfigJsError(
                f"config.js has more than {MAX_TOKENS:,} tokens; a real Jitsi config has a few "
                "thousand"
            )
        if (
            src[pos] == "/"
            and not src.startswith(("//", "/*"), pos)
            and _starts_regex(tokens[-1] if tokens else None)
        ):
            end = min(len(src), pos + MAX_REGEX_LITERAL)
            budget.step(end - pos)  # what the attempt may scan, at most
            regex = _REGEX_LITERAL.match(src, pos, end)
            if regex:
                tokens.append(_Token("regex", regex.group()))
                pos = regex.end()
                continue
        match = _TOKEN.match(src, pos)
        assert match is not None  # the last alternative matches any character
        pos = match.end()
        kind, text = match.lastgroup or "punct", match.group()
        if kind in {"space", "comment"}:
            continue
        if kind == "string":
            body = text[1:-1] if len(text) > 1 and text[-1] == text[0] else text[1:]
            tokens.append(_Token("string", _unescape(body)))
        elif kind == "template":
            body = text[1:-1] if len(text) > 1 and text.endswith("`") else text[1:]
            pieces = _INTERPOLATION.split(body)
            parts = tuple(
                _unescape(piece) if index % 2 == 0 else piece.strip()
                for index, piece in enumerate(pieces)
            )
            tokens.append(_Token("template", "", parts))
        else:
            tokens.append(_Token(kind, text))
    return tokens


class _Parser:
    """Reads assignments to ``config`` (and ``var`` string declarations) from the tokens."""

    def __init__(self, tokens: list[_Token], budget: Budget) -> None:
        self.tokens = tokens
        self.budget = budget
        self.pos = 0
        self.variables: dict[str, Any] = {}
        self.config: dict[str, Any] = {}
        self.depth = 0  # literals open around the current position

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, kind: str, value: str | None = None, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == kind and (value is None or token.value == value)

    def run(self) -> dict[str, Any]:
        while self.pos < len(self.tokens):
            self.budget.step()
            start = self.pos
            if self.at("name") and self.peek().value in {"var", "let", "const"}:  # type: ignore[union-attr]
                self.pos += 1
                self.declarations()
            elif self.at("name", "config") or (
                self.at("name", "window")
                and self.at("punct", ".", 1)
                and self.at("name", "config", 2)
            ):
                self.config_statement()
            if self.pos == start:
                self.pos += 1
        return self.config

    def declarations(self) -> None:
        # var a = ..., b = ...;  Only first declarations count: later plain re-assignments sit
        # behind run-time conditions (``if (subdir.startsWith('<!--')) subdir = ''``).
        while self.at("name"):
            name = self.peek().value  # type: ignore[union-attr]
            self.pos += 1
            if not self.at("punct", "=") or self.at("punct", "=", 1):
                return
            self.pos += 1
            value = self.expression()
            if name == "config":
                if isinstance(value, dict):
                    _deep_merge(self.config, value)
            elif name not in self.variables and not isinstance(value, dict | list):
                # Only scalars are remembered: a shared object could be made to contain itself
                # through a path assignment, and every merge of it would cost its whole size.
                if isinstance(value, str):
                    value = _resolve_ssi(name, value)
                self.budget.bind()
                self.variables[name] = value
            if not self.at("punct", ","):
                return
            self.pos += 1

    def config_statement(self) -> None:
        if self.at("name", "window"):
            self.pos += 2
        self.pos += 1  # "config"
        path: list[str] = []
        while self.at("punct", ".") and self.at("name", None, 1):
            path.append(self.peek(1).value)  # type: ignore[union-attr]
            self.pos += 2
        if self.at("punct", "[") and self.at("string", None, 1) and self.at("punct", "]", 2):
            path.append(self.peek(1).value)  # type: ignore[union-attr]
            self.pos += 3
        if len(path) > MAX_DEPTH:
            return  # deeper than any real config; the value is stepped over as junk
        if not self.at("punct", "=") or self.at("punct", "=", 1):
            return  # a read (config.hosts.hasOwnProperty(...)), not an assignment
        self.pos += 1
        value = self.expression()
        if value is _UNKNOWN:
            return
        if not path:
            if isinstance(value, dict):
                _deep_merge(self.config, value)
            return
        target = self.config
        for key in path[:-1]:
            child = target.get(key)
            if not isinstance(child, dict):
                child = {}
                target[key] = child
            target = child
        if isinstance(value, dict) and isinstance(target.get(path[-1]), dict):
            _deep_merge(target[path[-1]], value)
        else:
            target[path[-1]] = value

    # expressions ---------------------------------------------------------------------------

    def expression(self) -> Any:
        """``operand (+ operand)*``; anything else makes the whole value unknown."""
        value = self.operand()
        while self.at("punct", "+") and not self.at("punct", "+", 1):
            self.pos += 1
            right = self.operand()
            if isinstance(value, str | int | float) and isinstance(right, str | int | float):
                if isinstance(value, str) or isinstance(right, str):
                    left_text, right_text = _js_str(value), _js_str(right)
                    self.budget.build(len(left_text) + len(right_text))
                    value = left_text + right_text
                else:
                    value = _js_number(value + right)
            else:
                value = _UNKNOWN
        if not self.at_end_of_expression():
            self.skip_expression()
            return _UNKNOWN
        return value

    def at_end_of_expression(self) -> bool:
        token = self.peek()
        if token is None:
            return True
        if token.kind == "punct":
            return token.value in {",", ";", "}", "]", ")"}
        # Automatic semicolon insertion: a new statement starts on the next line.
        return token.kind == "name"

    def skip_expression(self) -> None:
        depth = 0
        while (token := self.peek()) is not None:
            self.budget.step()
            if token.kind == "punct":
                if token.value in "([{":
                    depth += 1
                elif token.value in ")]}":
                    if depth == 0:
                        return
                    depth -= 1
                elif token.value in ",;" and depth == 0:
                    return
            self.pos += 1

    def skip_group(self) -> None:
        """Step over one bracketed group (the current token opens it), without recursion."""
        depth = 0
        while (token := self.peek()) is not None:
            self.budget.step()
            self.pos += 1
            if token.kind == "punct" and token.value in "([{":
                depth += 1
            elif token.kind == "punct" and token.value in ")]}":
                depth -= 1
                if depth <= 0:
                    return

    def operand(self) -> Any:
        self.budget.step()
        token = self.peek()
        if token is None:
            return _UNKNOWN
        if token.kind == "string":
            self.pos += 1
            return token.value
        if token.kind == "template":
            self.pos += 1
            return self.template(token.parts)
        if token.kind == "number":
            self.pos += 1
            try:
                number = float(token.value) if "." in token.value else int(token.value, 0)
            except ValueError:  # also more digits than int() converts
                return _UNKNOWN
            return _js_number(number)
        if token.kind == "punct" and token.value in {"{", "["}:
            if self.depth >= MAX_DEPTH:
                self.skip_group()
                return _UNKNOWN
            self.depth += 1
            try:
                return self.object_literal() if token.value == "{" else self.array_literal()
            finally:
                self.depth -= 1
        if token.kind == "punct" and token.value == "-" and self.at("number", None, 1):
            self.pos += 1
            number = self.operand()
            return -number if isinstance(number, int | float) else _UNKNOWN
        if token.kind == "name":
            literals = {"true": True, "false": False, "null": None, "undefined": None}
            if token.value in literals:
                self.pos += 1
                return literals[token.value]
            if token.value in {"function", "async"}:
                return _UNKNOWN  # skipped by the caller up to the next , or }
            self.pos += 1
            if self.at("punct", ".") or self.at("punct", "(") or self.at("punct", "["):
                self.pos -= 1
                return _UNKNOWN  # a call or member access: not evaluated
            return self.variable(token.value)
        return _UNKNOWN

    def variable(self, name: str) -> Any:
        if name in self.variables:
            value = self.variables[name]
            if isinstance(value, str):
                # Each use is charged: the string is shared, but whoever walks the result pays.
                self.budget.build(len(value))
            return value
        if name in {"subdomain", "subdir"}:
            return ""  # an unresolved SSI variable means "no tenant"
        return _UNKNOWN

    def template(self, parts: tuple[str, ...]) -> Any:
        out: list[str] = []
        for index, part in enumerate(parts):
            if index % 2 == 0:
                out.append(part)
                continue
            value = self.variable(part) if re.fullmatch(r"[\w$]+", part) else _UNKNOWN
            if not isinstance(value, str | int | float):
                return _UNKNOWN
            out.append(_js_str(value))  # a string variable was charged by self.variable
        return "".join(out)

    def object_literal(self) -> Any:
        self.pos += 1  # {
        result: dict[str, Any] = {}
        while (token := self.peek()) is not None and not self.at("punct", "}"):
            start = self.pos
            if token.kind in {"name", "string", "number"} and self.at("punct", ":", 1):
                self.pos += 2
                value = self.expression()
                if value is not _UNKNOWN:
                    result[token.value] = value
            else:
                self.skip_expression()  # shorthand, method, spread, computed key ...
            if self.at("punct", ","):
                self.pos += 1
            elif not self.at("punct", "}"):
                self.skip_expression()
            if self.pos == start:
                self.pos += 1  # unbalanced junk (";", ")"): step over it, always progress
        self.pos += 1  # }
        return result

    def array_literal(self) -> Any:
        self.pos += 1  # [
        items: list[Any] = []
        while self.peek() is not None and not self.at("punct", "]"):
            start = self.pos
            items.append(self.expression())
            if self.at("punct", ","):
                self.pos += 1
            elif not self.at("punct", "]"):
                self.skip_expression()
            if self.pos == start:
                self.pos += 1  # unbalanced junk: step over it, always progress
        self.pos += 1  # ]
        return [item for item in items if item is not _UNKNOWN]


def _js_number(value: int | float) -> int | float:
    """``value`` as JavaScript holds it: integers beyond 2**53 become (possibly infinite) floats."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _SAFE_INTEGER:
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def _js_str(value: str | float) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _resolve_ssi(name: str, value: str) -> str:
    """Apply what config.js does to nginx SSI variables after nginx ran (or did not)."""
    if value.startswith("<!--#"):
        return ""  # nginx did not process SSI: the file's guard code empties it
    if name == "subdomain" and value:
        # config.js turns "a.b." into "a_b." (lower-cased) before using it in hosts.muc.
        return "_".join(value[:-1].split(".")).lower() + "."
    return value


def _deep_merge(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value


def parse_config_js(source: str) -> dict[str, Any]:
    """The ``config`` object that ``source`` builds, as far as it can be read without running it.

    Literal values, string concatenation, ``subdomain``/``subdir`` and string ``var``s are
    evaluated; calls, conditions and arithmetic are skipped. Garbage gives ``{}``.

    Raises:
        ConfigJsError: the source exceeds a budget (built text, variables, tokens, steps).
    """
    budget = Budget()
    return _Parser(_tokenize(source, budget), budget).run()
