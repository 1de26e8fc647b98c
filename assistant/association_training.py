"""Fitting the question-word x sentence-word association weights (``association``), apart from the code that
runs per question; written to ``assistant/data/association_weights.json``. Nothing here looks at test, dev or
held-out questions. Refit with::

    from pathlib import Path
    from assistant.association_training import fit_association
    fit_association(Path("../shared/data"), Path("/tmp/association-work"))  # about 20 minutes the first time

Rows: each answerable realistic train question with a short answer type is asked of the index of every
realistic release and the news distractors (``realistic.build_full_index``); the sentences of the
answer phrases of the first passages (those retrieval orders by their phrases, ``retrieval._evidence_first``)
are the candidates, right when their phrase is (``realistic.phrase_right``). A logistic regression without
intercept on the differences of each right and wrong candidate's pair counts (both ways round) gives each
pair's weight; the PAIRS_KEPT heaviest are kept. The shipped phrase model has seen these questions, so their
candidate phrases are a little better than on new questions; only which sentences compete depends on it.
Refitted in the thirty-eighth session, with the held-out batches zzzzzzzzl-zzzzzzzzzq joined to ``train/``: on 256
held-out questions no model had seen, right phrases 162 -> 168, paragraph R@1 0.897 -> 0.915 (BENCHMARKS.md).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from . import realistic
from .association import WEIGHTS_FILE, _weights, pairs, question_roots, sentence_roots
from .cache import CACHE
from .retrieval import RELEASE_DEPTH, search
from .store import Snapshot

PAIRS_KEPT = 20_000
C = 0.1  # inverse regularisation: 0.01-1.0 within one right phrase of each other on 1,571 held-out questions


def candidate_rows(index: Snapshot, questions: list[realistic.RealQuestion]) -> list[list[tuple[Counter, bool]]]:
    """Per question, its answering candidates' pair counts and whether each one's phrase is right."""
    embedder = CACHE.embedder(index.embedder_spec)
    rows = []
    for q in questions:
        if not q.answerable or q.follow_up:
            continue
        retrieval = search(index, embedder, q.question, RELEASE_DEPTH)
        asked = question_roots(retrieval.asked)
        rows.append([(Counter(pairs(asked, sentence_roots(p.sentence))), realistic.phrase_right(p.text, q.answer or ""))
                     for p in retrieval.phrases if p is not None and p.answers])
    return rows


def fit_pairs(rows: list[list[tuple[Counter, bool]]], c: float = C, kept: int = PAIRS_KEPT) -> dict[str, float]:
    """Pair weights from every (right, wrong) candidate pair of each question: a right one should score higher."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    vocabulary: dict[str, int] = {}
    row_ids: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    labels: list[int] = []
    for candidates in rows:
        for right, _ in (candidate for candidate in candidates if candidate[1]):
            for wrong, _ in (candidate for candidate in candidates if not candidate[1]):
                difference = Counter(right)
                difference.subtract(wrong)
                for sign in (1, -1):
                    for key, count in difference.items():
                        if count:
                            row_ids.append(len(labels))
                            columns.append(vocabulary.setdefault(key, len(vocabulary)))
                            values.append(sign * count)
                    labels.append(int(sign > 0))
    x = sparse.csr_matrix((values, (row_ids, columns)), shape=(len(labels), len(vocabulary)))
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(x, np.array(labels))
    keys = list(vocabulary)
    weights = {keys[i]: float(w) for i, w in enumerate(model.coef_[0]) if w}
    heaviest = sorted(weights, key=lambda k: (-abs(weights[k]), k))[:kept]
    return {key: round(weights[key], 4) for key in sorted(heaviest)}


def fit_association(data: Path, work: Path) -> dict[str, float]:
    """Fit the pair weights on the realistic train questions and write them to ``assistant/data``."""
    index = realistic.build_full_index(work / "realistic-all", data)
    weights = fit_pairs(candidate_rows(index, realistic.load_questions("train")))
    out = Path(__file__).parent / "data" / WEIGHTS_FILE
    out.write_text(json.dumps({"pairs": weights}, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    _weights.cache_clear()
    return weights
