"""When segments are merged: few enough segments for fast questions, little rewriting per update.

Each update writes one new segment (the added releases). Segments are grouped in size levels of
FACTOR (1-3 passages, 4-15, 16-63, ...). When the new segment's level and the levels below it hold
FACTOR - 1 other segments, they are all merged into the new one, which moves up a level, and the
check repeats. So there are at most FACTOR - 1 segments per level (about 25 at a million passages,
usually half that), and a passage is rewritten about once per level it climbs: adding a release
costs a few times its own size on average. The expensive merges (into the largest segments) come
once in many thousands of updates. A segment with more than half its passages deleted is merged too,
so deleted passages never take up more than about half of the index.
"""
from __future__ import annotations

from dataclasses import dataclass

FACTOR = 4
PURGE_SHARE = 0.5  # merge a segment once more than this share of its rows is deleted
MAX_SEGMENTS = 32  # a backstop: the levels keep the count well below it


@dataclass(frozen=True)
class SegmentSize:
    name: str
    rows: int  # passages stored, deleted or not
    live: int  # passages still searchable


def level(passages: int, factor: int = FACTOR) -> int:
    """0 for 0-3 passages at factor 4, 1 for 4-15, 2 for 16-63, ..."""
    n, result = max(passages, 1), 0
    while n >= factor:
        n //= factor
        result += 1
    return result


def plan(segments: list[SegmentSize], added: int, factor: int = FACTOR) -> set[str]:
    """Names of the segments whose live passages go into the new segment along with ``added`` new passages."""
    chosen = {s.name for s in segments if s.rows and s.live < (1 - PURGE_SHARE) * s.rows}
    size = added + sum(s.live for s in segments if s.name in chosen)
    while True:
        rest = [s for s in segments if s.name not in chosen]
        peers = [s for s in rest if level(s.live, factor) <= level(size, factor)]
        if len(peers) >= factor - 1:
            chosen |= {s.name for s in peers}
            size += sum(s.live for s in peers)
            continue
        if len(rest) + 1 > MAX_SEGMENTS:
            smallest = min(rest, key=lambda s: s.live)
            chosen.add(smallest.name)
            size += smallest.live
            continue
        return chosen
