"""The on-disk index: immutable generations under one directory, switched atomically.

Layout of ``index_dir``::

    CURRENT              name of the live generation, replaced atomically (os.replace)
    gen-000007/          one complete, immutable generation
        meta.json        embedder, dimension, FAISS type, counts, content digest
        index.sqlite     releases, passages (passage id == FAISS row == vectors.npy row) and the
                         size and modification time of each file read, so unchanged files are skipped
        vectors.npy      normalised float32 passage vectors, reused by the next incremental build
        dense.faiss      FAISS inner-product index over the vectors
        bm25/            bm25s index (numpy arrays and JSON; nothing is unpickled)
    .lock                held by the one indexer allowed to run

A build writes a new generation in a temporary folder, fsyncs it, renames it into place and only
then points CURRENT at it, so a reader (or a killed build) only ever sees a complete generation.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from .errors import IndexFormatError, IndexMissingError, IndexWriteError, as_os_error
from .records import Hit
from .settings import Settings

FORMAT_VERSION = 1
CURRENT = "CURRENT"
# Exact search stays under ~10 ms per question up to this many passages on a laptop core; above it
# an IVF index keeps latency flat at a measured recall (see BENCHMARKS.md).
ANN_THRESHOLD = 200_000
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still loading it

SCHEMA = """
CREATE TABLE releases (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    date TEXT, place TEXT, url TEXT
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY, release_id INTEGER NOT NULL REFERENCES releases(id),
    paragraph INTEGER NOT NULL, part INTEGER NOT NULL, page INTEGER,
    text TEXT NOT NULL, hash TEXT NOT NULL,
    tokens TEXT NOT NULL  -- BM25's words, space-separated: the next build reuses them for unchanged passages
);
CREATE INDEX passages_release ON passages(release_id);
CREATE TABLE files (source TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
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


def resolve_index_dir(index_dir: str | os.PathLike[str] | None) -> Path:
    """``index_dir``, else $KPU_ASSISTANT_INDEX, else ./index."""
    return Path(index_dir) if index_dir else Settings.from_env().index_dir


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None before the first build."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if re.fullmatch(r"gen-\d{6}", name) and path.is_dir() else None


class Snapshot:
    """One generation opened for reading. Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta: dict = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if self.meta.get("format") != FORMAT_VERSION:
            raise IndexFormatError(f"index at {path.parent} has an old format; rebuild it with: kpu-assistant index")
        # immutable=1: the file never changes, so SQLite skips locking and can read it from any thread.
        uri = f"file:{(path / 'index.sqlite').as_posix()}?mode=ro&immutable=1"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.dense = faiss.read_index(str(path / "dense.faiss"))
        if isinstance(self.dense, faiss.IndexIVF):
            self.dense.nprobe = int(self.meta.get("nprobe", 16))
        self.bm25 = bm25s.BM25.load(str(path / "bm25"), mmap=False, load_corpus=False)
        self.size = int(self.meta["passages"])
        # Memory-mapped: the next build reuses rows by hash without loading the whole matrix.
        self.vectors: np.ndarray = np.load(path / "vectors.npy", mmap_mode="r", allow_pickle=False)

    @property
    def embedder_spec(self) -> str:
        return str(self.meta["embedder"])

    def hits(self, ids: list[int], scores: list[float]) -> list[Hit]:
        """Hits for passage ids in the given order."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT p.id, p.text, p.paragraph, p.page, r.title, r.date, r.url, r.source "
            f"FROM passages p JOIN releases r ON r.id = p.release_id WHERE p.id IN ({marks})",
            [int(i) for i in ids],
        ).fetchall()
        by_id = {row[0]: row for row in rows}
        return [
            Hit(text=r[1], score=float(s), title=r[4], date=r[5], url=r[6], paragraph=r[2], page=r[3], source=r[7])
            for i, s in zip(ids, scores)
            if (r := by_id.get(int(i)))
        ]

    def releases(self) -> list[ReleaseRow]:
        rows = self.db.execute("SELECT source, title, date, place, url FROM releases ORDER BY source").fetchall()
        return [ReleaseRow(*row) for row in rows]

    def file_stamps(self) -> dict[str, tuple[int, int]]:
        """source -> (size, modification time in ns) of the files read unchanged into this generation."""
        try:
            rows = self.db.execute("SELECT source, size, mtime_ns FROM files").fetchall()
        except sqlite3.OperationalError:  # a generation written before files were recorded
            return {}
        return {source: (size, mtime) for source, size, mtime in rows}

    def passage_tokens(self) -> list[list[str]] | None:
        """BM25's words of every passage in id order; None for a generation written before they were kept."""
        try:
            rows = self.db.execute("SELECT tokens FROM passages ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return None
        return [text.split() for (text,) in rows]

    def passages(self) -> list[PassageRow]:
        """All passages in id order."""
        rows = self.db.execute(
            "SELECT r.source, p.paragraph, p.part, p.page, p.text, p.hash "
            "FROM passages p JOIN releases r ON r.id = p.release_id ORDER BY p.id"
        ).fetchall()
        return [PassageRow(*row) for row in rows]

    def close(self) -> None:
        self.db.close()


def open_snapshot(index_dir: Path) -> Snapshot:
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissingError(
            f"no index in {index_dir}; build it first with: kpu-assistant index corpus/ --index-dir {index_dir}"
        )
    return Snapshot(generation)


def write_generation(
    index_dir: Path,
    releases: list[ReleaseRow],
    passages: list[PassageRow],
    vectors: np.ndarray,
    bm25_tokens: list[list[str]],
    meta: dict,
    stamps: dict[str, tuple[int, int]] | None = None,
) -> Path:
    """Write a complete generation and make it the live one. Returns its folder.

    Raises IndexWriteError when the disk or the folder refuses a write before the switch: then the
    live generation is unchanged and whatever this build wrote is removed.
    """
    tmp = index_dir / f".tmp-{uuid.uuid4().hex}"
    pointer = index_dir / f".{CURRENT}.{uuid.uuid4().hex}"
    target: Path | None = None
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        _write_sqlite(tmp / "index.sqlite", releases, passages, bm25_tokens, stamps or {})
        np.save(tmp / "vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        dense, dense_meta = build_faiss(vectors)
        try:
            faiss.write_index(dense, str(tmp / "dense.faiss"))
        except RuntimeError as exc:  # FAISS reports a failed write as a RuntimeError
            raise as_os_error(exc) from exc
        _write_bm25(tmp / "bm25", bm25_tokens)
        full_meta = {"format": FORMAT_VERSION, "passages": len(passages), "releases": len(releases), **dense_meta, **meta}
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
    """Delete leftovers of killed builds and generations older than the ones kept. Caller holds the lock."""
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


def _write_sqlite(
    path: Path,
    releases: list[ReleaseRow],
    passages: list[PassageRow],
    tokens: list[list[str]],
    stamps: dict[str, tuple[int, int]],
) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        release_ids = {r.source: i for i, r in enumerate(releases)}
        db.executemany(
            "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?)",
            [(i, r.source, r.title, r.date, r.place, r.url) for i, r in enumerate(releases)],
        )
        db.executemany(
            "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, release_ids[p.source], p.paragraph, p.part, p.page, p.text, p.hash, " ".join(words))
             for i, (p, words) in enumerate(zip(passages, tokens, strict=True))],
        )
        files = [(source, *stamp) for source, stamp in stamps.items() if source in release_ids]
        db.executemany("INSERT INTO files VALUES (?, ?, ?)", files)
        db.commit()
    except sqlite3.OperationalError as exc:  # "database or disk is full", "attempt to write a readonly database"
        raise as_os_error(exc) from exc
    finally:
        db.close()


def _write_bm25(folder: Path, tokens: list[list[str]]) -> None:
    # bm25s cannot index an empty corpus or an empty vocabulary; a placeholder token keeps it valid.
    corpus = [t or ["\u2205"] for t in tokens] or [["\u2205"]]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    retriever.save(str(folder))


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
