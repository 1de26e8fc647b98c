"""The plain-text reader: title line, paragraphs, optional ``Sumber : URL`` line."""
from __future__ import annotations

from . import limits
from .decode import decode_text
from .draft import BLANK, Draft, Item, group, take_source_lines, unpaged
from .messages import clean


def read_text(data: bytes, source: str) -> Draft:
    """What `parse_text_release` reads, as a `Draft`."""
    text = decode_text(data, source)
    limits.check_line_count(text, source)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip())
    title = clean(lines[start])
    items: list[Item] = [BLANK if not line.strip() else (line, False) for line in lines[start + 1 :]]
    url, items = take_source_lines(items)
    return Draft(title, unpaged(group(items)), url=url)
