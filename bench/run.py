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
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench import cpu, ingest, interactions
from bench.breakout_bench import breakout_update
from bench.e2e import end_to_end
from bench.gcpause import gc_pauses
from bench.memory import peak_rss
from bench.startup import demo_time, help_time
from bench.stream import join_storm
from bench.ui import interactivity, ui_ingest

RESULTS = Path(__file__).with_name("RESULTS.md")


def _in_new_loop(
    measure: Callable[..., Coroutine[Any, Any, float]], *args: Any, **kwargs: Any
) -> float:
    """One async measurement in a fresh event loop, as each sample had before."""
    return asyncio.run(measure(*args, **kwargs))


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
        f"Each figure is the best of {runs} runs (the others are the same work slowed by GC or "
        "the other core). All four read the same N frames and hand each presence to one "
        "consumer. (a) bare `xml.etree` pull parser, the floor; (b) stock slixmpp `ClientXMPP`, "
        "no plugins, dispatching every presence to one handler; (c) the console: its "
        "`WebSocketXMPP` with the transport's presence lane, `JitsiClient`, `parse_presence`, "
        "`ConsoleSession.handle` → `apply`; (c0) the same console with the lane off (every "
        "frame through slixmpp, as before the lane).",
        "",
        "| N | runs | (a) bare parser | (b) slixmpp, one handler | (c) console | (c) / (a) "
        "| (c) / (b) | (c0) console, no lane | (c0) / (a) | target (c) ≤ 3× (a) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    )
    figures: dict[int, dict[str, float]] = {}
    for n in sizes:
        frames = join_storm(n)
        # each measure times itself inside; the wrappers only bind this N's frames
        a = ingest.best(runs, partial(ingest.floor_parser, frames))
        b = ingest.best(runs, partial(_in_new_loop, ingest.slixmpp_alone, frames))
        c = ingest.best(runs, partial(_in_new_loop, ingest.console_model, frames))
        c0 = ingest.best(runs, partial(_in_new_loop, ingest.console_model, frames, lane=False))
        figures[n] = {"a": a, "b": b, "c": c, "c0": c0}
        target = verdict(c <= 3 * a) if n >= 1000 else "—"
        report.add(
            f"| {n:,} | {runs} | {ms(a)} | {ms(b)} | {ms(c)} | {c / a:.1f}× | {c / b:.2f}× "
            f"| {ms(c0)} | {c0 / a:.1f}× | {target} |"
        )
    report.add("")
    return figures


