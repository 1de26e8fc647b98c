"""Fitting the found decision, apart from the code that runs per question: boosted trees on ``answer.FEATURES``
written to ``assistant/data/found_weights.json``. Nothing here may look at test questions.

After the phrase weights change (see ``assistant.training``), refit it with::

    from pathlib import Path
    from assistant.found_training import fit_calibration, fit_family_cutoffs, fit_found
    fit_found(Path("../shared/data"), Path("/tmp/found-work"))  # about an hour and a half the first time
    fit_family_cutoffs(Path("../shared/data"), Path("/tmp/found-work"))  # then each family's cutoff, a few minutes
    fit_calibration(Path("../shared/data"), Path("/tmp/found-work"))  # then the last step, a quarter of an hour

The found decision (boosted trees) is fitted on the phrase model's own fold models. Refitting trains the fold
models anew (each fit takes 8-10 GB and 19-25 minutes, so two can run at a time on 2 cores). In the fourteenth
session the phrase model refitted with zze-zzj and the found decision refitted on its own new fold models answered less
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
In the twenty-sixth session the held-out batches written before zzzzzj joined its questions (``found_batches``),
each scored by the shipped phrase model, which never saw them (BENCHMARKS.md); in the twenty-ninth, those written
before zzzzzzp (2,048 more questions). In the thirtieth the standalone ones joined ``train/`` (so they are
cross-fitted now) and the phrase model was refitted with them, their realistic examples repeated twice instead of
three times (``training.SHIPPED_REPEAT``) so that FacQA keeps about its weight; the held-out chats stay here. In the
thirty-second, refits on fold models trained anew, with or without the held-out batches zzzzzzzb-zzzzzzzq among the
rows and with or without a feature for the question's words near the phrase, all gave more wrong statements on 512
unseen questions than the shipped trees (BENCHMARKS.md), which were kept. In the thirty-sixth, the "names" feature became
"release names" (the share the answer's release holds, not its passage) and the trees were refitted on the same fold
models: on 1,024 unseen questions as many or more right phrases at equal wrong statements, except on the 256 written in
that session, where a few fewer (BENCHMARKS.md). In the thirty-seventh, the held-out batches zzzzzzzzl-zzzzzzzzze joined
the rows (``FOUND_BATCHES_BEFORE``; fold models as before): on the 768 questions of zzzzzzzzzf-zzzzzzzzzq, which it did
not see, more right phrases at equal wrong statements (409 against 396 at 70, 442 against 438 at 89); the shipped trees
were then fitted with zzzzzzzzzf-zzzzzzzzzq too (BENCHMARKS.md). In the thirty-eighth, zzzzzzzzl-zzzzzzzzzq joined
``train/`` and the trees were refitted on fold models trained anew (with the refitted phrase model and association
weights): on zzzzzzzzzr-zzzzzzzzzu, which they did not see, 170 right phrases and 23 wrong statements against 168 / 23
with the old trees (174 against 168 at 23 wrong); the shipped trees were then fitted with zzzzzzzzzr-zzzzzzzzzu too. In
the thirty-ninth, refitted on the same rows after its rules (with the shipped phrase model's fold models: a fold model's
file name covers the rules' code, so ``fit_found`` would have trained four new ones), the trees gave 162 right phrases
against 163 at 30 wrong statements on zzzzzzzzzv-zzzzzzzzzy, which neither had seen, and fewer at fewer wrong
statements; the shipped trees were kept. In the forty-first, with its rules, refitted on the same fold models with
zzzzzzzzzv-zzzzzzzzzzg added (768 rows): on zzzzzzzzzzh-zzzzzzzzzzo, which they had not seen, 316 right phrases and 46
wrong statements against 316 / 50 with the shipped trees (found 0.792 -> 0.788, declined 0.828 -> 0.859), but fewer right
phrases at equal wrong statements below 45; fitted with zzzzzzzzzzh-zzzzzzzzzzo too (cutoff 1.908 -> 1.987), on the
2,495 dev and held-out questions 1,681 / 177 -> 1,626 / 165 and fewer right phrases at equal wrong statements up to 170
(1,574 -> 1,561 at 150). The shipped trees were kept. In the forty-seventh, trees fitted on the 3,840 held-out rows no
model had seen (features from the shipped phrase model, cross-fitted by batch) gave fewer right phrases than the shipped
trees at every number of wrong statements (1,825 against 1,876 at 200), with or without the shipped score as a feature.
In the forty-eighth, those rows (4,094 standalone ones, zzzzzzzzzv-zzzzzzzzzzzzg) placed a cutoff for each answer-type
family instead (``fit_family_cutoffs``): cross-fitted by batch, 2,623 right phrases and 385 wrong statements against
2,581 / 383 with the single cutoff; by language too, 2,600 / 387. In the forty-ninth, a logistic regression over the trees'
score, the features and the family (``calibration``, ``fit_calibration``), fitted on those rows and zzzzzzzzzzzzh-k,
decides instead: cross-fitted by batch 2,871 right phrases at 397 wrong statements, against 2,823 with the family cutoffs.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from . import calibration, evaluate, realistic, span
from .answer import ALWAYS, FEATURES, FOUND_FILE, Evidence, Threshold, Tree, answer_family, fitted_threshold, gather
from .cache import CACHE
from .cutoff import family_cutoffs, required_cutoff
from .indexer import build_from_releases
from .ingest import read_release
from .retrieval import search
from .store import Snapshot
from .training import FOLDS, SHIPPED_REPEAT, batch_folds, batch_of, batch_order, fold_weights_path, shipped_phrase_examples, train_weights

# The found decision's boosted trees: shallow, many, slowly learned, on a random 80% of the rows each. Chosen by
# cross-fitting on the realistic dev and train rows (eighteenth session, batches held out by fold):
# depth 2 and 300 trees gave AUC 0.804 against 0.784 for the logistic regression it replaced; depth 3, or
# 100-200 trees, within 0.003 of it. Rechecked in the twenty-sixth session with the held-out rows added (depth 3, 600
# trees, a slower rate): none better.
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
    (``cross_fitted_rows``), the older held-out batches (``heldout_rows``), and our paraphrases of FacQA train questions
    (``assistant/data/facqa_train_paraphrases.jsonl``), half of them made unanswerable by taking
    every passage that states their answer out of the corpus (``evaluate.abstention_sets``). Boosted
    trees on ``answer.FEATURES`` (``fit_trees``); the cutoff maximises the mean of the found rate on
    answerable and the not-found rate on unanswerable questions, moved within that mean's flat top so the
    issue's example questions on the sample release are answered (``cutoff.required_cutoff``).
    Indexes and the cross-fitted phrase models are kept under ``work`` (about an hour and a half the first time).
    """
    index = realistic.build_full_index(work / "realistic-all", data)
    rows = cross_fitted_rows(data, work, index) + heldout_rows(index) + _facqa_rows(data, work, facqa_questions, seed)
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
    threshold = _ship(Threshold(trees, bias, cutoff, no_span))
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
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    build_from_releases([read_release(p) for p in sorted(corpus.glob("*.txt"))], work / "sample")
    index = CACHE.snapshot(work / "sample")
    embedder = CACHE.embedder(index.embedder_spec)

    def score(question: str) -> float:
        return threshold.score(gather(search(index, embedder, question), ALWAYS).features)
    return [score(q) for q in MUST_FIND], [score(q) for q in MUST_DECLINE]


