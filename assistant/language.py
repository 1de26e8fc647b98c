"""Which language a question is in, and how an English question is bridged to Indonesian releases.

The small multilingual embedder maps many English words close to their Indonesian equivalents, but
not all ("turnout" lands nowhere near "partisipasi"), and BM25 cannot cross languages at all. A short
glossary of election and question vocabulary (assistant/data/glossary_en_id.tsv) adds the Indonesian
terms to an English question before retrieval.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from .text import letter_words

_ENGLISH_MARKERS = frozenset(
    "the what which who whom whose when where why how is are was were did does do of to in on for with "
    "and by has have had many much did will would could should been being about after before".split()
)
_INDONESIAN_MARKERS = frozenset(
    "yang dan di ke dari apa siapa kapan berapa mana bagaimana apakah adalah pada untuk dengan ini itu "
    "dalam oleh akan sudah telah tidak juga para nya".split()
)


def detect_language(text: str) -> str:
    """'en' or 'id' by counting function words; ties and unknown text count as Indonesian."""
    words = letter_words(text)
    english = sum(w in _ENGLISH_MARKERS for w in words)
    indonesian = sum(w in _INDONESIAN_MARKERS for w in words)
    return "en" if english > indonesian else "id"


@lru_cache(maxsize=4)
def _glossary(name: str = "glossary_en_id.tsv") -> tuple[tuple[tuple[str, ...], str], ...]:
    """(phrase as words, Indonesian terms) pairs, longest phrases first."""
    entries = []
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, indonesian = line.split("\t", 1)
        entries.append((tuple(english.lower().split()), indonesian.strip()))
    entries.sort(key=lambda e: -len(e[0]))
    return tuple(entries)


def bridge_terms(question: str, glossary: str = "glossary_en_id.tsv") -> list[str]:
    """Indonesian glossary terms for the English words and phrases in the question, in order.

    With ``glossary="synonyms_id.tsv"``: the terms KPU releases use for everyday Indonesian words.
    """
    words = letter_words(question)
    found: list[str] = []
    i = 0
    while i < len(words):
        for phrase, indonesian in _glossary(glossary):
            if tuple(words[i : i + len(phrase)]) == phrase:
                if indonesian not in found:
                    found.append(indonesian)
                i += len(phrase)
                break
        else:
            i += 1
    return found


REGIONS = "regions_id.tsv"


@lru_cache(maxsize=1)
def _region_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    full = {short[0]: name for short, name in _glossary(REGIONS)}
    return re.compile(rf"\b({'|'.join(sorted(full, key=lambda k: (-len(k), k)))})\b", re.IGNORECASE), full


def region_names(question: str) -> list[tuple[str, str]]:
    """(short name as written, full name) of the regions the question names by their short names: "Taput"
    -> "Tapanuli Utara" (see ``regions_id.tsv``)."""
    pattern, full = _region_pattern()
    found = {m.group(0): full[m.group(0).lower()] for m in pattern.finditer(question)}
    return list(found.items())


def glossary_term(phrase: str, glossary: str = "glossary_en_id.tsv") -> str | None:
    """The Indonesian terms of exactly this English word or phrase, or None."""
    wanted = tuple(letter_words(phrase))
    return next((indonesian for words, indonesian in _glossary(glossary) if words == wanted), None)


_FOLLOW_UP_START = re.compile(
    r"^(dan|lalu|terus|kemudian|bagaimana dengan|kalau|and|also|what about|how about|then|so)\b", re.IGNORECASE
)
_FOLLOW_UP_REFERENCE = re.compile(r"\b(\w+nya|itu|tersebut|ini|it|its|they|them|that|this|those|there)\b", re.IGNORECASE)


def follow_up_context(question: str, history: Sequence[str]) -> str:
    """The earlier question a follow-up leans on, or "" when the question stands on its own.

    A follow-up is short and starts like "dan ..."/"and ..." or points back ("selisihnya", "it").
    """
    if not history or len(question.split()) > 12:
        return ""
    if _FOLLOW_UP_START.search(question.strip()) or _FOLLOW_UP_REFERENCE.search(question):
        return history[-1]
    return ""
