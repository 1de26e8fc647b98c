"""The on-disk index: immutable generations of immutable segments, switched atomically.

Layout of ``index_dir``::

    CURRENT                name of the live generation, replaced atomically (os.replace)
    gen-000007/            one complete, immutable generation
        meta.json          embedder, dimension, counts, and its segments with the releases deleted from each
        seg-1f0c.../       one immutable segment: the releases one build added (or several segments merged)
            segment.sqlite releases (with the size and modification time of the file read, so unchanged
                           files are skipped) and passages (row == FAISS id == vectors.npy row)
            vectors.npy    normalised float32 passage vectors, reused by hash by later builds
            dense.faiss    FAISS inner-product index over the vectors
            bm25/          term frequencies (see bm25.py); scores use statistics of the whole generation
        seg-9a3e.../
    .lock                  held by the one indexer allowed to run

A generation holds its segments' files by hard link: a build that adds one release writes one small
segment and links the others (cost in proportion to the release, not the archive), and deleting a
release only lists it in meta.json. A build writes the new generation in a temporary folder, fsyncs
it, renames it into place and only then points CURRENT at it, so a reader (or a killed build) only
ever sees a complete generation; no file is changed once written, so a reader of an older generation
keeps working while newer ones are written and even after its folder is removed.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from . import bm25
from .bm25 import read_only_uri
from .errors import IndexFormatError, IndexMissingError, IndexWriteError, as_os_error
from .records import Hit

FORMAT_VERSION = 2  # 2: segments; 1: one SQLite, FAISS and bm25s index per generation (read by LegacyGeneration)
CURRENT = "CURRENT"
# Exact search stays under ~10 ms per question up to this many passages on a laptop core; above it
# an IVF index keeps latency flat at a measured recall (see BENCHMARKS.md). Decided per segment.
ANN_THRESHOLD = 200_000
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still loading it

Stamp = tuple[int, int]  # (size in bytes, modification time in ns) of a release file

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


def resolve_index_dir(index_dir: str | os.PathLike[str] | None) -> Path:
    """``index_dir``, else $KPU_ASSISTANT_INDEX, else ./index."""
    return Path(index_dir or os.environ.get("KPU_ASSISTANT_INDEX") or "index")


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None before the first build."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if re.fullmatch(r"gen-\d{6}", name) and path.is_dir() else None


def read_meta(generation: Path) -> dict:
    return json.loads((generation / "meta.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- reading


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
        for chunk in _chunks(sorted(release_ids), 500):
            marks = ",".join("?" * len(chunk))
            rows += [r for (r,) in self.db.execute(f"SELECT id FROM passages WHERE release_id IN ({marks})", chunk)]
        return np.array(sorted(rows), dtype=np.int64)

    def close(self) -> None:
        self.db.close()
        self.postings.close()


def _release_of(db: sqlite3.Connection, rows: int) -> np.ndarray:
    return np.fromiter((r for (r,) in db.execute("SELECT release_id FROM passages ORDER BY id")), dtype=np.int64, count=rows)


def passage_order(views: list[View]) -> np.ndarray:
    """A key per row that sorts the live passages of all segments by (source, paragraph, part).

    Passage ids follow the order passages were added, so ties (equal BM25 scores) broken by id would
    rank an updated index differently from a fresh build of the same releases. This key orders passages
    as a fresh build numbers them, so ties fall the same way however the index was built.
    """
    named = sorted(
        (source, n, rid)
        for n, view in enumerate(views)
        for rid, source in view.segment.db.execute("SELECT id, source FROM releases")
        if rid not in view.deleted
    )
    ranks: list[dict[int, int]] = [{} for _ in views]
    for rank, (_, n, rid) in enumerate(named):
        ranks[n][rid] = rank
    keys = []
    for view, rank_of in zip(views, ranks):
        release_of = view.segment.release_of
        table = np.full(int(release_of.max(initial=-1)) + 1, _UNRANKED, dtype=np.int64)  # deleted releases sort last
        if rank_of:
            table[list(rank_of)] = list(rank_of.values())
        starts = np.flatnonzero(np.diff(release_of, prepend=-1))  # each release's first row
        within = np.arange(len(release_of)) - np.repeat(starts, np.diff(np.append(starts, len(release_of))))
        keys.append(table[release_of] * _ROWS_PER_RELEASE + within)
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


_ROWS_PER_RELEASE = 1 << 24  # passages one release may have, far above any real one
_UNRANKED = 1 << 38  # above any release rank; times _ROWS_PER_RELEASE still fits in int64


@dataclass(frozen=True)
class View:
    """A segment as one generation sees it: where its rows start in the generation and which are deleted."""

    segment: Segment
    offset: int
    deleted: frozenset[int]  # release ids no longer live
    live: np.ndarray | None  # bool per row; None when none is deleted
    live_rows: int
    bitmap: np.ndarray | None  # the live rows for FAISS's IDSelectorBitmap (kept alive with the view)


def _view(segment: Segment, offset: int, deleted: frozenset[int]) -> View:
    if not deleted:
        return View(segment, offset, deleted, None, segment.rows, None)
    live = np.ones(segment.rows, dtype=bool)
    live[segment.rows_of(deleted)] = False
    return View(segment, offset, deleted, live, int(live.sum()), np.packbits(live, bitorder="little"))


class DenseIndex:
    """Inner-product search over the live rows of every segment, merged into one ranking."""

    def __init__(self, views: list[View], order: np.ndarray) -> None:
        self.views = views
        self.order = order
        self.ntotal = sum(v.live_rows for v in views)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Like ``faiss.Index.search``: scores and generation-wide ids, best first, padded with id -1."""
        if len(self.views) == 1 and self.views[0].live is None:
            return _search(self.views[0], queries, k)
        found = [_search(v, queries, min(k, v.live_rows)) for v in self.views if v.live_rows]
        scores = np.concatenate([s for s, _ in found], axis=1) if found else np.zeros((len(queries), 0), np.float32)
        ids = np.concatenate([i for _, i in found], axis=1) if found else np.zeros((len(queries), 0), np.int64)
        out_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        out_ids = np.full((len(queries), k), -1, dtype=np.int64)
        for q in range(len(queries)):
            valid = np.flatnonzero(ids[q] >= 0)
            order = valid[np.lexsort((self.order[ids[q][valid]], -scores[q][valid]))][:k]
            out_scores[q, : len(order)], out_ids[q, : len(order)] = scores[q][order], ids[q][order]
        return out_scores, out_ids


