"""The realistic evaluation set: KPU-style regional releases and questions asked the way people ask.

``assistant/data/realistic/releases/`` holds releases written for this project in the style of
real KPU regional releases (dates without a year, "pukul 15.30 WITA", "Rp17,5 miliar", names with
titles, later paragraphs that only make sense with the title); ``questions_*.jsonl`` holds
questions about them in Indonesian and English, a third of them heavy paraphrases, some asking for
a fact the release does not state (answerable=false). Releases ``?01``-``?05`` of each file are
the dev split (tune there), ``?06``-``?10`` the test split (report only).

``train/`` holds 1,608 more releases and 12,864 questions written the same way (other regions and topics, split
"train"; 1,474 near-misses) for fitting the answer models only (``assistant.training``): they are never in the
evaluated corpus. It began with 576 releases and 4,608 questions: before anything was fitted on them, they
gave the same picture as test (phrase right 0.564 with every question answered, R@1 0.679; the 16 releases
added next, k and l: 0.573 and 0.604), which dev, tuned on across four sessions, no longer did. So did the
24 added last (m, n, o), written after test's fifteenth scoring: R@1 0.761, found 0.798, near-misses
declined 0.414, phrase right 0.546 (test then: 0.760, 0.790, 0.529, 0.569). Since the ninth session each
session's new batches are first a held-out check, then data: scored before they join the phrase model's
training (BENCHMARKS.md). The eleventh session's fourteen (zk-zx, 112 releases, 896 questions) joined in the
twelfth, after its retrieval change was scored on them; the twelfth's six (zy-zzd, 48 releases, 384
questions) joined in the thirteenth, after its spoken-verbs change was; the thirteenth's first six (zze-zzj)
joined at its end, not yet fitted on but no longer unseen: its last rules were chosen on their failures. The
thirteenth's last five (zzk-zzo) joined at the end of the fourteenth, after its glossary change was scored
on them (not fitted on yet either: the phrase model and found decision refitted with zze-zzj did no better
held out and were not kept).

The fourteenth session's batches (zzp-zzy: 80 releases, 640 questions) were held out through the
fifteenth and sixteenth sessions and joined ``train/`` at the sixteenth's end, after its changes were
scored on them. The phrase model was refitted with zze-zzy in the seventeenth session, and the found
decision (boosted trees since then) in the eighteenth, on all dev and train batches to zzy.

The sixteenth session's batches (zzz, zzza-zzzd: 40 releases, 320 questions) and the eighteenth's first
four (zzze-zzzh: 32 releases, 256 questions) were held out until the eighteenth session's found trees and
region rule were scored on them, then joined ``train/`` and the phrase model was refitted with them.

The eighteenth session's last eight batches (zzzi-zzzp: 64 releases, 512 questions, 70 near-misses) were
held out through the nineteenth session and joined ``train/`` at the twentieth's start, before its phrase
model and found decision were refitted.

The nineteenth session's zzzq-zzzt (32 releases, 256 questions) and the twentieth's zzzu-zzzx (32, 256),
scored on those sessions' changes, joined ``train/`` at the twenty-first's start, before its refit.

The standalone batches held out from the twentieth session on and scored on the changes of the twenty-first to
the thirtieth (zzzy-zzzzj, zzzzx-zzzzzzza: 68 batches, 544 releases, 4,352 questions; their history is in
BENCHMARKS.md) joined ``train/`` in the thirtieth session, and the phrase model, its fold models and the found
decision were refitted with them.

``heldout/`` holds the chats zzzzk-zzzzw (104 releases, 832 questions, 104 near-misses): each release's questions
are asked in turn, most name nothing of their own after the first (``follow_up`` marks them); the twenty-second
session chose its follow-up rule on zzzzk-zzzzn and scored it on zzzzo-zzzzq, the twenty-third its later phrase
rules on the failures of all of them, and the found decision is fitted on them too (``found_training.heldout_rows``).
No phrase model was fitted on them. The standalone batches held out from the twenty-ninth session on and scored on
the changes of the thirtieth to the thirty-fourth (zzzzzzzb-zzzzzzzzk: 36 batches, 288 releases, 2,304 questions;
their history is in BENCHMARKS.md) joined ``train/`` in the thirty-fourth session, and those held out from the
thirty-third on and scored on the changes of the thirty-fourth to the thirty-seventh (zzzzzzzzl-zzzzzzzzzq: 32
batches, 256 releases, 2,048 questions) in the thirty-eighth; each time the phrase model, its fold models, the
association weights (thirty-eighth) and the found decision were refitted with them. ``heldout/`` also holds
zzzzzzzzzr-zzzzzzzzzu (32 releases, 256 questions that stand alone, 32 near-misses), written at the thirty-seventh
session's start and scored once, at its end, on which the thirty-eighth checked its refits before the found decision
was fitted on them too (``found_training.FOUND_BATCHES_BEFORE``); zzzzzzzzzv-zzzzzzzzzy (32, 256, 32), written at
the thirty-eighth's start and scored once, at its end, which no model has seen (``association_training`` fits on
``train/`` only) and whose failures the thirty-ninth chose its rules on; zzzzzzzzzz, zzzzzzzzzza-zzzzzzzzzzc (32, 256,
32), written at the thirty-ninth's start and scored once, at its end; zzzzzzzzzzd-zzzzzzzzzzg (32, 256, 32), written at
the thirty-ninth's end, whose failures the fortieth read; zzzzzzzzzzh-zzzzzzzzzzk (32, 256, 32), written at the
fortieth's start and scored once, at its end; zzzzzzzzzzl-zzzzzzzzzzo (32, 256, 32), written at the fortieth's end and
scored once at the forty-first's start, whose failures the forty-first read; and zzzzzzzzzzp-zzzzzzzzzzs (32, 256, 32),
written at the forty-first's start and scored once, at its end; zzzzzzzzzzt-zzzzzzzzzzw (32, 256, 32), written at the
forty-first's end, scored once at the forty-second's start, whose failures the forty-second read; zzzzzzzzzzx-
zzzzzzzzzzza (32, 256, 32), written at the forty-second's start and scored once, at its end; zzzzzzzzzzzb-zzzzzzzzzzze
(32, 256, 32), written at the forty-second's end, scored once at the forty-third's start, whose failures the forty-third
read; zzzzzzzzzzzf-zzzzzzzzzzzi (32, 256, 32), written at the forty-third's start and scored once, at its end;
zzzzzzzzzzzj-zzzzzzzzzzzm (32, 256, 32), written at the forty-third's end, scored once at the forty-fourth's start, whose
failures the forty-fourth read; zzzzzzzzzzzn-zzzzzzzzzzzq (32, 256, 32), written at the forty-fourth's start and
scored once, at its end, whose failures the forty-fifth read; and zzzzzzzzzzzr-zzzzzzzzzzzu (32, 256, 32), written at the
forty-fifth's start and scored once, at its end, whose failures the forty-sixth read; zzzzzzzzzzzv-zzzzzzzzzzzy (32,
256, 32), written at the forty-fifth's end, scored once at the forty-sixth's start, whose failures the forty-sixth read;
zzzzzzzzzzzz-zzzzzzzzzzzzc (32, 256, 32), written at the forty-sixth's start and scored once, at its end, whose failures the
forty-seventh read; zzzzzzzzzzzzd-zzzzzzzzzzzzg (32, 256, 32), written at the forty-seventh's start and scored once, at
its end, whose failures the forty-eighth read and whose rows, with those of zzzzzzzzzv-zzzzzzzzzzzzc, place the found
decision's family cutoffs (``found_training.fit_family_cutoffs``); zzzzzzzzzzzzh-zzzzzzzzzzzzk (32, 256, 32), written
at the forty-eighth's start and scored once, at its end, whose failures the forty-ninth read and whose rows, with those
of zzzzzzzzzv-zzzzzzzzzzzzg, fit the found decision's calibration (``found_training.fit_calibration``); and
zzzzzzzzzzzzl-zzzzzzzzzzzzo (32, 256, 32), written at the forty-ninth's start and scored once, at its end, whose
failures the fiftieth read and whose rows joined the calibration's; zzzzzzzzzzzzp-zzzzzzzzzzzzs (32, 256, 32), written
at the fiftieth's start and scored once, at its end, whose failures the fifty-first read and whose rows joined the
calibration's; zzzzzzzzzzzzt-zzzzzzzzzzzzw (32, 256, 32), written at the fifty-first's start and scored once, at its
end, whose rows joined the calibration's in the fifty-second; zzzzzzzzzzzzx-zzzzzzzzzzzzza (32, 256, 32), written at the
fifty-first's end, scored at the fifty-second's start, whose failures it read and whose rows joined the calibration's;
zzzzzzzzzzzzzb-zzzzzzzzzzzzze (32, 256, 32), written at the fifty-second's start and scored once, at its end; and
zzzzzzzzzzzzzf-zzzzzzzzzzzzzi (32, 256, 32), written at the fifty-third's start and scored once, at its end. Score a
change on unscored ones (write new ones first) before it is kept, asked alone and in turn
(``run_questions(conversation=True)``), with the train and held-out releases in the corpus (BENCHMARKS.md), then let them
join ``train/`` and write new ones.

The corpus is those releases, plus the sample KPU release and the IDN news paragraphs as
distractors when the shared data is there.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .answer import Threshold, compose, fitted_threshold
from .cache import CACHE
from .conversation import follow_up_context
from .evaluate import news_releases
from .indexer import build_from_releases
from .ingest import read_release
from .records import Answer, Release
from .retrieval import Retrieval, search
from .store import Snapshot
from .text import REGION_WORDS, normalize


@dataclass(frozen=True)
class RealQuestion:
    id: str
    release: str  # file name of the release it is about
    lang: str
    question: str
    answerable: bool
    answer: str | None  # the gold phrase, verbatim from the release
    evidence: str | None  # a verbatim piece of the one paragraph that answers
    type: str
    paraphrase: bool
    split: str  # dev or test
    follow_up: bool | None = None  # a chat's question that names nothing of its own (held-out chats only)


def data_dir() -> Path:
    return Path(str(resources.files("assistant.data").joinpath("realistic")))


def split_dir(split: str | None = None) -> Path:
    """Where a split's questions and their ``releases/`` are: ``train/`` for "train", ``heldout/`` for
    "heldout", else the set itself."""
    return data_dir() / split if split in ("train", "heldout") else data_dir()


def load_questions(split: str | None = None) -> list[RealQuestion]:
    """The questions of one split (dev, test, train, heldout), or of dev and test."""
    rows = []
    for path in sorted(split_dir(split).glob("questions*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [RealQuestion(**{field: row.get(field) for field in RealQuestion.__dataclass_fields__}) for row in rows]
    return [q for q in questions if split is None or q.split == split]


def corpus(data: Path | None = None) -> list[Release]:
    """The realistic releases, plus the sample release and news distractors from ``data`` when given."""
    releases = [read_release(path) for path in sorted((data_dir() / "releases").glob("*.txt"))]
    if data is not None:
        releases += [read_release(path) for path in sorted((data / "kpu").glob("*.txt"))]
        releases += news_releases(data)
    return releases


def build_index(index_dir: Path, data: Path | None = None) -> Snapshot:
    build_from_releases(corpus(data), index_dir)
    return CACHE.snapshot(index_dir)


def build_full_index(index_dir: Path, data: Path) -> Snapshot:
    """The releases of every split (dev and test, train, held-out) with the sample release and the news distractors:
    the corpus the trainers ask their questions of (``found_training``, ``association_training``)."""
    releases = corpus(data)
    for split in ("train", "heldout"):
        releases += [read_release(p) for p in sorted((split_dir(split) / "releases").glob("*.txt"))]
    build_from_releases(releases, index_dir)
    return CACHE.snapshot(index_dir)


def phrase_right(predicted: str | None, gold: str) -> bool:
    """The answer phrase is right when it contains the gold phrase, or is contained in it and covers at
    least half of its words ("81" for "81 persen" yes; "8" for "Kamis (8/2/2024)" no; a region's kind alone,
    "Kecamatan" for "Kecamatan Silo", no); a number up to twelve may be written in words ("5 panelis", "lima panelis")."""
    if not predicted:
        return False
    pred, ref = _words(predicted), _words(gold)
    if not pred or not ref or pred != ref and REGION_WORDS.issuperset(pred):
        return False
    if f" {' '.join(ref)} " in f" {' '.join(pred)} ":
        return True
    return f" {' '.join(pred)} " in f" {' '.join(ref)} " and 2 * len(pred) >= len(ref)


def _words(text: str) -> list[str]:
    return [_NUMBER_WORDS.get(w, w) for w in re.findall(r"\w+", normalize(text).lower())]


# A count written in words is the same answer as in digits: "lima panelis" is "5 panelis".
_NUMBER_WORDS = {word: str(value) for value, names in enumerate((
    "satu one", "dua two", "tiga three", "empat four", "lima five", "enam six", "tujuh seven", "delapan eight",
    "sembilan nine", "sepuluh ten", "sebelas eleven", "twelve"), start=1) for word in names.split()}


def is_gold(q: RealQuestion, source: str, text: str) -> bool:
    return Path(source).name == q.release and q.evidence is not None and normalize(q.evidence) in normalize(text)


@dataclass
class Outcome:
    """One question's result."""

    question: RealQuestion
    retrieval: Retrieval
    answer: Answer
    seconds: float

    @property
    def paragraph_rank(self) -> int | None:
        return next((i + 1 for i, h in enumerate(self.retrieval.hits) if is_gold(self.question, h.source, h.text)), None)

    @property
    def cites_gold_first(self) -> bool:
        """Whether the answer's [1] (or, when not found, its first related passage) is the answer paragraph."""
        shown = self.answer.citations or self.answer.related
        return bool(shown) and is_gold(self.question, shown[0].source, shown[0].text)

    @property
    def release_first(self) -> bool:
        hits = self.retrieval.hits
        return bool(hits) and Path(hits[0].source).name == self.question.release


