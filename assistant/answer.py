"""Ranked passages -> an answer quoted from them: the best sentences with [n] markers, or "not found".

Nothing here writes new text about the releases: the answer is made of verbatim sentences from the
cited passages, plus fixed phrases in the question's language.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .embed import Embedder
from .language import bridge_terms
from .records import Answer
from .retrieve import Retrieval
from .span import candidate_scores, locate_span
from .text import split_sentences, tokenize

NOT_FOUND = {
    "id": "Tidak ditemukan dalam siaran pers yang diindeks.",
    "en": "Not found in the indexed releases.",
}


FEATURES = ("cosine", "lead", "coverage", "sentence coverage", "names", "span score", "span share", "english")


@dataclass(frozen=True)
class Threshold:
    """When is the top passage evidence enough to say the releases answer the question?

    A logistic score of features of the top passage (``found_features``): its cosine similarity to
    the question, its cosine lead over the second passage, the share of the question's words it
    contains and the best share within one of its sentences, the share of the question's names and
    numbers it contains, and how sure the answer-phrase model is of the best phrase in it (its
    score, and its softmax share among all candidate phrases); plus whether the question is English
    (cross-language cosines and word matches run lower). Found when the score reaches ``cutoff``.

    Fitted with ``assistant.evaluate.calibrate`` on FacQA train+valid: 300 answerable questions and
    300 whose answer was taken out of the corpus (its passage and every other passage stating it),
    and likewise 60 + 60 of our English translations of valid questions. The cutoff is the lowest
    score at which found=True is right at least 90% of the time for the Indonesian questions; the
    English weight is set so that English questions reach 80% (90% left them a recall of 0.16).
    BENCHMARKS.md gives the precision and recall it reaches on FacQA test.
    """

    weights: tuple[float, ...] = (15.176, 12.347, 0.279, 1.841, 0.846, 0.202, 0.887, 1.141)  # one per FEATURES entry
    bias: float = -17.323
    cutoff: float = 1.029
    # Span score and share assumed for a question without a short answer type ("why", "how"): the
    # calibration questions' mean, so such a question is judged on the other features.
    no_span: tuple[float, float] = (8.883, 0.464)

    def score(self, features: tuple[float, ...]) -> float:
        return float(np.dot(self.weights, features)) + self.bias


# The answer phrase is looked for in the first SPAN_PASSAGES passages, by question language: the
# phrase model's score plus this weight times the passage's relevance (0..1) picks one. On FacQA
# valid, token F1 of the phrase went from 0.542 (top passage, best-matching sentence first) to 0.608
# (weights 20-60 all within 0.01). The model scores phrases for English questions less reliably, so
# those stay with the top passage.
SPAN_PASSAGES = {"id": 3, "en": 1}
SPAN_RELEVANCE_WEIGHT = 30.0

THRESHOLD = Threshold()
ALWAYS = Threshold((0.0,) * len(FEATURES), 0.0, 0.0)  # treats every retrieval as found (span evaluation)


def term_coverage(query: str, text: str) -> float:
    """Share of the query's content words that occur in the text (longer words count more)."""
    terms = set(tokenize(query))
    if not terms:
        return 0.0
    words = set(tokenize(text))
    weight = {t: min(len(t), 8) for t in terms}
    return sum(weight[t] for t in terms if t in words) / sum(weight.values())


_NAME = re.compile(r"\b(?:[A-Z][\w-]*|\w*\d[\w.,]*)")  # a capitalised word or a number


def evidence_terms(retrieval: Retrieval) -> str:
    """The question words a passage that answers it should contain.

    For an English question over Indonesian releases its English words can never match, so only
    the glossary's Indonesian terms, names and numbers count.
    """
    if retrieval.language != "en":
        return retrieval.query
    return " ".join(bridge_terms(retrieval.question) + _NAME.findall(retrieval.question))


def _names_coverage(question: str, text: str) -> float:
    """Share of the question's names and numbers (its first word aside) that occur in the text; 1 without any."""
    names = set(tokenize(" ".join(_NAME.findall(question.partition(" ")[2]))))
    if not names:
        return 1.0
    return len(names.intersection(tokenize(text))) / len(names)


def _span_evidence(question: str, passage: str, threshold: Threshold) -> tuple[float, float]:
    """The answer-phrase model's best candidate score in the passage and its softmax share."""
    scores = candidate_scores(question, [passage])
    if scores is None:
        return threshold.no_span
    if not scores:
        return -20.0, 1.0
    best = max(scores)
    return best, 1.0 / sum(math.exp(s - best) for s in scores)


def found_features(retrieval: Retrieval, threshold: Threshold = THRESHOLD) -> tuple[float, ...]:
    """The top passage's evidence, in FEATURES order (see Threshold)."""
    candidates, passage = retrieval.candidates, retrieval.hits[0].text
    terms = evidence_terms(retrieval)
    lead = candidates[0].dense - candidates[1].dense if len(candidates) > 1 else 0.0
    sentence = max(term_coverage(terms, s) for s in split_sentences(passage) or [passage])
    return (
        candidates[0].dense,
        lead,
        term_coverage(terms, passage),
        sentence,
        _names_coverage(retrieval.question, passage),
        *_span_evidence(retrieval.question, passage, threshold),
        float(retrieval.language == "en"),
    )


def found_score(retrieval: Retrieval, threshold: Threshold = THRESHOLD) -> float:
    if not any(threshold.weights):
        return threshold.bias
    return threshold.score(found_features(retrieval, threshold))


def is_found(retrieval: Retrieval, threshold: Threshold = THRESHOLD) -> bool:
    return bool(retrieval.candidates) and found_score(retrieval, threshold) >= threshold.cutoff


def compose(retrieval: Retrieval, embedder: Embedder, threshold: Threshold = THRESHOLD) -> Answer:
    """The answer to a retrieval: quoted sentences with citations, or a plain "not found"."""
    hits = retrieval.hits
    if not is_found(retrieval, threshold):
        return Answer(retrieval.question, NOT_FOUND[retrieval.language], False, [], None, related=list(hits))
    searched = SPAN_PASSAGES[retrieval.language]
    located = locate_span(
        retrieval.question,
        [[hit.text] for hit in hits[:searched]],
        [SPAN_RELEVANCE_WEIGHT * c.relevance for c in retrieval.candidates[:searched]],
    )
    if located is not None:
        # The sentence that holds the answer phrase is the evidence to quote, whichever passage it is in.
        return Answer(retrieval.question, f"{located.sentence} [{located.passage + 1}]", True, list(hits), located.text)
    best = _ranked_sentences(retrieval, embedder, hits[0].text)[0]
    return Answer(retrieval.question, f"{best} [1]", True, list(hits), None)


def _ranked_sentences(retrieval: Retrieval, embedder: Embedder, passage: str) -> list[str]:
    """The passage's sentences, best match for the question first."""
    sentences = split_sentences(passage) or [passage]
    if len(sentences) == 1:
        return sentences
    scores = embedder.embed_passages(sentences) @ retrieval.query_vector
    scores += 0.05 * np.array([term_coverage(retrieval.query, s) for s in sentences])
    return [sentences[i] for i in np.argsort(-scores, kind="stable")]
