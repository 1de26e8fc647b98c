"""Build or update the index from release files: incremental, atomic, one indexer at a time."""
from __future__ import annotations

import fcntl
import hashlib
import os
import time
from dataclasses import replace
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from tqdm import tqdm

from .chunk import chunk_release
from .cache import CACHE
from .embed import Embedder
from .ingest import IngestError, find_release_files, read_release
from .records import BuildReport, Release
from .store import (
    IndexWriteError,
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


class IndexLockedError(RuntimeError):
    """Another indexer is writing the same index."""


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


def build_index(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
) -> BuildReport:
    """Index the release files under ``paths`` (files or folders) into ``index_dir``.

    Only new or changed paragraphs are embedded; releases whose files are gone are dropped; a file
    that cannot be read is reported in ``BuildReport.errors`` and, if it was indexed before, keeps
    its last good passages.
    """
    files = find_release_files(paths)
    releases: list[Release] = []
    errors: list[str] = []
    failed: set[str] = set()
    for path in files:
        try:
            releases.append(read_release(path))
        except IngestError as exc:
            errors.append(str(exc))
            failed.add(str(path))
    return build_from_releases(releases, index_dir, embedder, progress, errors, keep_sources=failed)


def build_from_releases(
    releases: Iterable[Release],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
    errors: Iterable[str] = (),
    keep_sources: Iterable[str] = (),
) -> BuildReport:
    """Make ``releases`` the content of the index (plus the old passages of ``keep_sources``)."""
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with index_lock(directory):
        remove_stale(directory)
        generation = current_generation(directory)
        previous = Snapshot(generation) if generation else None
        try:
            model = CACHE.embedder(embedder or (previous.embedder_spec if previous else None))
            report = _build(list(releases), directory, model, previous, set(keep_sources), progress, started)
        finally:
            if previous:
                previous.close()
    return replace(report, errors=tuple(errors))


def _build(
    releases: list[Release],
    directory: Path,
    model: Embedder,
    previous: Snapshot | None,
    keep_sources: set[str],
    progress: bool,
    started: float,
) -> BuildReport:
    release_rows = [ReleaseRow(r.source, r.title, r.date, r.place, r.url) for r in releases]
    passage_rows: list[PassageRow] = []
    for release in releases:
        for passage in chunk_release(release):
            passage_rows.append(
                PassageRow(release.source, passage.paragraph, passage.part, passage.page, passage.text, _hash(model.spec, passage.text))
            )

    old_rows: list[PassageRow] = []
    old_vectors = np.zeros((0, model.dim), dtype=np.float32)
    if previous is not None:
        old_rows = previous.passages()
        old_vectors = previous.vectors
        kept_releases = [r for r in previous.releases() if r.source in keep_sources]
        release_rows.extend(kept_releases)
        kept_sources = {r.source for r in kept_releases}
        passage_rows.extend(replace(r, hash=_hash(model.spec, r.text)) for r in old_rows if r.source in kept_sources)

    # Releases come in file order; sorting makes the result independent of the order of arrival.
    order = sorted(range(len(passage_rows)), key=lambda i: (passage_rows[i].source, passage_rows[i].paragraph, passage_rows[i].part))
    passage_rows = [passage_rows[i] for i in order]
    release_rows.sort(key=lambda r: r.source)

    reusable = {row.hash: i for i, row in enumerate(old_rows)} if previous and previous.embedder_spec == model.spec else {}
    vectors = np.zeros((len(passage_rows), model.dim), dtype=np.float32)
    missing = [i for i, row in enumerate(passage_rows) if row.hash not in reusable]
    for i, row in enumerate(passage_rows):
        if row.hash in reusable:
            vectors[i] = old_vectors[reusable[row.hash]]
    titles = {r.source: r.title for r in release_rows}
    with tqdm(total=len(missing), desc="embedding", unit="para", disable=not progress or not missing) as bar:
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors[batch] = model.embed_passages([passage_rows[i].text for i in batch])
            bar.update(len(batch))

    new_hashes = [row.hash for row in passage_rows]
    old_hashes = [row.hash for row in old_rows]
    digest = _digest(release_rows, passage_rows)
    unchanged = previous is not None and previous.meta.get("digest") == digest and previous.embedder_spec == model.spec
    if not unchanged:
        # The title goes into BM25 with every paragraph: it is the paragraph's context for keyword search.
        bm25_tokens = [tokenize(f"{titles[row.source]} {row.text}") for row in passage_rows]
        meta = {"embedder": model.spec, "dim": model.dim, "digest": digest}
        write_generation(directory, release_rows, passage_rows, vectors, bm25_tokens, meta)
    kept = _multiset_overlap(new_hashes, old_hashes) if reusable else 0
    return BuildReport(
        releases=len(release_rows),
        added=len(passage_rows) - kept,
        removed=len(old_rows) - kept,
        kept=kept,
        seconds=time.perf_counter() - started,
    )


def _hash(spec: str, text: str) -> str:
    return hashlib.sha256(f"{spec}\x00{text}".encode()).hexdigest()


def _digest(releases: list[ReleaseRow], passages: list[PassageRow]) -> str:
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