def run_cpu(report: Report, sizes: Sequence[int], window: float) -> None:
    report.add(
        "## CPU: a large meeting under 20 presence changes a second",
        "",
        "Share of one core used during a window of the stream, by one process, from "
        "`/proc/PID/stat` (user + system, all threads). A scripted deployment on loopback "
        "(`bench/replay.py`, its own process) serves `config.js` and the XMPP WebSocket, lets "
        "the client join a meeting of N, then sends 20 presence changes a second (mute "
        "toggles, hands). The window opens after the join storm was taken in (the process's "
        "CPU went quiet) plus one second of the stream. *floor*: slixmpp alone (a "
        "`ClientXMPP` over the project's WebSocket transport, one presence handler); "
        "*headless*: `jitsi-tui URL --headless` (real gateway path, session, model, control "
        "socket; no UI); *app*: `jitsi-tui URL` in a 120×40 pty (Textual's own driver; the "
        "benchmark reads the terminal output and discards it). One run per row.",
        "",
        "| N | process | CPU, share of one core | window | changes sent | settled after join "
        "| target ≤ 5 % |",
        "|---:|---|---:|---:|---:|---:|---|",
    )
    for n in sizes:
        for kind in cpu.KINDS:
            f = cpu.measure(kind, n, window=window)
            target = "— (floor)" if kind == "floor" else verdict(f.share <= 0.05)
            report.add(
                f"| {n:,} | {kind} | {f.share * 100:.1f} % | {f.window:.1f} s | {f.sent} "
                f"| {f.settle:.1f} s | {target} |"
            )
    report.add("")


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
        "| N | runs | feed | table lists all | frame written | (c) alone, 1 run "
        "| target: written ≤ 250 ms at 1,000 |",
        "|---:|---:|---:|---:|---:|---:|---|",
    )
    for n in sizes:
        runs = sorted((ui_ingest(n) for _ in range(1 if n > 1000 else 3)), key=lambda r: r.painted)
        d = runs[len(runs) // 2]
        c = asyncio.run(ingest.console_model(join_storm(n)))
        target = verdict(d.painted <= 0.25) if n == 1000 else "—"
        report.add(
            f"| {n:,} | {len(runs)} | {ms(d.feed)} | {ms(d.table)} | {ms(d.painted)} | {ms(c)} "
            f"| {target} |"
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
        "through the console's transport (presence lane); `down`/`up` enter through the "
        "driver (`Driver.process_message`, as from the input thread) every 50–150 ms; latency "
        "ends at "
        "the first terminal write showing the moved cursor.",
        "",
        "| build | samples | p50 | p95 | presences during the run | target p95 ≤ 50 ms |",
        "|---|---:|---:|---:|---:|---|",
        f"| floor: console as is, no presences arriving | {len(floor.samples)} "
        f"| {ms(floor.p50)} | {ms(floor.p95)} | 0 | {verdict(floor.p95 <= 0.05)} |",
        f"| console, 20 presences a second | {len(stock.samples)} | {ms(stock.p50)} "
        f"| {ms(stock.p95)} | {stock.presences} | {verdict(stock.p95 <= 0.05)} |",
        "",
    )


def run_gc(report: Report, n: int, collections: int) -> None:
    stock = gc_pauses(n, collections)
    off = gc_pauses(n, collections, freeze=False)
    report.add(
        "## Full garbage collections with the meeting loaded",
        "",
        f"{n:,} participants; the app runs as in production, where `gc.freeze()` follows the "
        "gateway's `connect`, i.e. comes after the join storm was received "
        "(`bench/gcpause.py`); then `gc.collect()` is timed with the table listing everyone. "
        "The second row is the same app with `gc.freeze` made a no-op.",
        "",
        "| build | samples | p50 | worst | objects frozen |",
        "|---|---:|---:|---:|---:|",
        f"| app as is (freeze after the join) | {len(stock.samples)} | {ms(stock.p50)} "
        f"| {ms(stock.worst)} | {stock.frozen:,} |",
        f"| without `gc.freeze` | {len(off.samples)} | {ms(off.p50)} | {ms(off.worst)} "
        f"| {off.frozen:,} |",
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
        "| N | all joined | console lists all N | console lists all, after the last join "
        "returned (negative: before) | console CPU "
        "| Prosody CPU | load generator CPU |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    )
    for n in sizes:
        r = end_to_end(n)
        if r.error:
            report.add(f"| {n:,} | failed: {r.error} | | | | | |")
            continue
        report.add(
            f"| {n:,} | {r.joins:.2f} s | {r.console_all:.2f} s | {ms(r.lag_after_last_join)} "
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
    run_interactivity(report, 15 if quick else 200)  # 200: enough for a p95 to mean something
    run_gc(report, 1000, 10 if quick else 30)
    report.add(*interactions.markdown(interactions.measure_all(quick)))
    run_cpu(report, (1000,) if quick else (1000, 5000), 5.0 if quick else 20.0)
    run_memory(report, (1000,) if quick else (1000, 5000))
    run_startup(report)
    if not args.no_stack:
        run_end_to_end(report, (30,) if quick else (50, 100, 200, 300))
    report.add(f"Run took {time.monotonic() - began:.0f} s.", "")
    # Only what this run measured: explanations live in bench/NOTES.md, dated, apart.
    text = "\n".join(report.lines)
    output = args.output or (None if quick else RESULTS)
    if output is not None:
        output.write_text(text)
        print(f"wrote {output}", file=sys.stderr)
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 1