def run_questions(snapshot: Snapshot, questions: Iterable[RealQuestion], threshold: Threshold | None = None,
                  conversation: bool = False) -> list[Outcome]:
    """Each question asked alone, or (``conversation``) after the earlier questions about its release, in
    file order, as a chat would ask them (``conversation.follow_up_context``)."""
    embedder = CACHE.embedder(snapshot.embedder_spec)
    threshold = threshold or fitted_threshold()
    outcomes = []
    asked: dict[str, list[str]] = {}
    for q in questions:
        started = time.perf_counter()
        history = asked.setdefault(q.release, []) if conversation else []
        retrieval = search(snapshot, embedder, q.question, 5, context=follow_up_context(q.question, history))
        history.append(q.question)
        answer = compose(retrieval, embedder, threshold)
        outcomes.append(Outcome(q, retrieval, answer, time.perf_counter() - started))
    return outcomes


HEADER = (
    "| split / language | answerable | unanswerable | paragraph R@1 | paragraph R@3 | release R@1 | answer's [1] is the paragraph "
    "| found (answerable) | not found (unanswerable) | answer phrase right | phrase right when found | s/question |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    found = [o for o in answerable if o.answer.found]
    right = [o for o in found if phrase_right(o.answer.span, o.question.answer or "")]
    n = max(len(answerable), 1)
    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "r1": sum(o.paragraph_rank == 1 for o in answerable) / n,
        "r3": sum((o.paragraph_rank or 99) <= 3 for o in answerable) / n,
        "release_r1": sum(o.release_first for o in answerable) / n,
        "cited_first": sum(o.cites_gold_first for o in answerable) / n,
        "found": len(found) / n,
        "abstain": sum(not o.answer.found for o in unanswerable) / max(len(unanswerable), 1),
        "phrase": len(right) / n,
        "phrase_when_found": len(right) / max(len(found), 1),
        "seconds": sum(o.seconds for o in outcomes) / max(len(outcomes), 1),
    }