def _search(view: View, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    index = view.segment.dense
    assert index is not None, "a snapshot opened for a build does not search"
    params = None
    if view.bitmap is not None:
        selector = faiss.IDSelectorBitmap(view.segment.rows, faiss.swig_ptr(view.bitmap))
        if isinstance(index, faiss.IndexIVF):
            params = faiss.SearchParametersIVF(sel=selector, nprobe=view.segment.nprobe)
        else:
            params = faiss.SearchParameters(sel=selector)
    scores, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k, params=params)
    return scores, np.where(ids >= 0, ids + view.offset, -1)


class Vectors:
    """The passage vectors by generation-wide id (``vectors[ids]``), read from each segment's memory map."""

    def __init__(self, views: list[View], dim: int) -> None:
        self.views = views
        self.starts = np.array([v.offset for v in views], dtype=np.int64)
        self.shape = (sum(v.segment.rows for v in views), dim)

    def __array__(self, dtype: np.dtype | None = None, copy: bool | None = None) -> np.ndarray:
        """Every row's vector, deleted rows included (``np.asarray(snapshot.vectors)``)."""
        whole = np.concatenate([v.segment.vectors for v in self.views]) if self.views else np.zeros(self.shape, np.float32)
        return whole.astype(dtype or np.float32, copy=False)

    def __getitem__(self, ids: Iterable[int]) -> np.ndarray:
        ids = np.asarray(list(ids), dtype=np.int64)
        out = np.zeros((len(ids), self.shape[1]), dtype=np.float32)
        where = np.searchsorted(self.starts, ids, side="right") - 1
        for n, view in enumerate(self.views):
            mine = np.flatnonzero(where == n)
            if mine.size:
                out[mine] = view.segment.vectors[ids[mine] - view.offset]
        return out


