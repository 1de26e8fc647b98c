"""Which release a question is about: the regions and people it names, short region names included.

Real FAISS, BM25 and SQLite over small releases of one kind from several regions, where only the name
tells them apart.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import assistant
from assistant import retrieval
from assistant.answer import ALWAYS, FEATURES, gather
from assistant.cache import CACHE
from assistant.embed import Embedder
from assistant.question import analyse
from assistant.records import Hit
from assistant.retrieval import search
from assistant.store import Snapshot

from helpers import write_txt

# Three inaugurations written alike; the region stands in the title and the first paragraph only, and
# the paragraph that answers "what did they sign?" for Tapanuli Utara is worded least like the question.
RELEASES = {
    "utara": ("KPU Tapanuli Utara Lantik 75 Anggota PPK Pilkada 2024", [
        "Tarutung, kab-tapanuliutara.kpu.go.id – KPU Kabupaten Tapanuli Utara melantik 75 anggota Panitia "
        "Pemilihan Kecamatan (PPK) untuk Pilkada 2024 di aula kantor bupati, Kamis (16/5/2024).",
        "Setelah pengambilan sumpah, kelima anggota tiap kecamatan meneken lembar komitmen bermeterai dan "
        "mengikuti bimbingan teknis selama dua hari.",
    ]),
    "selatan": ("KPU Tapanuli Selatan Lantik 70 Anggota PPK Pilkada 2024", [
        "Sipirok, kab-tapanuliselatan.kpu.go.id – KPU Kabupaten Tapanuli Selatan melantik 70 anggota Panitia "
        "Pemilihan Kecamatan (PPK) untuk Pilkada 2024 di gedung serbaguna, Kamis (16/5/2024).",
        "Usai dilantik, para anggota PPK langsung mengikuti rapat kerja tentang jadwal pembentukan Panitia "
        "Pemungutan Suara dan menerima surat keputusan pengangkatan.",
    ]),
    "garut": ("KPU Garut Lantik 210 Anggota PPK Pilkada 2024", [
        "Garut, kab-garut.kpu.go.id – KPU Kabupaten Garut melantik 210 anggota Panitia Pemilihan Kecamatan "
        "(PPK) untuk Pilkada 2024 di pendopo kabupaten, Rabu (15/5/2024).",
        "Usai dilantik, anggota PPK menandatangani pakta integritas di hadapan Ketua KPU dan Bupati.",
    ]),
}


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("regions")
    files = {key: write_txt(root / "releases" / f"{key}.txt", title, paragraphs) for key, (title, paragraphs) in RELEASES.items()}
    report = assistant.build_index([root / "releases"], index_dir=root / "index")
    assert report.errors == ()
    return root / "index", files


@pytest.mark.parametrize(
    ("question", "region", "names"),
    [
        ("Berapa anggota PPK yang dilantik KPU Taput?", "Tapanuli Utara", {"ppk", "kpu", "tapanuli", "utara"}),
        ("How many voters are on Bolmong's list?", "Bolaang Mongondow", {"bolaang", "mongondow"}),
        ("Jam berapa TPS di pangkep tutup?", "Pangkajene dan Kepulauan", {"tps", "pangkajene", "kepulauan"}),
        ("Berapa surat suara rusak di KIP Abdya?", "Aceh Barat Daya", {"kip", "aceh", "barat", "daya"}),
        # English puts the compass point first: releases write "Tapanuli Utara", never "North Tapanuli".
        ("How many PPK members did North Tapanuli swear in?", "Tapanuli Utara", {"ppk", "tapanuli", "utara"}),
        ("Who heads the Southeast Minahasa election office?", "Minahasa Tenggara", {"minahasa", "tenggara"}),
        ("How many polling stations does Central Jakarta have?", "Jakarta Pusat", {"jakarta", "pusat"}),
        ("How many voters live on the Thousand Islands?", "Kepulauan Seribu", {"kepulauan", "seribu"}),
        ("When did West Java's KPU open registration?", "Jawa Barat", {"jawa", "barat", "kpu"}),
    ],
)
def test_a_short_region_name_is_searched_and_named_in_full(question: str, region: str, names: set[str]) -> None:
    asked = analyse(question)
    assert region in asked.query
    assert asked.names == names


def test_an_everyday_word_is_no_region() -> None:
    asked = analyse("Siapa mitra KPU dalam sosialisasi di pasar?")
    assert asked.query == asked.text
    assert analyse("Which villages in the south of the regency were flooded?").names == frozenset()


@pytest.mark.parametrize(
    ("question", "names"),
    [
        # The kind of election is no name: a release may write "Pemilihan Bupati" where users say "Pilbup".
        ("Kapan hari coblosan Pilbup Garut?", {"garut"}),
        # Releases write weekdays in Indonesian, and date by "(12/2/2024)" or "triwulan II" rather than a month or "Q2".
        ("How many voters were on the February 2024 list in Garut?", {"2024", "garut"}),
        ("Berapa pemilih baru di PDPB Garut Q2 2025?", {"pdpb", "garut", "2025"}),
        ("What did KPU Garut finish by Monday?", {"kpu", "garut", "senin"}),
        # An English question's capitalised common nouns are no names either, nor a glossary phrase's words.
        ("Who is the Secretary of KPU Garut Regency?", {"kpu", "garut"}),
        ("When did the Constitutional Court write to KPU Garut?", {"kpu", "garut"}),
        # An acronym's English plural, and a lower-case word hyphened to a name, are written otherwise in releases.
        ("How many booths went to the PPKs of Garut?", {"ppk", "garut"}),
        ("Berapa pemilih pakai KTP-el di TPS-TPS Tojo Una-Una?", {"ktp", "tps", "tojo", "una"}),
    ],
)
def test_names_are_what_a_release_writes_as_the_question_does(question: str, names: set[str]) -> None:
    assert analyse(question).names == names


def test_names_held_weighs_a_rare_name_above_a_common_one(regions: tuple[Path, dict[str, Path]]) -> None:
    index_dir, files = regions
    snapshot = CACHE.snapshot(index_dir)
    rows = snapshot.passages()
    assert snapshot.rows == len(rows)  # one fresh segment: a passage's id is its place in id order
    passages = {(Path(p.source).stem, p.paragraph): i for i, p in enumerate(rows)}
    ids = [passages[("utara", 2)], passages[("garut", 2)]]
    # "garut" stands in one release, "ppk" in all three: the later paragraphs hold them through their title.
    assert snapshot.names_held(frozenset({"garut"}), ids).tolist() == [0.0, 1.0]
    utara, garut = snapshot.names_held(frozenset({"garut", "ppk"}), ids)
    assert 0.0 < utara < 0.5 < garut < 1.0 + 1e-9
    assert np.allclose(snapshot.names_held(frozenset({"tapanuli", "utara"}), ids), [1.0, 0.0])


@pytest.mark.parametrize("question", [
    "Apa yang ditandatangani anggota PPK Taput usai dilantik?",
    "What did the Taput PPK members sign after they were sworn in?",
    "What did the North Tapanuli PPK members sign after they were sworn in?",
    "Apa yang ditandatangani anggota PPK Tapanuli Utara usai dilantik?",
])
def test_the_named_release_comes_first_with_its_later_paragraph(regions: tuple[Path, dict[str, Path]], question: str) -> None:
    index_dir, files = regions
    snapshot = CACHE.snapshot(index_dir)
    embedder = CACHE.embedder(snapshot.embedder_spec)
    # Without the release's names in the ranking, Tapanuli Selatan's second paragraph came before it.
    first_two = {(hit.source, hit.paragraph) for hit in search(snapshot, embedder, question, 3).hits[:2]}
    assert first_two == {(str(files["utara"]), 1), (str(files["utara"]), 2)}


# A long release whose answering paragraph the fused ranking puts sixth: the first five passages are
# of the same release but state no count of aircraft; another release further down states one.
_LONG = [
    "KPU Kabupaten Pegunungan Bintang mulai mendistribusikan logistik pilkada ke 34 distrik, Senin (18/11/2024).",
    "Ketua KPU Kabupaten Pegunungan Bintang, Yance Uropmabin, mengatakan logistik meliputi kotak dan bilik suara.",
    "Distribusi ke distrik di wilayah utara dijadwalkan selesai Rabu (20/11).",
    "Distribusi logistik dikawal aparat keamanan dari Polres dan Kodim.",
    "Gudang distrik sudah disiapkan lebih awal dibanding Pemilu 14 Februari lalu.",
    "Untuk 22 distrik tanpa jalan darat, KPU menyewa 5 pesawat yang terbang bergantian dari Bandara Oksibil.",
]


def test_a_later_paragraph_of_the_first_release_is_weighed_for_its_answer() -> None:
    asked = analyse("Berapa pesawat yang disewa KPU Pegunungan Bintang?")
    texts = [*_LONG, "KPU Kabupaten Yahukimo menyewa 9 pesawat untuk distribusi logistik pilkada."]
    sources = ["bintang.txt"] * len(_LONG) + ["yahukimo.txt"]
    hits = [Hit(text, 0.0, "Distribusi logistik", None, None, i + 1, None, source)
            for i, (text, source) in enumerate(zip(texts, sources))]
    candidates = [retrieval.Candidate(i, 1.0 - 0.05 * i, 0.8, 1.0) for i in range(len(hits))]
    _, ranked, phrases = retrieval._evidence_first(asked, asked, candidates, hits)
    # The release's own answer comes first; the other release's, weighed too (the second release), names another
    # region than the one asked: its phrase is not offered and it stays last.
    assert ranked[0].paragraph == 6
    assert phrases[0] is not None and phrases[0].text == "5 pesawat"
    assert [hit.source for hit in ranked].index("yahukimo.txt") == len(_LONG)
    assert phrases[len(_LONG)] is None
    assert retrieval.RELEASE_DEPTH > len(_LONG)  # search hands this many passages over


def test_a_region_named_short_is_held_in_either_form_and_counts_once() -> None:
    asked = analyse("Siapa ketua KPU OKU Timur?")
    # Releases of KPU Kabupaten OKU Timur write "OKU Timur" as often as "Ogan Komering Ulu Timur".
    assert asked.names_covered("Ketua KPU Kabupaten OKU Timur, Leni Suryani, membuka rapat.") == 1.0
    assert asked.names_covered("KPU Kabupaten Ogan Komering Ulu Timur membuka rapat.") == 1.0
    # Another OKU's release holds "KPU" and the short name's tokens, but not "Timur": two names in three
    # (counted token by token, "Ogan Komering Ulu Selatan" held four of five).
    assert asked.names_covered("KPU Kabupaten OKU Selatan membuka rapat.") == pytest.approx(2 / 3)
    assert asked.names_covered("Rapat dibuka Ketua KPU Ogan Komering Ulu Selatan.") == pytest.approx(2 / 3)


def test_the_found_decision_reads_the_names_the_answers_release_holds(tmp_path: Path) -> None:
    # The answering paragraph writes neither the region nor the pair's full names: the release's first one does.
    release = write_txt(tmp_path / "releases" / "penetapan.txt", "Pleno Penetapan Paslon Terpilih Berjalan Tertib", [
        "Batulicin, kab-tanahbumbu.kpu.go.id – KPU Kabupaten Tanah Bumbu menetapkan pasangan Rusdi Hamdani dan Siti "
        "Aminah sebagai bupati dan wakil bupati terpilih, Kamis (9/1/2025).",
        "Pasangan Rusdi-Siti meraih 98.441 suara atau 51,2 persen dari total suara sah.",
    ])
    write_txt(tmp_path / "releases" / "lain.txt", "KPU Tanah Laut Tetapkan Bupati Terpilih", [
        "Pelaihari, kab-tanahlaut.kpu.go.id – KPU Kabupaten Tanah Laut menetapkan pasangan Ahmad Yani dan Rina "
        "Sari sebagai bupati terpilih setelah meraih 61.205 suara.",
    ])
    assert assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index").errors == ()
    snapshot = CACHE.snapshot(tmp_path / "index")
    found = search(snapshot, CACHE.embedder(snapshot.embedder_spec), "Berapa suara Rusdi Hamdani dan Siti Aminah di Tanah Bumbu?")
    evidence = gather(found, ALWAYS)
    answering = found.hits[evidence.passage]
    assert (answering.source, answering.paragraph, evidence.phrase.text) == (str(release), 2, "98.441 suara")
    assert found.asked.names_covered(f"{answering.title} {answering.text}") < 0.5
    assert evidence.features[FEATURES.index("release names")] == pytest.approx(1.0)
    other = next(c for c, hit in zip(found.candidates, found.hits) if hit.source.endswith("lain.txt"))
    assert other.names < 0.5


def test_the_passages_of_the_first_releases_are_handed_over_and_a_removed_release_is_not(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    files = {key: write_txt(releases / f"{key}.txt", title, paragraphs) for key, (title, paragraphs) in RELEASES.items()}
    assistant.build_index([releases], index_dir=tmp_path / "index")
    snapshot = CACHE.snapshot(tmp_path / "index")
    by_source: dict[str, list[int]] = {}
    for pid in range(snapshot.rows):
        hit = snapshot.hits([pid], [0.0])
        if hit:
            by_source.setdefault(hit[0].source, []).append(pid)
    garut, utara = by_source[str(files["garut"])], by_source[str(files["utara"])]
    # Ranked order decides which releases come first: Garut's second passage, then Tapanuli Utara's first.
    assert snapshot.release_passages([garut[1], utara[0]], 1) == garut
    assert snapshot.release_passages([garut[1], garut[0], utara[0]], 2) == sorted(garut + utara)
    # Rebuilt without Garut's release: its rows stay in their segment, deleted, and are never handed over again.
    files["garut"].unlink()
    assistant.build_index([releases], index_dir=tmp_path / "index")
    snapshot = CACHE.snapshot(tmp_path / "index")
    assert snapshot.release_passages(garut, 1) == []
    assert snapshot.release_passages(garut + utara, 1) == utara


def test_the_election_a_later_paragraph_leaves_out_is_read_from_the_releases_lead(tmp_path: Path) -> None:
    # The title names no election and the turnout's paragraph neither: the lead paragraph says it was the regent's.
    write_txt(tmp_path / "releases" / "psu.txt", "KPU Yahukimo Gelar Pemungutan Suara Ulang di Enam TPS", [
        "Dekai, kab-yahukimo.kpu.go.id – KPU Kabupaten Yahukimo menggelar Pemungutan Suara Ulang (PSU) Pemilihan Bupati dan "
        "Wakil Bupati Yahukimo Tahun 2024 di enam TPS pada Sabtu (7/12/2024).",
        "Logistik PSU diberangkatkan dengan dua helikopter sehari sebelumnya dan tiba tanpa kendala.",
        "Sebanyak 1.968 pemilih menggunakan hak pilihnya, sehingga tingkat partisipasi PSU mencapai 88,9 persen.",
    ])
    snapshot, embedder = _indexed(tmp_path)
    unstated = FEATURES.index("qualifiers unstated")
    regent = search(snapshot, embedder, "Berapa persen partisipasi pemilih PSU Pilbup Yahukimo 2024?")
    evidence = gather(regent, ALWAYS)
    assert evidence.phrase is not None and evidence.phrase.text == "88,9 persen"
    assert regent.hits[evidence.passage].paragraph != min(hit.paragraph for hit in regent.hits)
    assert evidence.features[unstated] == 0
    # The governor election, which the release does not hold: still unstated.
    governor = gather(search(snapshot, embedder, "Berapa persen partisipasi pemilih PSU Pilgub 2024 di Yahukimo?"), ALWAYS)
    assert governor.phrase is not None and governor.phrase.text == "88,9 persen" and governor.features[unstated] == 1


def test_a_year_the_question_names_that_neither_the_paragraph_nor_the_title_writes_is_unstated(tmp_path: Path) -> None:
    # The share is the title's election's (2024): it does not answer for 2020. A term of office in a title is no year of
    # the release's: the pair's votes answer for the 2024 election the question names.
    write_txt(tmp_path / "releases" / "majene.txt", "KPU Majene Sosialisasikan Pilkada 2024 kepada Pemilih Perempuan", [
        "Majene, kab-majene.kpu.go.id – KPU Kabupaten Majene menggelar sosialisasi bagi pemilih perempuan di Banggae.",
        "Dari 131.622 pemilih dalam DPT, sebanyak 67.408 di antaranya perempuan atau 51,2 persen.",
    ])
    write_txt(tmp_path / "releases" / "nagan.txt", "KIP Nagan Raya Tetapkan Bupati dan Wakil Bupati Terpilih 2025-2030", [
        "Suka Makmue, kip-naganraya.kpu.go.id – KIP Nagan Raya menetapkan pasangan nomor urut 1 sebagai bupati terpilih.",
        "Pasangan itu memperoleh 52.874 suara atau 54,2 persen dari suara sah.",
    ])
    snapshot, embedder = _indexed(tmp_path)
    unstated = FEATURES.index("qualifiers unstated")

    def asked(question: str) -> tuple[str | None, float]:
        evidence = gather(search(snapshot, embedder, question), ALWAYS)
        return (evidence.phrase.text if evidence.phrase else None), evidence.features[unstated]

    assert asked("Berapa persen pemilih perempuan dalam DPT Pilkada Majene 2020?") == ("51,2 persen", 1)
    assert asked("Berapa persen pemilih perempuan dalam DPT Pilkada Majene 2024?") == ("51,2 persen", 0)
    assert asked("How many votes did the winning pair get in the 2024 Nagan Raya regent election?") == ("52.874 suara", 0)


def _indexed(tmp_path: Path) -> tuple[Snapshot, Embedder]:
    """The releases written under ``tmp_path / "releases"``, indexed, with their embedder."""
    assert assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index").errors == ()
    snapshot = CACHE.snapshot(tmp_path / "index")
    return snapshot, CACHE.embedder(snapshot.embedder_spec)


def test_a_release_holding_far_fewer_of_the_questions_names_does_not_answer_for_one_that_holds_them() -> None:
    # Another region's debate, worded like the question, ranks first; its release holds only the year the question names,
    # the asked region's release all of them. Its figure is not offered, and the asked release's answer leads.
    asked = analyse("How many police and army officers were deployed to keep the second 2024 Bulukumba regent debate safe?")
    texts = ["Sebanyak 420 personel gabungan dari kepolisian dan TNI diterjunkan untuk mengamankan jalannya debat kedua.",
             "KPU Kabupaten Bulukumba menggelar debat publik kedua pasangan calon Bupati Bulukumba Tahun 2024.",
             "Pengamanan melibatkan 450 personel gabungan yang bersiaga di dalam dan di luar gedung."]
    sources = ["jombang.txt", "bulukumba.txt", "bulukumba.txt"]
    hits = [Hit(text, 0.0, "Debat Publik Kedua", None, None, i + 1, None, source)
            for i, (text, source) in enumerate(zip(texts, sources))]
    candidates = [retrieval.Candidate(0, 1.0, 0.9, 5.0, 0.1), retrieval.Candidate(1, 0.9, 0.85, 4.0, 1.0),
                  retrieval.Candidate(2, 0.8, 0.85, 3.0, 1.0)]
    _, ranked, phrases = retrieval._evidence_first(asked, asked, candidates, hits)
    assert ranked[0].source == "bulukumba.txt" and phrases[0] is not None and phrases[0].text == "450 personel"
    assert phrases[[hit.source for hit in ranked].index("jombang.txt")] is None