def cross_fitted_rows(data: Path, work: Path, index: Snapshot, folds: int = FOLDS) -> list[FoundRow]:
    """Found-decision rows for the realistic dev and train questions, each question retrieved and its
    phrase scored by a phrase model fitted as the shipped one is, but without the fold of batches it
    belongs to (``batch_folds``).

    The shipped model has seen these questions: its phrase scores on them run high, and a decision
    fitted on those would trust the score more than it earns on new questions (fitted on the train split
    that way, the found decision did worse on questions written later). Fold models: ``fold_weights_path``.
    """
    fold = batch_folds(folds)
    examples = shipped_phrase_examples()
    questions = realistic.load_questions("dev") + realistic.load_questions("train")
    rows = []
    for k in range(folds):
        kept = [e for e in examples if fold[batch_of(e.release)] != k]
        weights = fold_weights_path(work, k, kept)
        if not weights.exists():
            train_weights(data / "facqa" / "train.jsonl", weights, extra=kept, extra_repeat=SHIPPED_REPEAT)
        held_out = [q for q in questions if fold[batch_of(q.release)] == k]
        with span.weights_from(weights):
            for question, retrieval in zip(held_out, evaluate.retrievals(index, held_out)):
                rows.append(FoundRow(gather(retrieval, ALWAYS).features, question.answerable, "realistic",
                                     retrieval.asked.info is not None))
    return rows