def table_row(label: str, outcomes: list[Outcome]) -> str:
    s = summary(outcomes)
    return (f"| {label} | {s['answerable']} | {s['unanswerable']} | {s['r1']:.3f} | {s['r3']:.3f} | {s['release_r1']:.3f} "
            f"| {s['cited_first']:.3f} | {s['found']:.3f} | {s['abstain']:.3f} | {s['phrase']:.3f} "
            f"| {s['phrase_when_found']:.3f} | {s['seconds']:.3f} |")


def report(snapshot: Snapshot, splits: tuple[str, ...] = ("dev", "test")) -> str:
    """The realistic set's table: per split and language, each question asked alone; then each split again
    "in conversation" (a release's questions asked in turn in one chat, its follow-ups leaning on the earlier ones)."""
    lines = [f"Realistic set: {len(snapshot.releases())} releases and distractors, {snapshot.size} passages.", "", HEADER]
    for split in splits:
        outcomes = run_questions(snapshot, load_questions(split))
        for lang in ("id", "en"):
            lines.append(table_row(f"{split} / {lang}", [o for o in outcomes if o.question.lang == lang]))
        lines.append(table_row(f"{split} / all", outcomes))
    for split in splits:
        lines.append(table_row(f"{split} / all, in conversation", run_questions(snapshot, load_questions(split), conversation=True)))
    return "\n".join(lines)
