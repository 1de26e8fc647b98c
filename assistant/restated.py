"""A phrase that only restates the question answers nothing: "Kantor Akuntan Publik (KAP)" for "KAP mana yang ditunjuk
mengaudit LPPDK ...?", "akuntan publik" for "which public accounting firm ...?". Releases that name no firm, station or
venue still write the asked noun, and a phrase of it alone would be quoted as the answer: ``span`` takes the best candidate
that says more."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .question import Question
from .text import root, words

_ABBREVIATION = re.compile(r"[A-Z]{2,6}")
_WORD = re.compile(r"\w+")
_RESTATING = ("what", "place", "person")  # figures and dates are never made of the question's words
# "Partai apa ...?", "which TV station ...?": the answer names one, so a phrase with no capitalised word of its own
# ("partai politik", "televisi swasta") is no answer either.
_NAMED_ASKED = re.compile(
    r"\b(which|what)\s+(\w+\s+){0,2}?(part(y|ies)|stations?|channels?|tv|television|radio|media|outlets?|newspapers?|"
    r"compan(y|ies)|firms?|printers?|universit(y|ies)|campus|banks?)\b|"
    r"\b(partai|stasiun|televisi|tv|radio|media|perusahaan|percetakan|universitas|kampus|kap|akuntan publik|bank|koran)"
    r"\s+(\w+\s+){0,2}?(apa|mana)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Asked:
    """What a phrase may be made of and still say nothing new."""

    roots: frozenset[str]  # the question's words, its content roots (English: with the releases' terms) and asked noun
    abbreviations: frozenset[str]  # the abbreviations it writes ("KAP"), whose spelled-out words are asked too
    named: bool = False  # whether the answer is a name (``_NAMED_ASKED``)


def asked_words(question: Question) -> Asked | None:
    """The question's words a restating phrase is made of; None for a figure or date, which never restates."""
    if question.info is None or question.answer_type not in _RESTATING:
        return None
    written = words(question.text)
    return Asked(frozenset(root(w.lower()) for w in written) | question.info.words | frozenset(question.info.heads),
                 frozenset(w for w in written if _ABBREVIATION.fullmatch(w)), _NAMED_ASKED.search(question.text) is not None)


def restates(asked: Asked, text: str, start: int, end: int) -> bool:
    """Whether every word of ``text[start:end]`` is an asked word or abbreviation, the words an asked abbreviation spells
    out, or the abbreviation the sentence gives asked words ("Kantor Akuntan Publik (KAP)"); or, where a name is asked,
    whether it has no capitalised word of its own."""
    tokens = list(_WORD.finditer(text))
    known = [root(t.group(0).lower()) in asked.roots for t in tokens]
    for i, token in enumerate(tokens):
        word = token.group(0)
        if not _ABBREVIATION.fullmatch(word):
            continue
        spelled = range(i - len(word), i)
        if spelled.start >= 0 and "".join(tokens[j].group(0)[0] for j in spelled).upper() == word:
            if word in asked.abbreviations:
                known[spelled.start:i] = [True] * len(word)  # "Kantor Akuntan Publik (KAP)" for "KAP mana"
            known[i] = known[i] or all(known[j] for j in spelled)
    inside = [(t.group(0), k) for t, k in zip(tokens, known) if start <= t.start() and t.end() <= end]
    if asked.named and not any(word[0].isupper() and not k for word, k in inside):
        return True  # "partai politik" for "Partai apa ...?"
    return bool(inside) and all(k for _, k in inside)
