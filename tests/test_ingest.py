from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

# The repository has no packaging config yet, so make `assistant` importable from any working directory.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.ingest import (  # noqa: E402
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    IngestError,
    dateline_place,
    find_release_files,
    parse_html_release,
    parse_markdown_release,
    parse_pdf_release,
    parse_release,
    parse_text_release,
    read_release,
)
from assistant.records import Paragraph, Release  # noqa: E402

from pdf_fixture import build_pdf  # noqa: E402  (tests/ is on sys.path under pytest)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = ROOT / "corpus" / "12522-inovasi-kolaborasi-dan-sinergi-kunci-sukses-pemilu-dan-pilkada.txt"
SAMPLE_URL = "https://www.kpu.go.id/berita/baca/12522/inovasi-kolaborasi-dan-sinergi-kunci-sukses-pemilu-dan-pilkada"

RELEASE_TXT = (
    "Rapat Pleno Rekapitulasi Suara Tingkat Provinsi\n"
    "Semarang, kpu.go.id - KPU Provinsi Jawa Tengah menggelar rapat pleno, Selasa (5/3/2024).\n"
    "Rapat dihadiri saksi partai politik dan Bawaslu – “semua berjalan lancar”.\n"
    "Sumber : https://www.kpu.go.id/berita/baca/99905/pleno-jateng\n"
)


def texts(release: Release) -> list[str]:
    return [p.text for p in release.paragraphs]


# ---------------------------------------------------------------- the sample corpus file


def test_sample_corpus_release() -> None:
    release = read_release(SAMPLE)

    assert release.source == str(SAMPLE)
    assert release.title == "Inovasi, Kolaborasi dan Sinergi, Kunci Sukses Pemilu dan Pilkada"
    assert release.url == SAMPLE_URL
    assert release.date == "2024-08-04"
    assert release.place == "Surabaya"
    assert len(release.paragraphs) == 8
    assert [p.number for p in release.paragraphs] == list(range(1, 9))
    assert all(p.page is None for p in release.paragraphs)
    assert not any("Sumber" in p.text or "kpu.go.id/berita" in p.text for p in release.paragraphs)
    # the dateline stays in the text, which is otherwise verbatim
    assert release.paragraphs[0].text.startswith("Surabaya, kpu.go.id - KPU sebagai penyelenggara")
    assert release.paragraphs[-1].text.endswith("akan terus meningkat. (Arf/foto: HFY/ed dio)")
    assert release.paragraphs[2].text.startswith("“Demi suksesnya Pilkada 2024")


# ---------------------------------------------------------------- plain text


def test_text_one_paragraph_per_line() -> None:
    release = parse_text_release(RELEASE_TXT.encode("utf-8"), "pleno.txt")

    assert release == Release(
        source="pleno.txt",
        title="Rapat Pleno Rekapitulasi Suara Tingkat Provinsi",
        paragraphs=(
            Paragraph("Semarang, kpu.go.id - KPU Provinsi Jawa Tengah menggelar rapat pleno, Selasa (5/3/2024).", 1),
            Paragraph("Rapat dihadiri saksi partai politik dan Bawaslu – “semua berjalan lancar”.", 2),
        ),
        date="2024-03-05",
        place="Semarang",
        url="https://www.kpu.go.id/berita/baca/99905/pleno-jateng",
    )


def test_text_blank_line_blocks_join_wrapped_lines() -> None:
    release = read_release(FIXTURES / "release-observers.txt")

    assert release.title == "Election Commission Welcomes International Observers"
    assert texts(release) == [
        "JAKARTA, kpu.go.id - The General Elections Commission (KPU) welcomed international observers "
        "on August 4, 2024, ahead of the regional elections.",
        "Observers from twelve countries will visit polling stations in several provinces.",
    ]
    assert release.date == "2024-08-04"
    assert release.place == "Jakarta"
    assert release.url == "https://www.kpu.go.id/berita/baca/99904/observers"


@pytest.mark.parametrize(
    "line",
    [
        "Sumber : https://kpu.go.id/a",
        "Sumber: https://kpu.go.id/a",
        "SUMBER:https://kpu.go.id/a",
        "  sumber   :\thttps://kpu.go.id/a  ",
    ],
)
def test_source_line_sets_url_and_is_not_a_paragraph(line: str) -> None:
    data = f"Judul Rilis\nParagraf pertama.\n{line}\nParagraf kedua.\n".encode()
    release = parse_text_release(data, "a.txt")

    assert release.url == "https://kpu.go.id/a"
    assert texts(release) == ["Paragraf pertama.", "Paragraf kedua."]


