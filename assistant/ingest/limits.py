"""The limits that keep hostile files cheap, and the checks that share them.

A press release has tens of lines and a few pages; these are far above that, yet each bounds the
time of a file to a few seconds. The readers look the values up here when they run, so a test
that wants a tighter budget patches this module (``monkeypatch.setattr(limits, "PDF_SECONDS", 1.0)``).
"""
from __future__ import annotations

from ..errors import IngestError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINES = 1_000_000  # lines of a .txt/.md file
MAX_HTML_TAGS = 200_000  # "<" in a web page; a heavy news page has some 20,000
MAX_PDF_PAGES = 1_000
MAX_PDF_STREAM_BYTES = 4 * 1024 * 1024  # one decompressed PDF stream (pypdf's own default: 75 MB)
MAX_PDF_DECODED_BYTES = 48 * 1024 * 1024  # page contents, fonts and forms decoded, all pages together
MAX_PDF_PAGE_TEXT_CONTENT = 1024 * 1024  # the content of one page that shows text (pypdf reads ~0.3 MB/s)
MAX_PDF_FONTS_PER_PAGE = 500
PDF_SECONDS = 10.0  # wall-clock budget for reading one PDF, checked between pages and PDF operators

_LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")  # str.splitlines()


def check_line_count(text: str, source: str) -> None:
    """Raise `IngestError` if ``text`` has more than `MAX_LINES` lines (as ``str.splitlines`` counts them)."""
    lines = sum(text.count(mark) for mark in _LINE_BREAKS) - text.count("\r\n")
    if lines > MAX_LINES:
        raise IngestError(source, f"more than {MAX_LINES:,} lines; a press release has far fewer, split the file")


def too_large(size: int) -> str:
    """The reason for a file over `MAX_FILE_BYTES`."""
    return f"larger than 20 MB ({size / 1024 / 1024:.1f} MB); split it or extract the text first"
