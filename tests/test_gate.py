"""The CI quality gate: passes with the real retriever, fails with a broken one (own tiny data)."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.evaluate import gate
from assistant.retrieval import search

QUESTIONS = [
    ("Berapa tingkat partisipasi pemilih pada Pemilu 2024?", "Tingkat partisipasi pemilih pada Pemilu 2024 mencapai 81 persen, melampaui target nasional.", "81 persen"),
    ("Siapa yang dilantik sebagai Ketua KPU Provinsi Bali?", "Gubernur melantik I Made Sudarsana sebagai Ketua KPU Provinsi Bali di Denpasar pada hari Senin.", "I Made Sudarsana"),
    ("Kapan pemungutan suara Pilkada serentak dilaksanakan?", "Pemungutan suara Pilkada serentak dilaksanakan pada 27 November 2024 di 545 daerah.", "27 November 2024"),
    ("Berapa jumlah TPS yang disiapkan di Kabupaten Sleman?", "KPU Kabupaten Sleman menyiapkan 2.100 TPS untuk melayani pemilih di 17 kecamatan.", "2.100 TPS"),
    ("Di mana debat calon gubernur Jawa Barat digelar?", "Debat publik calon gubernur Jawa Barat digelar di Sabuga, Bandung, dan disiarkan langsung televisi nasional.", "Sabuga"),
]
DISTRACTORS = [
    "Harga cabai rawit di pasar tradisional naik dua kali lipat menjelang akhir tahun.",
    "Tim nasional sepak bola menang tipis atas Vietnam dalam laga persahabatan di Jakarta.",
    "Hujan deras menyebabkan banjir di beberapa ruas jalan di Semarang pada Selasa sore.",
    "Pemerintah daerah membuka lowongan guru honorer untuk sekolah dasar di wilayah terpencil.",
    "Festival musik jazz tahunan kembali digelar di Yogyakarta dengan puluhan musisi.",
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    (root / "facqa").mkdir()
    (root / "idn-news").mkdir()
    rows = [{"id": f"valid-{i}", "question": q, "passage": p, "answer": a} for i, (q, p, a) in enumerate(QUESTIONS)]
    (root / "facqa" / "valid.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    news = [{"id": f"idn-{i}", "text": t} for i, t in enumerate(DISTRACTORS)]
    (root / "idn-news" / "paragraphs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in news), encoding="utf-8")
    return root


def test_gate_passes_with_the_real_retriever(data: Path, tmp_path: Path) -> None:
    recall, passed = gate(data, tmp_path / "gate", floor=0.8)
    assert passed and recall >= 0.8


def test_gate_fails_with_a_broken_retriever(data: Path, tmp_path: Path) -> None:
    def broken(snapshot, embedder, question, k=5, **kwargs):
        # Answers every question with the passages ranked last: a retriever that lost its ranking.
        result = search(snapshot, embedder, question, snapshot.size)
        return replace(result, hits=result.hits[::-1][:1])

    recall, passed = gate(data, tmp_path / "gate", floor=0.8, search_fn=broken)
    assert not passed and recall < 0.8