def test_source_line_without_url_is_text() -> None:
    release = parse_text_release(b"Judul\nSumber: Humas KPU RI\n", "a.txt")

    assert release.url is None
    assert texts(release) == ["Sumber: Humas KPU RI"]


def test_whitespace_inside_paragraph_is_collapsed() -> None:
    data = b"  Judul   Rilis  \n\nKPU\t menggelar   rapat\r\nkoordinasi  .\r\n\r\nParagraf dua.\n"
    release = parse_text_release(data, "a.txt")

    assert release.title == "Judul Rilis"
    assert texts(release) == ["KPU menggelar rapat koordinasi .", "Paragraf dua."]
    assert [p.number for p in release.paragraphs] == [1, 2]


def test_date_comes_from_title_when_body_has_none() -> None:
    release = parse_text_release(b"Rilis KPU 17 Agustus 2024\nUpacara berlangsung khidmat.\n", "a.txt")

    assert release.date == "2024-08-17"


def test_no_date_and_no_dateline() -> None:
    release = parse_text_release(b"Judul\nKetua KPU, Mochammad Afifuddin, hadir - katanya.\n", "a.txt")

    assert release.date is None
    assert release.place is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Surabaya, kpu.go.id - KPU sebagai penyelenggara", "Surabaya"),
        ("JAKARTA, KOMPAS.com - Debat publik", "Jakarta"),
        ("Jakarta, 12 Februari 2024 - Logistik", "Jakarta"),
        ("KOTA BANDUNG, kpu.go.id – Sosialisasi", "Kota Bandung"),
        ("Jakarta, Senin, 12 Februari 2024 - KPU", "Jakarta"),
        ("MAKASSAR, ANTARA - Rapat", "Makassar"),
        ("Ketua KPU, Mochammad Afifuddin, hadir - katanya.", None),
        ("Kabupaten Kepulauan Seribu Utara Jauh, kpu.go.id - terlalu panjang", None),
        ("Ketua KPU, Mochammad Afifuddin, mengatakan bahwa pemilu berjalan baik.", None),
        ("KPU menggelar rapat - tanpa koma di awal", None),
    ],
)
def test_dateline_place(text: str, place: str | None) -> None:
    assert dateline_place(text) == place


# ---------------------------------------------------------------- encodings


def test_utf8_with_bom() -> None:
    release = parse_text_release(codecs.BOM_UTF8 + RELEASE_TXT.encode("utf-8"), "bom.txt")

    assert release.title == "Rapat Pleno Rekapitulasi Suara Tingkat Provinsi"
    assert "“semua berjalan lancar”" in release.paragraphs[1].text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec]
    release = parse_text_release(bom + RELEASE_TXT.encode(codec), "u16.txt")

    assert release.title == "Rapat Pleno Rekapitulasi Suara Tingkat Provinsi"
    assert release.date == "2024-03-05"
    assert release.paragraphs[1].text == "Rapat dihadiri saksi partai politik dan Bawaslu – “semua berjalan lancar”."


def test_utf32_is_not_mistaken_for_utf16() -> None:
    with pytest.raises(IngestError, match="not UTF-8/UTF-16 text"):
        parse_text_release(RELEASE_TXT.encode("utf-32"), "u32.txt")  # BOM FF FE 00 00


def test_cp1252_is_accepted() -> None:
    release = parse_text_release(RELEASE_TXT.encode("cp1252"), "lama.txt")

    assert release.paragraphs[1].text == "Rapat dihadiri saksi partai politik dan Bawaslu – “semua berjalan lancar”."


def test_binary_garbage_is_rejected() -> None:
    garbage = bytes(range(256)) * 4  # contains NUL and undecodable bytes
    with pytest.raises(IngestError, match="not UTF-8/UTF-16 text"):
        parse_text_release(garbage, "sampah.txt")


def test_utf16_without_bom_is_rejected_as_binary() -> None:
    with pytest.raises(IngestError, match="not UTF-8/UTF-16 text"):
        parse_text_release(RELEASE_TXT.encode("utf-16-le"), "u16.txt")


