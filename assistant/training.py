"""Fitting the answer models, apart from the code that runs per question: the answer-phrase ranker's
weights (``assistant/data/span_weights.json``) and the found decision (``assistant/data/found_weights.json``).

numpy and scipy (which faiss and scikit-learn bring) are needed here only. Nothing here may look at
test questions: the phrase ranker learns from FacQA train and the realistic set's dev and train
splits, the found decision from the same realistic questions (each scored by a phrase model fitted
without it) and our paraphrases of FacQA train questions.

After the phrase weights change (see ``assistant.span``), refit the found decision with::

    from pathlib import Path
    from assistant.training import fit_found
    fit_found(Path("../shared/data"), Path("/tmp/found-work"))  # about an hour the first time

The phrase weights were refitted in the nineteenth session with every dev and train batch (a-zzzh) and the
number-qualifier features, and the found decision (boosted trees) on that phrase model's own fold models.
Refitting trains the fold models anew (each fit takes about 5 GB and 12-16 minutes, so two can run at a
time on 2 cores). In the fourteenth session the
phrase model refitted with zze-zzj and the found decision refitted on its own new fold models answered less
and gave fewer right phrases on 960 held-out questions (BENCHMARKS.md), so neither was kept; refitting the
found decision with older fold models made it worse too. In the sixteenth session a found decision fitted on
zze-zzo alone (no model had seen them, so no fold models were needed) did worse on zzp-zzy than the shipped
one (mean of found and declined 0.705 against 0.717), and adding the cosine of question and answer sentence
(or of the sentence with its release's title) did not help either. In the seventeenth the found decision
refitted on the new phrase model's fold models declined more near-misses on the 320 held-out questions
(0.578 -> 0.644) but answered fewer answerable ones (0.807 -> 0.775) and gave 7 fewer right phrases
(0.585 -> 0.560, wrong statements 80 -> 75), so the twelfth session's decision was kept. In the eighteenth,
boosted trees on the same fold models (``fit_trees``), with the women/men rule made a feature, found about
as much and declined more: on 576 held-out questions found 0.808 -> 0.790, declined 0.556 -> 0.654, right
phrases 268 -> 265, wrong statements 168 -> 154. In the nineteenth, refitting the trees on the fold models of
the eighteenth session's phrase model changed little on 768 held-out questions (found 0.788 -> 0.779, declined
0.558 -> 0.567, right phrases 343 -> 339, wrong statements 226 -> 223). Later refits (qualifier features, the
twenty-second session's trees, the twenty-fourth's three features on fold models fitted again): BENCHMARKS.md.
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

from . import evaluate, realistic, span
from .answer import ALWAYS, Threshold, Tree, fitted_threshold
from .cache import CACHE
from .cutoff import required_cutoff
from .indexer import build_from_releases
from .ingest import read_release
from .question import analyse
from .retrieval import search
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


SHIPPED_REPEAT = 3
FOLDS = 4


def batch_folds(folds: int = FOLDS) -> dict[str, int]:
    """The cross-fitting fold of each batch of realistic releases (the letters before a release's number:
    "zc07-..." is batch "zc"), batches dealt out in turn in the order they were written (a-e, f-z,
    za-zz, ...). A batch was written by one hand in one go, so it is held out whole."""
    batches = sorted({_batch(p.name) for split in ("dev", "train") for p in (realistic.split_dir(split) / "releases").glob("*.txt")},
                     key=lambda b: (len(b), b))
    return {batch: i % folds for i, batch in enumerate(batches)}


def _batch(release: str) -> str:
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


# The found decision's boosted trees: shallow, many, slowly learned, on a random 80% of the rows each. Chosen by
# cross-fitting on the realistic dev and train rows (eighteenth session, batches held out by fold):
# depth 2 and 300 trees gave AUC 0.804 against 0.784 for the logistic regression it replaced; depth 3, or
# 100-200 trees, within 0.003 of it.
TREE_DEPTH, TREES, LEARNING_RATE, SUBSAMPLE = 2, 300, 0.05, 0.8


def fit_trees(x: np.ndarray, y: np.ndarray, seed: int = 0) -> tuple[tuple[Tree, ...], float]:
    """Gradient-boosted regression trees for the log-odds of ``y`` (scikit-learn's, fitting only) as our
    ``Tree`` records, with the learning rate folded into the leaves, and the bias (the prior log-odds)."""
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(max_depth=TREE_DEPTH, n_estimators=TREES, learning_rate=LEARNING_RATE,
                                       subsample=SUBSAMPLE, random_state=seed).fit(x, y)
    trees = []
    for (estimator,) in model.estimators_:
        t = estimator.tree_
        trees.append(Tree(tuple(int(f) for f in t.feature), tuple(float(v) for v in t.threshold),
                          tuple(int(c) for c in t.children_left), tuple(int(c) for c in t.children_right),
                          tuple(LEARNING_RATE * float(v) for v in t.value[:, 0, 0])))
    prior = float(np.mean(y))
    return tuple(trees), float(np.log(prior / (1 - prior)))


@dataclass(frozen=True)
class FoundRow:
    """One question the found decision is fitted on."""

    features: tuple[float, ...]  # answer.FEATURES
    answerable: bool
    source: str  # "realistic" or "facqa"
    short: bool  # whether the question has a short answer type (not "why" or "how")


def fit_found(data: Path, work: Path, facqa_questions: int = 240, seed: int = 1) -> tuple[Threshold, dict[str, float]]:
    """Fit the found decision and write ``assistant/data/found_weights.json``; returns it and its training figures.

    Questions: the realistic set's dev and train splits (answerable, and near-misses whose release
    exists but does not state the fact), each scored by a phrase model that never saw it
    (``cross_fitted_rows``), and our paraphrases of FacQA train questions
    (``assistant/data/facqa_train_paraphrases.jsonl``), half of them made unanswerable by taking
    every passage that states their answer out of the corpus (``evaluate.abstention_sets``). Boosted
    trees on ``answer.FEATURES`` (``fit_trees``); the cutoff maximises the mean of the found rate on
    answerable and the not-found rate on unanswerable questions, moved within that mean's flat top so the
    issue's example questions on the sample release are answered (``cutoff.required_cutoff``).
    Indexes and the cross-fitted phrase models are kept under ``work`` (about an hour the first time).
    """
    from .answer import FEATURES, FOUND_FILE

    rows = cross_fitted_rows(data, work) + _facqa_rows(data, work, facqa_questions, seed)
    features = np.array([r.features for r in rows])
    labels = np.array([r.answerable for r in rows], dtype=float)
    # A question without a short answer type ("why", "how") is scored at run time with ``no_span``
    # as its span score: the mean of the others, so it is judged on the rest. Fit it that way too.
    short = np.array([r.short for r in rows])
    span_column = FEATURES.index("span score")
    no_span = round(float(features[short, span_column].mean()), 3)
    features[~short, span_column] = no_span
    groups = np.array([r.source for r in rows])
    # Every question counts alike, so the realistic ones (nine in ten) decide. Weighting the two sets
    # alike, as before the rows were cross-fitted, cost the realistic near-misses: on 640 questions
    # written later, declined about 0.67 -> 0.40 for found 0.72 -> 0.85 (measured with a span score
    # per answer type rather than per family).
    trees, bias = fit_trees(features, labels)
    scores = np.array([Threshold(trees, bias, 0.0).score(tuple(row)) for row in features])
    must_find, must_decline = _sample_scores(Threshold(trees, bias, 0.0), work)
    cutoff = required_cutoff(scores, labels, np.ones(len(rows)), must_find, must_decline)
    threshold = Threshold(trees, bias, cutoff, no_span)
    out = Path(str(resources.files("assistant.data").joinpath(FOUND_FILE)))
    out.write_text(threshold.to_json(), encoding="utf-8")
    fitted_threshold.cache_clear()
    figures = {}
    for group in sorted(set(groups)):
        mask = groups == group
        found = scores[mask] >= cutoff
        figures[f"{group} found (answerable)"] = float(found[labels[mask] == 1].mean())
        figures[f"{group} not found (unanswerable)"] = float((~found[labels[mask] == 0]).mean())
    return threshold, figures


# The issue's own examples on the sample release (tests/test_answers.py): answered, and not.
MUST_FIND = ("Berapa tingkat partisipasi pemilih pada Pemilu 2024?", "what turnout did Pemilu 2024 reach?",
             "How large was the gap between the quick counts and the official result?",
             "Berapa selisih hasil hitung cepat dengan rekapitulasi manual?",
             "Who opened the national coordination meeting?", "Siapa yang membuka rapat koordinasi nasional?")
MUST_DECLINE = ("Siapa juara Piala Dunia 2022?",)


def _sample_scores(threshold: Threshold, work: Path) -> tuple[list[float], list[float]]:
    """The decision's scores of MUST_FIND and MUST_DECLINE over an index of the sample corpus."""
    from .answer import gather

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    build_from_releases([read_release(p) for p in sorted(corpus.glob("*.txt"))], work / "sample")
    index = CACHE.snapshot(work / "sample")
    embedder = CACHE.embedder(index.embedder_spec)

    def score(question: str) -> float:
        return threshold.score(gather(search(index, embedder, question), ALWAYS).features)
    return [score(q) for q in MUST_FIND], [score(q) for q in MUST_DECLINE]


