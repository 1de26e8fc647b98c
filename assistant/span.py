"""The answer phrase of a factoid question inside the quoted sentences ("81 persen", "Mochammad Afifuddin").

How it works. The question's record (``question.Question``) gives the model's answer kind (number,
year, date, person, place, abbreviation expansion, or any other named thing), the finer answer type
that decides which phrases are allowed at all (``entities.allowed``: a count is no date fragment, a
person no unit name) and, where there is one, the noun asked about ("berapa *siswa*", "*badan* apakah", "apa nama *kota*").
Every token span of up to
``span_features.MAX_TOKENS`` tokens that neither starts nor ends on punctuation or a function word is a candidate.
A candidate has sparse binary features, each also conjoined with the answer type: its length and
token shapes (capitalised, acronym, digit, lower case); its first and last words and the words just
before and after it; whether it is a date, holds a month, day or year, or is a number and what
follows the number; whether it cuts through a capitalised name or a bracket; how many question
words it repeats (answers rarely do); how near the question words the sentence shares lie on each
side and how many of them, names and numbers counted apart; whether the asked-about noun starts,
ends, precedes (directly, or with a name between: "Ketua KPU <name>") or follows it; for a phrase that
starts with a number, how many question words stand with that number (each word going with the nearer
number) and whether that is more than any other number of its kind in the sentence has ("358 suara sah dan
13 suara tidak sah": "tidak" counts as a question word when the question negates, "nggak" and "invalid"
too); and how well its sentence covers the question. Question and sentence words are compared by a crude Indonesian
root (particles and common affixes cut). A linear model
scores the candidates; small bonuses for the counted noun (or a noun of its kind) after a number, a
place word in a place, the right one of an opening/closing time, a date after "hingga" for an end
and per role word a person shares with the question ("Divisi *Perencanaan*, <name>")
(``span_rules``) are added, and what cannot answer is dropped (a count of another kind of thing
or not starting with its number, a place without the institution asked for, anything but a web
address for "which website", a person introduced as another body's officer); the best allowed one
is the answer if it scores at least the threshold, else None. A count keeps the noun asked about
("berapa siswa" -> "300 siswa"), an amount its unit ("Rp17,5 miliar", "81 persen"). Nothing depends on the question
language except the answer-type and head-noun patterns, which know English question words too.

The weights (``assistant/data/span_weights.json``, 48k features) come from ``training.train_weights``: a
conditional logit (softmax over each question's candidates, the gold span the right one, L2 = 3)
fitted on IndoNLU FacQA train plus, twice each (three times until the thirtieth session, with 5,453), the 11,265
answerable questions (9,248 until the thirty-fourth session) of the realistic set's dev and train splits (for those,
the gold phrase or a part of it the evaluation counts right is the right one, and the phrases of the asked type in the
release's other paragraphs compete with it: retrieval ranks a release's paragraphs by their best phrase, so the model
learns to score the right paragraph's above them: fitted with dev only, the unseen train split's paragraph R@1 went
0.731 -> 0.742 and phrase right 0.601 -> 0.606; fitted with the train split only, dev's phrase right 0.735 -> 0.741;
FacQA valid F1 0.603 -> 0.596); the features and L2 were chosen on FacQA valid and 4-fold cross-validation on train
(test was never looked at; L2 1 or 0.5 did no better on held-out realistic questions); the threshold
is 0 since the typed filter was added (chosen on the realistic set's dev split, where 4 rejected right
phrases). The realistic questions were added because FacQA's copy the passage's wording: fitted on
FacQA and dev only, phrase right on the unseen train split went 0.564 -> 0.604 (FacQA valid F1 0.623
-> 0.618; with the train split too, 0.613; with its last 128 questions, 0.610, which did not help
on held-out ones). More of them kept helping: each batch of 64 questions added in the ninth session,
scored before it joined, gained from the batches before it (fitted without the last 192, those got
phrase right 0.562 -> 0.574 with the 192 before them in the fit, paragraph R@1 0.790 -> 0.802; the
twelfth session's 759 added answerable questions: on 384 questions written after, phrase right with every
question treated as found 0.574 -> 0.592, paragraph R@1 0.690 -> 0.699, FacQA valid F1 0.609 -> 0.617;
the thirteenth session's 326 with the spoken-verb forms of ``question.analyse``: on 384 questions written
after, 0.626 -> 0.638, R@1 0.761 -> 0.770, found 0.730 -> 0.748, FacQA valid F1 0.615 -> 0.619; the
seventeenth session's refit with the 1,138 of batches zze-zzy: on the 275 answerable held-out questions
no fit has seen, paragraph R@1 0.691 -> 0.716, phrase right 0.567 -> 0.585, wrong statements 87 -> 80, with
the found decision unchanged; FacQA valid F1 0.614 -> 0.603, and dev, whose share of the fit fell, R@1 0.877 -> 0.864;
the eighteenth session's with the 495 of zzz-zzzh: on 256 questions written after, R@1 0.679 -> 0.683, near-misses
declined 0.571 -> 0.600, phrase right 0.557 either way, FacQA valid F1 0.603 -> 0.611; with FacQA weighed more
instead (the realistic questions twice each, not three times), FacQA valid F1 0.609 but 8 fewer right phrases on
832 held-out questions; the nineteenth session's, the same questions with the number-qualifier features and "tidak"
as a question word: fitted without one fold of batches, right phrases with every question answered 693 -> 699 of
that fold's 1,047 and 261 -> 258 of 442 held-out; the shipped refit on 664 answerable held-out questions R@1 0.685 ->
0.691, right phrases 389 -> 390 (9 fixed, such as "suara yang nggak sah", "yang nggak dateng", "personnel from
Kodim", 8 lost), FacQA valid F1 0.611 -> 0.609); the thirtieth's with the 3,795 of the standalone held-out batches
zzzy-zzzzzzza, repeated twice so that FacQA keeps about its weight: on 512 questions no model had seen, with the
found decision unchanged, paragraph R@1 0.799 -> 0.810 and right phrases with every question answered 318 -> 329
of 448 (FacQA valid F1 0.608 -> 0.600).
Given the gold passage, FacQA valid reaches token F1 0.71 (the earlier rule-based extractor:
F1 0.26). Features are worked out only for the phrases the answer type allows (one candidate in ten
for a typed question): ``compose`` takes 6-9 ms p50 over four realistic passages on one CPU core, pure
Python (31-36 ms when every candidate was featurised). What mattered (train CV F1 0.70 with
everything, before the realistic questions):
conjoining the features with the answer type (without: 0.55), question-word proximity (0.62), head
noun (0.67), neighbouring/first/last words (0.67), token shapes (0.69). Rebuild the weights (about
25 minutes and 10 GB of memory; each example's candidates are worked out once however often it repeats) with::

    from assistant.training import SHIPPED_REPEAT, shipped_phrase_examples, train_weights
    train_weights("FACQA/train.jsonl", "assistant/data/span_weights.json", extra=shipped_phrase_examples(),
                  extra_repeat=SHIPPED_REPEAT)
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path

from .boundaries import (
    amount_end,
    body_end,
    date_range,
    list_end,
    list_start,
    noun_end,
    partner_span,
    place_end,
    quoted_name,
    range_start,
    titled_span,
    whole_duration,
    without_asked_names,
)
from .entities import counts_kind_asked, is_name
from .qualifiers import Unstated, unstated_qualifiers
from .question import Question, QuestionInfo, analyse
from .restated import restates
from .span_features import Candidate, Weigh, candidates
from .span_rules import NUMBER_FIRST, Rules, adjust, rules_for, spelled_head
from .standing import pair_figure, standing_bonuses
from .text import counted_kind, root

WEIGHTS_FILE = "span_weights.json"
THRESHOLD = 0.0  # least score of an allowed answer phrase (realistic dev split); train_weights writes it into the weights file


@dataclass
class _Model:
    weights: dict[str, float]
    threshold: float  # the best candidate must score at least this, or there is no answer


@dataclass(frozen=True)
class Phrase:
    """The best answer phrase of the asked type in a passage, finished ("300" -> "300 siswa")."""

    text: str
    sentence: str  # the sentence holding it
    score: float  # the phrase model's score, with the rules' adjustments
    unstated: Unstated = Unstated()  # the question's qualifiers the sentence does not write beside it

    @property
    def answers(self) -> bool:
        """Whether it scores enough to be given as the answer (the model's threshold)."""
        return self.score >= _model().threshold


# What introduces a cause: "... mundur *karena* diterima bekerja di luar kota". Not "karena itu" or
# "akibatnya" (a consequence follows), nor "sehingga".
# Releases also give a cause as what was found or proven ("PSU digelar setelah *ditemukan* dua pemilih ...",
# "diberhentikan karena *terbukti* menjadi anggota tim sukses") or as what held a thing up ("*tertahan* gelombang tinggi").
_CAUSE = re.compile(
    r"\b(?:karena(?!\s+itu\b)(?:\s+(?:terbukti|ditemukan(?:nya)?|adanya))?|sebab(?!\s+itu\b)|lantaran|akibat|dikarenakan|"
    r"disebabkan(?:\s+oleh)?|dipicu(?:\s+oleh)?|gara-gara|dengan\s+alasan|terbukti|(?:setelah\s+|menyusul\s+)?ditemukan(?:nya)?|"
    r"terkendala|tertahan|because(?:\s+of)?|due\s+to|owing\s+to)\s+(?=\w)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?](?=\s|$)|\s[–—-]\s")


def reason_phrase(sentence: str) -> str | None:
    """The cause a sentence gives, for a "why" question: "... tertunda karena sinyal di lokasi lemah, ..."
    -> "sinyal di lokasi lemah"; None when it gives none."""
    cause = _CAUSE.search(sentence)
    if cause is None:
        return None
    end = _CLAUSE_END.search(sentence, cause.end())
    return sentence[cause.end():end.start() if end else len(sentence)].strip() or None


# The means a sentence names: "... diangkut menggunakan *sepeda motor* melalui jalan ...", "... meninggal akibat
# *kecelakaan perahu motor* saat ...". It ends with its clause or where another such word starts.
_MEANS = re.compile(
    r"\b(?:(?:dengan\s+)?menggunakan|memakai|melalui|lewat|via|naik|dengan\s+cara|akibat|by\s+means\s+of|using)\s+(?=\w)",
    re.IGNORECASE)
_MEANS_END = re.compile(r"[,;:.!?](?=\s|$)|\s[–—-]\s|\s(?=(melalui|lewat|dengan|di|ke|dari|untuk|saat|ketika|karena|agar|"
                        r"sehingga|sebelum|setelah|sejak|hingga|sampai|pada|bagi)\b)", re.IGNORECASE)


def manner_phrase(sentence: str) -> str | None:
    """The means a sentence names, for a "how do/did ..." question: "... melanjutkan pengangkutan menggunakan
    sepeda motor melalui jalan semenisasi" -> "sepeda motor"; None when it names none."""
    means = _MEANS.search(sentence)
    if means is None:
        return None
    end = _MEANS_END.search(sentence, means.end())
    return sentence[means.end():end.start() if end else len(sentence)].strip() or None


def extract_span(question: Question | str, sentences: list[str]) -> str | None:
    """The best answer phrase in ``sentences``, or None when there is no short answer to give."""
    question = analyse(question) if isinstance(question, str) else question
    phrase = best_phrase(question, sentences)
    return phrase.text if phrase and phrase.answers else None


def best_phrase(question: Question, sentences: list[str]) -> Phrase | None:
    """The highest-scoring phrase of the question's answer type in ``sentences`` (the first of equals),
    whether or not it reaches the threshold; None when there is none or the question has no short answer type."""
    return best_phrases(question, [sentences])[0]


def best_phrases(question: Question, passages: list[list[str]]) -> list[Phrase | None]:
    """``best_phrase`` of each passage's sentences, the question's rules worked out once for all of them."""
    if question.info is None:
        return [None] * len(passages)
    rules = rules_for(question)
    return [_best(question, rules, sentences) for sentences in passages]


def _best(question: Question, rules: Rules, sentences: list[str]) -> Phrase | None:
    scored = list(_typed(question, rules, sentences))
    if not scored:
        return None
    best = max(scored, key=lambda pair: pair[1])  # the first of equals
    phrase = _phrase(question, rules, *best)
    if phrase is not None or len(scored) == 1:
        return phrase
    # Where a release names no firm, "Kantor Akuntan Publik (KAP)" stands for "which public accounting firm"
    # (``restated``): the next candidate whose phrase says more than the question. Sorted only then: this is per passage.
    return next((phrase for candidate, score in sorted(scored, key=lambda pair: -pair[1])[1:]
                 if (phrase := _phrase(question, rules, candidate, score)) is not None), None)


def _phrase(question: Question, rules: Rules, candidate: Candidate, score: float) -> Phrase | None:
    """The answer phrase a candidate stands for (the whole list, name with its titles, date range ... it opens); None
    when it only restates the question."""
    sentence, start = candidate.sentence_text, candidate.start
    if rules.whole_list:
        start = list_start(sentence, start, candidate.end)
    end = _answer_end(question, rules, sentence, start, candidate.end)
    if rules.people:
        start, end = partner_span(sentence, start, end, is_name)
    if question.answer_type == "person":
        start, end = titled_span(sentence, start, end)
    if question.answer_type == "date" and rules.wanted_time is None:  # not "since when", "until when"
        start, end = date_range(sentence, start, end)
    if question.answer_type == "what":
        start, end = quoted_name(sentence, start, end)
    if question.answer_type in ("number", "time", "count"):
        start, end = whole_duration(sentence, start, end)
    if question.answer_type in _NAMED_ANSWERS:
        # Not a thing's trailing name: "Piala Yansen Tipa Padan" may be the cup named after the Yansen Tipa Padan asked about.
        start, end = without_asked_names(sentence, start, end, question.text, is_name if question.answer_type == "place" else None)
    if question.answer_type == "time" and rules.wanted_time == "first" and not _HOURS_ASKED.search(question.text):
        start, end = range_start(sentence, start, end)  # "mulai jam berapa": not the range's end
    if rules.asked_words is not None and restates(rules.asked_words, sentence, start, end):
        return None
    return Phrase(sentence[start:end], sentence, score, unstated_qualifiers(rules, sentence, start, end))


_NAMED_ANSWERS = frozenset({"person", "place", "what"})
# "Debat mulai jam berapa?" asks when a range of hours begins (``Rules.wanted_time``); "buka jam berapa saja?",
# "opening hours" ask the range.
_HOURS_ASKED = re.compile(r"\b(hours|buka|dibuka|open\w*|jam berapa (saja|aja))\b", re.IGNORECASE)


def typed_candidates(question: Question, sentences: list[str]) -> Iterator[tuple[Candidate, float]]:
    """The candidate phrases of the question's answer type in ``sentences``, with their scores
    (the phrase model's score adjusted by ``span_rules``)."""
    if question.info is None:
        return
    yield from _typed(question, rules_for(question), sentences)


def _typed(question: Question, rules: Rules, sentences: list[str]) -> Iterator[tuple[Candidate, float]]:
    assert question.info is not None
    scored = _scored(question.info, sentences, partial(adjust, rules))
    if rules.standing is None:
        yield from scored
        return
    # The winner's votes are the largest of the pairs' figures the passage gives: weighed across its sentences.
    scored_list = list(scored)
    figures = [pair_figure(rules.answer_type, c.sentence_text, c.start) for c, _ in scored_list]
    for (candidate, score), bonus in zip(scored_list, standing_bonuses(rules.standing, figures)):
        yield candidate, score + bonus


def _scored(info: QuestionInfo, sentences: list[str], weigh: Weigh | None = None) -> Iterator[tuple[Candidate, float]]:
    """Every candidate phrase ``weigh`` keeps, with its score (plus what ``weigh`` added)."""
    weights = _model().weights
    # The left/right feature tuples are shared by many candidates: score each once. The tuple is kept
    # in the cache with its score so its id cannot be reused by another tuple meanwhile.
    shared: dict[int, tuple[tuple[str, ...], float]] = {}

    def part(features: tuple[str, ...]) -> float:
        key = id(features)
        if key not in shared:
            shared[key] = (features, sum(weights.get(f, 0.0) for f in features))
        return shared[key][1]

    for candidate in candidates(info, sentences, weigh):
        own = sum(weights.get(f, 0.0) for f in candidate.own)
        yield candidate, part(candidate.left) + part(candidate.right) + own + candidate.extra


def _answer_end(question: Question, rules: Rules, sentence: str, start: int, end: int) -> int:
    """Where the answer phrase at ``sentence[start:end]`` ends once finished: a list runs from its first item
    (``list_start``, worked out before) to its last, a place to the end of its name, a date to its year
    ("14 Februari" -> "14 Februari 2024", though the question names the year); a number keeps its unit
    ("81 persen", ``amount_end``), the noun it counts ("300 siswa") and that noun's second word ("9 surat
    suara", ``noun_end``)."""
    assert question.info is not None
    if rules.whole_list:
        return list_end(sentence, start, end)
    if question.answer_type == "place":
        return place_end(sentence, start, end)
    if question.answer_type == "date" and (year := _YEAR_AFTER.match(sentence, end)):
        return year.end()
    end = noun_end(sentence, start, _head_noun_end(sentence, start, amount_end(sentence, start, end), question.info))
    return body_end(sentence, end, question.text) if question.answer_type == "count" else end


_NEXT_WORD = re.compile(r" (\w+)")
_YEAR_AFTER = re.compile(r" (19|20)\d\d\b")


def _head_noun_end(sentence: str, start: int, end: int, info: QuestionInfo) -> int:
    """"300" -> "300 siswa" when the question asks "berapa siswa": a count keeps the noun it counts. Asked
    without a noun ("Suara yang nggak sah ada berapa?"), a bare count keeps the counted noun after it: "2.187 suara"."""
    if info.kind != "number":
        return end
    # "602" or "602 Petugas Pemutakhiran" -> "602 Petugas Pemutakhiran Data Pemilih" for "berapa PPDP".
    spelled = spelled_head(sentence, start, info.heads)
    name_end = start + len(" ".join(sentence[start:].split(" ")[:spelled + 1])) if spelled else end
    if not NUMBER_FIRST.fullmatch(sentence[start:end].split()[-1]):
        return max(end, name_end) if NUMBER_FIRST.match(sentence, start) else end
    following = _NEXT_WORD.match(sentence, end)
    if not following:
        return end
    noun = root(following.group(1).lower())
    if noun in info.heads:
        return following.end()
    if spelled:
        return name_end
    # "2.140 Pantarlih" for "how many staff"; "2.187 suara" for a count asked without a noun
    if counts_kind_asked(noun, info.heads) or not info.heads and counted_kind(noun):
        return following.end()
    return end


# Weights other than the shipped ones, for the code running in this context only: training scores
# questions with phrase models that never saw them (``found_training.cross_fitted_rows``).
_OTHER_WEIGHTS: ContextVar[_Model | None] = ContextVar("span_weights", default=None)


def _model() -> _Model:
    return _OTHER_WEIGHTS.get() or _shipped_model()


@lru_cache(maxsize=1)
def _shipped_model() -> _Model:
    return _read_model(resources.files("assistant.data").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))


def _read_model(text: str) -> _Model:
    raw = json.loads(text)
    return _Model(raw["weights"], raw["threshold"])


@contextmanager
def weights_from(path: Path) -> Iterator[None]:
    """Score phrases with the weights file at ``path`` instead of the shipped one, inside the block."""
    token = _OTHER_WEIGHTS.set(_read_model(Path(path).read_text(encoding="utf-8")))
    try:
        yield
    finally:
        _OTHER_WEIGHTS.reset(token)