def test_control_characters_outside_utf8_are_rejected() -> None:
    data = "Judul\nParagraf – satu\x01\x02.\n".encode("cp1252")
    with pytest.raises(IngestError, match="not UTF-8/UTF-16 text"):
        parse_text_release(data, "aneh.txt")


def test_binary_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "foto.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(IngestError) as caught:
        read_release(path)

    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: not UTF-8/UTF-16 text")


# ---------------------------------------------------------------- errors common to all formats


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_file(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"kosong{suffix}"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_release(path)

    assert caught.value.reason == "file is empty"
    assert str(caught.value) == f"{path}: file is empty"


def test_utf16_bom_only_is_empty() -> None:
    with pytest.raises(IngestError, match="file is empty"):
        parse_text_release(codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"), "kosong.txt")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("judul.txt", b"Judul saja\n\n"),
        ("judul.md", b"# Judul saja\n\n## Sub judul\n"),
        ("judul.html", b"<html><head><title>Judul saja</title></head><body><nav><p>Menu</p></nav></body></html>"),
        ("judul.txt", b"Judul saja\nSumber: https://kpu.go.id/x\n"),
    ],
)
def test_title_without_paragraphs(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=r": no paragraphs found$"):
        read_release(path)


def test_larger_than_20_mb_is_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "besar.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk space

    def no_reading(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(IngestError, match="larger than 20 MB"):
        read_release(path)


def test_larger_than_20_mb_in_memory() -> None:
    with pytest.raises(IngestError, match="larger than 20 MB"):
        parse_release(b"x" * (MAX_FILE_BYTES + 1), "besar.txt", ".txt")


def test_exactly_20_mb_is_not_too_large(tmp_path: Path) -> None:
    line = b"Paragraf pemilu yang panjang sekali.\n"
    data = b"Judul\n" + line * ((MAX_FILE_BYTES - 6) // len(line))
    assert len(data) <= MAX_FILE_BYTES
    path = tmp_path / "pas.txt"
    path.write_bytes(data)

    assert read_release(path).paragraphs[0].text == "Paragraf pemilu yang panjang sekali."


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "rilis.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match=r"unsupported file type '\.docx'"):
        read_release(path)


def test_missing_file_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot read file"):
        read_release(tmp_path / "hilang.txt")


def test_ingest_error_is_one_line() -> None:
    err = IngestError(Path("a/b.pdf"), "corrupt PDF (PdfReadError: bad\nxref\r\ntable)")

    assert err.path == "a/b.pdf"
    assert err.reason == "corrupt PDF (PdfReadError: bad xref table)"
    assert str(err) == "a/b.pdf: corrupt PDF (PdfReadError: bad xref table)"
    assert isinstance(err, Exception)


def test_read_release_accepts_str_and_upper_case_suffix(tmp_path: Path) -> None:
    path = tmp_path / "PLENO.TXT"
    path.write_text(RELEASE_TXT, encoding="utf-8")
    release = read_release(str(path))

    assert release.source == str(path)
    assert release.place == "Semarang"


# ---------------------------------------------------------------- Markdown


def test_markdown_with_front_matter() -> None:
    release = read_release(FIXTURES / "rilis-rekapitulasi.md")

    assert release.title == "KPU Tetapkan Hasil Rekapitulasi Pilkada Kota Contoh"
    assert release.date == "2024-12-10"  # front matter beats the 9/12/2024 in the text
    assert release.url == "https://www.kpu.go.id/berita/baca/99901/kpu-tetapkan-hasil-rekapitulasi"
    assert release.place == "Jakarta"
    assert texts(release) == [
        "Jakarta, kpu.go.id - KPU Kota Contoh menetapkan hasil rekapitulasi penghitungan suara "
        "Pilkada 2024 dalam rapat pleno terbuka, Senin (9/12/2024).",
        "Rapat pleno dihadiri para saksi pasangan calon dan Bawaslu setempat. Hasil lengkap "
        "dapat dilihat di laman resmi KPU.",
        "Tingkat partisipasi pemilih mencapai 71 persen.",
        "Seluruh keberatan saksi telah dijawab dalam rapat.",
    ]


def test_markdown_without_front_matter_or_heading() -> None:
    release = read_release(FIXTURES / "rilis-sosialisasi.md")

    assert release.title == "Sosialisasi Pemilih Pemula di Sekolah"
    assert release.date == "2025-02-12"
    assert release.place == "Bandung"
    assert texts(release) == [
        "Bandung, kpu.go.id - KPU Kota Bandung menggelar sosialisasi pemilih pemula, Rabu, 12 Feb 2025.",
        "Peserta diajak memahami tahapan pemilu dan cara mencoblos.",
        "Kegiatan ditutup dengan simulasi pemungutan suara.",
    ]


def test_markdown_heading_title_and_inline_markup() -> None:
    data = (
        "Catatan redaksi\n"
        "# Judul **Rilis** KPU\n"
        "\n"
        "Data di *data_pemilih_2024.csv* dan [tautan](https://kpu.go.id/a_b_c) **penting** _sekali_.\n"
        "\n"
        "1. Butir pertama `kode`\n"
        "2. Butir kedua\n"
        "---\n"
        "Sumber: https://kpu.go.id/x\n"
    ).encode()
    release = parse_markdown_release(data, "a.md")

    assert release.title == "Judul Rilis KPU"
    assert release.url == "https://kpu.go.id/x"
    assert texts(release) == [
        "Catatan redaksi",
        "Data di data_pemilih_2024.csv dan tautan penting sekali.",
        "Butir pertama kode",
        "Butir kedua",
    ]


def test_markdown_wrapped_line_starting_with_a_year_is_not_a_list() -> None:
    """A paragraph wrapped before "2023." keeps its year; a numbered list still needs no blank line before 1."""
    data = (
        "# Rekapitulasi KPU Kota Palu\n"
        "\n"
        "Partisipasi naik dibanding pemilihan tahun\n"
        "2019. Hasil ini disampaikan dalam rapat pleno.\n"
        "\n"
        "Tahapan berikutnya:\n"
        "1. Penetapan hasil\n"
        "2. Pelantikan\n"
    ).encode()
    assert texts(parse_markdown_release(data, "a.md")) == [
        "Partisipasi naik dibanding pemilihan tahun 2019. Hasil ini disampaikan dalam rapat pleno.",
        "Tahapan berikutnya:",
        "Penetapan hasil",
        "Pelantikan",
    ]


def test_markdown_front_matter_title_beats_heading() -> None:
    data = b"---\ntitle: Judul Resmi\n---\n# Judul Tampilan\n\nIsi rilis.\n"
    release = parse_markdown_release(data, "a.md")

    assert release.title == "Judul Resmi"
    assert texts(release) == ["Isi rilis."]


def test_markdown_front_matter_source_must_be_a_url() -> None:
    data = b"---\ntitle: Judul Depan\nsource: Humas KPU\n---\nIsi rilis.\n"
    release = parse_markdown_release(data, "a.md")

    assert release.title == "Judul Depan"
    assert release.url is None
    assert texts(release) == ["Isi rilis."]


# ---------------------------------------------------------------- HTML


def test_html_article() -> None:
    release = read_release(FIXTURES / "rilis-debat.html")

    assert release.title == "Debat Publik Kedua Calon Gubernur Digelar Tertib"  # og:title
    assert release.url == "https://www.kpu.go.id/berita/baca/99902/debat-publik-kedua"  # canonical
    assert release.date == "2024-11-04"  # article:published_time
    assert release.place == "Jakarta"
    assert texts(release) == [
        "JAKARTA, KOMPAS.com - Debat publik kedua calon gubernur & wakil gubernur "
        "berlangsung tertib di Jakarta, Minggu (3/11/2024).",
        "Ketua KPU menyebut debat sebagai “ruang adu gagasan” bagi pemilih. Tema debat adalah ekonomi & lingkungan.",
        "Debat berikutnya dijadwalkan pada 17 November 2024.",
    ]


def test_html_ignores_script_style_and_page_furniture() -> None:
    joined = " ".join(texts(read_release(FIXTURES / "rilis-debat.html")))

    for hidden in ("bukan paragraf", "tersembunyi", "tracker", "color", "Menu utama", "Beranda",
                   "Berita terkait", "©", "Portal KPU"):
        assert hidden not in joined


def test_html_without_paragraph_elements_falls_back_to_blocks() -> None:
    release = read_release(FIXTURES / "rilis-tanpa-p.htm")

    assert release.title == "Distribusi Logistik Pemilu"
    assert release.url == "https://www.kpu.go.id/berita/baca/99903/distribusi"
    assert release.date == "2024-02-12"
    assert release.place == "Surabaya"
    assert texts(release) == [
        "Surabaya, 12 Februari 2024 – Logistik pemilu telah didistribusikan ke seluruh TPS.",  # cp1252 0x96
        "Petugas memastikan surat suara tiba tepat waktu.",
    ]


def test_html_second_choices_for_title_url_and_date() -> None:
    page = (
        "<html><head><title>Judul &amp; Tab</title>"
        '<meta property="og:url" content="https://kpu.go.id/og">'
        "</head><body><main>"
        '<p>Dirilis <time datetime="2024-06-01T09:00">1 Juni</time>, Sabtu 2/6/2024.</p>'
        "<ul><li>Butir <b>satu</b></li><li>Butir dua</li></ul>"
        "</main></body></html>"
    )
    release = parse_html_release(page.encode("utf-8"), "a.html")

    assert release.title == "Judul & Tab"
    assert release.url == "https://kpu.go.id/og"
    assert release.date == "2024-06-01"
    assert texts(release) == ["Dirilis 1 Juni, Sabtu 2/6/2024.", "Butir satu", "Butir dua"]


def test_html_h1_title_source_line_and_text_date() -> None:
    page = (
        "<title>Judul Tab</title><h1>Judul  Berita</h1>"
        "<p>Medan, kpu.go.id - Rapat, Kamis (7/3/2024).</p>"
        "<p>Sumber : https://kpu.go.id/medan</p>"
    )
    release = parse_html_release(page.encode("utf-8"), "a.htm")

    assert release.title == "Judul Berita"
    assert release.url == "https://kpu.go.id/medan"
    assert release.date == "2024-03-07"
    assert release.place == "Medan"
    assert texts(release) == ["Medan, kpu.go.id - Rapat, Kamis (7/3/2024)."]


def test_html_declared_charset_is_used() -> None:
    page = '<meta charset="iso-8859-1"><h1>Pemilu</h1><p>Caf\xe9 \u201cdemokrasi\u201d</p>'.encode("cp1252")
    release = parse_html_release(page, "a.html")

    assert texts(release) == ["Café “demokrasi”"]


def test_html_with_unclosed_head() -> None:
    page = b"<html><head><title>Judul Halaman</title><body><p>Isi rilis.</p></body></html>"
    release = parse_html_release(page, "a.html")

    assert release.title == "Judul Halaman"
    assert texts(release) == ["Isi rilis."]


def test_html_declared_charset_beats_guessing() -> None:
    page = '<meta charset="iso-8859-15"><h1>Biaya</h1><p>Biaya \u20ac 5</p>'.encode("iso-8859-15")
    release = parse_html_release(page, "a.html")

    assert texts(release) == ["Biaya € 5"]  # cp1252 would read the byte as "¤"


def test_html_script_and_style_inside_a_paragraph_are_dropped() -> None:
    page = (
        "<h1>Judul</h1>"
        "<p>Pemungutan <script>iklan('<b>beli</b>');</script>suara <style>b{}</style>ulang.</p>"
        "<li>Butir <noscript>aktifkan JavaScript</noscript>satu</li>"
    )

    assert texts(parse_html_release(page.encode(), "a.html")) == ["Pemungutan suara ulang.", "Butir satu"]


def test_html_without_charset_falls_back_from_utf8_to_cp1252() -> None:
    utf8 = parse_html_release("<h1>A</h1><p>Café – ok</p>".encode("utf-8"), "a.html")
    legacy = parse_html_release("<h1>A</h1><p>Café – ok</p>".encode("cp1252"), "b.html")

    assert texts(utf8) == texts(legacy) == ["Café – ok"]


# ---------------------------------------------------------------- PDF


LONG_1 = "Jakarta, kpu.go.id - Komisi Pemilihan Umum menggelar rapat koordinasi"
LONG_2 = "persiapan pemungutan suara ulang di beberapa daerah pada Rabu"
SHORT_END = "(14/2/2024) lalu."
LONG_3 = "Rapat membahas kesiapan logistik, petugas KPPS, serta pengamanan TPS"
LONG_4 = "bersama kepolisian dan pemerintah daerah yang terlibat langsung dalam"
QUOTE_END = "kegiatan, “semua siap.”"


def test_pdf_fixture_builds_a_pdf_pypdf_can_read() -> None:
    data = build_pdf([["Halo (dunia) \\ café"], ["Kedua"]], title="Judul Meta")
    reader = PdfReader(io.BytesIO(data))

    assert len(reader.pages) == 2
    assert reader.pages[0].extract_text() == "Halo (dunia) \\ café"
    assert reader.pages[1].extract_text() == "Kedua"
    assert reader.metadata is not None and reader.metadata.title == "Judul Meta"


def test_pdf_single_page() -> None:
    data = build_pdf(
        [["Rapat Koordinasi Pemungutan Suara Ulang", LONG_1, LONG_2, SHORT_END, LONG_3, LONG_4, QUOTE_END,
          "Sumber : https://www.kpu.go.id/berita/baca/99906/psu"]]
    )
    release = parse_pdf_release(data, "psu.pdf")

    assert release.title == "Rapat Koordinasi Pemungutan Suara Ulang"
    assert release.url == "https://www.kpu.go.id/berita/baca/99906/psu"
    assert release.date == "2024-02-14"
    assert release.place == "Jakarta"
    assert release.paragraphs == (
        Paragraph(f"{LONG_1} {LONG_2} {SHORT_END}", 1, page=1),
        Paragraph(f"{LONG_3} {LONG_4} {QUOTE_END}", 2, page=1),
    )


def test_pdf_source_line_is_not_glued_to_the_paragraph() -> None:
    data = build_pdf([["Judul", LONG_1, LONG_2, "Sumber: https://www.kpu.go.id/berita/baca/99907/x"]])
    release = parse_pdf_release(data, "a.pdf")

    assert release.url == "https://www.kpu.go.id/berita/baca/99907/x"
    assert texts(release) == [f"{LONG_1} {LONG_2}"]


def test_pdf_with_only_a_source_line() -> None:
    with pytest.raises(IngestError, match="no paragraphs found"):
        parse_pdf_release(build_pdf([["Sumber: https://kpu.go.id/x"]]), "a.pdf")


def test_pdf_multi_page_numbers_and_no_paragraph_spans_pages(tmp_path: Path) -> None:
    path = tmp_path / "rilis.pdf"
    path.write_bytes(
        build_pdf(
            [
                ["Judul Rilis Tiga Halaman", LONG_1, LONG_2],  # the paragraph runs on to page 3 ...
                None,  # ... past a page without text
                [LONG_3, QUOTE_END],
            ]
        )
    )
    release = read_release(path)

    assert release.title == "Judul Rilis Tiga Halaman"
    assert [(p.number, p.page) for p in release.paragraphs] == [(1, 1), (2, 3)]
    assert texts(release) == [f"{LONG_1} {LONG_2}", f"{LONG_3} {QUOTE_END}"]


def test_pdf_blank_lines_split_paragraphs_when_present() -> None:
    # pypdf's plain extraction drops vertical gaps, so blank lines only appear if the text has them
    data = build_pdf([["Judul", "Satu baris.", "Dua baris.", "", "Tiga baris."]])
    assert "\n\n" not in PdfReader(io.BytesIO(data)).pages[0].extract_text()

    release = parse_pdf_release(data, "a.pdf")
    assert texts(release) == ["Satu baris. Dua baris. Tiga baris."]


def test_pdf_hyphen_at_line_end_joins_without_space() -> None:
    data = build_pdf([["Judul", "Kerja-kerja penyelenggaraan tahapan dan kerja-", "kerja lain."]])

    assert texts(parse_pdf_release(data, "a.pdf")) == ["Kerja-kerja penyelenggaraan tahapan dan kerja-kerja lain."]


def test_pdf_metadata_title() -> None:
    data = build_pdf([["KPU Gelar Bimbingan Teknis", "Isi rilis pertama."]], title="KPU Gelar Bimbingan Teknis")
    release = parse_pdf_release(data, "a.pdf")

    assert release.title == "KPU Gelar Bimbingan Teknis"
    assert texts(release) == ["Isi rilis pertama."]  # the same first line is not repeated

    other = parse_pdf_release(build_pdf([["Baris pembuka.", "Isi."]], title="Judul dari Metadata"), "b.pdf")
    assert other.title == "Judul dari Metadata"
    assert texts(other) == ["Baris pembuka. Isi."]


@pytest.mark.parametrize("meta_title", ["Microsoft Word - rilis final.docx", "rilis_kpu_v2", "Untitled", "  "])
def test_pdf_filename_like_metadata_title_is_ignored(meta_title: str) -> None:
    data = build_pdf([["Judul Sebenarnya", "Isi rilis."]], title=meta_title)
    release = parse_pdf_release(data, "a.pdf")

    assert release.title == "Judul Sebenarnya"
    assert texts(release) == ["Isi rilis."]


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "pindaian.pdf"
    path.write_bytes(build_pdf([None, None]))
    with pytest.raises(IngestError) as caught:
        read_release(path)

    assert caught.value.reason == "no text layer (scanned PDF?); run OCR first"
    assert str(caught.value) == f"{path}: no text layer (scanned PDF?); run OCR first"


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 2],  # truncated download
        lambda pdf: pdf[: pdf.index(b"xref")],
        lambda pdf: b"%PDF-1.4\nini bukan pdf sungguhan\n",
        lambda pdf: b"<html>halaman galat 404</html>",
    ],
)
def test_corrupt_pdf(damage: object) -> None:
    data = damage(build_pdf([["Judul", "Isi."]]))  # type: ignore[operator]
    with pytest.raises(IngestError) as caught:
        parse_pdf_release(data, "rusak.pdf")

    assert caught.value.reason.startswith("corrupt PDF (")
    assert "\n" not in str(caught.value)


