"""Read press releases from .txt, .md, .html and .pdf files into `Release` records.

`find_release_files` collects the files to read; `read_release` reads one
file. Every problem with a file is reported as an `IngestError` whose message
is one line, ``"<path>: <what is wrong>"``, so a caller can list it and go on.
The ``parse_*`` functions do the work on bytes already in memory.

Files are untrusted input: a hostile or broken file must cost at most a few seconds and a bounded
amount of memory, then come out as an `IngestError`. Hence the limits below (`MAX_LINES`,
`MAX_HTML_TAGS`, the ``MAX_PDF_*`` budgets and `PDF_SECONDS`), the clean-up of markup that makes
Python's ``html.parser`` slow or raise, and regular expressions that cannot backtrack for long.
tests/test_fuzz_ingest.py feeds random and hand-made nasty files through this module.
"""
from __future__ import annotations

import codecs
import contextlib
import dataclasses
import io
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
from pypdf import PasswordType, PdfReader
from pypdf import errors as pdf_errors
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from assistant.dates import parse_indonesian_date
from assistant.errors import AssistantError
from assistant.records import Paragraph, Release

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024
DATE_SEARCH_PARAGRAPHS = 3  # the date sits in the dateline or the next paragraph or two
DATE_SEARCH_CHARS = 10_000  # ... and so within the first few thousand characters

# Limits that keep hostile files cheap. A press release has tens of lines and a few pages; these
# are far above that, yet each bounds the time of a file to a few seconds.
MAX_LINES = 1_000_000  # lines of a .txt/.md file
MAX_HTML_TAGS = 200_000  # "<" in a web page; a heavy news page has some 20,000
MAX_PDF_PAGES = 1_000
MAX_PDF_STREAM_BYTES = 4 * 1024 * 1024  # one decompressed PDF stream (pypdf's own default: 75 MB)
MAX_PDF_DECODED_BYTES = 48 * 1024 * 1024  # page contents, fonts and forms decoded, all pages together
MAX_PDF_PAGE_TEXT_CONTENT = 1024 * 1024  # the content of one page that shows text (pypdf reads ~0.3 MB/s)
MAX_PDF_FONTS_PER_PAGE = 500
PDF_SECONDS = 10.0  # wall-clock budget for reading one PDF, checked between pages and PDF operators


class IngestError(AssistantError):
    """A file could not be read as a press release.

    ``path`` is the file, ``reason`` says what is wrong and, where possible,
    what to do about it.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = _one_line(reason)
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# ---------------------------------------------------------------- finding files


def find_release_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the release files named by ``paths``, sorted and without duplicates.

    Folders are searched recursively. Only files ending in one of
    `SUPPORTED_SUFFIXES` (any case) are returned; hidden files and folders
    (name starting with ".") inside a folder are skipped. A path that does
    not exist raises `FileNotFoundError`.
    """
    return [Path(source) for source, _ in listed_release_files(paths)]


def listed_release_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, os.stat_result | None]]:
    """`find_release_files` as strings, each with its ``os.stat`` (None if it could not be taken).

    The indexer lists every file on every run to find the few that changed: at a hundred thousand
    files, making a Path of each, resolving each and stating each by name cost seconds; here the
    folder is resolved once, names are joined to it, and the stat comes from the folder listing.
    """
    found: dict[str, tuple[str, os.stat_result | None]] = {}  # resolved -> as the user spelled it, its stat
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _walk(str(path))
        elif path.is_file():
            candidates = [(str(path), os.path.realpath(path), _stat(path))] if _is_release(path.name) else []
        elif not path.exists():
            raise FileNotFoundError(f"{given}: no such file or folder")
        else:
            continue  # a device, socket or the like
        for candidate, resolved, stat in candidates:
            found.setdefault(resolved, (candidate, stat))
    return sorted(found.values(), key=lambda item: _path_order(item[0]))


def _is_release(name: str) -> bool:
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in SUPPORTED_SUFFIXES  # as Path(name).suffix


def _path_order(source: str) -> str:
    """A string that sorts path strings as Path objects sort (by their parts, the root "/" a part of its
    own): the parts joined by a character below any other, and a string compares faster than a list."""
    if source.startswith(os.sep):
        return os.sep + "\x00" + source.lstrip(os.sep).replace(os.sep, "\x00")
    return source.replace(os.sep, "\x00")


