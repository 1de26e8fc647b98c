"""BM25 over immutable segments: term frequencies are stored per segment, and scores are computed at
query time from the statistics of every live passage (passage count, mean length, document
frequencies), so adding a segment never rewrites the others.

bm25s stores finished scores, and each of them depends on corpus-wide statistics: adding one release
meant rebuilding all of them (two thirds of adding a release to a 100K-passage index). The scores here
are those bm25s gave over the same live passages, to the last bit (method "lucene", k1 1.5, b 0.75:
the same formulas with the same float32/float64 steps, added up in the same order), which
tests/test_bm25.py checks against bm25s itself.

A segment's BM25 folder::

    terms.sqlite   term -> column of the postings (looked up per question, never loaded whole)
    indptr.npy     int64, postings of column c are [indptr[c], indptr[c + 1])
    docs.npy       int32 passage row (within the segment) of each posting, ascending per term
    tfs.npy        float32 count of the term in that passage
    lengths.npy    int32 words per passage (at least 1)
"""
from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import quote

import numpy as np

K1 = 1.5
B = 0.75
# bm25s cannot index a passage without words, so the index gave such a passage one placeholder word:
# it counts as one word long, which keeps the mean length (and so every score) as it was.
MIN_LENGTH = 1


@dataclass(frozen=True)
class PostingsArrays:
    """The postings of one segment, before they are written."""

    terms: list[str]  # sorted; term i owns column i
    indptr: np.ndarray
    docs: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray


def build_postings(tokens: Sequence[Sequence[str]]) -> PostingsArrays:
    """Term frequencies of each passage's words, grouped by term (a CSC matrix passages x terms)."""
    count = len(tokens)
    flat = list(chain.from_iterable(tokens))
    # Sorted terms: the file does not depend on the order passages arrive in, and the lookup table is
    # filled in key order. set, sorted and map run in C: a Python loop over every word took seconds.
    terms = sorted(set(flat))
    column = {term: n for n, term in enumerate(terms)}
    ids = np.fromiter(map(column.__getitem__, flat), dtype=np.int64, count=len(flat))
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=count)
    rows = np.repeat(np.arange(count, dtype=np.int64), lengths)
    keys, tfs = np.unique(ids * max(count, 1) + rows, return_counts=True)  # sorted by term, then passage
    columns = keys // max(count, 1)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(columns, minlength=len(terms)), out=indptr[1:])
    return PostingsArrays(
        terms=terms,
        indptr=indptr,
        docs=(keys % max(count, 1)).astype(np.int32),
        tfs=tfs.astype(np.float32),
        lengths=np.maximum(lengths, MIN_LENGTH).astype(np.int32),
    )


def write_postings(folder: Path, tokens: Sequence[Sequence[str]]) -> None:
    """Write a segment's BM25 folder (see the module docstring); ``folder`` must not exist yet."""
    arrays = build_postings(tokens)
    folder.mkdir()
    for name in ("indptr", "docs", "tfs", "lengths"):
        np.save(folder / f"{name}.npy", getattr(arrays, name), allow_pickle=False)
    db = sqlite3.connect(folder / "terms.sqlite")
    try:
        # A new file in a folder nothing points at yet: the whole generation is fsynced before the switch.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE terms (term TEXT PRIMARY KEY, col INTEGER NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO terms VALUES (?, ?)", zip(arrays.terms, range(len(arrays.terms))))
        db.commit()
    finally:
        db.close()


COLUMN_CACHE = 100_000  # terms whose column a segment remembers; questions reuse most of their words


