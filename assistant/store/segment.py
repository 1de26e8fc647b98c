"""One segment on disk: the releases one build added (or several segments merged), written once and
then only read.

A segment's folder::

    segment.sqlite   releases (with the size and modification time of the file read, so unchanged files
                     are skipped) and passages (row == FAISS id == vectors.npy row)
    vectors.npy      normalised float32 passage vectors, reused by hash by later builds
    dense.faiss      FAISS inner-product index over the vectors (exact, or IVF above ANN_THRESHOLD rows)
    bm25/            term frequencies (see assistant/bm25.py)

Rows are stored by (source, paragraph, part), so each release's rows are consecutive.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .. import bm25
from ..bm25 import read_only_uri
from ..errors import as_os_error
from .rows import NewSegment

# Exact search stays under ~10 ms per question up to this many passages on a laptop core; above it
# an IVF index keeps latency flat at a measured recall (see BENCHMARKS.md). Decided per segment.
ANN_THRESHOLD = 200_000

SCHEMA = """
CREATE TABLE releases (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    date TEXT, place TEXT, url TEXT,
    size INTEGER, mtime_ns INTEGER  -- the file's stamp when read; NULL: read it again next time
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY, release_id INTEGER NOT NULL REFERENCES releases(id),
    paragraph INTEGER NOT NULL, part INTEGER NOT NULL, page INTEGER,
    text TEXT NOT NULL, hash TEXT NOT NULL,
    tokens TEXT NOT NULL  -- BM25's words, space-separated: later builds reuse them for the same passage
);
"""
# Created after the rows are in: faster than keeping them up to date row by row.
INDEXES = """
CREATE INDEX passages_release ON passages(release_id);
CREATE INDEX passages_hash ON passages(hash);
"""


class Segment:
    """One segment opened read-only. Immutable, so it is shared by the snapshots of every generation holding it."""

    def __init__(self, path: Path, info: dict, dense: bool = True) -> None:
        self.path = path  # where it was opened; a build links its files from there into the next generation
        self.name = path.name
        self.info = info
        self.rows = int(info["rows"])
        self.db = sqlite3.connect(read_only_uri(path / "segment.sqlite"), uri=True, check_same_thread=False)
        # Memory-mapped: builds reuse rows by hash without loading the whole matrix.
        self.vectors: np.ndarray = np.load(path / "vectors.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
        self.dense: faiss.Index | None = faiss.read_index(str(path / "dense.faiss")) if dense else None
        self.nprobe = int(info.get("nprobe", 16))
        if isinstance(self.dense, faiss.IndexIVF):
            self.dense.nprobe = self.nprobe
        self.postings = bm25.Postings(path / "bm25")
        # Rows are stored by (source, paragraph, part), so each release's rows are consecutive.
        self.release_of = _release_of(self.db, self.rows) if dense else np.zeros(0, dtype=np.int64)

    def rows_of(self, release_ids: Iterable[int]) -> np.ndarray:
        """Row numbers of the passages of these releases."""
        rows: list[int] = []
        for chunk in chunks(sorted(release_ids), 500):
            marks = ",".join("?" * len(chunk))
            rows += [r for (r,) in self.db.execute(f"SELECT id FROM passages WHERE release_id IN ({marks})", chunk)]
        return np.array(sorted(rows), dtype=np.int64)

    def close(self) -> None:
        self.db.close()
        self.postings.close()


def _release_of(db: sqlite3.Connection, rows: int) -> np.ndarray:
    return np.fromiter((r for (r,) in db.execute("SELECT release_id FROM passages ORDER BY id")), dtype=np.int64, count=rows)


@dataclass(frozen=True)
class View:
    """A segment as one generation sees it: where its rows start in the generation and which are deleted."""

    segment: Segment
    offset: int
    deleted: frozenset[int]  # release ids no longer live
    live: np.ndarray | None  # bool per row; None when none is deleted
    live_rows: int
    bitmap: np.ndarray | None  # the live rows for FAISS's IDSelectorBitmap (kept alive with the view)


def view_of(segment: Segment, offset: int, deleted: frozenset[int]) -> View:
    if not deleted:
        return View(segment, offset, deleted, None, segment.rows, None)
    live = np.ones(segment.rows, dtype=bool)
    live[segment.rows_of(deleted)] = False
    return View(segment, offset, deleted, live, int(live.sum()), np.packbits(live, bitorder="little"))


def build_faiss(vectors: np.ndarray) -> tuple[faiss.Index, dict]:
    """Exact inner-product search for small collections, IVF above ANN_THRESHOLD passages."""
    count, dim = vectors.shape
    if count < ANN_THRESHOLD:
        index = faiss.IndexFlatIP(dim)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return index, {"faiss": "flat"}
    nlist = int(4 * np.sqrt(count))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = vectors[np.sort(rng.choice(count, size=min(count, nlist * 40), replace=False))]
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    for start in range(0, count, 100_000):
        index.add(np.ascontiguousarray(vectors[start : start + 100_000], dtype=np.float32))
    return index, {"faiss": f"ivf{nlist}", "nprobe": 32}


def write_segment(folder: Path, content: NewSegment) -> dict:
    """Write one segment's files; returns its static facts for meta.json."""
    folder.mkdir()
    _write_sqlite(folder / "segment.sqlite", content)
    np.save(folder / "vectors.npy", np.ascontiguousarray(content.vectors, dtype=np.float32), allow_pickle=False)
    dense, dense_meta = build_faiss(content.vectors)
    try:
        faiss.write_index(dense, str(folder / "dense.faiss"))
    except RuntimeError as exc:  # FAISS reports a failed write as a RuntimeError
        raise as_os_error(exc) from exc
    _write_bm25(folder / "bm25", content.tokens)
    return {"rows": len(content.passages), **dense_meta}


def _write_sqlite(path: Path, content: NewSegment) -> None:
    db = sqlite3.connect(path)
    try:
        # A new file in a folder nothing points at yet: the whole generation is fsynced before the switch,
        # so SQLite's own journal and syncs would only slow the build down.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA)
        release_ids = {r.source: i for i, r in enumerate(content.releases)}
        db.executemany(
            "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, r.source, r.title, r.date, r.place, r.url, *content.stamps.get(r.source, (None, None)))
             for i, r in enumerate(content.releases)],
        )
        db.executemany(
            "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((i, release_ids[p.source], p.paragraph, p.part, p.page, p.text, p.hash, " ".join(words))
             for i, (p, words) in enumerate(zip(content.passages, content.tokens, strict=True))),
        )
        db.executescript(INDEXES)
        db.commit()
    except sqlite3.OperationalError as exc:  # "database or disk is full", "attempt to write a readonly database"
        raise as_os_error(exc) from exc
    finally:
        db.close()


def _write_bm25(folder: Path, tokens: list[list[str]]) -> None:
    bm25.write_postings(folder, tokens)


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

