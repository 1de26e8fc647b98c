"""Which of a region's releases on the same work a question is about: the quarter, the election and its year.

Real FAISS, BM25 and SQLite over releases of one region written alike, told apart by their titles only.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import assistant
from assistant.period import Period, period_of


@pytest.mark.parametrize(
    ("text", "quarters", "elections", "years"),
    [
        ("In Minahasa's Q2 2025 voter roll update, how many were struck off?", {2}, set(), set()),
        ("KPU Minahasa Rekapitulasi DPB Triwulan IV 2025", {4}, set(), set()),
        ("Berapa pemilih baru di pemutakhiran triwulan kedua?", {2}, set(), set()),
        ("How many voters were added in the second-quarter update?", {2}, set(), set()),
        ("Berapa anggota PPK Pemilu 2024 yang dilantik KPU Batam?", set(), {"general"}, {"2024"}),
        ("How many polling stations were there in the 2020 regent election?", set(), {"regional"}, {"2020"}),
        ("Rekapitulasi Pilbup Bengkalis 2024 Tuntas", set(), {"regional"}, {"2024"}),
        ("Pemilihan Umum Kepala Daerah Kota Tual 2013", set(), {"regional"}, {"2013"}),
        ("KIP Gayo Lues Tetapkan Bupati Terpilih Periode 2025-2030", set(), set(), set()),  # a term, not an election
    ],
)
def test_the_period_a_text_names(text: str, quarters: set[int], elections: set[str], years: set[str]) -> None:
    assert period_of(text) == Period(frozenset(quarters), frozenset(elections), frozenset(years))


def test_a_title_agrees_contradicts_or_says_nothing() -> None:
    asked = period_of("Who represented Bawaslu at the Q2 2025 DPB plenary of Pemilu 2024?")
    assert asked.agreement("KPU Minahasa Tetapkan DPB Triwulan II 2025") == 1
    assert asked.agreement("KPU Minahasa Rekapitulasi DPB Triwulan I 2025") == -1
    assert asked.agreement("KPU Minahasa Gelar Rapat Pleno") == 0
    assert period_of("Berapa DPT Pilkada 2024?").agreement("KPU Batam Lantik PPK Pemilu 2024") == -1  # another election


def _quarter(number: str, died: str, date: str) -> tuple[str, list[str]]:
    return (f"KPU Minahasa Tetapkan DPB Triwulan {number} 2025", [
        f"Tondano, kab-minahasa.kpu.go.id – KPU Kabupaten Minahasa menggelar rapat pleno terbuka rekapitulasi daftar "
        f"pemilih berkelanjutan, {date}, di aula kantor KPU Minahasa.",
        f"Dalam pemutakhiran itu tercatat {died} meninggal dunia dan dicoret dari daftar, sementara pemilih baru "
        f"yang genap berusia 17 tahun ikut ditambahkan.",
    ])


def test_a_question_of_one_quarter_is_answered_from_that_quarters_release(
        tmp_path: Path, release_writer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, (title, paragraphs) in {"dpb-minahasa-tw1.txt": _quarter("I", "846 pemilih", "Kamis (3/4/2025)"),
                                      "dpb-minahasa-tw2.txt": _quarter("II", "742 pemilih", "Kamis (3/7/2025)")}.items():
        release_writer(tmp_path / "releases" / name, title, paragraphs)
    assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index")
    english = "In Minahasa's Q2 2025 voter roll update, how many people were struck off because they had passed away?"
    indonesian = "Berapa pemilih yang dicoret karena meninggal di DPB Triwulan I 2025 Minahasa?"
    assert assistant.ask(english, index_dir=tmp_path / "index").span == "742 pemilih"
    assert assistant.ask(indonesian, index_dir=tmp_path / "index").span == "846 pemilih"
    # Were titles not read, the two releases would be told apart by the ranking alone, and one would answer both.
    monkeypatch.setattr(Period, "agreement", lambda self, title: 0)
    spans = {assistant.ask(question, index_dir=tmp_path / "index").span for question in (english, indonesian)}
    assert len(spans) == 1


def test_another_regions_release_of_the_asked_election_does_not_answer_for_the_region_asked(
        tmp_path: Path, release_writer) -> None:
    # Gianyar's release is about the coming Pilkada and cites the 2019 turnout; Buleleng's is about the 2019 election.
    release_writer(tmp_path / "releases" / "gianyar.txt", "KPU Gianyar Sosialisasikan Pilkada 2024 kepada Pemilih Disabilitas", [
        "Gianyar, kab-gianyar.kpu.go.id – KPU Kabupaten Gianyar menggelar sosialisasi Pilkada 2024 bagi pemilih "
        "penyandang disabilitas, Rabu (2/10/2024).",
        "Pada Pemilu 2019, tingkat partisipasi pemilih disabilitas baru mencapai 58,6 persen.",
    ])
    release_writer(tmp_path / "releases" / "buleleng.txt", "Partisipasi Pemilih Disabilitas Pemilu 2019 di Buleleng", [
        "Singaraja, kab-buleleng.kpu.go.id – KPU Kabupaten Buleleng mencatat partisipasi pemilih disabilitas "
        "pada Pemilu 2019 mencapai 68,4 persen.",
    ])
    assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index")
    question = "Berapa persen partisipasi pemilih disabilitas di Gianyar pada Pemilu 2019?"
    assert assistant.ask(question, index_dir=tmp_path / "index").span == "58,6 persen"