class Postings:
    """One segment's BM25 folder, opened read-only (memory-mapped). Immutable, so safe across threads."""

    def __init__(self, folder: Path) -> None:
        self.db = sqlite3.connect(read_only_uri(folder / "terms.sqlite"), uri=True, check_same_thread=False)
        # Plain arrays over the memory maps: slicing a np.memmap costs microseconds of Python each time.
        self.indptr = _mapped(folder / "indptr.npy")
        self.docs = _mapped(folder / "docs.npy")
        self.tfs = _mapped(folder / "tfs.npy")
        self.lengths: np.ndarray = np.load(folder / "lengths.npy", allow_pickle=False)
        self._columns: dict[str, int | None] = {}

    def columns(self, terms: set[str]) -> dict[str, int]:
        """term -> column of the terms this segment has."""
        missing = sorted(t for t in terms if t not in self._columns)
        if missing:
            if len(self._columns) > COLUMN_CACHE:
                self._columns = {}  # replaced, not cleared: another thread may be reading the old one
            found = dict(self.db.execute(f"SELECT term, col FROM terms WHERE term IN ({','.join('?' * len(missing))})", missing))
            self._columns.update({t: found.get(t) for t in missing})
        known = self._columns
        return {t: col for t in terms if (col := known.get(t)) is not None}

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class Part:
    """A segment as one generation sees it: where its rows start and which of them are live."""

    postings: Postings
    offset: int
    live: np.ndarray | None  # bool per row; None when every row is live


class KeywordIndex:
    """BM25 over the live passages of a generation's segments."""

    def __init__(self, parts: list[Part], rows: int) -> None:
        self.parts = parts
        self.rows = rows
        lengths = [p.postings.lengths if p.live is None else p.postings.lengths[p.live] for p in parts]
        self.count = sum(len(x) for x in lengths)
        total = sum(int(x.sum(dtype=np.int64)) for x in lengths)
        # bm25s divides the length of each passage by numpy's mean of them all: the same float64 value.
        mean = np.float64(total) / self.count if self.count else np.float64(1.0)
        self.norms = [K1 * ((1 - B) + B * p.postings.lengths.astype(np.float64) / mean) for p in parts]

    def _postings(self, term: str, columns: list[dict[str, int]]) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """Per segment holding the term: (part number, its live rows within the segment, their term counts)."""
        found = []
        for n, (part, cols) in enumerate(zip(self.parts, columns)):
            col = cols.get(term)
            if col is None:
                continue
            start, end = int(part.postings.indptr[col]), int(part.postings.indptr[col + 1])
            docs, tfs = part.postings.docs[start:end], part.postings.tfs[start:end]
            if part.live is not None:
                keep = part.live[docs]
                docs, tfs = docs[keep], tfs[keep]
            found.append((n, docs, tfs))
        return found

    def _idf(self, frequency: int) -> float:
        return math.log(1 + (self.count - frequency + 0.5) / (frequency + 0.5))

    def holders(self, term: str) -> tuple[np.ndarray, float]:
        """The live rows whose passage holds the term, and the term's idf (as the scores use it)."""
        found = self._postings(term, [p.postings.columns({term}) for p in self.parts])
        rows = [self.parts[n].offset + docs.astype(np.int64) for n, docs, _ in found]
        held = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return held, self._idf(len(held))

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every row for the query words (duplicates count twice, as in bm25s); 0 for deleted rows."""
        scores = np.zeros(self.rows, dtype=np.float32)
        if not tokens or not self.count:
            return scores
        columns = [p.postings.columns(set(tokens)) for p in self.parts]
        for term in tokens:
            found = self._postings(term, columns)
            frequency = sum(len(docs) for _, docs, _ in found)
            if not frequency:
                continue
            idf = np.float32(self._idf(frequency))
            for n, docs, tfs in found:
                # A term occurs once per passage in its postings, so plain fancy-index addition is exact.
                scores[self.parts[n].offset + docs] += (idf * (tfs / (self.norms[n][docs] + tfs))).astype(np.float32)
        return scores


def _mapped(path: Path) -> np.ndarray:
    return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)


def read_only_uri(path: Path) -> str:
    """SQLite URI of an immutable file: no locking, readable from any thread, never written."""
    return f"file:{quote(path.as_posix())}?mode=ro&immutable=1"
