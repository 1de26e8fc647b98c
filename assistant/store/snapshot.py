"""A generation opened for reading: the searches, the hits, and what a build reuses from it."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import numpy as np

from .. import bm25
from ..errors import IndexFormatError, IndexMissingError
from ..records import Hit
from .dense import DenseIndex, Vectors
from .generations import FORMAT_VERSION, current_generation, read_meta
from .legacy import LegacyGeneration
from .rows import LiveRelease, PassageRow, ReleaseRow, Stamp, StoredPassage
from .segment import Segment, View, chunks, view_of


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
            self.views.append(view_of(segment, offset, frozenset(info.get("deleted", ()))))
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

    @cached_property
    def _release_numbers(self) -> tuple[np.ndarray, int]:
        """Each row's release, numbered from 0 across the segments, and how many there are (made on first use;
        two threads making it at once make the same)."""
        numbers, base = [], 0
        for view in self.views:
            _, inverse = np.unique(view.segment.release_of, return_inverse=True)
            numbers.append(inverse.astype(np.int64) + base)
            base += int(inverse.max()) + 1 if inverse.size else 0
        return (np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)), base

    def names_held(self, names: frozenset[str], ids: list[int]) -> np.ndarray:
        """Per passage id, the share of the names (tokens) that its release holds in its title or any of its
        passages, each name weighted by its BM25 idf: a region or person named by few releases counts most."""
        held = np.zeros(len(ids))
        if not names or not ids:
            return held
        release_of, count = self._release_numbers
        releases = release_of[np.asarray(ids, dtype=np.int64)]
        total = 0.0
        for name in sorted(names):
            rows, idf = self.bm25.holders(name)
            holds = np.zeros(count, dtype=bool)
            holds[release_of[rows]] = True
            held += idf * holds[releases]
            total += idf
        return held / total

    @cached_property
    def _live(self) -> np.ndarray:
        """Per row id, whether it is live (made on first use)."""
        masks = [v.live if v.live is not None else np.ones(v.segment.rows, dtype=bool) for v in self.views]
        return np.concatenate(masks) if masks else np.zeros(0, dtype=bool)

    def release_passages(self, ids: list[int], count: int) -> list[int]:
        """The live passage ids, in id order, of the first ``count`` releases the live passages among ``ids`` (in rank
        order) belong to."""
        if not ids or count < 1:
            return []
        release_of, _ = self._release_numbers
        ranked = np.asarray(ids, dtype=np.int64)
        wanted = list(dict.fromkeys(release_of[ranked[self._live[ranked]]].tolist()))[:count]
        order, starts = self._rows_by_release
        rows = np.sort(np.concatenate([order[starts[r]:starts[r + 1]] for r in wanted])) if wanted else ranked[:0]
        return rows[self._live[rows]].tolist()

    @cached_property
    def _rows_by_release(self) -> tuple[np.ndarray, np.ndarray]:
        """Row ids grouped by release, and where each release's group starts (made on first use): a question's
        releases are looked up, not found by scanning every row, which at a million passages costs milliseconds."""
        release_of, count = self._release_numbers
        order = np.argsort(release_of, kind="stable")
        return order, np.searchsorted(release_of[order], np.arange(count + 1))

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
            for chunk in chunks(sorted(rids), 500):
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
            for chunk in chunks(sorted(sources), 500):
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
            for chunk in chunks(wanted, 500):
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



def open_previous(generation: Path) -> Snapshot | LegacyGeneration:
    """The live generation opened for a build: without its FAISS indexes, an older format read as such."""
    if read_meta(generation).get("format") == 1:
        return LegacyGeneration(generation)
    return Snapshot(generation, search=False)


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