def _stat(path: str | os.PathLike[str] | os.DirEntry) -> os.stat_result | None:
    try:
        return path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return None  # read_release reports it


def _walk(folder: str) -> list[tuple[str, str, os.stat_result | None]]:
    """Release files under ``folder`` (not in hidden folders, not through symlinked ones, as os.walk),
    with their resolved paths and stats."""
    files: list[tuple[str, str, os.stat_result | None]] = []
    pending = [(folder, os.path.realpath(folder))]
    while pending:
        root, resolved_root = pending.pop()
        prefix = resolved_root.rstrip(os.sep) + os.sep
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue  # an unreadable folder: os.walk skipped it too
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, prefix + name))
                elif _is_release(name) and entry.is_file():  # follows a symlink to a file, as Path.is_file did
                    resolved = os.path.realpath(entry.path) if entry.is_symlink() else prefix + name
                    files.append((entry.path, resolved, _stat(entry)))
            except OSError:
                continue
    return files


# ---------------------------------------------------------------- reading one file


def read_release(path: str | os.PathLike[str]) -> Release:
    """Read one release file; the format is chosen by the file's suffix.

    Raises `IngestError` when the file cannot be read or holds no release.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(path, _too_large(size))
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path, f"cannot read file ({err.strerror or type(err).__name__})") from err
    return parse_release(data, str(path), path.suffix)


def parse_release(data: bytes, source: str, suffix: str) -> Release:
    """Parse the bytes of a release file whose name ends in ``suffix``."""
    parser = _PARSERS.get(suffix.lower())
    if parser is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise IngestError(source, f"unsupported file type '{suffix}' (supported: {supported})")
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(source, _too_large(len(data)))
    if not data.strip():
        raise IngestError(source, "file is empty")
    return parser(data, source)


def parse_text_release(data: bytes, source: str) -> Release:
    """Parse a plain-text release: title line, paragraphs, optional ``Sumber : URL`` line.

    Paragraphs are separated by blank lines when the body has any; otherwise
    each line is a paragraph.
    """
    text = decode_text(data, source)
    _check_line_count(text, source)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip())
    title = _clean(lines[start])
    items: list[_Item] = [_BLANK if not line.strip() else (line, False) for line in lines[start + 1 :]]
    url, items = _take_source_lines(items)
    return _build(source, title, [(text, None) for text in _group(items)], url=url)


def parse_markdown_release(data: bytes, source: str) -> Release:
    """Parse a Markdown release.

    The title is the front matter ``title:``, else the first ``# `` heading,
    else the first line. Sub-headings and rules are dropped, list items become
    paragraphs of their own, links keep their text and emphasis marks go.
    Front matter may also give ``date:`` and ``url:`` (or ``source:``).
    """
    text = decode_text(data, source)
    _check_line_count(text, source)
    strip = _InlineMarkdown()
    meta, lines = _split_front_matter(text.splitlines())
    title = meta.get("title")
    index = next((i for i, line in enumerate(lines) if _md_title(line) is not None), None)
    if index is not None:
        title = title or _clean(strip(_md_title(lines[index]) or ""))
        lines = [*lines[:index], *lines[index + 1 :]]
    elif not title:
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None:
            raise IngestError(source, "file is empty")
        title = _clean(strip(lines[start].lstrip("#")))
        lines = lines[start + 1 :]

    items: list[_Item] = []
    for line in lines:
        if not line.strip():
            items.append(_BLANK)
        elif _MD_HEADING.match(line) or _MD_RULE.match(line):
            items.append(_BREAK)
        elif bullet := _MD_LIST_ITEM.match(line):
            items.append((strip(bullet.group(1)), True))
        else:
            items.append((strip(_MD_QUOTE.sub("", line)), False))
    url, items = _take_source_lines(items)
    url = _front_matter_url(meta) or url
    date = parse_indonesian_date(meta["date"][:200]) if meta.get("date") else None
    return _build(source, title, [(text, None) for text in _group(items)], url=url, date=date)


def parse_html_release(data: bytes, source: str) -> Release:
    """Parse a release saved as a web page.

    Paragraphs are the ``<p>`` and ``<li>`` elements outside navigation,
    scripts and the like; a page without them is split at block elements.
    """
    text = _decode_html(data, source)
    if not text.strip():
        raise IngestError(source, "file is empty")
    tags = text.count("<")
    if tags > MAX_HTML_TAGS:
        raise IngestError(
            source, f"too much markup for a press release page ({tags:,} tags, limit {MAX_HTML_TAGS:,}); save the article text"
        )
    page = _PageParser()
    try:
        page.feed(_defuse_html(text))
        page.close()
    except (AssertionError, ValueError, LookupError) as err:  # html.parser's complaints about broken markup
        raise IngestError(source, f"cannot read this web page ({type(err).__name__}: {_short(str(err))})") from err
    paragraphs = page.paragraphs if page.paragraphs else page.blocks
    titles = [_clean(t) for t in (page.meta.get("og:title"), page.h1, page.title)]
    title = next((t for t in titles if t), "")
    if not page.paragraphs and paragraphs and _clean(paragraphs[0]) in (title, titles[1]):
        paragraphs = paragraphs[1:]  # the fallback blocks start with the heading
    title = title or Path(source).stem
    url, items = _take_source_lines([(p, True) for p in paragraphs])
    url = page.canonical or page.meta.get("og:url") or url
    published = page.meta.get("article:published_time") or page.time
    date = parse_indonesian_date(published[:200]) if published else None
    return _build(source, title, [(text, None) for text in _group(items)], url=url, date=date)


def parse_pdf_release(data: bytes, source: str) -> Release:
    """Parse a PDF release with a text layer; paragraphs carry their page number.

    Reading is bounded (see the ``MAX_PDF_*`` limits and `PDF_SECONDS`): a decompression bomb, a
    page of megabytes of drawing instructions or thousands of pages is an `IngestError`, not an
    hour of work or gigabytes of memory.
    """
    try:
        with _pdf_limits():
            meta_title, page_texts = _read_pdf(data, source)
    except IngestError:
        raise
    except _PdfTimeout as err:
        raise IngestError(
            source, f"PDF takes more than {PDF_SECONDS:g} s to read; it is too complex for a press release, save it as text"
        ) from err
    except DependencyError as err:  # AES encryption needs the optional 'cryptography' package
        raise IngestError(source, f"encrypted PDF; cannot decrypt it here ({_short(str(err))})") from err
    except _PDF_LIMIT_ERRORS as err:
        raise IngestError(
            source, f"PDF exceeds a safety limit (a decompression bomb?): {_short(str(err))}"
        ) from err
    except MemoryError as err:
        raise IngestError(source, "PDF needs too much memory to read") from err
    # pypdf reports malformed files with many exception types (its own, ValueError, KeyError,
    # struct.error, zlib.error, RecursionError, ...), so anything raised while reading means a broken file.
    except Exception as err:
        raise IngestError(source, f"corrupt PDF ({type(err).__name__}: {_short(str(err))})") from err
    if not page_texts:
        raise IngestError(source, "PDF has no pages")
    if not any(text.strip() for text in page_texts):
        raise IngestError(source, "no text layer (scanned PDF?); run OCR first")

    title = meta_title if meta_title and len(meta_title) <= 500 and not _FILENAME_LIKE.search(meta_title) else ""
    url: str | None = None
    pages: list[list[str]] = []
    for text in page_texts:
        # Drop "Sumber :" lines before joining lines, or they would be glued into a paragraph.
        page_url, items = _take_source_lines([(line.rstrip(), False) for line in text.splitlines()])
        url = url or page_url
        pages.append([item[0] for item in items if item is not None])
    first_page = next((i for i, lines in enumerate(pages) if any(line.strip() for line in lines)), None)
    if first_page is None:
        raise IngestError(source, "no paragraphs found")
    lines = pages[first_page]
    first_line = next(i for i, line in enumerate(lines) if line.strip())
    if not title or _clean(lines[first_line]).casefold() == title.casefold():
        title = title or _clean(lines[first_line])
        pages[first_page] = lines[first_line + 1 :]

    paragraphs = [
        (text, number) for number, lines in enumerate(pages, start=1) for text in _pdf_page_paragraphs(lines)
    ]
    return _build(source, title, paragraphs, url=url)


class _PdfTimeout(BaseException):
    """`PDF_SECONDS` ran out. A BaseException, so pypdf's ``except Exception`` cannot swallow it."""


