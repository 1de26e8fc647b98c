"""Hostile files through ingest: each one gives a Release or an IngestError, fast and in bounded memory.

What is fuzzed (hypothesis, at most 120 examples per test, deadline 2 s per example):

- random bytes named .pdf, .html, .txt and .md: 4 x 120 = 480 inputs;
- a valid PDF with random byte flips, inserts, deletions and truncation: 120 inputs;
- HTML and Markdown "token soup" (tags, comments, ``<![``, entities, emphasis and link marks): 2 x 120 = 240;
- random text in UTF-8, UTF-16, cp1252 and Latin-1, with and without BOM: 120 inputs;

so 960 generated files a run (new ones each run), plus 32 hand-made nasty files in ``NASTY``:
truncated, text-less, password-protected and zip-bomb PDFs, a page of megabytes of operators, a PDF
of 5,000 pages, odd encodings, empty files, 100k nested <div>s, a 7 MB one-line page, markup that made
Python's html.parser raise or take hours, Markdown marks that made its patterns quadratic, binary data
named .txt; and a sparse file just over the size limit and a PDF that draws a text form 200 times
(stopped by ``ingest.limits.PDF_SECONDS``, tested at 1 s). Each hand-made file must be read within
``PER_FILE_SECONDS``; on the development machine (2 busy cores) the slowest took under 1 s.

The last test indexes a folder of them plus one good release: the good one is indexed, every bad one
is reported by name in BuildReport.errors.
"""
from __future__ import annotations

import codecs
import io
import re
import time
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

import assistant.ingest as ingest
from assistant.ingest import IngestError, parse_release, read_release
from assistant.records import Release

from pdf_fixture import build_pdf  # tests/ is on sys.path under pytest

PER_FILE_SECONDS = 6.0  # the hand-made files; most take milliseconds
FUZZ = settings(
    max_examples=120,
    deadline=2000,  # ms per example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)

GOOD_PDF = build_pdf(
    [["Rilis KPU tentang Rekapitulasi", "", "Jakarta, kpu.go.id - KPU menetapkan hasil rekapitulasi.", "",
      "Sumber : https://kpu.go.id/berita/1"], ["Halaman kedua berisi penjelasan."]],
    title="Rekapitulasi Nasional",
)


def _outcome(data: bytes, suffix: str, name: str = "fuzz") -> Release | IngestError:
    """Parse, allowing only the two outcomes; an IngestError must be one line naming the file."""
    source = f"{name}{suffix}"
    try:
        release = parse_release(data, source, suffix)
    except IngestError as err:
        assert err.path == source
        assert "\n" not in str(err) and str(err).startswith(f"{source}: ") and err.reason
        return err
    assert isinstance(release, Release) and release.paragraphs and all(p.text for p in release.paragraphs)
    assert release.source == source
    return release


# ---------------------------------------------------------------- generated inputs


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".txt", ".md"])
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(suffix: str, data: bytes) -> None:
    _outcome(data, suffix)


@st.composite
def mutated_pdfs(draw: st.DrawFn) -> bytes:
    data = bytearray(GOOD_PDF)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
        else:  # PDF syntax in the wrong place
            data[at:at] = draw(st.sampled_from([b"<<", b">>", b"[", b"]", b"stream\n", b"endstream", b"obj", b" 0 R",
                                                b"/FlateDecode", b"/Length 999999", b"xref", b"trailer", b"%%EOF", b"(", b")"]))
    return bytes(data)


@FUZZ
@given(data=mutated_pdfs())
def test_mutated_pdf(data: bytes) -> None:
    _outcome(data, ".pdf")


HTML_TOKENS = [
    "<", ">", "</", "/>", "<!--", "-->", "--", "<![", "]]>", "<![CDATA[", "<!DOCTYPE html>", "<?", "?>",
    "<p>", "</p>", "<li>", "<div>", "</div>", "<br>", "<h1>", "</h1>", "<title>", "</title>", "<script>",
    "</script>", "<style>", "</style>", "<nav>", "</nav>", "<head>", "<body>", "<a href='", "<a href=\"",
    "'", '"', "=", " ", "\n", "&amp;", "&#", "&#x", ";", "&", "<meta property='og:title' content='",
    "<meta charset='", "<link rel='canonical' href='", "<time datetime='", "teks", "Rilis", "4 Agustus 2024",
    "Sumber : https://kpu.go.id/x", "\u00e9", "\x00", "<a", "<p", "<!", "]>",
]
MARKDOWN_TOKENS = [
    "*", "**", "***", "_", "__", "`", "``", "[", "]", "(", ")", "](", "![", "# ", "## ", "#", "---", "...",
    "\n", "\n\n", "- ", "* ", "1. ", "2) ", "> ", "  ", "teks", "Rilis", "title: ", "date: 4/8/2024",
    "url: https://kpu.go.id", "Sumber : https://kpu.go.id/x", "\t", "\r\n", "\u2028", "\x0c",
]


