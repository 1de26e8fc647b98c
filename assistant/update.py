"""How a build's releases become the next generation: only what changed is written.

An update writes one new segment with the added and changed releases (and any segments the merge
policy folds into it), lists replaced and removed releases as deleted, and links every other segment
as it is. A first build, or a new embedder, tokenizer or index format, rebuilds into one segment,
still reusing vectors by hash where the embedder is the same (so an index of an earlier format is
converted without embedding again). Vectors come from the ``embed`` hook (locally, or on a Dask cluster).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import merge
from .chunk import chunk_release, with_context
from .embed import Embedder
from .merge import SegmentSize
from .records import Release
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
)
from .text import TOKENIZER_VERSION, tokenize

Previous = Snapshot | LegacyGeneration
# Where the vectors of the passages to embed are computed: (embedder, texts, progress) -> one row per
# text. Locally by default; assistant.cluster.ClusterEmbedding sends them to a Dask cluster.
EmbedPassages = Callable[[Embedder, list[str], bool], np.ndarray]
Counts = tuple[int, int, int, int]  # releases, added, removed, kept (as in BuildReport)


@dataclass(frozen=True)
class Write:
    """One build's write, worked out by the indexer: the releases read, the embedder and where its vectors come from."""

    directory: Path
    model: Embedder
    embed: EmbedPassages
    progress: bool
    meta: dict  # what meta.json records about the build (embedder, reader and tokenizer versions)
    previous: Previous | None
    keep: frozenset[str]  # live releases not read again that stay as they are
    stamps: Mapping[str, Stamp]  # file stamps of the releases read, recorded so unchanged files are skipped


def write(releases: list[Release], job: Write) -> Counts:
    """Make the index hold ``releases`` and the kept live ones; the counts for the BuildReport."""
    read_releases, read_passages = rows_of(releases, job.model.spec)
    previous = job.previous
    if (
        isinstance(previous, Snapshot)
        and previous.embedder_spec == job.model.spec
        and previous.meta.get("tokenizer") == TOKENIZER_VERSION
    ):
        return _update(read_releases, read_passages, previous, job)
    return _rebuild(read_releases, read_passages, job)


def _update(read_releases: list[ReleaseRow], read_passages: list[PassageRow], previous: Snapshot, job: Write) -> Counts:
    """Write only what changed: one segment with the added releases (and any segments merged into it),
    the deleted releases listed in the next generation, every other segment linked as it is."""
    catalog = previous.catalog()
    read = {r.source: r for r in read_releases}
    read_rows: dict[str, list[PassageRow]] = {}
    for row in read_passages:
        read_rows.setdefault(row.source, []).append(row)
    gone = [source for source in catalog if source not in job.keep and source not in read]
    live = {r.row.source: r for r in previous.live_releases([*gone, *(s for s in read if s in catalog)])}
    stored = previous.stored_passages(list(live.values()))
    changed = [s for s in read if s not in live or not _same(live[s].row, stored.get(s, []), read[s], read_rows.get(s, []))]
    if not changed and not gone:
        return len(catalog), 0, 0, previous.size
    # Re-read unchanged files whose stamp is now known go in with the rest, so they are skipped next time.
    restamped = [s for s in read if s not in changed and job.stamps.get(s) not in (None, live[s].stamp)]
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
        known, previous, job,
        {**{r.row.source: r.stamp for r in moved if r.stamp}, **{s: job.stamps[s] for s in added if s in job.stamps}},
    )
    releases = len(catalog) - len(deleted) + len(added)
    commit_generation(job.directory, carried, new if new.passages else None, {**job.meta, "releases": releases})
    removed_hashes = [p.row.hash for r in deleted for p in stored.get(r.row.source, [])]
    kept = _multiset_overlap([r.hash for r in added_rows], removed_hashes)
    return releases, len(added_rows) - kept, len(removed_hashes) - kept, previous.size - len(removed_hashes) + kept


