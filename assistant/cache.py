"""The one piece of shared state: loaded embedders, their query batchers and the live index snapshot of
each index folder.

Every question checks the folder's CURRENT pointer (one small file read), so a server picks up a
rebuilt index on the next question, without a restart, and never sees a half-written one.
"""
from __future__ import annotations

import threading
from pathlib import Path

from .batching import QueryBatcher
from .embed import Embedder, load_embedder, resolve_spec
from .errors import IndexChangingError, IndexMissingError
from .store import Snapshot, current_generation


class IndexCache:
    """Thread-safe cache of embedders and query batchers by spec and snapshots by index folder."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[Path, Snapshot] = {}
        self._embedders: dict[str, Embedder] = {}
        self._batchers: dict[str, QueryBatcher] = {}

    def embedder(self, spec: str | None = None) -> Embedder:
        key = resolve_spec(spec)
        with self._lock:
            return self._embedder(key)

    def batcher(self, spec: str | None = None) -> QueryBatcher:
        """The embedder for ``spec`` behind the queue that batches concurrent questions (one per spec)."""
        key = resolve_spec(spec)
        with self._lock:
            if key not in self._batchers:
                self._batchers[key] = QueryBatcher(self._embedder(key))
            return self._batchers[key]

    def _embedder(self, key: str) -> Embedder:  # caller holds the lock
        if key not in self._embedders:
            self._embedders[key] = load_embedder(key)
        return self._embedders[key]

    def snapshot(self, index_dir: Path) -> Snapshot:
        """The live generation of ``index_dir``, loaded once per generation."""
        key = index_dir.resolve()
        for _ in range(3):  # a build may retire the generation between reading CURRENT and opening it
            generation = current_generation(key)
            if generation is None:
                raise IndexMissingError(
                    f"no index in {index_dir}; build it first with: kpu-assistant index corpus/ --index-dir {index_dir}"
                )
            with self._lock:
                cached = self._snapshots.get(key)
                if cached is not None and cached.path == generation:
                    return cached
                try:
                    # The generations share most segments: only the new ones are loaded.
                    snapshot = Snapshot(generation, reuse=cached)
                except FileNotFoundError:
                    continue
                # The old snapshot is not closed here: a question in another thread may still be using
                # it. Its files close when the last such question drops it (tests/test_cache.py).
                self._snapshots[key] = snapshot
                return snapshot
        raise IndexChangingError(f"the index in {index_dir} kept changing while loading; try again")


CACHE = IndexCache()
