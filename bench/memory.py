"""Peak RSS of the whole console (app, table, slixmpp, model) holding N participants.

``python -m bench.memory N`` runs the (d) join storm of :mod:`bench.ui` in a fresh process,
then prints its peak RSS (``VmHWM``: unlike ``ru_maxrss`` it starts afresh at ``exec``, so
the parent's size does not leak in) in MiB; :func:`peak_rss` starts that process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss(n: int) -> float:
    """Peak resident set size in MiB of a console that took in ``n`` participants."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.memory", str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    count = int(sys.argv[1])
    if count:
        from bench.ui import ui_ingest

        ui_ingest(count)
    else:
        import tui.jitsi.client
        import tui.ui.app  # noqa: F401  (the baseline: everything imported, nobody there)
    status = Path("/proc/self/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    print(int(kib) / 1024)
