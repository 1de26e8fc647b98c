"""Fitting the answer-phrase ranker, apart from the code that runs per question: its weights are
``assistant/data/span_weights.json``. The found decision is fitted by ``assistant.found_training``.

numpy and scipy (which faiss and scikit-learn bring) are needed here only. Nothing here may look at
test questions: the phrase ranker learns from FacQA train and the realistic set's dev and train splits.
The phrase weights were refitted in the thirty-fourth session with every dev and train batch (a-zzzzzzzzk, the
standalone held-out batches to zzzzzzzzk having joined ``train/``), in the thirty-fifth on the same examples with
its counted kinds (which decide the candidates other paragraphs offer), and in the thirty-eighth with the standalone
held-out batches zzzzzzzzl-zzzzzzzzzq joined to ``train/`` (13,057 realistic examples; 6.7 million candidates, 50,637
features). The shipped fit then took 13 GB and 17 minutes, a fold model 10 GB and 12 minutes: on 24 GB run one at a
time (the shipped fit and a fold model together filled it). In the thirty-ninth, refitted with zzzzzzzzzr-zzzzzzzzzu in
``train/`` too (256 questions more), it gave 160 right phrases against 161 on the 256 unseen zzzzzzzzzv-zzzzzzzzzy and
was not kept: a batch or two more moves nothing; refit when many have gathered.
After the phrase weights change, refit the found decision (``found_training.fit_found``): it scores its
realistic questions with phrase models fitted without them (``batch_folds``, ``fold_weights_path``).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from . import realistic, span
from .ingest import read_release
from .question import analyse
from .span_rules import adjust, rules_for
from .text import normalize, split_sentences


@dataclass(frozen=True)
class Example:
    """A question, the sentences of the passage that answers it and the gold phrase; for a realistic
    question also the other paragraphs of its release."""

    question: str
    sentences: list[str]
    answer: str
    others: tuple[str, ...] = ()
    release: str = ""  # a realistic example's release file name


def _examples(path: Path) -> list[Example]:
    with Path(path).open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [Example(r["question"], split_sentences(r["passage"]), r["answer"]) for r in rows]


def _same_span(a: str, b: str) -> bool:
    return normalize(a).lower().strip(" .,") == normalize(b).lower().strip(" .,")


def _within(candidate: str, answer: str) -> bool:
    """A realistic example's right phrases: the gold one, or one inside it that the evaluation counts
    right ("81" for "81 persen", whose unit the answer step adds back); never a longer one."""
    return _same_span(candidate, answer) or (realistic.phrase_right(candidate, answer) and len(candidate) < len(answer))


def realistic_examples(split: str = "dev") -> list[Example]:
    """The realistic set's answerable questions of ``split`` (dev or train) with the paragraph that
    answers them and the other paragraphs of the release."""
    paragraphs = {}
    for path in sorted((realistic.split_dir(split) / "releases").glob("*.txt")):
        paragraphs[path.name] = [normalize(p.text) for p in read_release(path).paragraphs]  # as the indexer reads it
    examples = []
    for q in realistic.load_questions(split):
        if q.answerable and q.evidence and q.answer:
            evidence = normalize(q.evidence)
            paragraph = next(p for p in paragraphs[q.release] if evidence in p)
            others = tuple(p for p in paragraphs[q.release] if p != paragraph)
            examples.append(Example(q.question, split_sentences(paragraph), q.answer, others, q.release))
    return examples


def shipped_phrase_examples() -> list[Example]:
    """The realistic examples the shipped phrase model is fitted on (with FacQA train, each SHIPPED_REPEAT times)."""
    return realistic_examples("dev") + realistic_examples("train")


SHIPPED_REPEAT = 2
FOLDS = 4


def batch_folds(folds: int = FOLDS) -> dict[str, int]:
    """The cross-fitting fold of each batch of realistic releases (the letters before a release's number:
    "zc07-..." is batch "zc"), batches dealt out in turn in the order they were written (a-e, f-z,
    za-zz, ...). A batch was written by one hand in one go, so it is held out whole."""
    batches = sorted({batch_of(p.name) for split in ("dev", "train") for p in (realistic.split_dir(split) / "releases").glob("*.txt")},
                     key=batch_order)
    return {batch: i % folds for i, batch in enumerate(batches)}


def batch_order(batch: str) -> tuple[int, str]:
    """Batches in the order they were written: a-z, then za-zz, zza-..."""
    return len(batch), batch


def batch_of(release: str) -> str:
    """A realistic release's (or question id's) batch: the letters before its number ("zc07-..." -> "zc")."""
    return re.match(r"[a-z]+", release).group()


def train_weights(train_path: Path | str, out_path: Path | str, l2: float = 3.0, min_count: int = 10,
                  min_weight: float = 0.05, threshold: float = span.THRESHOLD,
                  extra: list[Example] = (), extra_repeat: int = 1) -> dict[str, int]:
    """Fit the candidate ranker on FacQA-style jsonl (question, passage, answer) and write the weights json.

    ``extra`` examples (e.g. ``realistic_examples("dev")``) are added ``extra_repeat`` times each; for
    them a shorter phrase the evaluation counts right is a right candidate too (``_within``), and the
    phrases of the asked type that the rules allow in the release's other paragraphs (worked out one
    paragraph at a time, as retrieval does) compete with the gold one: retrieval ranks the paragraphs
    of a release by their best phrase, so the model must score the right paragraph's phrase above them.

    A conditional logit (multinomial logistic regression over each question's candidates, the gold span
    being the right class; L2 penalty ``l2``) fitted with L-BFGS. Questions whose gold answer is not a
    candidate are skipped; features seen in fewer than ``min_count`` candidates and weights smaller
    than ``min_weight`` are dropped to keep the file small.
    """

    from scipy.optimize import minimize

    examples = [(e, _same_span, 1.0) for e in _examples(Path(train_path))] + [(e, _within, float(extra_repeat)) for e in extra]
    matrix, names, sizes, is_gold, weight_of = _design_matrix(*_encoded_groups(examples), min_count)
    bounds = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    group = np.repeat(np.arange(len(sizes)), sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = matrix @ w
        exp = np.exp(scores - np.maximum.reduceat(scores, bounds)[group])
        total, right = np.add.reduceat(exp, bounds), np.add.reduceat(np.where(is_gold, exp, 0.0), bounds)
        gradient = matrix.T @ (weight_of[group] * (exp / total[group] - np.where(is_gold, exp, 0.0) / right[group])) + l2 * w
        return float(weight_of @ (np.log(total) - np.log(right)) + 0.5 * l2 * w @ w), gradient

    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    weights = {f: round(float(w[i]), 3) for i, f in enumerate(names) if abs(w[i]) >= min_weight}
    payload = {"threshold": threshold, "weights": weights}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0)
    Path(out_path).write_text(text + "\n", encoding="utf-8")
    span._shipped_model.cache_clear()
    return {"questions": len(sizes), "candidates": int(sum(sizes)), "features": len(weights)}


# One example's candidates: their feature numbers one after another, where each candidate's start
# (offsets, one more than candidates), whether each is right, and the example's weight (its repeats).
_Group = tuple[np.ndarray, np.ndarray, np.ndarray, float]


def _encoded_groups(examples: list[tuple[Example, Callable[[str, str], bool], float]]) -> tuple[list[_Group], dict[str, int]]:
    """Each (example, right-phrase test, weight)'s candidates as feature numbers, and the numbers' names.

    Kept as numbers because the names, a hundred per candidate, held for millions of candidates took
    more than 24 GB; a repeated example is one group weighted by its repeats, which gives the loss and
    gradient of repeating it."""
    numbers: dict[str, int] = {}
    groups: list[_Group] = []
    for example, is_right, weight in examples:
        group = _labelled_candidates(example, is_right)
        if group is None:
            continue
        features, labels = group
        ids = [sorted({numbers.setdefault(f, len(numbers)) for f in candidate}) for candidate in features]
        groups.append((np.fromiter((i for c in ids for i in c), np.int32), np.cumsum([0] + [len(c) for c in ids]),
                       np.array(labels), weight))
    return groups, numbers


def _design_matrix(groups: list[_Group], numbers: dict[str, int], min_count: int
                   ) -> tuple[csr_matrix, list[str], list[int], np.ndarray, np.ndarray]:
    """The candidates-by-features matrix over the features held by at least ``min_count`` candidates (a
    repeated example's counted as often as it is repeated), those features' names in column order, each
    group's candidate count, which candidates are right, and each group's weight."""
    counts = np.zeros(len(numbers))
    for ids, _, _, weight in groups:
        counts += weight * np.bincount(ids, minlength=len(numbers))
    names = sorted(f for f, i in numbers.items() if counts[i] >= min_count)
    column = np.full(len(numbers), -1, np.int64)
    column[[numbers[f] for f in names]] = np.arange(len(names))
    indices, lengths = [], []
    for ids, offsets, _, _ in groups:
        columns = column[ids]
        kept = columns >= 0
        indices.append(columns[kept].astype(np.int32))
        lengths.append(np.add.reduceat(kept.astype(np.int64), offsets[:-1]))  # every candidate has features
    indptr = np.concatenate([[0], np.cumsum(np.concatenate(lengths))])
    index_dtype = np.int32 if indptr[-1] < 2**31 else np.int64  # else scipy copies the indices to int64
    matrix = csr_matrix((np.ones(indptr[-1]), np.concatenate(indices).astype(index_dtype, copy=False), indptr.astype(index_dtype)),
                        shape=(int(indptr.size - 1), len(names)))
    return (matrix, names, [len(labels) for _, _, labels, _ in groups], np.concatenate([labels for _, _, labels, _ in groups]),
            np.array([weight for *_, weight in groups]))


def _labelled_candidates(example: Example, is_right: Callable[[str, str], bool]) -> tuple[list[tuple[str, ...]], list[bool]] | None:
    """The features of an example's candidate phrases and whether each is right; None when none is (or the
    question has no short answer type). A realistic example's other paragraphs add their allowed phrases."""
    asked = analyse(example.question)
    if asked.info is None:
        return None
    found = list(span.candidates(asked.info, example.sentences))
    labels = [is_right(c.text, example.answer) for c in found]
    if not any(labels):
        return None
    if example.others:
        weigh = partial(adjust, rules_for(asked))
        for paragraph in example.others:
            for candidate in span.candidates(asked.info, split_sentences(paragraph), weigh):
                found.append(candidate)
                labels.append(is_right(candidate.text, example.answer))
    return [c.features for c in found], labels


def fold_weights_path(work: Path, k: int, kept: list[Example]) -> Path:
    """Where fold ``k``'s phrase model is kept: named by what it was fitted on, examples and feature code."""
    code = [resources.files("assistant").joinpath(f"{m}.py").read_text(encoding="utf-8")
            for m in ("question", "answer_type", "question_kind", "language", "span_features", "span_rules", "beside", "sides", "rates")]
    digest = hashlib.sha256(repr([(e.question, e.answer, e.release) for e in kept] + code).encode()).hexdigest()
    return work / f"span_weights_without_fold{k}_{digest[:12]}.json"
