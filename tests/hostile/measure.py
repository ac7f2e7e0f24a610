"""Measures the hostile suites share: how big a parsed value is for whoever walks it."""

from __future__ import annotations

from typing import Any


def logical_size(value: Any) -> int:
    """Characters of every string plus one per node, counting shared objects every time.

    A consumer that walks or serialises the config pays this much, even when the parser shares
    one string object between many keys; iterative, so a deep value cannot break the measure.
    """
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        total += 1
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += sum(len(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return total