# The held-out batches the found decision is fitted on: those written before zzzzzzzzzv (the chats zzzzk-zzzzw and,
# since the thirty-eighth session, the standalone batches zzzzzzzzzr-zzzzzzzzzu that the thirty-seventh scored once and
# the thirty-eighth checked its refits on; the standalone ones before them joined ``train/`` in the thirtieth,
# thirty-fourth and thirty-eighth sessions). The later ones stay unseen by every model, to score changes on.
FOUND_BATCHES_BEFORE = "zzzzzzzzzv"


def found_batches(questions: list[realistic.RealQuestion]) -> set[str]:
    return {b for b in map(batch_of, (q.id for q in questions)) if batch_order(b) < batch_order(FOUND_BATCHES_BEFORE)}


def heldout_rows(index: Snapshot) -> list[FoundRow]:
    """Found-decision rows for the held-out questions of ``found_batches``, scored by the shipped phrase
    model (fitted without them) and asked as a chat asks them: a chat batch's questions in turn, the others
    alone (``realistic.run_questions``).

    More questions than the dev and train splits alone gave a better decision: cross-fitted over the held-out
    batches, the mean of found and declined 0.679 -> 0.696 on 2,880 questions; fitted on zzzy-zzzzzi, on the 768
    questions of zzzzzj-zzzzzu found 0.802 -> 0.780 and declined 0.552 -> 0.635; adding zzzzzj-zzzzzzo (2,048), on the 768
    questions of zzzzzzp-zzzzzzza right phrases 418 -> 424 at 139 wrong statements each, against the same refit
    without them (BENCHMARKS.md)."""
    questions = realistic.load_questions("heldout")
    wanted = found_batches(questions)
    questions = [q for q in questions if batch_of(q.id) in wanted]
    chats = {batch_of(q.id) for q in questions if q.follow_up}
    rows = []
    for in_turn in (False, True):
        asked = [q for q in questions if (batch_of(q.id) in chats) == in_turn]
        for outcome in realistic.run_questions(index, asked, ALWAYS, conversation=in_turn):
            rows.append(FoundRow(gather(outcome.retrieval, ALWAYS).features, outcome.question.answerable, "realistic",
                                 outcome.retrieval.asked.info is not None))
    return rows


# The held-out batches the answer-type families' cutoffs are placed on: those from FOUND_BATCHES_BEFORE (no model has seen
# them) written before this one; the later ones stay unseen, to score changes on.
FAMILY_BATCHES_BEFORE = "zzzzzzzzzzzzh"


def fit_family_cutoffs(data: Path, work: Path) -> Threshold:
    """Give the shipped found decision a cutoff for each answer-type family (``cutoff.family_cutoffs``), placed on the
    standalone held-out questions no model has seen, each scored by the shipped trees; write it to
    ``assistant/data/found_weights.json`` and return it. Run it after ``fit_found`` (a few minutes).

    Those rows rather than the trees' own: fitted on phrase scores of fold models, the single cutoff declines more counts
    than it should on new questions (on 4,094 held-out ones, 0.656 of the answerable counts found against 0.805 of the
    amounts, while 0.924 of the count near-misses were declined)."""
    # The calibration is fitted after the cutoffs, which give it its budget: ``fit_calibration`` puts it back.
    threshold = dataclasses.replace(fitted_threshold(), family_cutoffs=(), calibration=None)
    outcomes = _unseen_outcomes(data, work, threshold, FAMILY_BATCHES_BEFORE)
    scores = np.array([threshold.score(o.evidence.features) if o.evidence else -np.inf for o in outcomes])
    cutoffs = family_cutoffs(scores, np.array([o.good for o in outcomes]), np.array([o.family for o in outcomes]), threshold.cutoff)
    return _ship(dataclasses.replace(threshold, family_cutoffs=tuple(cutoffs.items())))


