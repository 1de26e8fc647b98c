"""Build or update the index from release files: incremental, atomic, one indexer at a time."""
from __future__ import annotations

import fcntl
import gc
import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import merge
from .cache import CACHE
from .chunk import chunk_release, with_context
from .embed import Embedder
from .errors import IndexLockedError, IndexWriteError
from .ingest import IngestError, listed_release_files, read_release
from .merge import SegmentSize
from .records import BuildReport, Release
from .store import (
    Carried,
    LegacyGeneration,
    NewSegment,
    PassageRow,
    ReleaseRow,
    Snapshot,
    Stamp,
    StoredPassage,
    commit_generation,
    current_generation,
    open_previous,
    remove_stale,
    resolve_index_dir,
)
from .text import TOKENIZER_VERSION, tokenize

Previous = Snapshot | LegacyGeneration

BATCH = 32


@contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock; a second indexer fails at once with a clear message."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock_file = open(index_dir / ".lock", "a+", encoding="utf-8")
    except OSError as exc:  # a read-only or full disk, or a file where the folder should be
        raise IndexWriteError(index_dir, exc) from exc
    with lock_file as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise IndexLockedError(
                f"another indexer (pid {holder}) is updating {index_dir}; wait for it to finish and run again"
            ) from None
        handle.seek(0)
        handle.truncate()
        try:
            # Unbuffered, so a failed write is not retried (and raised again) when the file closes.
            os.write(handle.fileno(), str(os.getpid()).encode())
        except OSError:
            pass  # a full disk: the pid only names the holder to a second indexer, and this build may free space
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


# Bump when ingest or chunking would turn the same file into different passages: the next build then
# re-reads every file instead of trusting unchanged sizes and modification times.
READER_VERSION = 2  # 2: passages are embedded with their release's title and place
# A file modified this recently may change again within the file system's timestamp granularity
# without its size or modification time changing, so its stamp is not trusted on the next build.
STABLE_NS = 2_000_000_000


def build_index(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
    reread: bool = False,
) -> BuildReport:
    """Index the release files under ``paths`` (files or folders) into ``index_dir``.

    A file whose size and modification time are those recorded by the last build is not read again
    (``reread=True`` reads every file). Only new or changed paragraphs are embedded; releases whose
    files are gone are dropped; a file that cannot be read is reported in ``BuildReport.errors``
    and, if it was indexed before, keeps its last good passages.
    """
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with _bulk():
        files = listed_release_files(paths)  # before taking the lock: a missing folder creates no index
    with index_lock(directory), _previous_generation(directory) as previous:
        model = _embedder(embedder, previous)  # a bad embedder name fails before any file is read
        releases: list[Release] = []
        errors: list[str] = []
        keep: set[str] = set()
        stamps: dict[str, Stamp] = {}
        with _bulk():
            known = previous.file_stamps() if previous and not reread and previous.meta.get("reader") == READER_VERSION else {}
            for source, stat in tqdm(files, desc="reading", unit="file") if progress else files:
                stamp = (stat.st_size, stat.st_mtime_ns) if stat else None
                if stamp is not None and known.get(source) == stamp:
                    keep.add(source)  # unchanged since the last build: its passages are reused as they are
                    stamps[source] = stamp
                    continue
                try:
                    releases.append(read_release(source))
                except IngestError as exc:
                    errors.append(str(exc))
                    keep.add(source)  # the last good passages, if any, stay searchable
                    continue
                if stamp is not None and time.time_ns() - stamp[1] > STABLE_NS:
                    stamps[source] = stamp
        report = _build(releases, directory, model, previous, keep, stamps, progress, started)
    return replace(report, errors=tuple(errors))


def build_from_releases(
    releases: Iterable[Release],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
) -> BuildReport:
    """Make ``releases`` (already read, e.g. by the evaluation) the content of the index."""
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with index_lock(directory), _previous_generation(directory) as previous:
        return _build(list(releases), directory, _embedder(embedder, previous), previous, set(), {}, progress, started)


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while the files are listed and compared with the index.

    That makes hundreds of thousands of small objects, none in cycles: collecting after every few
    hundred of them, and then once over all of them, took a third of the time of adding a release to a
    million-passage index. Afterwards they go to the oldest generation unscanned (freeze, then unfreeze:
    two list splices); reference counting frees them as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


@contextmanager
def _previous_generation(directory: Path) -> Iterator[Previous | None]:
    """The live generation, opened for the build (caller holds the lock), after removing stale ones."""
    remove_stale(directory)
    generation = current_generation(directory)
    previous = open_previous(generation) if generation else None
    try:
        yield previous
    finally:
        if previous:
            previous.close()


