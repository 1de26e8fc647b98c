"""The scaling part of `kpu-assistant bench` on small data: the indexes it writes through
`indexer.BuildInputs` (issue 11) hold what it gave them, and its tables and memory figures come out."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant import bench_scale
from assistant.indexer import BuildInputs, build
from assistant.records import Paragraph, Release
from assistant.store import open_snapshot

QUESTIONS = ["Berapa tingkat partisipasi pemilih?", "Kapan rapat pleno digelar?", "what turnout did Pemilu 2024 reach?"]


def release(n: int, text: str) -> Release:
    return Release(f"synthetic:{n:03d}", f"Rilis {n}", (Paragraph(text, 1),))


def test_build_inputs_write_the_given_vectors_and_keep_the_named_releases(tmp_path: Path) -> None:
    texts = [f"KPU Kabupaten {n} menggelar rapat pleno dengan {100 + n} petugas." for n in range(6)]
    vectors = np.random.default_rng(1).standard_normal((6, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    embedded = [f"Rilis {n}\n{text}" for n, text in enumerate(texts)]  # title in front, as the indexer embeds
    asked: list[str] = []

    def hook(model, batch, progress=False):
        asked.extend(batch)
        return bench_scale.given_vectors(embedded, vectors)(model, batch, progress)

    index_dir = tmp_path / "index"
    report = build(BuildInputs([release(n, texts[n]) for n in range(4)], embed=hook), index_dir)
    assert (report.releases, report.added) == (4, 4) and asked == embedded[:4]
    # The next build: two new releases, releases 0 and 1 kept without being given again, 2 and 3 dropped.
    report = build(BuildInputs([release(n, texts[n]) for n in (4, 5)], keep=frozenset({"synthetic:000", "synthetic:001"}),
                               embed=hook), index_dir)
    assert (report.releases, report.added, report.removed, report.kept) == (4, 2, 2, 2)
    assert asked == embedded[:4] + embedded[4:]
    snapshot = open_snapshot(index_dir)
    try:
        assert sorted({row.source for row in snapshot.passages()}) == ["synthetic:000", "synthetic:001", "synthetic:004", "synthetic:005"]
        # Rows of both segments, the two deleted ones included: each passage has the vector it was given.
        assert snapshot.rows == 6 and np.array_equal(np.asarray(snapshot.vectors), vectors)
    finally:
        snapshot.close()


def test_serving_memory_of_a_fresh_process(sample_index: Path) -> None:
    memory = bench_scale.serving_memory(sample_index, QUESTIONS, calls=3)
    assert 0 < memory["loaded"] <= memory["VmHWM"] and 0 < memory["VmRSS"] <= memory["VmHWM"]
    assert memory["RssAnon"] + memory["RssFile"] <= memory["VmRSS"] + 1


def test_scaling_and_adding_tables_run(sample_index: Path, tmp_path: Path, monkeypatch) -> None:
    rows = bench_scale.scaling(sample_index, QUESTIONS, tmp_path, (40,))
    assert rows[2].startswith("| 40 | flat |") and rows[2].count("|") == 9

    data = tmp_path / "data"
    (data / "idn-news").mkdir(parents=True)
    paragraphs = [f"Komisi Pemilihan Umum menyiapkan {n} kotak suara untuk tempat pemungutan suara nomor {n}." for n in range(30)]
    (data / "idn-news" / "paragraphs.jsonl").write_text(
        "".join(json.dumps({"id": n, "text": text}) + "\n" for n, text in enumerate(paragraphs)), encoding="utf-8")
    monkeypatch.setattr(bench_scale, "ADD_TRIALS", 1)
    monkeypatch.setattr(bench_scale, "MORE_RELEASES", 1)
    rows = bench_scale.updates_section(data, tmp_path / "work", (16,), QUESTIONS)
    table = [row for row in rows if row.startswith("| 16 |")]
    assert len(table) == 1 and table[0].count("|") == 9
