"""`IngestError`, the one error every reader raises, and the whitespace clean-up its messages share."""
from __future__ import annotations

import os

from assistant.errors import AssistantError


class IngestError(AssistantError):
    """A file could not be read as a press release.

    ``path`` is the file, ``reason`` says what is wrong and, where possible,
    what to do about it.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = clean(reason) or "unknown problem"
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def clean(text: str | None) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return " ".join((text or "").split())


def short(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters: for quoting a library's message in ours."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
