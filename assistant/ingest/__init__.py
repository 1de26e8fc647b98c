"""Read press releases from .txt, .md, .html and .pdf files into `Release` records.

`find_release_files` collects the files to read; `read_release` reads one
file. Every problem with a file is reported as an `IngestError` whose message
is one line, ``"<path>: <what is wrong>"``, so a caller can list it and go on.
The ``parse_*`` functions do the work on bytes already in memory.

Files are untrusted input: a hostile or broken file must cost at most a few seconds and a bounded
amount of memory, then come out as an `IngestError`. Hence the limits (`MAX_LINES`,
`MAX_HTML_TAGS`, the ``MAX_PDF_*`` budgets and `PDF_SECONDS`, all in `assistant.ingest.limits`,
which is the module to patch to change them), the clean-up of markup that makes Python's
``html.parser`` slow or raise, and regular expressions that cannot backtrack for long.
tests/test_fuzz_ingest.py feeds random and hand-made nasty files through this package.

Data flows one way: `decode` (bytes to text) -> one reader per format (`text`, `markdown`,
`html`, `pdf` with `pdf_extract`), each returning a `draft.Draft` -> `release` (assembly into a
`Release`). `files` finds the files.
"""
from __future__ import annotations

from ..errors import IngestError
from .decode import decode_text
from .files import find_release_files, listed_release_files
from .limits import (
    MAX_FILE_BYTES,
    MAX_HTML_TAGS,
    MAX_LINES,
    MAX_PDF_DECODED_BYTES,
    MAX_PDF_FONTS_PER_PAGE,
    MAX_PDF_PAGE_TEXT_CONTENT,
    MAX_PDF_PAGES,
    MAX_PDF_STREAM_BYTES,
    PDF_SECONDS,
)
from .release import (
    DATE_SEARCH_CHARS,
    DATE_SEARCH_PARAGRAPHS,
    SUPPORTED_SUFFIXES,
    dateline_place,
    parse_html_release,
    parse_markdown_release,
    parse_pdf_release,
    parse_release,
    parse_text_release,
    read_release,
)

__all__ = [
    "DATE_SEARCH_CHARS",
    "DATE_SEARCH_PARAGRAPHS",
    "MAX_FILE_BYTES",
    "MAX_HTML_TAGS",
    "MAX_LINES",
    "MAX_PDF_DECODED_BYTES",
    "MAX_PDF_FONTS_PER_PAGE",
    "MAX_PDF_PAGES",
    "MAX_PDF_PAGE_TEXT_CONTENT",
    "MAX_PDF_STREAM_BYTES",
    "PDF_SECONDS",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "dateline_place",
    "decode_text",
    "find_release_files",
    "listed_release_files",
    "parse_html_release",
    "parse_markdown_release",
    "parse_pdf_release",
    "parse_release",
    "parse_text_release",
    "read_release",
]
