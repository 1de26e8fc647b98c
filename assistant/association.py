"""How well a sentence answers a question's wording: learned weights of (question word, sentence word) pairs.

Paraphrased questions rarely share their words with the sentence that answers them ("Who *chairs* ...?" ->
"*Ketua* KPU ..., Nama", "how many *police* ..." -> "420 *personel* Polres ..."), and a release states several
figures, dates or people of the asked kind. The phrase model sees the words around each candidate, the
embedding sees whole passages; neither knows which of a release's sentences a paraphrase points to. These
weights do: each (question root, sentence root) pair found in a question and a candidate sentence adds its
weight, fitted on our realistic train questions so that the sentence holding the right answer phrase scores above
the passages' other answering sentences (``association_training``). Retrieval adds the score, times
``retrieval.ASSOCIATION_WEIGHT``, when it orders the first passages by their answer phrases.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .question import Question
from .text import STOPWORDS, root, words

WEIGHTS_FILE = "association_weights.json"


def question_roots(asked: Question) -> frozenset[str]:
    """The roots the pairs start from: the question's content words and the noun it asks about (not numbers)."""
    if asked.info is None:
        return frozenset()
    return frozenset(w for w in asked.info.words | set(asked.info.heads) if not w[:1].isdigit())


def sentence_roots(sentence: str) -> frozenset[str]:
    return frozenset(root(w) for w in words(sentence) if not w[0].isdigit() and w.lower() not in STOPWORDS)


def pairs(question: frozenset[str], sentence: frozenset[str]) -> list[str]:
    """The pair keys as stored: "question root|sentence root"."""
    return [f"{q}|{s}" for q in question for s in sentence]


def association(question: frozenset[str], sentence: str) -> float:
    """The summed weights of the pairs of ``question`` roots and the sentence's roots (0 for unknown pairs)."""
    weights = _weights()
    return sum(weights.get(key, 0.0) for key in pairs(question, sentence_roots(sentence)))


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    return json.loads(resources.files("assistant.data").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))["pairs"]
