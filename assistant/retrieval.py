"""Question -> ranked passages: dense (FAISS) and BM25 results fused by weighted reciprocal rank."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from .embed import Embedder
from .entities import holds_answer_type
from .errors import EmbedderError
from .question import Question, analyse
from .records import Hit
from .store import Snapshot
from .text import tokenize

MODES = ("hybrid", "dense", "bm25")
RRF_K = 20  # small: the first few ranks of each list decide (tuned on FacQA valid)
# Weight of BM25 against dense (1.0) in the fusion, by question language. BM25 is strong on
# Indonesian questions over Indonesian text, but for English questions it only sees names, numbers
# and glossary terms, so plain 1:1 fusion made English retrieval worse than dense alone.
# Tuned on FacQA train/valid with `kpu-assistant eval --split valid` (see BENCHMARKS.md).
BM25_WEIGHT = {"id": 1.0, "en": 0.3}
# Weight of "earlier question + follow-up" against the follow-up alone: alone, "siapa yang
# melakukannya?" matches any release that names people.
CONTEXT_WEIGHT = 1.5
MAX_QUESTION_CHARS = 2000
_SURROGATE = re.compile("[\ud800-\udfff]")  # longer input is cut: no real question needs more, and it bounds the cost


@dataclass(frozen=True)
class Candidate:
    """A ranked passage with the evidence behind its rank."""

    id: int
    relevance: float  # fused score scaled to 0..1 (1 = first in both rankings), less TYPED_PENALTY (see _typed_first)
    dense: float  # cosine similarity of question and passage
    bm25: float  # raw BM25 score (0 when BM25 did not find it)


@dataclass(frozen=True)
class Retrieval:
    asked: Question
    query_vector: np.ndarray
    candidates: list[Candidate]
    hits: list[Hit]

    @property
    def question(self) -> str:
        return self.asked.text

    @property
    def language(self) -> str:
        return self.asked.language

    @property
    def query(self) -> str:
        """What was searched: the question plus its glossary terms (see ``question.analyse``)."""
        return self.asked.query


def check_question(question: str) -> str:
    """The question, stripped and cut to MAX_QUESTION_CHARS; ValueError for an empty one."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError("the question is empty; ask something about the KPU releases")
    # A lone surrogate (which a JSON client can send) cannot be encoded for the embedder.
    return _SURROGATE.sub("\ufffd", question.strip()[:MAX_QUESTION_CHARS])


def search(
    snapshot: Snapshot, embedder: Embedder, question: str, k: int = 5, mode: str = "hybrid", context: str = ""
) -> Retrieval:
    """Rank the snapshot's passages for a question; ``context`` (an earlier question) is searched with it."""
    question = check_question(question)
    if k < 1:
        raise ValueError("k must be at least 1")
    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
    if embedder.spec != snapshot.embedder_spec:
        raise EmbedderError(
            f"the index was built with embedder {snapshot.embedder_spec!r} but {embedder.spec!r} was asked for; "
            f"rebuild the index with that embedder or query without choosing one"
        )
    context = _SURROGATE.sub("\ufffd", context.strip()[:MAX_QUESTION_CHARS])
    asked = analyse(question)
    depth = min(snapshot.size, max(50, 4 * k))
    if depth == 0:
        return Retrieval(asked, np.zeros(0, np.float32), [], [])

    dense_weight = 0.0 if mode == "bm25" else 1.0
    bm25_weight = 0.0 if mode == "dense" else (1.0 if mode == "bm25" else BM25_WEIGHT[asked.language])
    # A follow-up is ranked on its own and, at a higher weight, together with the question it follows,
    # so "and how close were the quick counts?" keeps its own topic but borrows "Pemilu 2024".
    queries = [(asked.query, 1.0)] + ([(analyse(f"{context} {question}").query, CONTEXT_WEIGHT)] if context else [])
    vectors = embedder.embed_queries([q for q, _ in queries])
    rankings: list[tuple[float, list[tuple[int, float]]]] = []
    dense_by_id: dict[int, float] = {}
    bm25_all = np.zeros(snapshot.rows, dtype=np.float32)
    for (text, query_weight), vector in zip(queries, vectors):
        dense_scores, dense_ids = snapshot.dense.search(vector[None, :], depth)
        dense_ranked = [(int(i), float(s)) for i, s in zip(dense_ids[0], dense_scores[0]) if i >= 0]
        scores = snapshot.bm25.get_scores(tokenize(text))  # over every row id; 0 for deleted ones
        if not dense_by_id:  # the evidence reported is the question's own
            dense_by_id, bm25_all = dict(dense_ranked), scores
        rankings += [(query_weight * dense_weight, dense_ranked), (query_weight * bm25_weight, _top(scores, depth, snapshot.order))]
    fused = fuse(rankings)
    best_possible = sum(w for w, _ in rankings) / (RRF_K + 1)
    # Equal scores (each list puts the other's first second) go to the semantic match, then to the
    # passage a fresh build would number first (ids depend on the order passages were added).
    # A few more than asked for, so a passage that holds the asked answer type can move up (_typed_first).
    top = sorted(fused, key=lambda pid: (-fused[pid], -dense_by_id.get(pid, -1.0), snapshot.order[pid]))[:max(k, TYPED_DEPTH)]

    missing = sorted(pid for pid in top if pid not in dense_by_id)
    if missing:  # candidates the question's dense search did not reach still need their cosine
        rows = np.asarray(snapshot.vectors[missing], dtype=np.float32)
        dense_by_id.update(zip(missing, (rows @ vectors[0]).tolist()))
    candidates = [
        Candidate(pid, fused[pid] / best_possible, float(dense_by_id[pid]), float(bm25_all[pid])) for pid in top
    ]
    hits = snapshot.hits([c.id for c in candidates], [round(c.relevance, 4) for c in candidates])
    candidates, hits = _typed_first(asked, candidates, hits)
    return Retrieval(asked, vectors[0], candidates[:k], hits[:k])


