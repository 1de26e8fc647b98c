"""Ranked passages -> an answer quoted from them: the best sentences with [n] markers, or "not found".

Nothing here writes new text about the releases: the answer is made of verbatim sentences from the
cited passages, plus fixed phrases in the question's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .embed import Embedder
from .language import bridge_terms
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

    A logistic score of the top passage's cosine similarity, its lead over the second passage and
    the share of the question's words it contains; found when the score reaches ``cutoff``. Fitted
    on FacQA train+valid questions, half of them with their passage removed from the corpus
    (``assistant.evaluate.calibrate``); see BENCHMARKS.md for the precision and recall it gives.
    """

    dense: float = 3.546
    lead: float = 2.891
    coverage: float = 4.311
    bias: float = -5.664
    cutoff: float = -0.6

    def score(self, dense: float, lead: float, coverage: float) -> float:
        return self.dense * dense + self.lead * lead + self.coverage * coverage + self.bias


THRESHOLD = Threshold()
ALWAYS = Threshold(0.0, 0.0, 0.0, 0.0, 0.0)  # treats every retrieval as found (span evaluation)


def term_coverage(query: str, text: str) -> float:
    """Share of the query's content words that occur in the text (longer words count more)."""
    terms = set(tokenize(query))
    if not terms:
        return 0.0
    words = set(tokenize(text))
    weight = {t: min(len(t), 8) for t in terms}
    return sum(weight[t] for t in terms if t in words) / sum(weight.values())


def evidence_terms(retrieval: Retrieval) -> str:
    """The question words a passage that answers it should contain.

    For an English question over Indonesian releases its English words can never match, so only
    the glossary's Indonesian terms, names and numbers count.
    """
    if retrieval.language != "en":
        return retrieval.query
    names = re.findall(r"\b(?:[A-Z][\w-]*|\w*\d[\w.,]*)", retrieval.question)
    return " ".join(bridge_terms(retrieval.question) + names)


def found_score(retrieval: Retrieval, threshold: Threshold = THRESHOLD) -> float:
    candidates = retrieval.candidates
    lead = candidates[0].dense - candidates[1].dense if len(candidates) > 1 else 0.0
    return threshold.score(candidates[0].dense, lead, term_coverage(evidence_terms(retrieval), retrieval.hits[0].text))


def is_found(retrieval: Retrieval, threshold: Threshold = THRESHOLD) -> bool:
    return bool(retrieval.candidates) and found_score(retrieval, threshold) >= threshold.cutoff


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
