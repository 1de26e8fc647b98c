"""The PDF reader: paragraphs of a PDF's text layer, each with its page number.

pypdf's extraction (bounded, in `pdf_extract`) gives each page's lines; this module finds the
title and the paragraphs in them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from pypdf.errors import DependencyError

from ..errors import IngestError
from . import limits
from .draft import Draft, take_source_lines
from .messages import clean, short
from .pdf_extract import PDF_LIMIT_ERRORS, PdfTimeout, pdf_limits, read_pdf_text

_FILENAME_LIKE = re.compile(
    r"^microsoft \w+ - |\.(pdf|docx?|odt|rtf|txt|indd|pptx?|xlsx?)$|^untitled$|^\S*[_.]\S*$",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"([.!?:]|[.!?]?[\"\u201d\u2019')\]]+)$")


def read_pdf(data: bytes, source: str) -> Draft:
    """What `parse_pdf_release` reads, as a `Draft` whose paragraphs carry their page number."""
    try:
        with pdf_limits():
            meta_title, page_texts = read_pdf_text(data, source)
    except IngestError:
        raise
    except PdfTimeout as err:
        raise IngestError(
            source, f"PDF takes more than {limits.PDF_SECONDS:g} s to read; it is too complex for a press release, save it as text"
        ) from err
    except DependencyError as err:  # AES encryption needs the optional 'cryptography' package
        raise IngestError(source, f"encrypted PDF; cannot decrypt it here ({short(str(err))})") from err
    except PDF_LIMIT_ERRORS as err:
        raise IngestError(
            source, f"PDF exceeds a safety limit (a decompression bomb?): {short(str(err))}"
        ) from err
    except MemoryError as err:
        raise IngestError(source, "PDF needs too much memory to read") from err
    # pypdf reports malformed files with many exception types (its own, ValueError, KeyError,
    # struct.error, zlib.error, RecursionError, ...), so anything raised while reading means a broken file.
    except Exception as err:
        raise IngestError(source, f"corrupt PDF ({type(err).__name__}: {short(str(err))})") from err
    if not page_texts:
        raise IngestError(source, "PDF has no pages")
    if not any(text.strip() for text in page_texts):
        raise IngestError(source, "no text layer (scanned PDF?); run OCR first")

    title = meta_title if meta_title and len(meta_title) <= 500 and not _FILENAME_LIKE.search(meta_title) else ""
    url: str | None = None
    pages: list[list[str]] = []
    for text in page_texts:
        # Drop "Sumber :" lines before joining lines, or they would be glued into a paragraph.
        page_url, items = take_source_lines([(line.rstrip(), False) for line in text.splitlines()])
        url = url or page_url
        pages.append([item[0] for item in items if item is not None])
    first_page = next((i for i, lines in enumerate(pages) if any(line.strip() for line in lines)), None)
    if first_page is None:
        raise IngestError(source, "no paragraphs found")
    lines = pages[first_page]
    first_line = next(i for i, line in enumerate(lines) if line.strip())
    if not title or clean(lines[first_line]).casefold() == title.casefold():
        title = title or clean(lines[first_line])
        pages[first_page] = lines[first_line + 1 :]

    paragraphs = [
        (text, number) for number, lines in enumerate(pages, start=1) for text in _pdf_page_paragraphs(lines)
    ]
    return Draft(title, paragraphs, url=url)


def _pdf_page_paragraphs(lines: Sequence[str]) -> list[str]:
    """Split one page's extracted lines into paragraph texts.

    pypdf's plain extraction drops the empty lines between paragraphs, so
    when there are none a paragraph ends at a line that closes a sentence and
    stops well short of the page's longest lines.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    lines = list(lines[filled[0] : filled[-1] + 1]) if filled else []
    if any(not line.strip() for line in lines):
        blocks: list[list[str]] = [[]]
        for line in lines:
            if line.strip():
                blocks[-1].append(line)
            elif blocks[-1]:
                blocks.append([])
        return [_join_pdf_lines(block) for block in blocks if block]
    longest = max((len(line.strip()) for line in lines), default=0)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        paragraphs[-1].append(line)
        stripped = line.strip()
        if _ENDS_SENTENCE.search(stripped[-64:]) and len(stripped) < 0.8 * longest:
            paragraphs.append([])
    return [_join_pdf_lines(lines) for lines in paragraphs if lines]


def _join_pdf_lines(lines: Sequence[str]) -> str:
    parts: list[str] = []
    for line in (line.strip() for line in lines):
        # A line broken after a hyphen ("kerja-" / "kerja") is one word: no space.
        if parts and not (parts[-1].endswith("-") and line[:1].islower()):
            parts.append(" ")
        parts.append(line)
    return "".join(parts)
