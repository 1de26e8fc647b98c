"""BM25 over segments gives exactly bm25s's scores over the live passages, and the merge policy's bounds.

bm25s (the index's keyword search before segments) is the reference: the same passages indexed by it
in one piece must score every query word list identically, to the bit, however the passages are
split into segments and whichever of them are deleted.
"""
from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

from assistant import merge
from assistant.bm25 import KeywordIndex, Part, Postings, build_postings, write_postings
from assistant.text import tokenize

WORDS = (
    "kpu pemilu pilkada suara pemilih tps rekapitulasi logistik kotak surat petugas kabupaten kota provinsi "
    "bawaslu kampanye debat calon gubernur bupati partai hasil hitung cepat manual persen juta ribu 2024 0,1 81"
).split()


def corpus(count: int, seed: int) -> list[list[str]]:
    """Word lists of varied length, some repeating words, one empty (a passage of stopwords only)."""
    rng = np.random.default_rng(seed)
    docs = [list(rng.choice(WORDS, int(rng.integers(1, 30)))) for _ in range(count)]
    docs[3] = []
    return docs


def segmented(tmp_path: Path, docs: list[list[str]], bounds: list[int], live: np.ndarray) -> KeywordIndex:
    parts = []
    for n, (start, end) in enumerate(zip(bounds, bounds[1:])):
        write_postings(tmp_path / f"seg{n}", docs[start:end])
        mask = live[start:end]
        parts.append(Part(Postings(tmp_path / f"seg{n}"), start, None if mask.all() else mask.copy()))
    return KeywordIndex(parts, len(docs))


def reference(docs: list[list[str]], live: np.ndarray) -> bm25s.BM25:
    retriever = bm25s.BM25()
    # As the index gave bm25s a passage without words: one placeholder word.
    retriever.index([d or ["\u2205"] for d, alive in zip(docs, live) if alive], show_progress=False)
    return retriever


QUERIES = [["pemilu"], ["suara", "pemilih", "tps"], ["kpu", "kpu", "hasil"], ["0,1", "persen", "tidakada"], ["tidakada"], []]


@pytest.mark.parametrize("bounds", [[0, 120], [0, 50, 51, 120], [0, 7, 30, 90, 120]])
@pytest.mark.parametrize("deleted", [0, 25])
def test_scores_equal_bm25s_over_the_live_passages(tmp_path: Path, bounds: list[int], deleted: int) -> None:
    docs = corpus(120, seed=len(bounds) + deleted)
    live = np.ones(len(docs), dtype=bool)
    live[np.random.default_rng(7).choice(len(docs), deleted, replace=False)] = False
    index, ref = segmented(tmp_path, docs, bounds, live), reference(docs, live)
    assert index.count == live.sum()
    for words in QUERIES:
        scores = index.get_scores(words)
        assert scores.shape == (len(docs),) and scores.dtype == np.float32
        assert not scores[~live].any(), "a deleted passage scored"
        expected = ref.get_scores(words) if words else np.zeros(live.sum(), np.float32)
        assert np.array_equal(scores[live], expected), words


def test_scores_on_real_text_equal_bm25s(tmp_path: Path) -> None:
    texts = [
        "KPU menetapkan Daftar Pemilih Tetap Pilkada 2024 sebanyak 203 juta pemilih.",
        "Tingkat partisipasi pemilih pada Pemilu 2024 mencapai 81 persen.",
        "Selisih hasil hitung cepat dengan rekapitulasi manual hanya 0,1 persen.",
        "Apa itu?",
        "Logistik pemilu tiba di gudang KPU Kabupaten Sidoarjo.",
    ]
    docs = [tokenize(t) for t in texts]
    live = np.ones(len(docs), dtype=bool)
    index, ref = segmented(tmp_path, docs, [0, 2, 5], live), reference(docs, live)
    for question in ["Berapa partisipasi pemilih Pemilu 2024?", "selisih hitung cepat", "logistik KPU"]:
        assert np.array_equal(index.get_scores(tokenize(question)), ref.get_scores(tokenize(question)))


def test_postings_hold_each_term_frequency() -> None:
    arrays = build_postings([["b", "a", "b"], [], ["a"]])
    assert arrays.terms == ["a", "b"]
    assert arrays.indptr.tolist() == [0, 2, 3]
    assert arrays.docs.tolist() == [0, 2, 0] and arrays.tfs.tolist() == [1.0, 1.0, 2.0]
    assert arrays.lengths.tolist() == [3, 1, 1]  # a passage without words counts as one word long


# ---------------------------------------------------------------- merge policy


def simulate(base: int, adds: int, per_add: int = 8) -> tuple[int, float, int]:
    """Add ``adds`` releases to a ``base``-passage segment: most segments at once, rows written per add, largest merge."""
    segments = [merge.SegmentSize("base", base, base)]
    most, written, largest = 0, 0, 0
    for n in range(adds):
        chosen = merge.plan(segments, per_add)
        size = per_add + sum(s.live for s in segments if s.name in chosen)
        written += size
        if chosen:
            largest = max(largest, size)
        segments = [s for s in segments if s.name not in chosen] + [merge.SegmentSize(f"s{n}", size, size)]
        most = max(most, len(segments))
    return most, written / adds, largest


def test_merging_keeps_few_segments_and_little_rewriting() -> None:
    most, per_add, largest = simulate(base=100_000, adds=3000)
    assert most <= 3 * 8 + 1  # FACTOR - 1 per level, about 8 levels below 100K passages, and the base
    assert per_add < 80  # an 8-passage release costs a few times its own size on average
    assert largest < 100_000  # the base segment is never rewritten by adding releases


def test_a_mostly_deleted_segment_is_merged() -> None:
    segments = [merge.SegmentSize("base", 1000, 1000), merge.SegmentSize("old", 100, 40)]
    assert merge.plan(segments, 8) == {"old"}
    assert merge.plan([merge.SegmentSize("gone", 10, 0)], 0) == {"gone"}


def test_same_level_segments_are_merged_with_the_new_one() -> None:
    small = [merge.SegmentSize(f"s{i}", 8, 8) for i in range(merge.FACTOR - 2)]
    assert merge.plan(small, 8) == set()
    small.append(merge.SegmentSize("last", 8, 8))
    assert merge.plan([merge.SegmentSize("base", 10_000, 10_000), *small], 8) == {s.name for s in small}