def cross_fitted_rows(data: Path, work: Path, folds: int = FOLDS) -> list[FoundRow]:
    """Found-decision rows for the realistic dev and train questions, each question retrieved and its
    phrase scored by a phrase model fitted as the shipped one is, but without the fold of batches it
    belongs to (``batch_folds``).

    The shipped model has seen these questions: its phrase scores on them run high, and a decision
    fitted on those would trust the score more than it earns on new questions (fitted on the train split
    that way, the found decision did worse on questions written later). Fold models: ``fold_weights_path``.
    """
    from .answer import gather

    fold = batch_folds(folds)
    releases = realistic.corpus(data) + [read_release(p) for p in sorted((realistic.split_dir("train") / "releases").glob("*.txt"))]
    build_from_releases(releases, work / "realistic-and-train")
    index = CACHE.snapshot(work / "realistic-and-train")
    examples = shipped_phrase_examples()
    questions = realistic.load_questions("dev") + realistic.load_questions("train")
    rows = []
    for k in range(folds):
        kept = [e for e in examples if fold[_batch(e.release)] != k]
        weights = fold_weights_path(work, k, kept)
        if not weights.exists():
            train_weights(data / "facqa" / "train.jsonl", weights, extra=kept, extra_repeat=SHIPPED_REPEAT)
        held_out = [q for q in questions if fold[_batch(q.release)] == k]
        with span.weights_from(weights):
            for question, retrieval in zip(held_out, evaluate.retrievals(index, held_out)):
                rows.append(FoundRow(gather(retrieval, ALWAYS).features, question.answerable, "realistic",
                                     retrieval.asked.info is not None))
    return rows


