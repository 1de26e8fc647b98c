"""Build or update the index from release files: incremental, atomic, one indexer at a time."""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from tqdm import tqdm

from .cache import CACHE
from .chunk import chunk_release, with_context
from .embed import Embedder
from .errors import IndexLockedError, IndexWriteError
from .ingest import IngestError, find_release_files, read_release
from .records import BuildReport, Release
from .store import (
    PassageRow,
    ReleaseRow,
    Snapshot,
    current_generation,
    remove_stale,
    resolve_index_dir,
    write_generation,
)
from .text import TOKENIZER_VERSION, tokenize

BATCH = 32

# Where the vectors of the passages to embed are computed: (embedder, texts, progress) -> one row per
# text. Locally by default; assistant.cluster.ClusterEmbedding sends them to a Dask cluster.
EmbedPassages = Callable[[Embedder, list[str], bool], np.ndarray]


def embed_locally(model: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
    vectors = np.zeros((len(texts), model.dim), dtype=np.float32)
    with tqdm(total=len(texts), desc="embedding", unit="para", disable=not progress or not texts) as bar:
        for start in range(0, len(texts), BATCH):
            vectors[start : start + BATCH] = model.embed_passages(texts[start : start + BATCH])
            bar.update(len(texts[start : start + BATCH]))
    return vectors


@contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock; a second indexer fails at once with a clear message.

    filelock picks the operating system's lock (flock on Linux and macOS, msvcrt on Windows); the
    lock file also names the holder's pid for the second indexer's message.
    """
    path = index_dir / ".lock"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        # Opened here first: a read-only or full disk, or a file where the folder should be, shows up as
        # that, not as a lock that cannot be taken.
        open(path, "a", encoding="utf-8").close()
    except OSError as exc:
        raise IndexWriteError(index_dir, exc) from exc
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        holder = path.read_text(encoding="utf-8", errors="replace").strip() or "unknown"
        raise IndexLockedError(
            f"another indexer (pid {holder}) is updating {index_dir}; wait for it to finish and run again"
        ) from None
    try:
        _write_quietly(path, str(os.getpid()))
        yield
    finally:
        _write_quietly(path, "")
        lock.release()


def _write_quietly(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        pass  # a full disk: the pid only names the holder to a second indexer, and this build may free space


# Bump when ingest or chunking would turn the same file into different passages: the next build then
# re-reads every file instead of trusting unchanged sizes and modification times.
READER_VERSION = 3  # 2: passages embedded with their release's title and place; 3: Markdown "2023." wrapped lines kept
# A file modified this recently may change again within the file system's timestamp granularity
# without its size or modification time changing, so its stamp is not trusted on the next build.
STABLE_NS = 2_000_000_000

Stamp = tuple[int, int]  # (size in bytes, modification time in ns)


def build_index(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
    reread: bool = False,
    embed: EmbedPassages = embed_locally,
) -> BuildReport:
    """Index the release files under ``paths`` (files or folders) into ``index_dir``.

    A file whose size and modification time are those recorded by the last build is not read again
    (``reread=True`` reads every file). Only new or changed paragraphs are embedded (by ``embed``);
    releases whose files are gone are dropped; a file that cannot be read is reported in
    ``BuildReport.errors`` and, if it was indexed before, keeps its last good passages.
    """
    files = find_release_files(paths)
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with index_lock(directory), _previous_generation(directory) as previous:
        model = _embedder(embedder, previous)  # a bad embedder name fails before any file is read
        known = previous.file_stamps() if previous and not reread and previous.meta.get("reader") == READER_VERSION else {}
        releases: list[Release] = []
        errors: list[str] = []
        keep: set[str] = set()
        stamps: dict[str, Stamp] = {}
        for path in tqdm(files, desc="reading", unit="file", disable=not progress):
            source, stamp = str(path), _stamp(path)
            if stamp is not None and known.get(source) == stamp:
                keep.add(source)  # unchanged since the last build: its passages are reused as they are
                stamps[source] = stamp
                continue
            try:
                releases.append(read_release(path))
            except IngestError as exc:
                errors.append(str(exc))
                keep.add(source)  # the last good passages, if any, stay searchable
                continue
            if stamp is not None and time.time_ns() - stamp[1] > STABLE_NS:
                stamps[source] = stamp
        report = _build(releases, directory, model, previous, keep, stamps, progress, started, embed)
    return replace(report, errors=tuple(errors))


def build_from_releases(
    releases: Iterable[Release],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
    embed: EmbedPassages = embed_locally,
) -> BuildReport:
    """Make ``releases`` (already read, e.g. by the evaluation) the content of the index."""
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with index_lock(directory), _previous_generation(directory) as previous:
        return _build(list(releases), directory, _embedder(embedder, previous), previous, set(), {}, progress, started, embed)


@contextmanager
def _previous_generation(directory: Path) -> Iterator[Snapshot | None]:
    """The live generation, opened for the build (caller holds the lock), after removing stale ones."""
    remove_stale(directory)
    generation = current_generation(directory)
    previous = Snapshot(generation) if generation else None
    try:
        yield previous
    finally:
        if previous:
            previous.close()


def _stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None  # read_release reports it
    return info.st_size, info.st_mtime_ns


def _embedder(spec: str | None, previous: Snapshot | None) -> Embedder:
    """The embedder asked for, else the one the live index was built with, else the default."""
    return CACHE.embedder(spec or (previous.embedder_spec if previous else None))


def _build(
    releases: list[Release],
    directory: Path,
    model: Embedder,
    previous: Snapshot | None,
    keep_sources: set[str],
    stamps: dict[str, Stamp],
    progress: bool,
    started: float,
    embed: EmbedPassages = embed_locally,
) -> BuildReport:
    release_rows, passage_rows = rows_of(releases, model.spec)
    old_rows: list[PassageRow] = []
    old_releases: list[ReleaseRow] = []
    old_vectors = np.zeros((0, model.dim), dtype=np.float32)
    if previous is not None:
        old_rows, old_releases = previous.passages(), previous.releases()
        old_vectors = previous.vectors
        kept_releases = [r for r in old_releases if r.source in keep_sources]
        release_rows.extend(kept_releases)
        kept_sources = {r.source for r in kept_releases}
        same_model = previous.embedder_spec == model.spec
        passage_rows.extend(r for r in old_rows if r.source in kept_sources)

    release_rows, passage_rows = in_index_order(release_rows, passage_rows)
    texts = embedded_texts(release_rows, passage_rows)
    if previous is not None and not same_model:
        passage_rows = [replace(r, hash=_hash(model.spec, t)) if r.source in kept_sources else r for r, t in zip(passage_rows, texts)]

    reusable = {row.hash: i for i, row in enumerate(old_rows)} if previous and previous.embedder_spec == model.spec else {}
    vectors = np.zeros((len(passage_rows), model.dim), dtype=np.float32)
    missing = [i for i, row in enumerate(passage_rows) if row.hash not in reusable]
    found = [i for i, row in enumerate(passage_rows) if row.hash in reusable]
    if found:
        vectors[found] = old_vectors[[reusable[passage_rows[i].hash] for i in found]]
    if missing:
        vectors[missing] = embed(model, [texts[i] for i in missing], progress)

    new_hashes = [row.hash for row in passage_rows]
    old_hashes = [row.hash for row in old_rows]
    digest = content_digest(release_rows, passage_rows)
    unchanged = previous is not None and previous.meta.get("digest") == digest and previous.embedder_spec == model.spec
    if not unchanged:
        meta = {"embedder": model.spec, "dim": model.dim, "digest": digest, "reader": READER_VERSION, "tokenizer": TOKENIZER_VERSION}
        tokens = bm25_tokens(texts, passage_rows, _known_tokens(previous, old_rows))
        write_generation(directory, release_rows, passage_rows, vectors, tokens, meta, stamps)
    kept = _multiset_overlap(new_hashes, old_hashes) if reusable else 0
    return BuildReport(
        releases=len(release_rows),
        added=len(passage_rows) - kept,
        removed=len(old_rows) - kept,
        kept=kept,
        seconds=time.perf_counter() - started,
    )


def rows_of(releases: list[Release], spec: str) -> tuple[list[ReleaseRow], list[PassageRow]]:
    """The index rows of releases read from files: one per release, one per chunk of a paragraph."""
    release_rows = [ReleaseRow(r.source, r.title, r.date, r.place, r.url) for r in releases]
    passage_rows = [
        PassageRow(
            release.source, passage.paragraph, passage.part, passage.page, passage.text,
            _hash(spec, with_context(release.title, release.place, passage.text)),
        )
        for release in releases
        for passage in chunk_release(release)
    ]
    return release_rows, passage_rows


def embedded_texts(release_rows: list[ReleaseRow], passage_rows: list[PassageRow]) -> list[str]:
    """What is embedded and BM25-indexed for each passage: the passage with its release's title and place."""
    releases = {r.source: r for r in release_rows}
    return [with_context(releases[p.source].title, releases[p.source].place, p.text) for p in passage_rows]


def in_index_order(release_rows: list[ReleaseRow], passage_rows: list[PassageRow]) -> tuple[list[ReleaseRow], list[PassageRow]]:
    """Rows sorted by source, then paragraph and part: releases come in file order, and sorting makes
    the index independent of the order of arrival."""
    return (sorted(release_rows, key=lambda r: r.source),
            sorted(passage_rows, key=lambda p: (p.source, p.paragraph, p.part)))


def bm25_tokens(texts: list[str], passage_rows: list[PassageRow], known: dict[str, list[str]] | None = None) -> list[list[str]]:
    """BM25's words of each passage's embedded text (the title and place go in with every paragraph).

    ``known`` holds the words of passages already indexed, by hash (which covers that text);
    tokenising all of them again was the largest cost of adding one release to a large index.
    """
    known = known or {}
    return [known.get(row.hash) or tokenize(text) for text, row in zip(texts, passage_rows)]


def _known_tokens(previous: Snapshot | None, old_rows: list[PassageRow]) -> dict[str, list[str]]:
    """The previous generation's BM25 words by passage hash, when made by this tokenizer."""
    if previous is None or previous.meta.get("tokenizer") != TOKENIZER_VERSION:
        return {}
    tokens = previous.passage_tokens()
    if tokens is None:
        return {}
    return {row.hash: words for row, words in zip(old_rows, tokens)}


def _hash(spec: str, text: str) -> str:
    return hashlib.sha256(f"{spec}\x00{text}".encode()).hexdigest()


def content_digest(releases: list[ReleaseRow], passages: list[PassageRow]) -> str:
    h = hashlib.sha256(f"tokenizer {TOKENIZER_VERSION}".encode())
    for r in releases:
        h.update(repr((r.source, r.title, r.date, r.place, r.url)).encode())
    for p in passages:
        h.update(repr((p.source, p.paragraph, p.part, p.page, p.hash)).encode())
    return h.hexdigest()


def _multiset_overlap(a: list[str], b: list[str]) -> int:
    counts: dict[str, int] = {}
    for x in b:
        counts[x] = counts.get(x, 0) + 1
    overlap = 0
    for x in a:
        if counts.get(x, 0) > 0:
            counts[x] -= 1
            overlap += 1
    return overlap
