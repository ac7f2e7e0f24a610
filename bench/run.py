"""Run the benchmark suite and write ``bench/RESULTS.md``: ``python -m bench [--quick]``.

Every figure is printed beside its floor and its target. A full run takes a few minutes on a
2-core machine; ``--quick`` runs smaller sizes and only prints (a smoke check, not the record).
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench import ingest, interactions
from bench.breakout_bench import breakout_update
from bench.e2e import end_to_end
from bench.memory import peak_rss
from bench.startup import demo_time, help_time
from bench.stream import join_storm
from bench.ui import interactivity, ui_ingest

RESULTS = Path(__file__).with_name("RESULTS.md")


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


class Report:
    """Markdown lines, echoed to the terminal as they are made."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            print(line, flush=True)


def run_ingest(report: Report, sizes: Sequence[int], runs: int) -> dict[int, dict[str, float]]:
    report.add(
        "## Ingest: a join storm of N presences",
        "",
        f"Best of {runs} runs. (a) bare `xml.etree` pull parser, the floor; (b) stock slixmpp "
        "`ClientXMPP` + xep_0045 (MUC), the library floor; (c) the console: its "
        "`WebSocketXMPP`, `JitsiClient`, `parse_presence`, `ConsoleSession.handle` → `apply`; "
        "(c′) (c) with the prototype presence lane (`bench/fastpath.py`).",
        "",
        "| N | (a) floor | (b) slixmpp+MUC | (c) console | (c) / (b) | (c) / (a) "
        "| (c′) fast lane | (c′) / (b) | (c′) / (a) | target (c) ≤ 1.5× (b) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    )
    figures: dict[int, dict[str, float]] = {}
    for n in sizes:
        frames = join_storm(n)
        a = ingest.best(runs, lambda f=frames: ingest.floor_parser(f))
        b = ingest.best(runs, lambda f=frames: asyncio.run(ingest.slixmpp_muc(f)))
        c = ingest.best(runs, lambda f=frames: asyncio.run(ingest.console_model(f)))
        f = ingest.best(runs, lambda f=frames: asyncio.run(ingest.console_model(f, fast=True)))
        figures[n] = {"a": a, "b": b, "c": c, "f": f}
        report.add(
            f"| {n:,} | {ms(a)} | {ms(b)} | {ms(c)} | {c / b:.2f}× | {c / a:.1f}× "
            f"| {ms(f)} | {f / b:.2f}× | {f / a:.1f}× | {verdict(c <= 1.5 * b)} |"
        )
    report.add("")
    return figures


def run_ui_ingest(report: Report, sizes: Sequence[int]) -> None:
    report.add(
        "## (d) Ingest to the screen",
        "",
        "The app renders into a recording driver (`bench/ui.py`); frames are fed in chunks of "
        "16 with an event-loop turn between (what socket reads deliver). *Feed* is how long "
        "handing over all N took (the app works meanwhile); *table* and *written* count from "
        "the last stanza until the participants table lists all N and until that frame is "
        "written to the terminal. Median of 3 runs (1 at 5,000).",
        "",
        "| N | feed | table lists all | frame written | (c) alone | target: written ≤ 250 ms "
        "at 1,000 |",
        "|---:|---:|---:|---:|---:|---|",
    )
    for n in sizes:
        runs = sorted((ui_ingest(n) for _ in range(1 if n > 1000 else 3)), key=lambda r: r.painted)
        d = runs[len(runs) // 2]
        c = asyncio.run(ingest.console_model(join_storm(n)))
        target = verdict(d.painted <= 0.25) if n == 1000 else "—"
        report.add(
            f"| {n:,} | {ms(d.feed)} | {ms(d.table)} | {ms(d.painted)} | {ms(c)} | {target} |"
        )
    report.add("")


def run_breakout(report: Report) -> None:
    parse_s, apply_s, size = breakout_update()
    report.add(
        "## Breakout update",
        "",
        "| snapshot | parse_update | apply | total | floor: `json.loads` share | target |",
        "|---|---:|---:|---:|---:|---|",
    )
    import json

    from bench.breakout_bench import update_json

    text = update_json(1000, 100)
    start = time.perf_counter()
    json.loads(text)
    floor = time.perf_counter() - start
    report.add(
        f"| 1,000 people, 100 rooms, {size / 1024:.0f} KiB | {ms(parse_s)} | {ms(apply_s)} "
        f"| {ms(parse_s + apply_s)} | {ms(floor)} | none set (one frame: 16 ms) |",
        "",
    )


def run_interactivity(report: Report, presses: int) -> None:
    floor = interactivity(presses=presses, rate=0)
    stock = interactivity(presses=presses)
    report.add(
        "## Interactivity: keypress → frame written",
        "",
        "1,000 participants in 50 rooms, 20 presence changes a second (mute, hand) arriving "
        "through slixmpp; `down`/`up` enter through the driver "
        "(`Driver.process_message`, as from the input thread) every 50–150 ms; latency ends at "
        f"the first terminal write showing the moved cursor. {presses} presses.",
        "",
        "| build | p50 | p95 | presences during the run | target p95 ≤ 50 ms |",
        "|---|---:|---:|---:|---|",
        f"| floor: console as is, no presences arriving | {ms(floor.p50)} | {ms(floor.p95)} "
        f"| 0 | {verdict(floor.p95 <= 0.05)} |",
        f"| console, 20 presences a second | {ms(stock.p50)} | {ms(stock.p95)} "
        f"| {stock.presences} | {verdict(stock.p95 <= 0.05)} |",
        "",
    )


def run_memory(report: Report, sizes: Sequence[int]) -> None:
    report.add(
        "## Memory: peak RSS of the console process",
        "",
        "| participants | peak RSS | target |",
        "|---:|---:|---|",
    )
    for n in (0, *sizes):
        rss = peak_rss(n)
        target = verdict(rss <= 150) + " (≤ 150 MB)" if n == 1000 else "—"
        label = f"{n:,}" if n else "0 (imports only, the floor)"
        report.add(f"| {label} | {rss:.0f} MiB | {target} |")
    report.add("")


def run_startup(report: Report) -> None:
    help_s = help_time()
    demo_s = demo_time()
    report.add(
        "## Start-up",
        "",
        "| what | time | target |",
        "|---|---:|---|",
        f"| `jitsi-tui --help` | {ms(help_s)} | ≤ 300 ms: {verdict(help_s <= 0.3)} |",
        f"| `jitsi-tui --demo` first paint (pty, 120×40) | {ms(demo_s)} "
        f"| ≤ 1,500 ms: {verdict(demo_s <= 1.5)} |",
        "",
    )


def run_end_to_end(report: Report, sizes: Sequence[int]) -> None:
    report.add(
        "## End to end on the Prosody test stack",
        "",
        "N web participants (`tests/stack/webclient.py`, 10 joining at a time, in their own "
        "process with Prosody and the jicofo stand-in) join one room; the console "
        "(`WebSocketXMPP` + `JitsiClient` + `ConsoleSession`) is already in it. CPU is "
        "seconds of one core used during the joins.",
        "",
        "| N | all joined | console lists all N | console after last join | console CPU "
        "| Prosody CPU | load generator CPU |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    )
    for n in sizes:
        r = end_to_end(n)
        if r.error:
            report.add(f"| {n:,} | failed: {r.error} | | | | | |")
            continue
        lag = max(r.lag_after_last_join, 0.0)
        report.add(
            f"| {n:,} | {r.joins:.2f} s | {r.console_all:.2f} s | {ms(lag)} "
            f"| {r.console_cpu:.2f} s | {r.prosody_cpu:.2f} s | {r.loadgen_cpu:.2f} s |"
        )
    report.add("")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--no-stack", action="store_true", help="skip the Prosody benchmark")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the Markdown (default: bench/RESULTS.md; --quick only prints)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    began = time.monotonic()
    report = Report()
    report.add(
        "# Benchmark results",
        "",
        f"Written by `.venv/bin/python -m bench{' --quick' if quick else ''}` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC — Python {platform.python_version()}, "
        f"{platform.machine()}, {_cores()} cores. Times are wall clock.",
        "",
    )
    run_ingest(report, (100, 1000) if quick else (100, 1000, 5000), 1 if quick else 3)
    run_ui_ingest(report, (100, 1000) if quick else (100, 1000, 5000))
    run_breakout(report)
    run_interactivity(report, 15 if quick else 40)
    report.add(*interactions.markdown(interactions.measure_all(quick)))
    run_memory(report, (1000,) if quick else (1000, 5000))
    run_startup(report)
    if not args.no_stack:
        run_end_to_end(report, (30,) if quick else (50, 100, 200, 300))
    report.add(f"Run took {time.monotonic() - began:.0f} s.", "")
    notes = Path(__file__).with_name("NOTES.md")
    text = "\n".join(report.lines)
    if notes.exists():
        text += "\n" + notes.read_text()
    output = args.output or (None if quick else RESULTS)
    if output is not None:
        output.write_text(text)
        print(f"wrote {output}", file=sys.stderr)
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 1
