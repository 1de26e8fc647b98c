"""The answer phrase of a factoid question inside the quoted sentences ("81 persen", "Mochammad Afifuddin").

A small rule-based extractor: the question word tells the expected type (number, date, person,
place), candidate phrases of that type come from the sentence, and the candidate nearest to the
question's own words wins. Words already in the question are never the answer.
"""
from __future__ import annotations

import re

from .text import STOPWORDS, normalize, tokenize

_MONTHS = (
    "Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Nopember|Desember|"
    "January|February|March|May|June|July|August|October|December"
)
_DAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu"
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\b(kapan|tanggal berapa|tahun berapa|when|what date|which year|what year|pada tahun)\b", re.I)),
    ("number", re.compile(r"\b(berapa\w*|jumlah|how (many|much|high|large|long|far|close|old|big)|what (percentage|percent|number|share|rate|turnout|amount))\b", re.I)),
    ("person", re.compile(r"\b(siapa\w*|who|whom|whose)\b", re.I)),
    ("place", re.compile(r"\b(di ?mana\w*|ke ?mana|dari mana|where|which (city|country|province|place|region))\b", re.I)),
)
_NUMBER = re.compile(r"(?:Rp\.?\s?|US\$\s?)?\d+(?:[.,]\d+)*(?:\s?%|(?:\s+(?:juta|ribu|miliar|triliun|ratus|puluh))?(?:\s+[a-z]{3,}\b)?)")
_DATE = re.compile(
    rf"(?:(?:{_DAYS}),?\s*)?\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_DAYS})\s*\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)|"
    rf"(?:{_MONTHS})\s+\d{{4}}|\b(?:19|20)\d{{2}}\b"
)
_NAME = re.compile(r"(?:[A-Z][\w'.-]*\s+){0,4}[A-Z][\w'.-]*")
_PLACE = re.compile(r"\b(?:di|ke|dari|in|at)\s+((?:[A-Z][\w'.-]*\s*){1,4})")
# Number words that are not units: "81 persen" keeps "persen", "2024 yang" drops "yang".
_NOT_UNITS = STOPWORDS | {"dan", "atau", "lalu", "kemudian", "mencapai", "menjadi"}


def question_type(question: str) -> str | None:
    """'date', 'number', 'person', 'place' or None for questions without a short answer type."""
    for name, pattern in _TYPES:
        if pattern.search(question):
            return name
    return None


def extract_span(question: str, sentences: list[str]) -> str | None:
    """The best answer phrase in ``sentences`` (in order of preference), or None."""
    kind = question_type(question)
    if kind is None:
        return None
    asked = set(tokenize(question))
    for sentence in sentences:
        sentence = normalize(sentence)
        candidates = [(m.start(), _clean(m.group(0), kind)) for m in _candidates(kind, sentence)]
        candidates = [(pos, c) for pos, c in candidates if c and not set(tokenize(c)) <= asked]
        if candidates:
            anchors = [m.start() for m in re.finditer(r"\w+", sentence) if m.group(0).lower() in asked] or [0]
            return min(candidates, key=lambda pc: min(abs(pc[0] - a) for a in anchors))[1]
    return None


def _candidates(kind: str, sentence: str) -> list[re.Match[str]]:
    if kind == "number":
        return [m for m in _NUMBER.finditer(sentence) if not re.fullmatch(r"(19|20)\d{2}", m.group(0).split()[0])]
    if kind == "date":
        return list(_DATE.finditer(sentence))
    if kind == "place":
        return [m for m in _PLACE.finditer(sentence)]
    return [m for m in _NAME.finditer(sentence) if m.start() > 0 and len(m.group(0)) > 2]


def _clean(text: str, kind: str) -> str:
    text = text.strip(" ,.;:")
    if kind == "number":
        words = text.split()
        if len(words) > 1 and words[-1].lower() in _NOT_UNITS:
            words = words[:-1]
        return " ".join(words)
    if kind == "place":
        return re.sub(r"^(?:di|ke|dari|in|at)\s+", "", text)
    return text
