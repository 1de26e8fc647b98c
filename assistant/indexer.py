"""Build or update the index from release files: incremental, atomic, one indexer at a time.

`build_index` lists and reads the files (skipping those unchanged since the last build) and hands the
result to `build` as `BuildInputs`; `assistant.update` works out what the next generation writes.
"""
from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from tqdm import tqdm

from . import update
from .cache import CACHE
from .embed import Embedder
from .errors import IndexLockedError, IndexWriteError
from .ingest import IngestError, listed_release_files, read_release
from .records import BuildReport, Release
from .store import Stamp, current_generation, open_previous, remove_stale, resolve_index_dir
from .text import TOKENIZER_VERSION
from .update import EmbedPassages, Previous

BATCH = 32


def embed_locally(model: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
    """The default embedding hook (see `update.EmbedPassages`): here, BATCH texts at a time."""
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


@dataclass(frozen=True)
class BuildInputs:
    """What one build makes the index hold; `build` writes it.

    The index ends up with ``releases`` (each replacing the live release of the same source, if any)
    and the live releases named in ``keep``; every other live release is removed. Passages whose
    text was indexed before reuse their vectors; the others get theirs from ``embed``.
    """

    releases: Sequence[Release] = ()
    keep: frozenset[str] = frozenset()  # sources of live releases not read again that stay as they are
    stamps: Mapping[str, Stamp] = field(default_factory=dict)  # (size, mtime ns) of the files read: skipped next time
    embedder: str | None = None  # spec; None: the live index's, else the default
    embed: EmbedPassages = embed_locally  # where new passages are embedded (assistant.cluster.ClusterEmbedding: Dask)
    progress: bool = False


def build(inputs: BuildInputs, index_dir: str | os.PathLike[str] | None = None) -> BuildReport:
    """Write ``inputs`` as the next generation of ``index_dir`` (under the writer lock)."""
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with index_lock(directory), _previous_generation(directory) as previous:
        return _write(inputs, directory, previous, started)


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
    started = time.perf_counter()
    directory = resolve_index_dir(index_dir)
    with _bulk():
        files = listed_release_files(paths)  # before taking the lock: a missing folder creates no index
    with index_lock(directory), _previous_generation(directory) as previous:
        _embedder(embedder, previous)  # a bad embedder name fails before any file is read
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
        inputs = BuildInputs(releases, frozenset(keep), stamps, embedder, embed, progress)
        report = _write(inputs, directory, previous, started)
    return replace(report, errors=tuple(errors))


def build_from_releases(
    releases: Iterable[Release],
    index_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    progress: bool = False,
    embed: EmbedPassages = embed_locally,
) -> BuildReport:
    """Make ``releases`` (already read, e.g. by the evaluation) the content of the index."""
    return build(BuildInputs(tuple(releases), embedder=embedder, embed=embed, progress=progress), index_dir)


def _write(inputs: BuildInputs, directory: Path, previous: Previous | None, started: float) -> BuildReport:
    model = _embedder(inputs.embedder, previous)
    meta = {"embedder": model.spec, "dim": model.dim, "reader": READER_VERSION, "tokenizer": TOKENIZER_VERSION}
    job = update.Write(directory, model, inputs.embed, inputs.progress, meta, previous, inputs.keep, inputs.stamps)
    counts = update.write(list(inputs.releases), job)
    return BuildReport(*counts, seconds=time.perf_counter() - started)


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