def _encrypt(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password, owner_password="pemilik", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_with_empty_user_password_is_read() -> None:
    data = _encrypt(build_pdf([["Judul Terkunci", "Isi rilis."]]), user_password="")
    release = parse_pdf_release(data, "a.pdf")

    assert release.title == "Judul Terkunci"
    assert texts(release) == ["Isi rilis."]


def test_encrypted_pdf_with_password_is_rejected() -> None:
    data = _encrypt(build_pdf([["Judul Terkunci", "Isi rilis."]]), user_password="rahasia")
    with pytest.raises(IngestError, match=r"^a\.pdf: encrypted PDF; "):
        parse_pdf_release(data, "a.pdf")


# ---------------------------------------------------------------- finding files


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Judul\nIsi.\n", encoding="utf-8")


def test_find_release_files_recursion_and_filtering(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.txt", "a/rilis.MD", "a/dalam/c.html", "a/dalam/d.HTM", "e.pdf",
        "catatan.docx", "gambar.png", "tanpa_akhiran",
        ".tersembunyi.txt", ".git/objek.txt", "a/.draf/f.md",
    )
    found = find_release_files([tmp_path])

    assert found == [
        tmp_path / "a" / "dalam" / "c.html",
        tmp_path / "a" / "dalam" / "d.HTM",
        tmp_path / "a" / "rilis.MD",
        tmp_path / "b.txt",
        tmp_path / "e.pdf",
    ]


def test_find_release_files_deduplicates_and_sorts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _touch(tmp_path, "z.txt", "a/y.md")
    monkeypatch.chdir(tmp_path)
    found = find_release_files(["z.txt", tmp_path / "z.txt", "a", "a/y.md", "./a/y.md", ".", "a/../z.txt"])

    assert found == [Path("a/y.md"), Path("z.txt")]


def test_find_release_files_takes_named_files_and_hidden_roots(tmp_path: Path) -> None:
    _touch(tmp_path, ".arsip/x.txt", "catatan.docx")

    assert find_release_files([tmp_path / ".arsip"]) == [tmp_path / ".arsip" / "x.txt"]
    assert find_release_files([tmp_path / "catatan.docx"]) == []


def test_find_release_files_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada"
    with pytest.raises(FileNotFoundError) as caught:
        find_release_files([FIXTURES, missing])

    assert str(caught.value) == f"{missing}: no such file or folder"


def test_every_fixture_file_is_found_and_read() -> None:
    found = find_release_files([FIXTURES])

    assert [path.name for path in found] == [
        "release-observers.txt",
        "rilis-debat.html",
        "rilis-rekapitulasi.md",
        "rilis-sosialisasi.md",
        "rilis-tanpa-p.htm",
    ]
    for path in found:
        release = read_release(path)
        assert release.title and release.paragraphs, path
        assert [p.number for p in release.paragraphs] == list(range(1, len(release.paragraphs) + 1))


def test_files_are_only_read_by_read_release(tmp_path: Path) -> None:
    # the parse_* functions work on bytes alone: no file of that name needs to exist
    assert not os.path.exists(tmp_path / "tidak-ada.txt")
    release = parse_text_release(RELEASE_TXT.encode(), str(tmp_path / "tidak-ada.txt"))

    assert release.source == str(tmp_path / "tidak-ada.txt")
