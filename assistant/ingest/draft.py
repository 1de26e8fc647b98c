"""What a format reader hands to assembly: a `Draft`, and the line helpers the readers build it with.

Readers turn a file's lines into items: ``(text, starts a paragraph of its own)``, `BLANK` for an
empty line, `BREAK` for a sub-heading or rule. `group` joins items into paragraph texts, and
`take_source_lines` pulls out the ``Sumber : URL`` lines press releases end with.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from .messages import clean

Item = tuple[str, bool] | None  # (text, starts a paragraph of its own) or a blank line
BLANK: Item = None
BREAK: Item = ("", True)  # a sub-heading or rule: ends the paragraph but is not a blank line

_SOURCE_LINE = re.compile(r"^\s*sumber\s*:\s*((?:https?://|www\.)\S+)\s*$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Draft:
    """A release as a reader found it, before assembly cleans, numbers and dates it.

    ``paragraphs`` are ``(text, page)`` pairs (page is None outside PDFs); texts may still hold
    runs of whitespace or be empty. ``declared_date`` is a date the file states in its metadata,
    as written.
    """

    title: str
    paragraphs: Sequence[tuple[str, int | None]]
    url: str | None = None
    declared_date: str | None = None


def group(items: Sequence[Item]) -> list[str]:
    """Join line items into paragraph texts.

    If a blank line separates two text lines, blank lines (and breaks) end a
    paragraph and the lines in between are joined; otherwise each line is a
    paragraph. Items marked as starting a paragraph always do.
    """
    texts = [i for i, item in enumerate(items) if item is not None and item[0].strip()]
    blocks = bool(texts) and any(items[i] is BLANK for i in range(texts[0], texts[-1]))
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


def take_source_lines(items: Sequence[Item]) -> tuple[str | None, list[Item]]:
    """Remove ``Sumber : URL`` lines; return the first URL and the remaining items."""
    url: str | None = None
    kept: list[Item] = []
    for item in items:
        match = _SOURCE_LINE.match(clean(item[0])) if item is not None else None
        if match:
            url = url or match.group(1)
        else:
            kept.append(item)
    return url, kept


def unpaged(texts: Sequence[str]) -> list[tuple[str, int | None]]:
    """Paragraph texts of a format without pages, as `Draft.paragraphs`."""
    return [(text, None) for text in texts]
