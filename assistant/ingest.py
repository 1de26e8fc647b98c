"""Read press releases from .txt, .md, .html and .pdf files into `Release` records.

`find_release_files` collects the files to read; `read_release` reads one
file. Every problem with a file is reported as an `IngestError` whose message
is one line, ``"<path>: <what is wrong>"``, so a caller can list it and go on.
The ``parse_*`` functions do the work on bytes already in memory.
"""
from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from assistant.dates import parse_indonesian_date
from assistant.records import Paragraph, Release

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024
DATE_SEARCH_PARAGRAPHS = 3  # the date sits in the dateline or the next paragraph or two


class IngestError(Exception):
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
    found: dict[Path, Path] = {}  # resolved -> as the user spelled it
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _walk(path)
        elif path.is_file():
            candidates = [path]
        elif not path.exists():
            raise FileNotFoundError(f"{given}: no such file or folder")
        else:
            continue  # a device, socket or the like
        for candidate in candidates:
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values())


def _walk(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            candidate = Path(root, name)
            if not name.startswith(".") and candidate.is_file():
                files.append(candidate)
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
    meta, lines = _split_front_matter(text.splitlines())
    title = meta.get("title")
    headings = [i for i, line in enumerate(lines) if _MD_TITLE.match(line)]
    if headings:
        index = headings[0]
        title = title or _clean(_strip_inline_markdown(_MD_TITLE.sub(r"\1", lines[index])))
        lines = [*lines[:index], *lines[index + 1 :]]
    elif not title:
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None:
            raise IngestError(source, "file is empty")
        title = _clean(_strip_inline_markdown(lines[start].lstrip("#")))
        lines = lines[start + 1 :]

    items: list[_Item] = []
    for line in lines:
        if not line.strip():
            items.append(_BLANK)
        elif _MD_HEADING.match(line) or _MD_RULE.match(line):
            items.append(_BREAK)
        elif bullet := _MD_LIST_ITEM.match(line):
            items.append((_strip_inline_markdown(bullet.group(1)), True))
        else:
            items.append((_strip_inline_markdown(_MD_QUOTE.sub("", line)), False))
    url, items = _take_source_lines(items)
    url = _front_matter_url(meta) or url
    date = parse_indonesian_date(meta["date"]) if meta.get("date") else None
    return _build(source, title, [(text, None) for text in _group(items)], url=url, date=date)


def parse_html_release(data: bytes, source: str) -> Release:
    """Parse a release saved as a web page.

    Paragraphs are the ``<p>`` and ``<li>`` elements outside navigation,
    scripts and the like; a page without them is split at block elements.
    """
    text = _decode_html(data, source)
    if not text.strip():
        raise IngestError(source, "file is empty")
    page = _PageParser()
    page.feed(text)
    page.close()
    paragraphs = page.paragraphs if page.paragraphs else page.blocks
    titles = [_clean(t) for t in (page.meta.get("og:title"), page.h1, page.title)]
    title = next((t for t in titles if t), "")
    if not page.paragraphs and paragraphs and _clean(paragraphs[0]) in (title, titles[1]):
        paragraphs = paragraphs[1:]  # the fallback blocks start with the heading
    title = title or Path(source).stem
    url, items = _take_source_lines([(p, True) for p in paragraphs])
    url = page.canonical or page.meta.get("og:url") or url
    published = page.meta.get("article:published_time") or page.time
    date = parse_indonesian_date(published) if published else None
    return _build(source, title, [(text, None) for text in _group(items)], url=url, date=date)


def parse_pdf_release(data: bytes, source: str) -> Release:
    """Parse a PDF release with a text layer; paragraphs carry their page number."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise IngestError(source, "encrypted PDF; remove the password (e.g. qpdf --decrypt) and try again")
        meta_title = _clean((reader.metadata.title if reader.metadata else None) or "")
        page_texts = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except DependencyError as err:  # AES encryption needs the optional 'cryptography' package
        raise IngestError(source, f"encrypted PDF; cannot decrypt it here ({_short(str(err))})") from err
    # pypdf reports malformed files with many exception types (its own, ValueError, KeyError,
    # struct.error, zlib.error, ...), so anything raised while reading means a broken file.
    except Exception as err:
        raise IngestError(source, f"corrupt PDF ({type(err).__name__}: {_short(str(err))})") from err
    if not page_texts:
        raise IngestError(source, "PDF has no pages")
    if not any(text.strip() for text in page_texts):
        raise IngestError(source, "no text layer (scanned PDF?); run OCR first")

    title = meta_title if meta_title and not _FILENAME_LIKE.search(meta_title) else ""
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
    """Collects title, metadata and paragraph texts of a web page in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive decoded in handle_data
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time: str | None = None
        self.title = ""
        self.h1 = ""
        self.paragraphs: list[str] = []
        self.blocks: list[str] = []
        self._skipping: list[str] = []  # open skipped elements
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
        if tag == "body" and "head" in self._skipping:
            self._skipping.remove("head")  # pages often forget </head>
        if tag in _VOID_TAGS:
            if tag == "br" and self._paragraph is not None and not self._skipping:
                self._paragraph.append(" ")
            self._block_boundary(tag)
            return
        if tag in _SKIPPED_TAGS:
            self._skipping.append(tag)
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
        if tag in self._skipping:
            while self._skipping.pop() != tag:
                pass
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
            self.title += data
        if self._skipping:
            return
        if self._in_h1:
            self.h1 += data
        if self._paragraph is not None:
            self._paragraph.append(data)
        self._block.append(data)

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


# ---------------------------------------------------------------- PDF


def _pdf_page_paragraphs(lines: Sequence[str]) -> list[str]:
    """Split one page's extracted lines into paragraph texts.

    pypdf's plain extraction drops the empty lines between paragraphs, so
    when there are none a paragraph ends at a line that closes a sentence and
    stops well short of the page's longest lines.
    """
    lines = list(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
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
        if _SENTENCE_END.search(stripped) and len(stripped) < 0.8 * longest:
            paragraphs.append([])
    return [_join_pdf_lines(lines) for lines in paragraphs if lines]


def _join_pdf_lines(lines: Sequence[str]) -> str:
    text = ""
    for line in (line.strip() for line in lines):
        # A line broken after a hyphen ("kerja-" / "kerja") is one word: no space.
        glue = "" if not text or (text.endswith("-") and line[:1].islower()) else " "
        text += glue + line
    return text


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
_MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
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
        date = parse_indonesian_date("\n".join(head))
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
    match = _DATELINE.match(text)
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


def _strip_inline_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    for _ in range(3):  # nested emphasis such as **bold *and italic***
        for pattern in _MD_EMPHASIS:
            text = pattern.sub(r"\2", text)
    return text


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