class Snapshot:
    """One generation opened for reading. Safe to share between threads.

    Passage ids run over the generation's segments in order (deleted rows keep their ids and are never
    returned). ``size`` is the number of live passages, ``rows`` the id range.

    ``reuse``: the snapshot of an earlier generation of the same index, whose loaded segments this one
    shares instead of loading them again (a server picks up a new generation at the cost of its new
    segments). ``search=False`` skips loading the FAISS indexes: what a build needs.
    """

    def __init__(self, path: Path, reuse: Snapshot | None = None, search: bool = True) -> None:
        self.path = path
        self.meta: dict = read_meta(path)
        if self.meta.get("format") != FORMAT_VERSION:
            raise IndexFormatError(_format_message(path.parent, self.meta.get("format")))
        loaded = {s.name: s for s in reuse.segments} if reuse is not None and reuse.searchable == search else {}
        self.searchable = search
        self.segments: list[Segment] = []
        self.views: list[View] = []
        offset = 0
        for info in self.meta["segments"]:
            segment = loaded.get(info["name"]) or Segment(path / info["name"], info, dense=search)
            self.segments.append(segment)
            self.views.append(_view(segment, offset, frozenset(info.get("deleted", ()))))
            offset += segment.rows
        self.rows = offset
        self.size = sum(v.live_rows for v in self.views)
        # Ranks passages with equal scores as a fresh build of the same releases would (see passage_order).
        self.order = passage_order(self.views) if search else np.zeros(0, dtype=np.int64)
        self.dense = DenseIndex(self.views, self.order)
        self.bm25 = bm25.KeywordIndex([bm25.Part(v.segment.postings, v.offset, v.live) for v in self.views], self.rows)
        self.vectors = Vectors(self.views, int(self.meta["dim"]))
        self._catalog: dict[str, tuple[int, int, Stamp | None]] | None = None

    @property
    def embedder_spec(self) -> str:
        return str(self.meta["embedder"])

    def _locate(self, ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
        """view number -> [(id, row within the segment)] for live ids."""
        by_view: dict[int, list[tuple[int, int]]] = {}
        starts = self.vectors.starts
        for pid in ids:
            n = int(np.searchsorted(starts, pid, side="right")) - 1
            if 0 <= n < len(self.views) and pid - self.views[n].offset < self.views[n].segment.rows:
                view = self.views[n]
                row = int(pid) - view.offset
                if view.live is None or view.live[row]:
                    by_view.setdefault(n, []).append((int(pid), row))
        return by_view

    def hits(self, ids: list[int], scores: list[float]) -> list[Hit]:
        """Hits for passage ids in the given order."""
        by_id: dict[int, tuple] = {}
        for n, pairs in self._locate(ids).items():
            rows = {row: pid for pid, row in pairs}
            marks = ",".join("?" * len(rows))
            for row in self.views[n].segment.db.execute(
                "SELECT p.id, p.text, p.paragraph, p.page, r.title, r.date, r.url, r.source "
                f"FROM passages p JOIN releases r ON r.id = p.release_id WHERE p.id IN ({marks})",
                list(rows),
            ):
                by_id[rows[row[0]]] = row
        return [
            Hit(text=r[1], score=float(s), title=r[4], date=r[5], url=r[6], paragraph=r[2], page=r[3], source=r[7])
            for i, s in zip(ids, scores)
            if (r := by_id.get(int(i)))
        ]

    def catalog(self) -> dict[str, tuple[int, int, Stamp | None]]:
        """source -> (view number, release id, file stamp) of every live release; read once (a build asks
        again), and kept to plain tuples: at a million passages there are a hundred thousand of them."""
        if self._catalog is None:
            catalog = {}
            for n, view in enumerate(self.views):
                for source, rid, size, mtime in view.segment.db.execute("SELECT source, id, size, mtime_ns FROM releases"):
                    if rid not in view.deleted:
                        catalog[source] = (n, rid, None if size is None or mtime is None else (size, mtime))
            self._catalog = catalog
        return self._catalog

    def live_releases(self, sources: Iterable[str] | None = None) -> list[LiveRelease]:
        """The live releases with these sources (all by default), with their file stamps and where they are stored."""
        catalog = self.catalog()
        wanted: dict[int, list[int]] = {}
        for source in catalog if sources is None else sources:
            n, rid, _ = catalog[source]
            wanted.setdefault(n, []).append(rid)
        found = []
        for n, rids in wanted.items():
            view = self.views[n]
            for chunk in _chunks(sorted(rids), 500):
                marks = ",".join("?" * len(chunk))
                for rid, source, title, date, place, url in view.segment.db.execute(
                    f"SELECT id, source, title, date, place, url FROM releases WHERE id IN ({marks})", chunk
                ):
                    found.append(LiveRelease(ReleaseRow(source, title, date, place, url), catalog[source][2], view.segment.name, rid))
        return found

    def releases(self) -> list[ReleaseRow]:
        return sorted((r.row for r in self.live_releases()), key=lambda r: r.source)

    def file_stamps(self) -> dict[str, Stamp]:
        """source -> (size, modification time in ns) of the files read unchanged into this generation."""
        return {source: stamp for source, (_, _, stamp) in self.catalog().items() if stamp is not None}

    def stored_passages(self, releases: list[LiveRelease]) -> dict[str, list[StoredPassage]]:
        """source -> its passages in paragraph order, with their BM25 words and vectors."""
        views = {v.segment.name: v for v in self.views}
        result: dict[str, list[StoredPassage]] = {}
        by_segment: dict[str, dict[int, str]] = {}
        for release in releases:
            by_segment.setdefault(release.segment, {})[release.id] = release.row.source
        for name, sources in by_segment.items():
            segment = views[name].segment
            for chunk in _chunks(sorted(sources), 500):
                marks = ",".join("?" * len(chunk))
                rows = segment.db.execute(
                    "SELECT id, release_id, paragraph, part, page, text, hash, tokens FROM passages "
                    f"WHERE release_id IN ({marks}) ORDER BY id",
                    chunk,
                ).fetchall()
                vectors = np.asarray(segment.vectors[[r[0] for r in rows]], dtype=np.float32) if rows else None
                for n, (_, rid, paragraph, part, page, text, hash_, tokens) in enumerate(rows):
                    source = sources[rid]
                    row = PassageRow(source, paragraph, part, page, text, hash_)
                    result.setdefault(source, []).append(StoredPassage(row, tokens.split(), vectors[n]))
        return result

    def find(self, hashes: set[str]) -> dict[str, tuple[np.ndarray, list[str]]]:
        """hash -> (vector, BM25 words) of any stored passage with that hash, deleted or not."""
        found: dict[str, tuple[np.ndarray, list[str]]] = {}
        for segment in self.segments:
            wanted = sorted(hashes - found.keys())
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                for row, hash_, tokens in segment.db.execute(
                    f"SELECT id, hash, tokens FROM passages WHERE hash IN ({marks})", chunk
                ):
                    found.setdefault(hash_, (np.asarray(segment.vectors[row], dtype=np.float32), tokens.split()))
        return found

    def passages(self) -> list[PassageRow]:
        """All live passages in id order."""
        rows: list[PassageRow] = []
        for view in self.views:
            for rid, *fields in view.segment.db.execute(
                "SELECT p.release_id, r.source, p.paragraph, p.part, p.page, p.text, p.hash "
                "FROM passages p JOIN releases r ON r.id = p.release_id ORDER BY p.id"
            ):
                if rid not in view.deleted:
                    rows.append(PassageRow(*fields))
        return rows

    def check(self) -> list[str]:
        """Disagreements between meta.json, SQLite, FAISS, the vectors and BM25 (none in a sound generation)."""
        problems = []
        for info, view in zip(self.meta["segments"], self.views):
            segment = view.segment
            (count,) = segment.db.execute("SELECT count(*) FROM passages").fetchone()
            sizes = {"meta": segment.rows, "sqlite": count, "vectors": segment.vectors.shape[0],
                     "bm25": len(segment.postings.lengths)}
            if segment.dense is not None:
                sizes["faiss"] = segment.dense.ntotal
            if len(set(sizes.values())) != 1:
                problems.append(f"{segment.name}: sizes disagree {sizes}")
            if info.get("live", view.live_rows) != view.live_rows:
                problems.append(f"{segment.name}: meta says {info.get('live')} live passages, found {view.live_rows}")
        if self.meta.get("passages") != self.size:
            problems.append(f"meta says {self.meta.get('passages')} passages, found {self.size}")
        return problems

    def close(self) -> None:
        """Close every segment; not for a snapshot whose segments another one reuses."""
        for segment in self.segments:
            segment.close()


def _format_message(index_dir: Path, found: object) -> str:
    if isinstance(found, int) and found > FORMAT_VERSION:
        return (f"index at {index_dir} was written by a newer kpu-assistant (format {found}); "
                "upgrade kpu-assistant, or build a new index in another folder")
    return f"index at {index_dir} was written by an earlier kpu-assistant; update it with: kpu-assistant index"


def open_snapshot(index_dir: Path) -> Snapshot:
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissingError(
            f"no index in {index_dir}; build it first with: kpu-assistant index corpus/ --index-dir {index_dir}"
        )
    return Snapshot(generation)


class LegacyGeneration:
    """A generation of format 1 (one SQLite, vectors and bm25s index), read once to update it to segments.

    Offers what a build takes from its previous generation, so an index written by an earlier version
    is updated without embedding again what it holds.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta = read_meta(path)
        self.db = sqlite3.connect(read_only_uri(path / "index.sqlite"), uri=True, check_same_thread=False)
        self.vectors: np.ndarray = np.load(path / "vectors.npy", mmap_mode="r", allow_pickle=False)

    @property
    def embedder_spec(self) -> str:
        return str(self.meta["embedder"])

    def file_stamps(self) -> dict[str, Stamp]:
        try:
            rows = self.db.execute("SELECT source, size, mtime_ns FROM files").fetchall()
        except sqlite3.OperationalError:  # written before files were recorded
            return {}
        return {source: (size, mtime) for source, size, mtime in rows}

    def live_releases(self) -> list[LiveRelease]:
        stamps = self.file_stamps()
        rows = self.db.execute("SELECT id, source, title, date, place, url FROM releases").fetchall()
        return [LiveRelease(ReleaseRow(*fields), stamps.get(fields[0]), "legacy", rid) for rid, *fields in rows]

    def _rows(self) -> Iterator[tuple[int, PassageRow, str]]:
        try:
            rows = self.db.execute(
                "SELECT p.id, r.source, p.paragraph, p.part, p.page, p.text, p.hash, p.tokens "
                "FROM passages p JOIN releases r ON r.id = p.release_id ORDER BY p.id"
            ).fetchall()
        except sqlite3.OperationalError:  # written before BM25's words were kept
            rows = [(*r, "") for r in self.db.execute(
                "SELECT p.id, r.source, p.paragraph, p.part, p.page, p.text, p.hash "
                "FROM passages p JOIN releases r ON r.id = p.release_id ORDER BY p.id"
            )]
        for pid, *fields, tokens in rows:
            yield pid, PassageRow(*fields), tokens

    def stored_passages(self, releases: list[LiveRelease]) -> dict[str, list[StoredPassage]]:
        wanted = {r.row.source for r in releases}
        result: dict[str, list[StoredPassage]] = {}
        for pid, row, tokens in self._rows():
            if row.source in wanted:
                result.setdefault(row.source, []).append(StoredPassage(row, tokens.split(), np.asarray(self.vectors[pid])))
        return result

    def find(self, hashes: set[str]) -> dict[str, tuple[np.ndarray, list[str]]]:
        return {row.hash: (np.asarray(self.vectors[pid]), tokens.split()) for pid, row, tokens in self._rows() if row.hash in hashes}

    def passages(self) -> list[PassageRow]:
        return [row for _, row, _ in self._rows()]

    def close(self) -> None:
        self.db.close()


def open_previous(generation: Path) -> Snapshot | LegacyGeneration:
    """The live generation opened for a build: without its FAISS indexes, an older format read as such."""
    if read_meta(generation).get("format") == 1:
        return LegacyGeneration(generation)
    return Snapshot(generation, search=False)


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class Carried:
    """A segment of the live generation that the next one keeps, and the releases deleted from it."""

    segment: Segment
    deleted: frozenset[int]
    live: int


def write_generation(
    index_dir: Path,
    releases: list[ReleaseRow],
    passages: list[PassageRow],
    vectors: np.ndarray,
    bm25_tokens: list[list[str]],
    meta: dict,
    stamps: dict[str, Stamp] | None = None,
) -> Path:
    """Write a generation holding exactly these rows (one segment) and make it the live one."""
    content = NewSegment(releases, passages, vectors, bm25_tokens, stamps or {})
    return commit_generation(index_dir, [], content if passages else None, {**meta, "releases": len(releases)})


def commit_generation(index_dir: Path, carried: list[Carried], new: NewSegment | None, meta: dict) -> Path:
    """Write a generation of the carried segments (linked, not copied) and a new one, and make it live.

    ``meta`` holds the embedder, its dimension and the number of live releases.

    Raises IndexWriteError when the disk or the folder refuses a write before the switch: then the
    live generation is unchanged and whatever this build wrote is removed.
    """
    tmp = index_dir / f".tmp-{uuid.uuid4().hex}"
    pointer = index_dir / f".{CURRENT}.{uuid.uuid4().hex}"
    target: Path | None = None
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        segments = []
        for kept in carried:
            static = {k: v for k, v in kept.segment.info.items() if k not in ("deleted", "live")}
            segments.append({**static, "deleted": sorted(kept.deleted), "live": kept.live})
            _link_tree(kept.segment.path, tmp / kept.segment.name)
        if new is not None:
            name = f"seg-{uuid.uuid4().hex[:16]}"
            segments.append({"name": name, **_write_segment(tmp / name, new), "deleted": [], "live": len(new.passages)})
        full_meta = {
            "format": FORMAT_VERSION,
            **meta,
            "passages": sum(s["live"] for s in segments),
            "faiss": max(segments, key=lambda s: s["rows"])["faiss"] if segments else "flat",
            "segments": segments,
        }
        (tmp / "meta.json").write_text(json.dumps(full_meta, indent=1), encoding="utf-8")
        _fsync_tree(tmp)
        target = index_dir / f"gen-{_next_number(index_dir):06d}"
        os.rename(tmp, target)
        pointer.write_text(target.name + "\n", encoding="utf-8")
        _fsync_file(pointer)
        os.replace(pointer, index_dir / CURRENT)
    except BaseException as exc:
        # Nothing points at what this build wrote: remove it now (the next build would, under its lock).
        shutil.rmtree(tmp, ignore_errors=True)
        pointer.unlink(missing_ok=True)
        if target is not None and current_generation(index_dir) != target:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, OSError):
            raise IndexWriteError(index_dir, exc) from exc
        raise
    _fsync_dir(index_dir)
    remove_stale(index_dir)
    return target


def remove_stale(index_dir: Path) -> None:
    """Delete leftovers of killed builds and generations older than the ones kept. Caller holds the lock.

    A segment's files go with the last generation linking them.
    """
    live = current_generation(index_dir)
    for leftover in index_dir.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in index_dir.glob(f".{CURRENT}.*"):
        leftover.unlink(missing_ok=True)
    generations = sorted(p for p in index_dir.glob("gen-*") if p.is_dir())
    # Generations newer than the live one were renamed into place by a build killed before the switch.
    keep = [g for g in generations if live is not None and g.name <= live.name][-KEEP_GENERATIONS:]
    for generation in generations:
        if generation not in keep:
            shutil.rmtree(generation, ignore_errors=True)


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


def _write_segment(folder: Path, content: NewSegment) -> dict:
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


# A file system without hard links (some network and FUSE mounts) gets copies instead: slower, same result.
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def _link_tree(source: Path, target: Path) -> None:
    """Mirror a segment folder by hard links: its files are never changed, so generations can share them."""
    target.mkdir()
    for entry in sorted(source.iterdir()):
        if entry.is_dir():
            _link_tree(entry, target / entry.name)
            continue
        try:
            os.link(entry, target / entry.name)
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            shutil.copy2(entry, target / entry.name)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _next_number(index_dir: Path) -> int:
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if re.fullmatch(r"gen-\d{6}", p.name)]
    return max(numbers, default=0) + 1


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync_file(path)


def _fsync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            _fsync_file(Path(folder) / name)
        _fsync_dir(Path(folder))
