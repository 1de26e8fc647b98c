"""The rows of the index as the store reads and writes them (one module so every part agrees on them)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Stamp = tuple[int, int]  # (size in bytes, modification time in ns) of a release file


@dataclass(frozen=True)
class ReleaseRow:
    source: str
    title: str
    date: str | None
    place: str | None
    url: str | None


@dataclass(frozen=True)
class PassageRow:
    source: str
    paragraph: int
    part: int
    page: int | None
    text: str
    hash: str  # of the embedder spec and the exact text it embedded


@dataclass(frozen=True)
class NewSegment:
    """The content of a segment to write; passages in row order, their vectors and BM25 words alike."""

    releases: list[ReleaseRow]
    passages: list[PassageRow]
    vectors: np.ndarray
    tokens: list[list[str]]
    stamps: dict[str, Stamp] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredPassage:
    """A passage as an earlier generation stored it, with what a build can reuse."""

    row: PassageRow
    tokens: list[str]
    vector: np.ndarray


@dataclass(frozen=True)
class LiveRelease:
    """A release searchable in a generation, and where it is stored."""

    row: ReleaseRow
    stamp: Stamp | None
    segment: str
    id: int  # within the segment