@FUZZ
@given(tokens=st.lists(st.sampled_from(HTML_TOKENS), max_size=300), encoding=st.sampled_from(["utf-8", "cp1252"]))
def test_html_token_soup(tokens: list[str], encoding: str) -> None:
    _outcome("".join(tokens).encode(encoding, "replace"), ".html")


@FUZZ
@given(tokens=st.lists(st.sampled_from(MARKDOWN_TOKENS), max_size=300))
def test_markdown_token_soup(tokens: list[str]) -> None:
    _outcome("".join(tokens).encode(), ".md")


@FUZZ
@given(
    text=st.text(max_size=2000),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_encoded_text(text: str, encoding: str, suffix: str) -> None:
    data = text.encode(encoding, "replace")
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    result = _outcome(data, suffix)
    if isinstance(result, Release) and suffix == ".txt" and encoding.startswith(("utf-8", "utf-16")):
        # what a well-encoded text file holds comes out (whitespace aside)
        assert " ".join(result.title.split()) in " ".join(text.split())


# ---------------------------------------------------------------- hand-made PDFs


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(raw: bytes, extra: bytes = b"", compressed: bytes | None = None) -> bytes:
    body = compressed if compressed is not None else zlib.compress(raw, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def _pages_pdf(contents: list[bytes], resources: bytes = b"", extra_objects: list[bytes] = ()) -> bytes:
    """Pages whose /Contents are the given object bodies (streams); objects 3 and on are extra objects."""
    first_extra = 4
    first_content = first_extra + len(extra_objects)
    first_page = first_content + len(contents)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + i) for i in range(len(contents))), len(contents)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        *extra_objects,
        *contents,
    ]
    for i in range(len(contents)):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> %s >>"
            b" /Contents %d 0 R >>" % (resources, first_content + i)
        )
    return _pdf(objects)


TEXT_OP = b"BT /F1 11 Tf 72 700 Td (Kata kata rilis pemilu) Tj ET\n"


