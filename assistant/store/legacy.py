"""Indexes of format 1 (before segments), read once so the next build converts them without embedding again."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..bm25 import read_only_uri
from .generations import read_meta
from .rows import LiveRelease, PassageRow, ReleaseRow, Stamp, StoredPassage


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