def fold_weights_path(work: Path, k: int, kept: list[Example]) -> Path:
    """Where fold ``k``'s phrase model is kept: named by what it was fitted on, examples and feature code."""
    code = [resources.files("assistant").joinpath(f"{m}.py").read_text(encoding="utf-8")
            for m in ("question", "language", "span_features", "span_rules", "beside")]
    digest = hashlib.sha256(repr([(e.question, e.answer, e.release) for e in kept] + code).encode()).hexdigest()
    return work / f"span_weights_without_fold{k}_{digest[:12]}.json"


def _facqa_rows(data: Path, work: Path, questions: int, seed: int) -> list[FoundRow]:
    """Our paraphrases of the first ``questions`` FacQA train questions, half of them made unanswerable."""
    from .answer import gather

    paraphrased = dict(list(_facqa_paraphrases(data).items())[:questions])
    corpus = evaluate.corpus_releases(data)
    kept, gone, exclude = evaluate.abstention_sets(list(paraphrased), len(paraphrased) // 2, corpus, seed)
    evaluate.build_eval_index(data, work / "facqa")
    held_out = evaluate.build_eval_index(data, work / "facqa-heldout-paraphrases", exclude, seed=work / "facqa")
    rows = []
    for answerable, asked in ((True, kept), (False, gone)):
        for retrieval in evaluate.retrievals(held_out, [paraphrased[q] for q in asked]):
            rows.append(FoundRow(gather(retrieval, ALWAYS).features, answerable, "facqa", retrieval.asked.info is not None))
    return rows


def _facqa_paraphrases(data: Path) -> dict:
    """Our paraphrases of FacQA train questions, as evaluation Questions keyed by the original question."""
    originals = {q.id: q for q in evaluate.load_split(data, "train")}
    text = resources.files("assistant.data").joinpath("facqa_train_paraphrases.jsonl").read_text(encoding="utf-8")
    result = {}
    for row in map(json.loads, filter(str.strip, text.splitlines())):
        original = originals[row["id"]]
        result[original] = evaluate.Question(original.id, row["question"], original.passage, original.answer)
    return result