@dataclass(frozen=True)
class Outcome:
    """A held-out question as the shipped decision meets it."""

    evidence: Evidence | None  # None where retrieval found no passage
    good: bool  # answerable, and the answer phrase right
    family: str  # of the asked answer type (``answer.answer_family``), "none" without a short one
    answer_type: str | None


def _unseen_outcomes(data: Path, work: Path, threshold: Threshold, before: str) -> list[Outcome]:
    """The standalone held-out questions from FOUND_BATCHES_BEFORE (no model has seen them) to ``before``, asked of an
    index of every realistic release."""
    index = realistic.build_full_index(work / "realistic-all", data)
    first, last = batch_order(FOUND_BATCHES_BEFORE), batch_order(before)
    questions = [q for q in realistic.load_questions("heldout") if not q.follow_up and first <= batch_order(batch_of(q.id)) < last]
    outcomes = []
    for question, retrieval in zip(questions, evaluate.retrievals(index, questions)):
        evidence = gather(retrieval, threshold) if retrieval.candidates else None
        phrase = evidence.phrase.text if evidence and evidence.phrase else None
        good = question.answerable and phrase is not None and realistic.phrase_right(phrase, question.answer or "")
        outcomes.append(Outcome(evidence, good, answer_family(retrieval.asked.answer_type) or "none", retrieval.asked.answer_type))
    return outcomes


def _ship(threshold: Threshold) -> Threshold:
    """Write the found decision to ``assistant/data/found_weights.json``, where the next question reads it."""
    Path(str(resources.files("assistant.data").joinpath(FOUND_FILE))).write_text(threshold.to_json(), encoding="utf-8")
    fitted_threshold.cache_clear()
    return threshold


# The held-out batches the calibration is fitted on: those from FOUND_BATCHES_BEFORE (no model has seen them) written before
# this one; the later ones stay unseen, to score changes on.
CALIBRATION_BATCHES_BEFORE = "zzzzzzzzzzzzzb"


def fit_calibration(data: Path, work: Path) -> Threshold:
    """Give the shipped found decision its last step (``calibration``): a logistic regression fitted on the standalone
    held-out questions no model has seen, each scored by the shipped trees, with a cutoff that makes no more wrong
    statements on them than the family cutoffs do. Writes ``assistant/data/found_weights.json`` and returns it (a quarter
    of an hour); run it after ``fit_found`` and ``fit_family_cutoffs``."""
    threshold = dataclasses.replace(fitted_threshold(), calibration=None)
    outcomes = [o for o in _unseen_outcomes(data, work, threshold, CALIBRATION_BATCHES_BEFORE) if o.evidence is not None]
    kept = tuple(f for f in calibration.FAMILIES if sum(o.family == f for o in outcomes) >= calibration.MIN_ROWS)
    mine = [o for o in outcomes if o.family in kept]
    rows = np.array([calibration.inputs(threshold.score(o.evidence.features), o.evidence.features, o.family) for o in mine])
    good = np.array([o.good for o in mine])
    found = np.array([threshold.found(o.evidence.features, o.answer_type) for o in mine])
    return _ship(dataclasses.replace(threshold, calibration=calibration.fit(rows, good, int(np.sum(found & ~good)), kept)))


def _facqa_rows(data: Path, work: Path, questions: int, seed: int) -> list[FoundRow]:
    """Our paraphrases of the first ``questions`` FacQA train questions, half of them made unanswerable."""
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