_PDF_LIMIT_ERRORS: tuple[type[BaseException], ...] = tuple(
    error for error in (getattr(pdf_errors, "LimitReachedError", None),) if error is not None
)
_PDF_TEXT_OPERATORS = re.compile(rb"T[jJ]|Do|['\"]")  # the operators that can show text (as pypdf checks)


@contextlib.contextmanager
def _pdf_limits() -> Iterator[None]:
    """pypdf's resource limits, tightened for press releases, while reading one file."""
    apply = getattr(pypdf, "apply_configuration", None)  # pypdf >= 7
    if apply is None:
        yield
        return
    stream_limits = {
        "zlib_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "brotli_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "jbig2_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "array_based_stream_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "xform_maximum_invocations_per_extraction": 200,
    }
    known = {field.name for field in dataclasses.fields(pypdf.Configuration)}
    with apply(**{name: value for name, value in stream_limits.items() if name in known}):
        yield


def _read_pdf(data: bytes, source: str) -> tuple[str, list[str]]:
    """The metadata title and the text of each page, within the PDF limits."""
    deadline = time.monotonic() + PDF_SECONDS

    def check_time(*_: Any) -> None:  # also pypdf's visitor, called before each operator
        if time.monotonic() > deadline:
            raise _PdfTimeout()

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise IngestError(source, "encrypted PDF; remove the password (e.g. qpdf --decrypt) and try again")
    meta_title = _clean((reader.metadata.title if reader.metadata else None) or "")
    pages = reader.pages
    if len(pages) > MAX_PDF_PAGES:
        raise IngestError(
            source, f"PDF has {len(pages):,} pages; a press release has far fewer (limit {MAX_PDF_PAGES:,}), split it"
        )
    decoded = _DecodeBudget(source)
    texts: list[str] = []
    for number, page in enumerate(pages, start=1):
        check_time()
        content = decoded.page(page, number)
        if not _PDF_TEXT_OPERATORS.search(content):
            texts.append("")  # no text to show; pypdf would skip it too
            continue
        if len(content) > MAX_PDF_PAGE_TEXT_CONTENT:
            raise IngestError(source, _too_complex(f"page {number}", len(content)))
        texts.append(page.extract_text(visitor_operand_before=check_time) or "")
    return meta_title, texts