@lru_cache(maxsize=None)
def _zip_bomb_stream(size: int) -> bytes:
    """A FlateDecode body of ``size`` bytes of spaces, built in pieces (the test never holds ``size`` bytes)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def zip_bomb_pdf() -> bytes:
    """One page whose content stream is ~250 KB compressed and 256 MB decompressed."""
    return _pages_pdf([_stream(b"", compressed=_zip_bomb_stream(256 << 20))])


def heavy_page_pdf() -> bytes:
    """A content stream just under pypdf's decompression limit, all text operators (minutes to extract)."""
    return _pages_pdf([_stream(TEXT_OP * (3_500_000 // len(TEXT_OP)))])


def many_streams_pdf() -> bytes:
    """30 pages, each with its own stream expanding to 3 MB: 90 MB held if all were decoded."""
    return _pages_pdf([_stream(b"%d " % i + b" " * (3 << 20)) for i in range(30)])


def many_pages_pdf() -> bytes:
    """5,000 pages sharing one small text stream."""
    content = 4
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(5000))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count 5000 >>" % kids,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(TEXT_OP * 100),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
    objects += [page % content] * 5000
    return _pdf(objects)


def form_bomb_pdf() -> bytes:
    """A page that draws a 150 KB text form XObject 200 times: each drawing re-parses the form."""
    form = _stream(TEXT_OP * (150_000 // len(TEXT_OP)), b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 3 0 R >> >> ")
    return _pages_pdf([_stream(b"/Fm1 Do\n" * 200)], resources=b"/XObject << /Fm1 4 0 R >>", extra_objects=[form])


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(GOOD_PDF)))
    writer.encrypt("rahasia", owner_password="pemilik", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------- hand-made text and HTML


def one_line_page() -> bytes:
    """A 10 MB page on one line: minified script, a data: image and a short article."""
    script = "<script>" + "var a=[1,2,3];if(a[0]<a[1]){a.push(4)}" * 150_000 + "</script>"
    image = "<img src='data:image/png;base64," + "QUJD" * 300_000 + "'>"
    article = "<article><h1>Rilis Satu Baris</h1><p>Jakarta, kpu.go.id - Isi rilis yang pendek.</p><p>Paragraf kedua.</p></article>"
    return ("<html><head><title>Satu Baris</title><style>" + "p{color:red}" * 20_000 + "</style></head><body>"
            + script + image + article + "</body></html>").encode()


Nasty = tuple[str, Callable[[], bytes], str]  # file name, maker, expected: "release", "any" or a regex for the error
NASTY: list[Nasty] = [
    ("terpotong.pdf", lambda: GOOD_PDF[: len(GOOD_PDF) // 2], "any"),  # pypdf may recover the first page
    ("pindaian.pdf", lambda: build_pdf([None, None]), r"no text layer"),
    ("terkunci.pdf", encrypted_pdf, r"encrypted PDF"),
    ("bom-zip.pdf", zip_bomb_pdf, r"safety limit"),
    ("halaman-berat.pdf", heavy_page_pdf, r"drawing instructions"),
    ("banyak-aliran.pdf", many_streams_pdf, r"expands to more than"),
    ("ribuan-halaman.pdf", many_pages_pdf, r"5,000 pages"),
    ("bukan-pdf.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 64, r"corrupt PDF"),
    ("latin1.txt", lambda: "Rilis Pemilu\n\nPartisipasi pemilih naïve café 4 Agustus 2024.\n".encode("latin-1"), "release"),
    ("utf16.txt", lambda: "Rilis UTF-16\n\nIsi rilis berbahasa Indonesia.\n".encode("utf-16"), "release"),
    ("utf16be.md", lambda: codecs.BOM_UTF16_BE + "# Rilis\n\nIsi *penting*.\n".encode("utf-16-be"), "release"),
    ("bom.txt", lambda: codecs.BOM_UTF8 + "Rilis BOM\n\nIsi rilis.\n".encode(), "release"),
    ("kosong.txt", lambda: b"", r"file is empty"),
    ("kosong.pdf", lambda: b"", r"file is empty"),
    ("kosong.html", lambda: b"   \n\t ", r"file is empty"),
    ("sampah.txt", lambda: bytes(range(256)) * 200, r"not UTF-8/UTF-16 text"),
    ("sampah.md", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200) + b"IHDR", r"not UTF-8/UTF-16 text"),
    ("div-bersarang.html", lambda: b"<p>Rilis</p>" + b"<div>" * 100_000 + b"teks dalam" + b"</div>" * 100_000, r"too much markup"),
    ("div-terbuka.html", lambda: b"<title>Dalam</title>" + b"<div>" * 100_000 + b"<p>teks paling dalam</p>", "release"),
    ("satu-baris.html", one_line_page, "release"),
    ("tag-terbuka.html", lambda: b"<p>Rilis</p>" + b"<a" * 150_000, "release"),
    ("cdata.html", lambda: b"<p>Rilis</p>" + b"<![CDATA[ x >" * 15_000, "release"),
    ("komentar.html", lambda: b"<p>Rilis</p>" + b"<!--x>" * 30_000, "release"),
    ("bagian-aneh.html", lambda: b"<p>Rilis</p><![foo[ x ]]><p>Lanjut</p>", "release"),
    ("judul-raksasa.html", lambda: b"<title>" + b"a<b>" * 40_000 + b"</title><p>Isi</p>", "release"),
    ("head-berulang.html", lambda: b"<p>Isi</p>" + b"<head>" * 90_000 + b"<body>" * 90_000, "release"),
    ("nav-dalam.html", lambda: b"<p>Isi</p>" + b"<nav>" * 20_000 + b"</x>" * 150_000, "release"),
    ("bintang.md", lambda: b"# Judul\n\n" + b"*a " * 300_000, "release"),
    ("tautan.md", lambda: b"# Judul\n\n" + b"[](" * 300_000, "release"),
    ("spasi-judul.md", lambda: b"# Judul" + b" " * 2_000_000 + b"x\n\nIsi.\n", "release"),
    ("baris-jutaan.txt", lambda: b"Judul\n" + b"x\n" * 2_000_000, r"more than 1,000,000 lines"),
    ("kutip.txt", lambda: b"Judul\n\n" + b")" * 2_000_000 + b"x", "release"),
]
# Valid releases with megabytes of text: ingest reads them in about a second, but embedding the
# hundreds of passages they make takes the indexer minutes, so the index test leaves them out.
HUGE_RELEASES = {"bintang.md", "tautan.md", "kutip.txt"}


@pytest.mark.parametrize(("name", "make", "expected"), NASTY, ids=[case[0] for case in NASTY])
def test_nasty_file(tmp_path: Path, name: str, make: Callable[[], bytes], expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    started = time.perf_counter()
    try:
        result: Release | IngestError = read_release(path)
    except IngestError as err:
        result = err
    elapsed = time.perf_counter() - started
    assert elapsed < PER_FILE_SECONDS, f"{name} took {elapsed:.1f} s"
    if expected == "any":
        return
    if expected == "release":
        assert isinstance(result, Release), result
        assert result.paragraphs
    else:
        assert isinstance(result, IngestError), f"{name} was read: {result!r:.200}"
        assert "\n" not in str(result) and str(result).startswith(f"{path}: ")
        assert re.search(expected, result.reason), result.reason


def test_file_just_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "besar.pdf"
    with path.open("wb") as handle:
        handle.truncate(ingest.MAX_FILE_BYTES + 1)  # sparse: no disk space, no time
    started = time.perf_counter()
    with pytest.raises(IngestError, match="larger than 20 MB"):
        read_release(path)
    assert time.perf_counter() - started < 0.5


def test_form_drawn_hundreds_of_times_stops_at_the_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest.limits, "PDF_SECONDS", 1.0)  # the readers look it up there
    started = time.perf_counter()
    with pytest.raises(IngestError, match=r"takes more than 1 s to read"):
        parse_release(form_bomb_pdf(), "formulir.pdf", ".pdf")
    assert time.perf_counter() - started < 1.0 + PER_FILE_SECONDS / 2


def test_good_pdf_still_reads_within_the_limits() -> None:
    release = parse_release(GOOD_PDF, "baik.pdf", ".pdf")
    assert release.title == "Rekapitulasi Nasional"
    assert release.url == "https://kpu.go.id/berita/1"
    assert [(p.text, p.page) for p in release.paragraphs] == [
        ("Rilis KPU tentang Rekapitulasi Jakarta, kpu.go.id - KPU menetapkan hasil rekapitulasi.", 1),
        ("Halaman kedua berisi penjelasan.", 2),
    ]


def test_html_markup_defusing_keeps_normal_pages_intact() -> None:
    page = (b"<html><head><title>T</title><!-- komentar <b>x</b> --></head><body>"
            b"<p>Satu &lt; dua &amp; tiga.</p><![if !IE]><p>Dua</p><![endif]><p>a < b</p></body></html>")
    release = parse_release(page, "a.html", ".html")
    assert [p.text for p in release.paragraphs] == ["Satu < dua & tiga.", "Dua", "a < b"]


# ---------------------------------------------------------------- the indexer over all of them


def test_build_index_reports_every_bad_file_and_indexes_the_rest(tmp_path: Path) -> None:
    import assistant

    folder = tmp_path / "rilis"
    folder.mkdir()
    good = folder / "rilis-baik.txt"
    good.write_text(
        "KPU Tetapkan Jadwal Debat Kandidat\n\n"
        "Jakarta, kpu.go.id - Komisi Pemilihan Umum menetapkan debat kandidat pada 12 Desember 2023.\n\n"
        "Debat disiarkan langsung oleh lima stasiun televisi nasional.\n",
        encoding="utf-8",
    )
    expected_bad: set[str] = set()
    expected_good = {str(good)}
    slowest = (0.0, "")
    for name, make, expected in NASTY:
        if name in HUGE_RELEASES:
            continue
        path = folder / name
        path.write_bytes(make())
        started = time.perf_counter()
        try:
            read_release(path)
            expected_good.add(str(path))
        except IngestError:
            expected_bad.add(str(path))
        slowest = max(slowest, (time.perf_counter() - started, name))
        assert expected == "any" or (expected == "release") == (str(path) in expected_good), name
    oversize = folder / "besar.txt"
    with oversize.open("wb") as handle:
        handle.truncate(ingest.MAX_FILE_BYTES + 1)
    expected_bad.add(str(oversize))
    assert slowest[0] < PER_FILE_SECONDS, f"slowest file {slowest[1]}: {slowest[0]:.1f} s"

    report = assistant.build_index([folder], tmp_path / "index")

    reported = {error.split(": ", 1)[0] for error in report.errors}
    assert reported == expected_bad
    assert all("\n" not in error for error in report.errors)
    assert report.releases == len(expected_good)
    hits = assistant.retrieve("kapan debat kandidat?", k=3, index_dir=tmp_path / "index")
    assert hits and hits[0].source == str(good)
