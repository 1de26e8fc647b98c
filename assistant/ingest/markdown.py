"""The Markdown reader: front matter, a ``# `` title, paragraphs and list items without their marks.

Line-based patterns rather than a CommonMark parser, by measurement: markdown-it-py 4.3.0 read 300
generated releases as fast (1.26 against 1.31 ms a file) and passed the tests, but the fuzz suite's
hostile one-line files took it 3-6 s against 0.15-0.3 s here (``"[](" * 300_000``: 5.6 s, near the
6 s a file the suite allows), because its link and emphasis scanners loop per character in Python.
"""
from __future__ import annotations

import re

from ..errors import IngestError
from . import limits
from .decode import decode_text
from .draft import BLANK, BREAK, Draft, Item, group, take_source_lines, unpaged
from .messages import clean

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|(\d{1,9})[.)])\s+(.*)$")
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


def read_markdown(data: bytes, source: str) -> Draft:
    """What `parse_markdown_release` reads, as a `Draft` (the date from the front matter, unparsed)."""
    text = decode_text(data, source)
    limits.check_line_count(text, source)
    strip = _InlineMarkdown()
    meta, lines = _split_front_matter(text.splitlines())
    title = meta.get("title")
    index = next((i for i, line in enumerate(lines) if _md_title(line) is not None), None)
    if index is not None:
        title = title or clean(strip(_md_title(lines[index]) or ""))
        lines = [*lines[:index], *lines[index + 1 :]]
    elif not title:
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None:
            raise IngestError(source, "file is empty")
        title = clean(strip(lines[start].lstrip("#")))
        lines = lines[start + 1 :]

    items: list[Item] = []
    for line in lines:
        if not line.strip():
            items.append(BLANK)
        elif _MD_HEADING.match(line) or _MD_RULE.match(line):
            items.append(BREAK)
        elif (bullet := _MD_LIST_ITEM.match(line)) and not _wrapped_number(bullet, items):
            items.append((strip(bullet.group(2)), True))
        else:
            items.append((strip(_MD_QUOTE.sub("", line)), False))
    url, items = take_source_lines(items)
    url = _front_matter_url(meta) or url
    return Draft(title, unpaged(group(items)), url=url, declared_date=meta.get("date") or None)


def _wrapped_number(bullet: re.Match[str], items: list[Item]) -> bool:
    """A wrapped paragraph line that starts with a number and a full stop ("2023. Hasil ..."), not a list.

    As in CommonMark, a numbered item may interrupt a paragraph only when it starts at 1.
    """
    number = bullet.group(1)
    previous = items[-1] if items else BLANK
    return number is not None and number != "1" and previous not in (BLANK, BREAK) and not previous[1]


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
