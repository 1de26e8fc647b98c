"""Whitespace clean-up shared by the readers and their `IngestError` messages."""
from __future__ import annotations


def clean(text: str | None) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return " ".join((text or "").split())


def short(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters: for quoting a library's message in ours."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