def _rebuild(read_releases: list[ReleaseRow], read_passages: list[PassageRow], job: Write) -> Counts:
    """Write every passage into one new segment: the first build, or a new embedder, tokenizer or index format.

    Vectors are still reused by hash where the embedder is the same, so an index of an earlier format
    is updated without embedding again.
    """
    previous, model = job.previous, job.model
    release_rows, passage_rows = list(read_releases), list(read_passages)
    old_hashes: list[str] = []
    same_model = previous is not None and previous.embedder_spec == model.spec
    if previous is not None:
        read = {r.source for r in read_releases}
        kept_releases = [r for r in previous.live_releases() if r.row.source in job.keep and r.row.source not in read]
        stored = previous.stored_passages(kept_releases)
        release_rows += [r.row for r in kept_releases]
        passage_rows += [p.row for r in kept_releases for p in stored.get(r.row.source, [])]
        old_hashes = [row.hash for row in previous.passages()]
    if not same_model:  # the hash covers the embedder: kept passages are new to this one
        texts = embedded_texts(release_rows, passage_rows)
        passage_rows = [replace(r, hash=passage_hash(model.spec, t)) for r, t in zip(passage_rows, texts)]
    known: dict[str, tuple[np.ndarray, list[str]]] = {}
    if previous is not None and same_model:
        known = previous.find({r.hash for r in passage_rows})
        if previous.meta.get("tokenizer") != TOKENIZER_VERSION:
            known = {h: (vector, []) for h, (vector, _) in known.items()}
    new = _segment(release_rows, passage_rows, [], known, None, job,
                   {s: job.stamps[s] for s in (r.source for r in release_rows) if s in job.stamps})
    commit_generation(job.directory, [], new if new.passages else None, {**job.meta, "releases": len(new.releases)})
    kept = _multiset_overlap([r.hash for r in new.passages], old_hashes) if same_model else 0
    return len(new.releases), len(new.passages) - kept, len(old_hashes) - kept, kept


def _segment(
    release_rows: list[ReleaseRow],
    passage_rows: list[PassageRow],
    stored: list[StoredPassage],
    known: dict[str, tuple[np.ndarray, list[str]]],
    previous: Snapshot | None,
    job: Write,
    stamps: dict[str, Stamp],
) -> NewSegment:
    """A new segment's content, in index order: ``passage_rows`` get vectors and words from ``known``, then
    from ``previous`` by hash, else are embedded (by the build's hook) and tokenised; ``stored`` passages
    come with theirs."""
    release_rows = sorted(release_rows, key=lambda r: r.source)
    texts = embedded_texts(release_rows, passage_rows)
    missing = {r.hash for r in passage_rows} - known.keys()
    if previous is not None and missing:
        known = {**known, **previous.find(missing)}
    rows = passage_rows + [p.row for p in stored]
    vectors = np.zeros((len(rows), job.model.dim), dtype=np.float32)
    tokens: list[list[str]] = [[] for _ in rows]
    to_embed: list[int] = []
    for i, (row, text) in enumerate(zip(passage_rows, texts)):
        vector, words = known.get(row.hash, (None, []))
        if vector is None:
            to_embed.append(i)
        else:
            vectors[i] = vector
        tokens[i] = words or tokenize(text)
    for i, passage in enumerate(stored, start=len(passage_rows)):
        vectors[i], tokens[i] = passage.vector, passage.tokens
    if to_embed:
        vectors[to_embed] = job.embed(job.model, [texts[i] for i in to_embed], job.progress)
    order = sorted(range(len(rows)), key=lambda i: (rows[i].source, rows[i].paragraph, rows[i].part))
    return NewSegment(release_rows, [rows[i] for i in order], vectors[order], [tokens[i] for i in order], stamps)


def _same(old: ReleaseRow, stored: list[StoredPassage], new: ReleaseRow, rows: list[PassageRow]) -> bool:
    """Whether a re-read release holds exactly what the index has for it (then nothing needs writing)."""
    return old == new and [p.row for p in stored] == sorted(rows, key=lambda p: (p.paragraph, p.part))


def rows_of(releases: list[Release], spec: str) -> tuple[list[ReleaseRow], list[PassageRow]]:
    """The index rows of releases read from files: one per release, one per chunk of a paragraph."""
    release_rows = [ReleaseRow(r.source, r.title, r.date, r.place, r.url) for r in releases]
    passage_rows = [
        PassageRow(
            release.source, passage.paragraph, passage.part, passage.page, passage.text,
            passage_hash(spec, with_context(release.title, release.place, passage.text)),
        )
        for release in releases
        for passage in chunk_release(release)
    ]
    return release_rows, passage_rows


def embedded_texts(release_rows: list[ReleaseRow], passage_rows: list[PassageRow]) -> list[str]:
    """What is embedded and BM25-indexed for each passage: the passage with its release's title and place."""
    releases = {r.source: r for r in release_rows}
    return [with_context(releases[p.source].title, releases[p.source].place, p.text) for p in passage_rows]


def passage_hash(spec: str, text: str) -> str:
    """Of the embedder spec and the exact text it embeds: equal hashes share a vector and BM25 words."""
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
