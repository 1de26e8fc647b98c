"""The web-page reader: paragraphs of a saved press release page, without navigation and scripts.

Python's ``html.parser`` is slow or raises on some broken markup; `_defuse_html` rewrites that
markup first, and `_PageParser` does constant work per tag, so a hostile page costs linear time.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from ..errors import IngestError
from . import limits
from .decode import decode_html
from .draft import Draft, group, take_source_lines, unpaged
from .messages import clean, short


def read_html(data: bytes, source: str) -> Draft:
    """What `parse_html_release` reads, as a `Draft` (the published date from the metadata, unparsed)."""
    text = decode_html(data, source)
    if not text.strip():
        raise IngestError(source, "file is empty")
    tags = text.count("<")
    if tags > limits.MAX_HTML_TAGS:
        raise IngestError(
            source,
            f"too much markup for a press release page ({tags:,} tags, limit {limits.MAX_HTML_TAGS:,}); save the article text",
        )
    page = _PageParser()
    try:
        page.feed(_defuse_html(text))
        page.close()
    except (AssertionError, ValueError, LookupError) as err:  # html.parser's complaints about broken markup
        raise IngestError(source, f"cannot read this web page ({type(err).__name__}: {short(str(err))})") from err
    paragraphs = page.paragraphs if page.paragraphs else page.blocks
    titles = [clean(t) for t in (page.meta.get("og:title"), page.h1, page.title)]
    title = next((t for t in titles if t), "")
    if not page.paragraphs and paragraphs and clean(paragraphs[0]) in (title, titles[1]):
        paragraphs = paragraphs[1:]  # the fallback blocks start with the heading
    title = title or Path(source).stem
    url, items = take_source_lines([(p, True) for p in paragraphs])
    url = page.canonical or page.meta.get("og:url") or url
    published = page.meta.get("article:published_time") or page.time
    return Draft(title, unpaged(group(items)), url=url, declared_date=published or None)


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
        if self._paragraph is not None and clean("".join(self._paragraph)):
            self.paragraphs.append("".join(self._paragraph))
        self._paragraph = None

    def _block_boundary(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            if clean("".join(self._block)):
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