def _embedder(spec: str | None, previous: Previous | None) -> Embedder:
    """The embedder asked for, else the one the live index was built with, else the default."""
    return CACHE.embedder(spec or (previous.embedder_spec if previous else None))


def _build(
    releases: list[Release],
    directory: Path,
    model: Embedder,
    previous: Previous | None,
    keep_sources: set[str],
    stamps: dict[str, Stamp],
    progress: bool,
    started: float,
) -> BuildReport:
    read_releases, read_passages = rows_of(releases, model.spec)
    if (
        isinstance(previous, Snapshot)
        and previous.embedder_spec == model.spec
        and previous.meta.get("tokenizer") == TOKENIZER_VERSION
    ):
        counts = _update(read_releases, read_passages, directory, model, previous, keep_sources, stamps, progress)
    else:
        counts = _rebuild(read_releases, read_passages, directory, model, previous, keep_sources, stamps, progress)
    return BuildReport(*counts, seconds=time.perf_counter() - started)


Counts = tuple[int, int, int, int]  # releases, added, removed, kept (as in BuildReport)


def _update(
    read_releases: list[ReleaseRow],
    read_passages: list[PassageRow],
    directory: Path,
    model: Embedder,
    previous: Snapshot,
    keep_sources: set[str],
    stamps: dict[str, Stamp],
    progress: bool,
) -> Counts:
    """Write only what changed: one segment with the added releases (and any segments merged into it),
    the deleted releases listed in the next generation, every other segment linked as it is."""
    catalog = previous.catalog()
    read = {r.source: r for r in read_releases}
    read_rows: dict[str, list[PassageRow]] = {}
    for row in read_passages:
        read_rows.setdefault(row.source, []).append(row)
    gone = [source for source in catalog if source not in keep_sources and source not in read]
    live = {r.row.source: r for r in previous.live_releases([*gone, *(s for s in read if s in catalog)])}
    stored = previous.stored_passages(list(live.values()))
    changed = [s for s in read if s not in live or not _same(live[s].row, stored.get(s, []), read[s], read_rows.get(s, []))]
    if not changed and not gone:
        return len(catalog), 0, 0, previous.size
    # Re-read unchanged files whose stamp is now known go in with the rest, so they are skipped next time.
    restamped = [s for s in read if s not in changed and stamps.get(s) not in (None, live[s].stamp)]
    added = changed + restamped
    deleted = [live[s] for s in [*gone, *added] if s in live]

    dropped_rows: dict[str, int] = {}
    dropped_ids: dict[str, set[int]] = {}
    for release in deleted:
        dropped_rows[release.segment] = dropped_rows.get(release.segment, 0) + len(stored.get(release.row.source, []))
        dropped_ids.setdefault(release.segment, set()).add(release.id)
    sizes = [SegmentSize(v.segment.name, v.segment.rows, v.live_rows - dropped_rows.get(v.segment.name, 0)) for v in previous.views]
    added_rows = [row for s in added for row in read_rows.get(s, [])]
    merged = merge.plan(sizes, len(added_rows))
    carried = [
        Carried(v.segment, v.deleted | dropped_ids.get(v.segment.name, set()), size.live)
        for v, size in zip(previous.views, sizes)
        if v.segment.name not in merged
    ]

    leaving = set(added) | set(gone)
    moved = previous.live_releases(
        s for s, (n, _, _) in catalog.items() if previous.views[n].segment.name in merged and s not in leaving
    )
    moved_passages = previous.stored_passages(moved)
    known = {p.row.hash: (p.vector, p.tokens) for s in [*gone, *added] for p in stored.get(s, [])}
    new = _segment(
        [read[s] for s in added] + [r.row for r in moved],
        added_rows,
        [p for r in moved for p in moved_passages.get(r.row.source, [])],
        known, previous, model, progress,
        {**{r.row.source: r.stamp for r in moved if r.stamp}, **{s: stamps[s] for s in added if s in stamps}},
    )
    releases = len(catalog) - len(deleted) + len(added)
    commit_generation(directory, carried, new if new.passages else None, _meta(model, releases))
    removed_hashes = [p.row.hash for r in deleted for p in stored.get(r.row.source, [])]
    kept = _multiset_overlap([r.hash for r in added_rows], removed_hashes)
    return releases, len(added_rows) - kept, len(removed_hashes) - kept, previous.size - len(removed_hashes) + kept


