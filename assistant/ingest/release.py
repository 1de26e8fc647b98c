"""Release assembly: pick the reader for a file, then clean, number and date what it found.

Each ``parse_*_release`` runs one format's reader on bytes already in memory and turns its `Draft`
into a `Release`; `read_release` and `parse_release` choose the reader by the file's suffix.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from assistant.dates import parse_indonesian_date
from assistant.records import Paragraph, Release
from assistant.text import dateline

from ..errors import IngestError
from . import limits
from .draft import Draft
from .html import read_html
from .markdown import read_markdown
from .messages import clean
from .pdf import read_pdf
from .text import read_text

_READERS: dict[str, Callable[[bytes, str], Draft]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
}
SUPPORTED_SUFFIXES = tuple(_READERS)
DATE_SEARCH_PARAGRAPHS = 3  # the date sits in the dateline or the next paragraph or two
DATE_SEARCH_CHARS = 10_000  # ... and so within the first few thousand characters
_DECLARED_DATE_CHARS = 200  # a date in metadata is short; more is junk that would only slow the date parser



def read_release(path: str | os.PathLike[str]) -> Release:
    """Read one release file; the format is chosen by the file's suffix.

    Raises `IngestError` when the file cannot be read or holds no release.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise IngestError(path, limits.too_large(size))
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path, f"cannot read file ({err.strerror or type(err).__name__})") from err
    return parse_release(data, str(path), path.suffix)


def parse_release(data: bytes, source: str, suffix: str) -> Release:
    """Parse the bytes of a release file whose name ends in ``suffix``."""
    reader = _READERS.get(suffix.lower())
    if reader is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise IngestError(source, f"unsupported file type '{suffix}' (supported: {supported})")
    if len(data) > limits.MAX_FILE_BYTES:
        raise IngestError(source, limits.too_large(len(data)))
    if not data.strip():
        raise IngestError(source, "file is empty")
    return assemble(source, reader(data, source))


def parse_text_release(data: bytes, source: str) -> Release:
    """Parse a plain-text release: title line, paragraphs, optional ``Sumber : URL`` line.

    Paragraphs are separated by blank lines when the body has any; otherwise
    each line is a paragraph.
    """
    return assemble(source, read_text(data, source))


def parse_markdown_release(data: bytes, source: str) -> Release:
    """Parse a Markdown release.

    The title is the front matter ``title:``, else the first ``# `` heading,
    else the first line. Sub-headings and rules are dropped, list items become
    paragraphs of their own, links keep their text and emphasis marks go.
    Front matter may also give ``date:`` and ``url:`` (or ``source:``).
    """
    return assemble(source, read_markdown(data, source))


def parse_html_release(data: bytes, source: str) -> Release:
    """Parse a release saved as a web page.

    Paragraphs are the ``<p>`` and ``<li>`` elements outside navigation,
    scripts and the like; a page without them is split at block elements.
    """
    return assemble(source, read_html(data, source))


def parse_pdf_release(data: bytes, source: str) -> Release:
    """Parse a PDF release with a text layer; paragraphs carry their page number.

    Reading is bounded (see the ``MAX_PDF_*`` limits and `PDF_SECONDS` in `limits`): a decompression
    bomb, a page of megabytes of drawing instructions or thousands of pages is an `IngestError`, not
    an hour of work or gigabytes of memory.
    """
    return assemble(source, read_pdf(data, source))


def assemble(source: str, draft: Draft) -> Release:
    """The `Release` of ``draft``: whitespace cleaned, empty paragraphs dropped, the rest numbered.

    The date is the one the file declares if it can be read, else the first date in the title and
    the first few paragraphs; the place comes from the dateline. No paragraphs is an `IngestError`.
    """
    cleaned = [(clean(text), page) for text, page in draft.paragraphs]
    paragraphs = tuple(
        Paragraph(text=text, number=number, page=page)
        for number, (text, page) in enumerate(((t, p) for t, p in cleaned if t), start=1)
    )
    if not paragraphs:
        raise IngestError(source, "no paragraphs found")
    title = clean(draft.title)
    date = parse_indonesian_date(draft.declared_date[:_DECLARED_DATE_CHARS]) if draft.declared_date else None
    if date is None:
        head = [title, *(p.text for p in paragraphs[:DATE_SEARCH_PARAGRAPHS])]
        date = parse_indonesian_date("\n".join(head)[:DATE_SEARCH_CHARS])
    return Release(
        source=source,
        title=title,
        paragraphs=paragraphs,
        date=date,
        place=dateline_place(paragraphs[0].text),
        url=clean(draft.url) if draft.url else None,
    )


def dateline_place(text: str) -> str | None:
    """Return the place of a dateline such as "JAKARTA, KOMPAS.com - ...", title-cased.

    Only a short place (at most four words) before the first comma counts,
    and the comma must be followed by a short source or date and a dash.
    """
    match = dateline(text)
    if not match:
        return None
    words = match.group(1).split()
    if not 1 <= len(words) <= 4 or not words[0][:1].isalpha():
        return None
    return " ".join(word[:1].upper() + word[1:].lower() for word in words)
