"""Breakout update JSON: one snapshot of 1,000 participants in 100 rooms, parsed and applied.

The JSON has the shape the breakout-rooms component sends (``features/breakout-rooms/update``,
rooms keyed by id, participants keyed by occupant JID with ``displayName``, ``jid``, ``role``).
Applied onto a conference that already knows everyone from their presences, as it would.
"""

from __future__ import annotations

import gc
import json
import time

from bench.stream import DOMAIN, MUC, ROOM, people
from tui.jitsi.breakout import parse_update
from tui.jitsi.presence import PresenceContext
from tui.model.conference import Conference, Participant
from tui.model.events import ParticipantPresent
from tui.model.reduce import apply

BREAKOUT_MUC = f"breakout.{DOMAIN}"


def update_json(n: int, rooms: int) -> str:
    """The component's update with ``n`` people spread over the main room and breakouts."""
    crowd = people(n)
    data: dict[str, object] = {}
    for r in range(rooms):
        key = ROOM if r == 0 else f"{r:08x}-4b1d-4e2a-9c3f-0123456789ab"
        muc = MUC if r == 0 else BREAKOUT_MUC
        members = {
            f"{key}@{muc}/{p.nick}": {
                "displayName": p.name,
                "jid": p.real_jid,
                "role": "participant",
            }
            for p in crowd[r::rooms]
        }
        data[key] = {
            "id": key,
            "jid": f"{key}@{muc}",
            "name": "Main room" if r == 0 else f"Room {r}",
            "isMainRoom": r == 0,
            "participants": members,
        }
    return json.dumps(
        {
            "type": "breakout_rooms",
            "event": "features/breakout-rooms/update",
            "roomCounter": rooms - 1,
            "rooms": data,
        }
    )


def known(n: int) -> Conference:
    """A conference where all ``n`` arrived by presence in the main room."""
    conference = Conference.empty(ROOM, f"{ROOM}@{MUC}")
    for p in people(n):
        conference = apply(
            conference, ParticipantPresent(Participant(p.nick, p.name, ROOM, p.real_jid))
        )
    return conference


def breakout_update(n: int = 1000, rooms: int = 100, runs: int = 5) -> tuple[float, float, int]:
    """Best-of-``runs`` seconds for (parse_update, apply), and the payload size in bytes."""
    text = update_json(n, rooms)
    base = known(n)
    ctx = PresenceContext()
    parse_best = apply_best = float("inf")
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        snapshot = parse_update(text, ctx)
        t1 = time.perf_counter()
        assert snapshot is not None
        after = apply(base, snapshot)
        t2 = time.perf_counter()
        assert len(after.rooms) == rooms and len(after.participants) == n
        parse_best = min(parse_best, t1 - t0)
        apply_best = min(apply_best, t2 - t1)
    return parse_best, apply_best, len(text.encode())


if __name__ == "__main__":
    parse_s, apply_s, size = breakout_update()
    print(f"parse {parse_s * 1e3:.2f} ms, apply {apply_s * 1e3:.2f} ms, {size} bytes")
