"""Questions in everyday words: spoken Indonesian "nyerahin", "ngamanin", "disiapin" find the releases'
"menyerahkan", "mengamankan", "disiapkan", and everyday English words ("dead", "port") the releases' terms.

Real FAISS, BM25 and SQLite over a small release written the way KPU regions write.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import assistant
from assistant import question as question_module
from assistant.language import bridge, formal_verbs

from helpers import write_txt


@pytest.mark.parametrize(
    ("question", "formal"),
    [
        ("Siapa yang nyerahin dana hibahnya?", ["menyerahkan", "diserahkan"]),
        ("Berapa polisi buat ngamanin pleno?", ["mengamankan", "diamankan", "dikamankan"]),
        ("Kapan logistiknya dikirim? Siapa yang ngirim?", ["mengirim", "diirim", "dikirim"]),
        ("Kapan surat suara disiapin?", ["disiapkan"]),
        ("Berapa orang yang ngelipat surat suara?", ["melipat", "dilipat"]),
        ("Kapan KPU ngecek data pemilih?", ["mengecek"]),
        ("Pukul berapa warga nyoblos ulang?", ["mencoblos", "dicoblos"]),
        ("Ngumumin DPT kapan?", ["mengumumkan", "diumumkan", "dikumumkan"]),
        ("ngurus pindah memilih di mana?", ["mengurus", "diurus", "dikurus"]),
        # Names and words that only look spoken stay as they are.
        ("Berapa TPS di Ngada dan Nganjuk?", []),
        ("Ngawi punya berapa TPS?", []),
        ("Kenapa kemarin dingin dan siapa yang dijamin?", []),
    ],
)
def test_spoken_verbs_get_their_formal_form(question: str, formal: list[str]) -> None:
    assert formal_verbs(question) == formal


def test_an_english_question_gets_no_formal_verbs() -> None:
    assert "mengamankan" not in question_module.analyse("Who is guarding the polling stations?").query


TITLE = "Pemkab Tebo Cairkan Tahap Kedua Dana Hibah Pilkada 2024"
PARAGRAPHS = [
    "Muara Tebo, kab-tebo.kpu.go.id – KPU Kabupaten Tebo menerima pencairan tahap kedua dana hibah Pemilihan "
    "Bupati dan Wakil Bupati Tebo Tahun 2024 sebesar Rp15,6 miliar, Senin (8/7/2024).",
    "Kepala BPKAD Kabupaten Tebo, Ratna Wulandari, menyebut sisa dana hibah sebesar Rp3,1 miliar dijadwalkan cair "
    "paling lambat sebulan sebelum pemungutan suara.",
    "Dana tersebut diserahkan secara simbolis oleh Sekretaris Daerah Kabupaten Tebo, Syamsurizal, kepada Ketua KPU "
    "Kabupaten Tebo di ruang rapat kantor bupati.",
]


def _one_release_index(tmp_path_factory: pytest.TempPathFactory, name: str, title: str, paragraphs: list[str]) -> Path:
    root = tmp_path_factory.mktemp(name)
    write_txt(root / "releases" / f"{name}.txt", title, paragraphs)
    report = assistant.build_index([root / "releases"], index_dir=root / "index")
    assert report.errors == ()
    return root / "index"


@pytest.fixture(scope="module")
def tebo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _one_release_index(tmp_path_factory, "tebo", TITLE, PARAGRAPHS)


QUESTION = "Siapa yang nyerahin dana hibah ke KPU Tebo?"


def test_a_spoken_question_finds_the_formal_sentence(tebo: Path) -> None:
    answer = assistant.ask(QUESTION, index_dir=tebo)
    assert answer.found and answer.span == "Syamsurizal"
    assert answer.citations[0].paragraph == 3


def test_the_formal_forms_are_what_match_the_release(tebo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What the test above guards: "nyerahin" alone matches no word of the release, so the answering paragraph
    # scores well below what "diserahkan" gives it (0.90 -> 0.79 when written; the phrase model's other clues,
    # "Sekretaris Daerah ..., Syamsurizal", still pick it out of three).
    def answering_score() -> float:
        return next(h.score for h in assistant.retrieve(QUESTION, index_dir=tebo) if h.paragraph == 3)

    with_formal = answering_score()
    monkeypatch.setattr(question_module, "formal_verbs", lambda text: [])
    assert answering_score() < with_formal - 0.05


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("How many dead people were struck off the list?", "meninggal dunia"),
        ("What is the campaign spending limit for each pair?", "batasan"),
        ("How much may one private citizen put into a candidate's war chest?", "perseorangan"),
        ("From which port were the supplies shipped?", "pelabuhan"),
        ("How many invited guests attended the draw?", "tamu undangan"),
        ("Who represented the ID-card agency at the meeting?", "Disdukcapil"),
        ("How many times did the poll watchers object?", "saksi"),
        ("How many of the compensation recipients suffered serious injuries?", "luka berat"),
        ("How many students were picked as voter ambassadors?", "duta"),
        # everyday words English questions paraphrase releases with (dev and train questions)
        ("What time did the plenary wrap up?", "pukul"),
        ("What time did the plenary wrap up?", "selesai"),
        ("What share of the DPT are first-time voters?", "persen"),
        ("Where did the swearing-in take place?", "digelar"),
        ("How many newly eligible voters were added?", "genap berusia 17 tahun"),
        ("How much did the regency agree to give the commission?", "disepakati"),
        ("Who will take over the vacant seat?", "pengganti"),
        ("How many times did the count stop?", "kali"),
        ("What time did the plenary start?", "dibuka"),
        ("How many applicants failed the written test?", "tidak lolos"),
        ("How many candidates withdrew before the final list?", "mengundurkan diri"),
        # phrasal verbs: "signed up" is registering, not signing ("menandatangani")
        ("How many people signed up to become PPS members?", "pendaftar"),
        ("How many defective ballots turned up during the folding?", "ditemukan"),
        ("How many people were taken off the voter list because they had died?", "dicoret"),
        ("How many ballot papers were sent out to the districts?", "pengiriman"),
        ("How many girls took part in the school visit?", "diikuti"),
        ("How many day laborers did KPU hire to fold the ballots?", "pekerja harian"),
        ("How many registered voters have hearing impairments?", "tunarungu"),
        ("How many workers live in company housing?", "tinggal"),
        ("How many voter-data updating officers were sworn in?", "pantarlih"),
        ("How many ad hoc election workers were dismissed?", "badan ad hoc"),
        ("How many local hires folded the ballots?", "pekerja"),
        ("How many screenshots did Bawaslu submit as proof?", "tangkapan layar"),
        ("How many horses carried the ballot boxes?", "ekor"),
        # and the nouns releases count with for an Indonesian question's everyday ones ("420 personel", "6 laporan")
        ("Berapa aparat yang dikerahkan menjaga debat kedua?", "personel"),
        ("Ada berapa polisi yang mengawal pengiriman logistik?", "Polri"),
        ("Berapa aduan warga yang masuk ke KPU?", "laporan"),
        ("Berapa banyak tukang pikul yang dipakai KPU?", "porter"),
        ("How many helicopter trips were scheduled?", "sorti"),
        ("What opening balance did pair number 2 declare?", "saldo"),
        ("Ada berapa peminat yang ikut seleksi PPS?", "pendaftar"),
        ("Berapa kamera pengawas yang dipasang di gudang logistik?", "CCTV"),
        ("How many comments from residents did the PPS collect?", "masukan"),
        ("Tiap paslon boleh bawa berapa simpatisan ke ruang debat?", "pendukung"),
        ("How many views did the debate's livestream get?", "ditonton"),
        ("Tiap paslon boleh bawa massa berapa orang ke gedung debat?", "pendukung"),
        ("Ada berapa emak-emak yang ikut sosialisasi?", "perempuan"),
        ("Pemilih yang cacat fisik ada berapa orang?", "tunadaksa"),
        ("Berapa screenshot yang dilampirkan pelapor?", "tangkapan layar"),
        ("How many soakaway wells did pair number 1 promise?", "sumur resapan"),
        ("How many choppers did KPU Puncak charter?", "helikopter"),
        ("How many cops guarded the ballot warehouse?", "personel"),
        ("How many voters turned up for the do-over vote?", "pemungutan suara ulang"),
        ("How many individuals chipped in to pair number 2's campaign?", "sumbangan"),
    ],
)
def test_an_english_question_gets_the_words_releases_use(question: str, term: str) -> None:
    assert term in question_module.analyse(question).query


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("How many committees were sworn in?", "panitia"),  # the glossary has "committee"
        ("Who was the officer on duty?", "petugas"),  # ... and "officers"
        ("What share of the voters have disabilities?", "disabilitas"),  # ... and "disability"
        ("Where was the polling station's count redone?", "TPS tempat pemungutan suara"),
    ],
)
def test_an_english_word_bridges_in_either_number(question: str, term: str) -> None:
    assert term in bridge(question)[0]


def test_a_phrasal_verb_is_not_read_as_its_verb() -> None:
    assert "menandatangani" not in question_module.analyse("How many people signed up to become PPS members?").query
    assert "sidang" not in question_module.analyse("How many registered voters have hearing impairments?").query
    assert "siaran" not in question_module.analyse("How many workers live in company housing?").query


def test_the_longest_entry_wins_and_an_exact_one_beats_a_folded_one() -> None:
    # "polling station crew" (folded) is longer than "polling station" (exact)
    assert bridge("When were the polling station crews sworn in?")[0][1] == "KPPS"
    # "district" and "districts" are both entries: each question gets its own
    assert bridge("Which district?")[0] == ["kecamatan"]
    assert bridge("Which districts?")[0] == ["kecamatan distrik"]


PSU_TITLE = "Partisipasi PSU di TPS 003 Desa Sering Capai 81,3 Persen"
PSU_PARAGRAPHS = [
    "Pelalawan, kab-pelalawan.kpu.go.id – KPU Kabupaten Pelalawan menggelar pemungutan suara ulang (PSU) Pemilihan Bupati "
    "dan Wakil Bupati Pelalawan Tahun 2024 di TPS 003 Desa Sering, Sabtu (7/12/2024).",
    "Pemilih yang hadir di TPS 003 sebanyak 335 orang atau 81,3 persen dari 412 pemilih dalam DPT, naik dibanding "
    "pemungutan suara sebelumnya.",
    "Siaran langsung penghitungan suara di kanal YouTube KPU Pelalawan ditonton 2.140 penonton.",
]


@pytest.fixture(scope="module")
def pelalawan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _one_release_index(tmp_path_factory, "pelalawan", PSU_TITLE, PSU_PARAGRAPHS)


@pytest.mark.parametrize(
    ("question", "span"),
    [
        # "seberapa" asks a figure as "berapa" does: before, these had no answer type and got a sentence without a phrase.
        ("Seberapa ramai sih TPS 003 Desa Sering waktu coblos ulang Pilkada Pelalawan 2024, dalam persen?", "81,3 persen"),
        ("Seberapa banyak penonton siaran langsung penghitungan suara PSU Pelalawan di YouTube?", "2.140 penonton"),
    ],
)
def test_seberapa_asks_a_figure(pelalawan: Path, question: str, span: str) -> None:
    answer = assistant.ask(question, index_dir=pelalawan)
    assert answer.found and answer.span == span
