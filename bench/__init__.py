"""Benchmarks of jitsi-tui in large meetings: ``.venv/bin/python -m bench [--quick]``.

Each module measures one thing and returns plain figures; :mod:`bench.run` runs them all and
writes ``bench/RESULTS.md``.
"""
