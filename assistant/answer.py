"""Ranked passages -> an answer quoted from them: the best sentences with [n] markers, or "not found".

Nothing here writes new text about the releases: the answer is made of verbatim sentences from the
cited passages, plus fixed phrases in the question's language.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .embed import Embedder
from .records import Answer
from .retrieve import Retrieval
from .span import extract_span
from .text import split_sentences, tokenize

NOT_FOUND = {
    "id": "Tidak ditemukan dalam siaran pers yang diindeks.",
    "en": "Not found in the indexed releases.",
}


@dataclass(frozen=True)
class Threshold:
    """When is the top passage evidence enough to say the releases answer the question?

    found = cosine >= dense_alone, or cosine >= dense_with_terms and the passage holds at least
    ``coverage`` of the question's content words. Calibrated on FacQA train/valid questions whose
    gold passage was removed (``kpu-assistant eval --calibrate``), for precision >= 0.9.
    """

    dense_alone: float = 0.86
    dense_with_terms: float = 0.80
    coverage: float = 0.5


THRESHOLD = Threshold()


def term_coverage(query: str, text: str) -> float:
    """Share of the query's content words that occur in the text (longer words count more)."""
    terms = set(tokenize(query))
    if not terms:
        return 0.0
    words = set(tokenize(text))
    weight = {t: min(len(t), 8) for t in terms}
    return sum(weight[t] for t in terms if t in words) / sum(weight.values())


def is_found(retrieval: Retrieval, threshold: Threshold = THRESHOLD) -> bool:
    if not retrieval.candidates:
        return False
    top = retrieval.candidates[0]
    if top.dense >= threshold.dense_alone:
        return True
    coverage = term_coverage(retrieval.query, retrieval.hits[0].text)
    return top.dense >= threshold.dense_with_terms and coverage >= threshold.coverage


def compose(retrieval: Retrieval, embedder: Embedder, threshold: Threshold = THRESHOLD) -> Answer:
    """The answer to a retrieval: quoted sentences with citations, or a plain "not found"."""
    hits = retrieval.hits
    if not is_found(retrieval, threshold):
        return Answer(retrieval.question, NOT_FOUND[retrieval.language], False, [], None, related=list(hits))
    ranked = _ranked_sentences(retrieval, embedder, hits[0].text)
    quotes = ranked[:1]
    span = extract_span(retrieval.question, quotes)
    if span is None:
        # The phrase asked for may sit in another sentence of the top passage: quote that one too.
        for sentence in ranked[1:]:
            span = extract_span(retrieval.question, [sentence])
            if span is not None:
                quotes.append(sentence)
                break
    return Answer(retrieval.question, " ".join(f"{q} [1]" for q in quotes), True, list(hits), span)


def _ranked_sentences(retrieval: Retrieval, embedder: Embedder, passage: str) -> list[str]:
    """The passage's sentences, best match for the question first."""
    sentences = split_sentences(passage) or [passage]
    if len(sentences) == 1:
        return sentences
    scores = embedder.embed_passages(sentences) @ retrieval.query_vector
    scores += 0.05 * np.array([term_coverage(retrieval.query, s) for s in sentences])
    return [sentences[i] for i in np.argsort(-scores, kind="stable")]
