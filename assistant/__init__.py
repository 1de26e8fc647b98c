"""Question answering over KPU press releases, with cited source passages.

    >>> import assistant
    >>> assistant.build_index(["corpus/"])
    >>> answer = assistant.ask("what turnout did Pemilu 2024 reach?")
    >>> answer.text, answer.citations[0].url
"""
from __future__ import annotations

from .api import ask, build_index, retrieve
from .records import Answer, BuildReport, Hit, Passage, Release

__all__ = ["Answer", "BuildReport", "Hit", "Passage", "Release", "ask", "build_index", "retrieve"]
