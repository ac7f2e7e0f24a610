"""config.js must not make the reader do unbounded work or build unbounded output (issue 11.2).

The 4 MiB download cap bounds the input only: ``var a1 = a0 + a0;`` doubles a string per line,
so 40 lines ask for terabytes. The reader charges every character it builds (concatenation,
templates, uses of a variable), every binding and every step to fixed budgets and stops with one
line (:class:`~tui.jitsi.config_js.ConfigJsError`). The fuzzers here look for amplification:
whatever the source, the output's logical size stays within the source size plus the budget.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.measure import logical_size
from tui.jitsi import config_js
from tui.jitsi.config_js import ConfigJsError, parse_config_js

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW_MB = 8 * 1024 * 1024


def bound(source: str) -> int:
    return len(source) + config_js.MAX_BUILT_CHARS


def peak_of(call: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def _refused(source: str) -> None:
    with pytest.raises(ConfigJsError) as info:
        parse_config_js(source)
    message = str(info.value)
    assert "\n" not in message and "config.js" in message


def doubling(lines: int) -> str:
    body = "".join(f"var a{i + 1} = a{i} + a{i};\n" for i in range(lines))
    return f"var a0 = 'xxxxxxxx';\n{body}config.hosts = {{domain: a{lines}}};\n"


def test_doubling_a_string_forty_times_stops_early_and_small() -> None:
    # Unbounded, this asks for 8 * 2**40 characters; the reader must refuse after ~1 MiB.
    peak = peak_of(lambda: _refused(doubling(40)))
    assert peak < FEW_MB, f"peak {peak / 1e6:.1f} MB"


def test_one_string_used_many_times_counts_every_use() -> None:
    # Sharing keeps memory small, but whoever walks the result pays for every reference.
    big = "y" * 200_000
    source = f"var big = '{big}';\nconfig.x = [" + "big," * 100 + "];"
    peak = peak_of(lambda: _refused(source))
    assert peak < FEW_MB


def test_templates_are_charged_too() -> None:
    body = "".join(f"var t{i + 1} = `${{t{i}}}${{t{i}}}`;\n" for i in range(40))
    _refused("var t0 = 'xxxxxxxx';\n" + body)


def test_too_many_bindings_are_refused() -> None:
    _refused("".join(f"var v{i} = {i};" for i in range(config_js.MAX_BINDINGS + 1)))


def test_a_token_flood_is_refused_before_it_fills_memory() -> None:
    source = "(" * 3_000_000
    peak = peak_of(lambda: _refused(source))
    # The source itself is 3 MB; the reader may not hold much more than its token budget.
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_a_huge_string_literal_costs_little_more_than_itself() -> None:
    # The regex engine used to keep ~120 bytes of backtracking state per character of a string
    # or template literal: one 4 MiB string took ~500 MB before a single budget was checked.
    for quote in ("'", "`"):
        literal = "y" * 3_000_000
        source = f"config.x = {quote}{literal}{quote};"
        peak = peak_of(lambda source=source: parse_config_js(source))  # type: ignore[misc]
        assert peak < 5 * len(literal), f"{quote}: peak {peak / 1e6:.1f} MB"


def test_unclosed_regex_classes_cost_a_bounded_scan_each() -> None:
    # Every '/' after '(' may start a regex literal; each attempt used to scan to the end of the
    # line, so 48 KB of "(/[" took seconds and 4 MiB would take hours. Each attempt is now
    # charged the window it scans, so the budget of steps ends it.
    steps = config_js.Budget()
    config_js._tokenize("(/[" * 2000, steps)
    assert steps.steps <= 2000 * (config_js.MAX_REGEX_LITERAL + 3)
    _refused("(/[" * 1_000_000)


def test_a_long_path_does_not_nest_without_bound() -> None:
    config = parse_config_js("config" + ".a" * 100_000 + " = 1;")
    assert logical_size(config) < 100  # ignored: deeper than any real config
    assert repr(config)  # and a consumer that recurses does not blow its stack


def test_a_variable_cannot_make_the_config_contain_itself() -> None:
    # Objects in variables used to be shared, so assigning through a path made a cycle and the
    # next merge recursed forever (RecursionError out of a "never raises" parser).
    source = "var v = {}; config.a = v; config.a.b = v; config = {a: v};"
    assert isinstance(parse_config_js(source), dict)


def test_real_configs_stay_far_inside_the_budgets() -> None:
    source = (
        'var subdomain = \'<!--# echo var="subdomain" default="" -->\';\n'
        "var config = { hosts: { domain: 'meet.example.org',\n"
        "  muc: 'conference.' + subdomain + 'meet.example.org' },\n"
        "  bosh: 'https://meet.example.org/' + subdomain + 'http-bind' };\n"
    ) * 200
    config = parse_config_js(source)
    assert config["hosts"]["muc"] == "conference.meet.example.org"


# -- fuzzing for amplification ---------------------------------------------------------------


@st.composite
def amplifying(draw: st.DrawFn) -> str:
    """Declarations that reuse earlier ones: concatenation, templates, arrays, objects."""
    names = ["subdomain"]
    lines = [f"var s0 = '{draw(st.text('xy', min_size=1, max_size=40))}';"]
    names.append("s0")
    for index in range(1, draw(st.integers(1, 60))):
        pick = st.sampled_from(names)
        shape = draw(st.integers(0, 4))
        if shape == 0:
            value = " + ".join(draw(st.lists(pick, min_size=2, max_size=4)))
        elif shape == 1:
            value = "`" + "".join(f"${{{n}}}" for n in draw(st.lists(pick, max_size=4))) + "`"
        elif shape == 2:
            value = "[" + ", ".join(draw(st.lists(pick, max_size=6))) + "]"
        elif shape == 3:
            value = "{" + ", ".join(f"k{i}: {n}" for i, n in enumerate(draw(st.lists(pick)))) + "}"
        else:
            value = draw(pick) + " + " + repr(draw(st.text(max_size=8)))
        lines.append(f"var s{index} = {value};")
        names.append(f"s{index}")
    lines.append("config = {" + ", ".join(f"c{n}: {n}" for n in names) + "};")
    lines.append("config.hosts.domain = " + " + ".join(names[-3:]) + ";")
    return "\n".join(lines)


@FUZZ
@given(amplifying())
def test_output_never_outgrows_the_source_plus_the_budget(source: str) -> None:
    try:
        config = parse_config_js(source)
    except ConfigJsError as exc:
        assert "\n" not in str(exc)
        return
    assert logical_size(config) <= bound(source)


def test_the_fuzzer_reaches_the_budget() -> None:
    # A fuzzer that never hits the limit proves nothing: the doubling shape must trip it.
    source = "var s0 = 'xyxyxyxy';\n" + "".join(
        f"var s{i + 1} = s{i} + s{i} + s{i};\n" for i in range(20)
    )
    _refused(source + "config.x = s20;")