class _DecodeBudget:
    """Counts the bytes decompressed for page contents, fonts and forms; too many is an IngestError.

    pypdf keeps what it decompressed, so this bounds the memory of reading a file: a small file can
    hold thousands of streams that each expand a thousandfold.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.used = 0

    def page(self, page: DictionaryObject, number: int) -> bytes:
        """The decoded content of ``page``, after charging it and the fonts and forms it may use."""
        contents = _resolve(page.get("/Contents"))
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        content = b"\n".join(self._data(stream) for stream in streams)
        resources = _resolve(page.get("/Resources"))
        if isinstance(resources, DictionaryObject):
            fonts = _resolve(resources.get("/Font"))
            if isinstance(fonts, DictionaryObject):
                if len(fonts) > MAX_PDF_FONTS_PER_PAGE:
                    raise IngestError(self.source, f"page {number} uses {len(fonts):,} fonts (limit {MAX_PDF_FONTS_PER_PAGE})")
                for font in fonts.values():
                    font = _resolve(font)
                    if isinstance(font, DictionaryObject):
                        self._data(font.get("/ToUnicode"))
                        descriptor = _resolve(font.get("/FontDescriptor"))
                        if isinstance(descriptor, DictionaryObject):
                            self._data(descriptor.get("/FontFile"))
                            self._data(descriptor.get("/FontFile3"))
            xobjects = _resolve(resources.get("/XObject"))
            if isinstance(xobjects, DictionaryObject):
                for xobject in xobjects.values():
                    xobject = _resolve(xobject)
                    if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form":
                        form = self._data(xobject)
                        if len(form) > MAX_PDF_PAGE_TEXT_CONTENT and _PDF_TEXT_OPERATORS.search(form):
                            raise IngestError(self.source, _too_complex(f"a form on page {number}", len(form)))
        return content

    def _data(self, obj: Any) -> bytes:
        stream = _resolve(obj)
        if not isinstance(stream, StreamObject):
            return b""
        data = stream.get_data()
        self.used += len(data)
        if self.used > MAX_PDF_DECODED_BYTES:
            raise IngestError(
                self.source,
                f"PDF expands to more than {_mb(MAX_PDF_DECODED_BYTES)} of content and fonts (a decompression bomb?)",
            )
        return data


def _resolve(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def _too_complex(what: str, size: int) -> str:
    return (
        f"{what} holds {_mb(size)} of drawing instructions (limit {_mb(MAX_PDF_PAGE_TEXT_CONTENT)}); "
        "too complex for a press release, save it as text"
    )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


_PARSERS = {
    ".txt": parse_text_release,
    ".md": parse_markdown_release,
    ".html": parse_html_release,
    ".htm": parse_html_release,
    ".pdf": parse_pdf_release,
}


# ---------------------------------------------------------------- decoding


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file: UTF-8 (BOM optional), UTF-16 with BOM, else clean cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise IngestError(source, "not UTF-8/UTF-16 text (broken UTF-16)") from err
        if "\x00" in text:  # e.g. UTF-32, whose BOM starts like UTF-16's
            raise IngestError(source, "not UTF-8/UTF-16 text; save it as UTF-8")
        return _require_text(text, source)
    if b"\x00" in data:
        raise IngestError(source, "not UTF-8/UTF-16 text (binary data?)")
    try:
        return _require_text(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise IngestError(source, "not UTF-8/UTF-16 text; save it as UTF-8") from err
    if _CONTROL_CHARS.search(text):
        raise IngestError(source, "not UTF-8/UTF-16 text (binary data?)")
    return _require_text(text, source)


def _require_text(text: str, source: str) -> str:
    if not text.strip():
        raise IngestError(source, "file is empty")
    return text


def _decode_html(data: bytes, source: str) -> str:
    declared = _HTML_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        # Browsers read pages labelled Latin-1 or ASCII as windows-1252; so do we.
        name = "cp1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label: fall back to guessing
    return decode_text(data, source)


# ---------------------------------------------------------------- HTML


_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "head"}
)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
        "section", "table", "td", "th", "tr", "ul",
    }
)
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "col"})


class _PageParser(HTMLParser):
    """Collects title, metadata and paragraph texts of a web page in one pass.

    Work per tag is constant (texts are collected in lists, open skipped elements are also
    counted), so a page of deeply nested or endlessly repeated elements costs linear time.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive decoded in handle_data
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time: str | None = None
        self._title: list[str] = []
        self._h1: list[str] = []
        self.paragraphs: list[str] = []
        self.blocks: list[str] = []
        self._skipping: list[str] = []  # open skipped elements
        self._skip_counts: Counter[str] = Counter()  # the same, counted, for constant-time look-ups
        self._in_title = False
        self._in_h1 = False
        self._h1_done = False
        self._paragraph: list[str] | None = None
        self._block: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"]
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "title":
            self._in_title = True
        if tag == "body" and self._skip_counts["head"]:  # pages often forget </head>
            self._skipping = [open_tag for open_tag in self._skipping if open_tag != "head"]
            self._skip_counts["head"] = 0
        if tag in _VOID_TAGS:
            if tag == "br" and self._paragraph is not None and not self._skipping:
                self._paragraph.append(" ")
            self._block_boundary(tag)
            return
        if tag in _SKIPPED_TAGS:
            self._skipping.append(tag)
            self._skip_counts[tag] += 1
        if self._skipping:
            return
        if tag == "time" and values.get("datetime") and self.time is None:
            self.time = values["datetime"]
        elif tag == "h1" and not self._h1_done:
            self._in_h1 = True
        if tag in ("p", "li"):
            self._end_paragraph()  # <p> and <li> close any open one, as in HTML
            self._paragraph = []
        self._block_boundary(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip_counts[tag]:
            while (closed := self._skipping.pop()) != tag:
                self._skip_counts[closed] -= 1
            self._skip_counts[tag] -= 1
            return
        if self._skipping:
            return
        if tag == "h1" and self._in_h1:
            self._in_h1, self._h1_done = False, True
        if tag in ("p", "li"):
            self._end_paragraph()
        self._block_boundary(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if self._skipping:
            return
        if self._in_h1:
            self._h1.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)
        self._block.append(data)

    @property
    def title(self) -> str:
        return "".join(self._title)

    @property
    def h1(self) -> str:
        return "".join(self._h1)

    def close(self) -> None:
        super().close()
        self._end_paragraph()
        self._block_boundary("body")

    def _end_paragraph(self) -> None:
        if self._paragraph is not None and _clean("".join(self._paragraph)):
            self.paragraphs.append("".join(self._paragraph))
        self._paragraph = None

    def _block_boundary(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            if _clean("".join(self._block)):
                self.blocks.append("".join(self._block))
            self._block = []


_COMMENT_CLOSE = re.compile(r"--\s*>")  # what html.parser takes as the end of a comment


def _defuse_html(text: str) -> str:
    """Rewrite the markup that makes ``html.parser`` (before Python 3.13) slow or raise.

    For every ``<``, comment or ``<![...`` section that is never closed, the parser rescans the
    rest of the page (quadratic time: hours for a few MB), and it raises AssertionError on
    ``<![foo[``. Browsers read all of these as text or as bogus comments, and so do we: a ``<![``
    becomes a bogus comment ``<!x[``, an unclosed comment opener and every ``<`` after the last
    ``>`` become text (``&lt;``). Pages without such markup are left as they are.
    """
    text = text.replace("<![", "<!x[")
    last_close = -1
    for match in _COMMENT_CLOSE.finditer(text):
        last_close = match.start()
    unclosed = text.find("<!--", max(0, last_close - 3))  # an opener needs a close at least 4 characters on
    if unclosed >= 0:
        text = text[:unclosed] + text[unclosed:].replace("<!--", "&lt;!--")
    last_gt = text.rfind(">")
    if "<" in text[last_gt + 1 :]:
        text = text[: last_gt + 1] + text[last_gt + 1 :].replace("<", "&lt;")
    return text


# ---------------------------------------------------------------- PDF


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
        if _SENTENCE_END.search(stripped[-64:]) and len(stripped) < 0.8 * longest:
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


# ---------------------------------------------------------------- shared


_Item = tuple[str, bool] | None  # (text, starts a paragraph of its own) or a break
_BLANK: _Item = None
_BREAK: _Item = ("", True)  # a sub-heading or rule: ends the paragraph but is not a blank line

_SOURCE_LINE = re.compile(r"^\s*sumber\s*:\s*((?:https?://|www\.)\S+)\s*$", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*([^,\n]{2,60}?)\s*,\s*([^,\n]{1,40}?(?:,[^,\n]{1,30}?)?)\s+[-\u2013\u2014]+\s")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)
_FILENAME_LIKE = re.compile(
    r"^microsoft \w+ - |\.(pdf|docx?|odt|rtf|txt|indd|pptx?|xlsx?)$|^untitled$|^\S*[_.]\S*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"([.!?:]|[.!?]?[\"\u201d\u2019')\]]+)$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = (
    re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)"),
    re.compile(r"(`+)(.+?)\1"),
)
# Linear-time stand-ins for long lines full of marks: a link or an emphasis cannot contain its own marks.
_MD_LINK_SHORT = re.compile(r"!?\[([^\][]*)\]\([^)(]*\)")
_MD_EMPHASIS_SHORT = (
    re.compile(r"(\*{1,3})(?=[^\s*])([^*]*?)(?<=\S)\1"),
    re.compile(r"(?<!\w)(_{1,3})(?=[^\s_])([^_]*?)(?<=\S)\1(?!\w)"),
    re.compile(r"(`{1,3})([^`]+)\1"),
)
_MD_REGEX_BUDGET = 20_000_000  # sum of line length x marks per file: about a second of the full patterns
_LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")  # str.splitlines()


def _group(items: Sequence[_Item]) -> list[str]:
    """Join line items into paragraph texts.

    If a blank line separates two text lines, blank lines (and breaks) end a
    paragraph and the lines in between are joined; otherwise each line is a
    paragraph. Items marked as starting a paragraph always do.
    """
    texts = [i for i, item in enumerate(items) if item is not None and item[0].strip()]
    blocks = bool(texts) and any(items[i] is _BLANK for i in range(texts[0], texts[-1]))
    paragraphs: list[list[str]] = []
    open_paragraph = False
    for item in items:
        if item is None or not item[0].strip():
            open_paragraph = False
            continue
        text, starts = item
        if starts or not blocks or not open_paragraph:
            paragraphs.append([])
        paragraphs[-1].append(text)
        open_paragraph = True
    return [" ".join(lines) for lines in paragraphs]


def _take_source_lines(items: Sequence[_Item]) -> tuple[str | None, list[_Item]]:
    """Remove ``Sumber : URL`` lines; return the first URL and the remaining items."""
    url: str | None = None
    kept: list[_Item] = []
    for item in items:
        match = _SOURCE_LINE.match(_clean(item[0])) if item is not None else None
        if match:
            url = url or match.group(1)
        else:
            kept.append(item)
    return url, kept


def _build(
    source: str,
    title: str,
    texts: Sequence[tuple[str, int | None]],
    *,
    url: str | None = None,
    date: str | None = None,
) -> Release:
    cleaned = [(_clean(text), page) for text, page in texts]
    paragraphs = tuple(
        Paragraph(text=text, number=number, page=page)
        for number, (text, page) in enumerate(((t, p) for t, p in cleaned if t), start=1)
    )
    if not paragraphs:
        raise IngestError(source, "no paragraphs found")
    title = _clean(title)
    if date is None:
        head = [title, *(p.text for p in paragraphs[:DATE_SEARCH_PARAGRAPHS])]
        date = parse_indonesian_date("\n".join(head)[:DATE_SEARCH_CHARS])
    return Release(
        source=source,
        title=title,
        paragraphs=paragraphs,
        date=date,
        place=dateline_place(paragraphs[0].text),
        url=_clean(url) if url else None,
    )


def dateline_place(text: str) -> str | None:
    """Return the place of a dateline such as "JAKARTA, KOMPAS.com - ...", title-cased.

    Only a short place (at most four words) before the first comma counts,
    and the comma must be followed by a short source or date and a dash.
    """
    match = _DATELINE.match(text[:1000])  # a dateline is short; this bounds the work on a huge paragraph
    # "kpu.go.id", "KOMPAS.com", "ANTARA" or a date: not the ", Mochammad Afifuddin, hadir -" of a sentence
    if not match or not (re.search(r"[.\d]", match.group(2)) or match.group(2).isupper()):
        return None
    words = match.group(1).split()
    if not 1 <= len(words) <= 4 or not words[0][:1].isalpha():
        return None
    return " ".join(word[:1].upper() + word[1:].lower() for word in words)


def _split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, lines  # no closing line: it was a rule, not front matter
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta.setdefault(key.strip().lower(), value.strip().strip("\"'"))
    return meta, lines[end + 1 :]


def _front_matter_url(meta: dict[str, str]) -> str | None:
    if meta.get("url"):
        return meta["url"]
    source = meta.get("source", "")
    return source if source.startswith(("http://", "https://", "www.")) else None


class _InlineMarkdown:
    """Strips links and emphasis marks from the lines of one file.

    The full patterns look ahead to the end of the line from each "[", "*", "_" or "`": their cost
    is about line length x marks on the line, fine for normal text but quadratic on a long line full
    of marks. Each file gets a budget of that cost; lines beyond it get the linear-time patterns,
    which stop at the next mark (so ``*a _b_ c*`` keeps its stars).
    """

    def __init__(self, budget: int = _MD_REGEX_BUDGET) -> None:
        self.remaining = budget

    def __call__(self, text: str) -> str:
        cost = len(text) * (1 + text.count("[") + text.count("*") + text.count("_") + text.count("`"))
        if cost <= self.remaining:
            self.remaining -= cost
            link, emphasis = _MD_LINK, _MD_EMPHASIS
        else:
            link, emphasis = _MD_LINK_SHORT, _MD_EMPHASIS_SHORT
        text = link.sub(r"\1", text)
        for _ in range(3):  # nested emphasis such as **bold *and italic***
            for pattern in emphasis:
                text = pattern.sub(r"\2", text)
        return text


def _strip_inline_markdown(text: str) -> str:
    return _InlineMarkdown()(text)


def _md_title(line: str) -> str | None:
    """The text of a ``# Title`` line (closing hashes dropped), or None for any other line.

    The same as matching ``^#\\s+(.+?)\\s*#*\\s*$``, without that pattern's quadratic time on long
    runs of spaces.
    """
    if len(line) < 3 or line[0] != "#" or not line[1].isspace():
        return None
    rest = line[1:].lstrip()
    if not rest:  # "#" and spaces only: the pattern keeps the last space
        return line[-1]
    return rest.rstrip().rstrip("#").rstrip() or rest[0]


def _check_line_count(text: str, source: str) -> None:
    lines = sum(text.count(mark) for mark in _LINE_BREAKS) - text.count("\r\n")
    if lines > MAX_LINES:
        raise IngestError(source, f"more than {MAX_LINES:,} lines; a press release has far fewer, split the file")


def _clean(text: str | None) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return " ".join((text or "").split())


def _one_line(text: str) -> str:
    return _clean(text) or "unknown problem"


def _short(text: str, limit: int = 80) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _too_large(size: int) -> str:
    return f"larger than 20 MB ({size / 1024 / 1024:.1f} MB); split it or extract the text first"