def _rebuild(
    read_releases: list[ReleaseRow],
    read_passages: list[PassageRow],
    directory: Path,
    model: Embedder,
    previous: Previous | None,
    keep_sources: set[str],
    stamps: dict[str, Stamp],
    progress: bool,
) -> Counts:
    """Write every passage into one new segment: the first build, or a new embedder, tokenizer or index format.

    Vectors are still reused by hash where the embedder is the same, so an index of an earlier format
    is updated without embedding again.
    """
    release_rows, passage_rows = list(read_releases), list(read_passages)
    old_hashes: list[str] = []
    same_model = previous is not None and previous.embedder_spec == model.spec
    if previous is not None:
        read = {r.source for r in read_releases}
        kept_releases = [r for r in previous.live_releases() if r.row.source in keep_sources and r.row.source not in read]
        stored = previous.stored_passages(kept_releases)
        release_rows += [r.row for r in kept_releases]
        passage_rows += [p.row for r in kept_releases for p in stored.get(r.row.source, [])]
        old_hashes = [row.hash for row in previous.passages()]
    if not same_model:  # the hash covers the embedder: kept passages are new to this one
        texts = embedded_texts(release_rows, passage_rows)
        passage_rows = [replace(r, hash=_hash(model.spec, t)) for r, t in zip(passage_rows, texts)]
    known: dict[str, tuple[np.ndarray, list[str]]] = {}
    if previous is not None and same_model:
        known = previous.find({r.hash for r in passage_rows})
        if previous.meta.get("tokenizer") != TOKENIZER_VERSION:
            known = {h: (vector, []) for h, (vector, _) in known.items()}
    new = _segment(release_rows, passage_rows, [], known, None, model, progress,
                   {s: stamps[s] for s in (r.source for r in release_rows) if s in stamps})
    commit_generation(directory, [], new if new.passages else None, _meta(model, len(new.releases)))
    kept = _multiset_overlap([r.hash for r in new.passages], old_hashes) if same_model else 0
    return len(new.releases), len(new.passages) - kept, len(old_hashes) - kept, kept


def _segment(
    release_rows: list[ReleaseRow],
    passage_rows: list[PassageRow],
    stored: list[StoredPassage],
    known: dict[str, tuple[np.ndarray, list[str]]],
    previous: Snapshot | None,
    model: Embedder,
    progress: bool,
    stamps: dict[str, Stamp],
) -> NewSegment:
    """A new segment's content, in index order: ``passage_rows`` get vectors and words from ``known``, then
    from ``previous`` by hash, else are embedded and tokenised; ``stored`` passages come with theirs."""
    release_rows = sorted(release_rows, key=lambda r: r.source)
    texts = embedded_texts(release_rows, passage_rows)
    missing = {r.hash for r in passage_rows} - known.keys()
    if previous is not None and missing:
        known = {**known, **previous.find(missing)}
    rows = passage_rows + [p.row for p in stored]
    vectors = np.zeros((len(rows), model.dim), dtype=np.float32)
    tokens: list[list[str]] = [[] for _ in rows]
    embed: list[int] = []
    for i, (row, text) in enumerate(zip(passage_rows, texts)):
        vector, words = known.get(row.hash, (None, []))
        if vector is None:
            embed.append(i)
        else:
            vectors[i] = vector
        tokens[i] = words or tokenize(text)
    for i, passage in enumerate(stored, start=len(passage_rows)):
        vectors[i], tokens[i] = passage.vector, passage.tokens
    with tqdm(total=len(embed), desc="embedding", unit="para", disable=not progress or not embed) as bar:
        for start in range(0, len(embed), BATCH):
            batch = embed[start : start + BATCH]
            vectors[batch] = model.embed_passages([texts[i] for i in batch])
            bar.update(len(batch))
    order = sorted(range(len(rows)), key=lambda i: (rows[i].source, rows[i].paragraph, rows[i].part))
    return NewSegment(release_rows, [rows[i] for i in order], vectors[order], [tokens[i] for i in order], stamps)


def _same(old: ReleaseRow, stored: list[StoredPassage], new: ReleaseRow, rows: list[PassageRow]) -> bool:
    """Whether a re-read release holds exactly what the index has for it (then nothing needs writing)."""
    return old == new and [p.row for p in stored] == sorted(rows, key=lambda p: (p.paragraph, p.part))


def _meta(model: Embedder, releases: int) -> dict:
    return {"embedder": model.spec, "dim": model.dim, "reader": READER_VERSION, "tokenizer": TOKENIZER_VERSION,
            "releases": releases}


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


def _hash(spec: str, text: str) -> str:
    return hashlib.sha256(f"{spec}\x00{text}".encode()).hexdigest()


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