# Among the first TYPED_DEPTH passages, one that holds no phrase of the asked type (no date for "when",
# no count of the asked kind for "how many") loses TYPED_PENALTY of relevance: the release's lead
# paragraph often tops the ranking with no date or count that answers. Realistic dev split: paragraph
# R@1 0.716 -> 0.765, R@3 0.963 -> 0.981 (penalty 0.1; 0.2-1.0: R@3 0.975; 0.05: 0.747 / 0.969).
TYPED_DEPTH = 5
TYPED_PENALTY = 0.1


def _typed_first(asked: Question, candidates: list[Candidate], hits: list[Hit]) -> tuple[list[Candidate], list[Hit]]:
    heads = asked.info.heads if asked.info else ()
    first = hits[:TYPED_DEPTH]
    lacking = [not holds_answer_type(asked.answer_type, heads, hit.text) for hit in first]
    if not any(lacking):
        return candidates, hits
    # Never below the passage after them, so the same passages stay in the first TYPED_DEPTH, best first.
    floor = candidates[TYPED_DEPTH].relevance if len(candidates) > TYPED_DEPTH else 0.0
    scored = [replace(c, relevance=max(c.relevance - TYPED_PENALTY * miss, floor)) for c, miss in zip(candidates, lacking)]
    order = sorted(range(len(first)), key=lambda i: -scored[i].relevance)  # stable: ties keep the fused order
    return ([scored[i] for i in order] + candidates[TYPED_DEPTH:],
            [replace(hits[i], score=round(scored[i].relevance, 4)) for i in order] + hits[TYPED_DEPTH:])


def fuse(rankings: list[tuple[float, list[tuple[int, float]]]]) -> dict[int, float]:
    """Weighted reciprocal-rank fusion: each (weight, ranked (id, score) list) adds weight / (RRF_K + rank)."""
    fused: dict[int, float] = {}
    for weight, ranked in rankings:
        for rank, (pid, _) in enumerate(ranked if weight else []):
            fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
    return fused


def _top(scores: np.ndarray, depth: int, order: np.ndarray) -> list[tuple[int, float]]:
    """The ``depth`` best positive scores, equal scores in ``order`` (also at the cut)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size > depth:
        cut = -np.partition(-scores[positive], depth - 1)[depth - 1]
        positive = positive[scores[positive] >= cut]
    ranked = positive[np.lexsort((order[positive], -scores[positive]))][:depth]
    return [(int(i), float(scores[i])) for i in ranked]
