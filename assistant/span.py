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
ends, precedes (directly, or with a name between: "Ketua KPU <name>") or follows it; and how well
its sentence covers the question. Question and sentence words are compared by a crude Indonesian
root (particles and common affixes cut). A linear model
scores the candidates; small bonuses for the counted noun (or a noun of its kind) after a number, a
place word in a place, the right one of an opening/closing time, a date after "hingga" for an end
and per role word a person shares with the question ("Divisi *Perencanaan*, <name>")
(``typed_candidates``) are added, and what cannot answer is dropped (a count of another kind of thing
or not starting with its number, a place without the institution asked for, anything but a web
address for "which website", a person introduced as another body's officer); the best allowed one
is the answer if it scores at least the threshold, else None. A count keeps the noun asked about
("berapa siswa" -> "300 siswa"), an amount its unit ("Rp17,5 miliar", "81 persen"). Nothing depends on the question
language except the answer-type and head-noun patterns, which know English question words too.

The weights (``assistant/data/span_weights.json``, 14k features) come from ``training.train_weights``: a
conditional logit (softmax over each question's candidates, the gold span the right one, L2 = 3)
fitted on IndoNLU FacQA train; the features, L2 and the threshold were chosen on FacQA valid and
4-fold cross-validation on train (test was never looked at); the threshold is 0 since the typed
filter was added (chosen on the realistic set's dev split, where 4 rejected right phrases). Given the gold passage, FacQA valid
reaches EM 0.57 / token F1 0.72 (the earlier rule-based extractor: EM 0.14 / F1 0.26); our English
translations of valid questions reach EM 0.40 / F1 0.53 (before: 0.13 / 0.24). About 5 ms per
question on one CPU core, pure Python at run time. What mattered (train CV F1 0.70 with everything):
conjoining the features with the answer type (without: 0.55), question-word proximity (0.62), head
noun (0.67), neighbouring/first/last words (0.67), token shapes (0.69). Rebuild the weights with
``python -c 'from assistant.training import train_weights as t; print(t("TRAIN.jsonl", "OUT.json"))'``
(about a minute) with OUT.json = assistant/data/span_weights.json.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .entities import (
    NUMBER_WORDS,
    ORGANISATIONS,
    allowed,
    asked_institution,
    asks_for_list,
    asks_web_address,
    complete_amount,
    complete_noun,
    counts_kind_asked,
    counts_other_kind,
    has_place_word,
    is_web_address,
    list_end,
    names_institution,
    number_and_noun,
    other_organisation,
    phrases,
    role_before,
    titles_a_name,
)
from .question import Question, QuestionInfo, analyse
from .span_features import Candidate, candidates
from .text import dateline, normalize, root, words

WEIGHTS_FILE = "span_weights.json"
THRESHOLD = 0.0  # least score of an allowed answer phrase (realistic dev split); train_weights writes it into the weights file


@dataclass
class _Model:
    weights: dict[str, float]
    threshold: float  # the best candidate must score at least this, or there is no answer


def extract_span(question: Question | str, sentences: list[str]) -> str | None:
    """The best answer phrase in ``sentences``, or None when there is no short answer to give."""
    located = locate_span(question, [sentences])
    return located.text if located else None


@dataclass(frozen=True)
class Located:
    """An answer phrase and where it stands."""

    text: str
    passage: int  # index of the passage it was found in
    sentence: str  # the sentence holding it
    score: float  # the phrase model's score (without any passage bonus)


def locate_span(question: Question | str, passages: list[list[str]], bonus: list[float] | None = None) -> Located | None:
    """The best answer phrase across passages (each a list of sentences), or None.

    Only phrases of the question's answer type count (``entities.allowed``). ``bonus[i]`` is added to
    the score of every phrase of passage ``i`` when choosing between passages (the retriever's
    confidence in that passage); a phrase must still reach the model's threshold on its own score.
    """
    question = analyse(question) if isinstance(question, str) else question
    if question.info is None:
        return None
    threshold = _model().threshold
    best: tuple[float, Located, Candidate] | None = None
    for index, sentences in enumerate(passages):
        extra = bonus[index] if bonus else 0.0
        for candidate, score in typed_candidates(question, sentences):
            if score >= threshold and (best is None or score + extra > best[0]):
                best = (score + extra, Located(candidate.text, index, candidate.sentence_text, score), candidate)
    if best is None:
        return None
    _, located, candidate = best
    if question.answer_type in ("place", "person", "what") and asks_for_list(question.text):
        end = list_end(located.sentence, candidate.start, candidate.end)
        return replace(located, text=located.sentence[candidate.start:end])
    text = complete_amount(located.text, located.sentence, candidate.start, candidate.end)
    return replace(located, text=complete_noun(_with_head_noun(text, question.info, [located.sentence]), located.sentence))


# Added to the phrase model's score of a typed candidate (chosen on the realistic set's dev split,
# answer phrase right 0.494 -> 0.537): the counted noun right after a number ("781 *TPS*" for "how
# many polling stations", also through the glossary for English) and a place word in a place
# ("*Aula* Kantor Bupati"). The model learned FacQA, whose questions copy the sentence. (A bonus for
# a question word just before the phrase made dev worse: 0.512 -> 0.494.)
HEAD_BONUS = 3.0
# And per role word the question shares with the role a name is introduced with (at most ROLE_MATCHES):
# "Anggota KPU Kota Palu Divisi *Perencanaan, Data dan Informasi*, <name>" for "the commissioner for
# planning, data and information". Realistic dev phrase right 0.747 -> 0.765 (2.0: the same; FacQA valid F1
# 0.626 -> 0.623 at 1.0, 0.613 at 2.0).
ROLE_BONUS = 1.0
ROLE_MATCHES = 3
_OPEN_QUOTES = frozenset('"“\'‘')  # a capitalised word right after one names a thing: RPP "Tampomas"
PLACE_BONUS = 2.0
# "Jam berapa ... ditutup?" asks for the later of "dibuka pukul 09.00 ... ditutup pukul 17.45";
# "... dimulai?" for the earlier: the time in that position within its sentence gets this bonus.
TIME_ORDER_BONUS = 3.0
UNTIL_BONUS = 5.0  # and a date or time right after "hingga", "paling lambat", "until" when an end is asked for
_QUANTITIES = frozenset({"count", "number", "money", "percent"})
# Regional releases name the national voting day in passing ("... pada Pemilihan Serentak 27 November
# 2024", "memilih di TPS pada 27 November 2024"): that date answers "when" only when the vote is asked about.
ELECTION_DAY_PENALTY = 3.0
DURATION_PENALTY = 3.0
_DURATION_WORDS = frozenset("detik menit jam hari pekan minggu bulan tahun seconds minutes hours days weeks months years".split())
_ELECTION_DAY_BEFORE = re.compile(
    r"(pemungutan suara|pencoblosan|(pemilihan|pilkada|pemilu) serentak( tahun \d{4})?|di tps)"
    r"\s*(pada|tanggal|,)?\s*(hari\s+)?(\d{1,2}\s+)?$",
    re.IGNORECASE,
)
_ASKS_VOTING_DAY = re.compile(
    r"\b(pemungutan|pencoblosan|coblos\w*|mencoblos|hari h|vot\w*|polls?|polling day|election day|ballots? (are|were) cast)\b",
    re.IGNORECASE,
)
_NUMBER_FIRST = re.compile(rf"\d[\d.,]*|(?:{NUMBER_WORDS})\b", re.IGNORECASE)
_UNTIL = re.compile(
    r"\b(hingga|sampai( dengan)?|s\.?d\.?|paling lambat|batas akhir|berakhir|rampung|selesai|usai|ditutup|until|by)"
    r"(\s+(pada|tanggal|pukul|jam|hari))*\s*$", re.IGNORECASE)
_CLOSING = re.compile(r"\b(selesai|ditutup|tutup|berakhir|rampung|usai|tuntas|batas|"
                      r"end\w*|clos\w*|finish\w*|over|wrap\w*|deadline|until|due)\b", re.IGNORECASE)
_OPENING = re.compile(r"\b(mulai|dimulai|dibuka|buka|start\w*|begin\w*|began|open\w*)\b", re.IGNORECASE)


def typed_candidates(question: Question, sentences: list[str]) -> Iterator[tuple[Candidate, float]]:
    """The candidate phrases of the question's answer type in ``sentences``, with their scores."""
    info = question.info
    if info is None:
        return
    # Which of several times is asked for depends on the question only: look once.
    wanted_time = _wanted_time(question.text) if question.answer_type in ("time", "date") else None
    voting_day_asked = question.answer_type != "date" or _ASKS_VOTING_DAY.search(question.text) is not None
    institution = asked_institution(question.text) if question.answer_type in ("place", "what") else None
    web = question.answer_type in ("place", "what") and asks_web_address(question.text)
    # The bodies the question itself names: glossary terms would add ones it does not ("kode etik" -> DKPP).
    asked_bodies = frozenset(root(w.lower()) for w in words(question.text))
    # The role words that set one person apart ("Divisi *Perencanaan*", "*jurnalis*"), not the place or body all share.
    role_words = (info.words | frozenset(info.heads)) - info.names - ORGANISATIONS
    for candidate, score in _scored(info, sentences):
        text, start, end = candidate.sentence_text, candidate.start, candidate.end
        if not allowed(question.answer_type, text, start, end):
            continue
        if question.answer_type == "count" and (not _NUMBER_FIRST.match(text, start) or counts_other_kind(text, start, info.heads)):
            continue  # "tercatat empat": a count starts with its number; "5.467 orang" is no count of TPS
        inside_after = [root(w.lower()) for w in words(text[start:end])[-1:] + words(text[end:end + 40])[:1]]
        if question.answer_type in _QUANTITIES and info.heads and (
                any(h in info.heads for h in inside_after) or _spelled_head(text, start, info.heads) > 0
                or question.answer_type == "count" and _counted_noun_asked(text, start, info.heads)):
            score += HEAD_BONUS
        if question.answer_type == "count" and _counts_duration(text, start, info.heads):
            score -= DURATION_PENALTY  # "selama 30 hari" answers "berapa hari", not "berapa petugas"
        if web and (not is_web_address(text[start:end]) or start < _dateline_end(text)):
            continue  # "lewat situs apa": a web address, not the release's own in its dateline
        if institution and not names_institution(text[start:end], institution):
            continue  # "di rumah sakit mana": a hospital, or the release does not say
        if question.answer_type == "person":
            role = role_before(text, start)
            inside = frozenset(root(w.lower()) for w in words(text[start:end]))
            if (text[start - 1:start] in _OPEN_QUOTES or other_organisation(asked_bodies, role | inside)
                    or titles_a_name(text, start, end)):
                continue  # RPP "Tampomas" names a thing; "Ketua Bawaslu Agam, <name>" does not chair KPU Agam;
                # "Bupati Agam" of "Bupati Agam, <name>" is the role, the name follows
            score += ROLE_BONUS * min(len(role & role_words), ROLE_MATCHES)
        if question.answer_type == "place" and has_place_word(text[start:end]):
            score += PLACE_BONUS
        if wanted_time == "last" and _UNTIL.search(text[max(0, start - 40):start]):
            score += UNTIL_BONUS  # "... rampung?" asks for "hingga 13 Agustus", not the day it began
        elif wanted_time and question.answer_type == "time":
            score += TIME_ORDER_BONUS * _time_position_matches(wanted_time, text, start)
        if not voting_day_asked and _ELECTION_DAY_BEFORE.search(text[max(0, start - 60):start]):
            score -= ELECTION_DAY_PENALTY
        yield candidate, score


def _dateline_end(sentence: str) -> int:
    match = dateline(sentence)
    return match.end() if match else 0


def _counts_duration(sentence: str, start: int, heads: tuple[str, ...]) -> bool:
    """Whether the phrase at ``start`` is a duration ("30 hari ...") and the question does not ask for one."""
    pair = number_and_noun(sentence, start)
    unit = pair[1].lower() if pair and pair[0][0].isdigit() else ""
    return unit in _DURATION_WORDS and root(unit) not in heads and unit not in heads


def _counted_noun_asked(sentence: str, start: int, heads: tuple[str, ...]) -> bool:
    """Whether the number at ``start`` counts the kind of thing asked about ("2.987 Pantarlih" for "how many staff")."""
    pair = number_and_noun(sentence, start)
    return pair is not None and counts_kind_asked(root(pair[1]), heads)


def _spelled_head(sentence: str, start: int, heads: tuple[str, ...]) -> int:
    """How many capitalised words after the number at ``start`` spell an asked-about acronym (0: none):
    "602 Petugas Pemutakhiran Data Pemilih" counts the "PPDP" of "Berapa PPDP ...?"."""
    initials = ""
    for word in words(sentence[start:start + 120])[1:7]:
        if not word[0].isupper():
            break
        initials += word[0].lower()
        if len(initials) > 1 and initials in heads:
            return len(initials)
    return 0


def _wanted_time(question: str) -> str | None:
    """"last" for a question about an end ("ditutup", "end"), "first" for a start, else None."""
    if _CLOSING.search(question):
        return "last"
    return "first" if _OPENING.search(question) else None


def _time_position_matches(wanted: str, sentence: str, start: int) -> bool:
    """Whether the time at ``start`` is the sentence's ``wanted`` ("first" or "last") one of two or more."""
    times = [s for s, _ in phrases(sentence).ranges["time"]]
    if len(times) < 2:
        return False
    at = max((i for i, s in enumerate(times) if s <= start), default=None)
    return at == (len(times) - 1 if wanted == "last" else 0)


def _scored(info: QuestionInfo, sentences: list[str]) -> Iterator[tuple[Candidate, float]]:
    """Every candidate phrase with its score."""
    weights = _model().weights
    # The left/right feature tuples are shared by many candidates: score each once. The tuple is kept
    # in the cache with its score so its id cannot be reused by another tuple meanwhile.
    shared: dict[int, tuple[tuple[str, ...], float]] = {}

    def part(features: tuple[str, ...]) -> float:
        key = id(features)
        if key not in shared:
            shared[key] = (features, sum(weights.get(f, 0.0) for f in features))
        return shared[key][1]

    for candidate in candidates(info, sentences):
        yield candidate, part(candidate.left) + part(candidate.right) + sum(weights.get(f, 0.0) for f in candidate.own)


def _with_head_noun(answer: str, info: QuestionInfo, sentences: list[str]) -> str:
    """"300" -> "300 siswa" when the question asks "berapa siswa": a count keeps the noun it counts."""
    if info.kind != "number" or not info.heads or not _NUMBER_FIRST.fullmatch(answer.split()[-1]):
        return answer
    for sentence in map(normalize, sentences):
        following = re.search(r"(?<![\w.,])" + re.escape(answer) + r" (\w+)", sentence)
        if not following:
            continue
        noun = root(following.group(1).lower())
        if noun in info.heads:
            return following.group(0)
        spelled = _spelled_head(sentence, following.start(), info.heads)
        if spelled:  # "602" -> "602 Petugas Pemutakhiran Data Pemilih" for "berapa PPDP"
            return " ".join(sentence[following.start():].split(" ")[:spelled + 1])
        if counts_kind_asked(noun, info.heads):  # "2.140 Pantarlih" for "how many staff"
            return following.group(0)
    return answer


@lru_cache(maxsize=1)
def _model() -> _Model:
    raw = json.loads(resources.files("assistant.data").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    return _Model(raw["weights"], raw["threshold"])
