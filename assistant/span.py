"""The answer phrase of a factoid question inside the quoted sentences ("81 persen", "Mochammad Afifuddin").

How it works. The question words give the expected answer type (number, year, date, person, place,
abbreviation expansion, or any other named thing: ``question_type``) and, where there is one, the
noun asked about ("berapa *siswa*", "*badan* apakah", "apa nama *kota*"). Every token span of up to
``MAX_TOKENS`` tokens that neither starts nor ends on punctuation or a function word is a candidate.
A candidate has sparse binary features, each also conjoined with the answer type: its length and
token shapes (capitalised, acronym, digit, lower case); its first and last words and the words just
before and after it; whether it is a date, holds a month, day or year, or is a number and what
follows the number; whether it cuts through a capitalised name or a bracket; how many question
words it repeats (answers rarely do); how near the question words the sentence shares lie on each
side and how many of them, names and numbers counted apart; whether the asked-about noun starts,
ends, precedes (directly, or with a name between: "Ketua KPU <name>") or follows it; and how well
its sentence covers the question. Question and sentence words are compared by a crude Indonesian root (particles and common affixes cut). A linear model
scores the candidates; the best one is the answer if it scores at least the threshold, else None.
A count keeps the noun asked about ("berapa siswa" -> "300 siswa"). Nothing depends on the question
language except the answer-type and head-noun patterns, which know English question words too.

The weights (``assistant/data/span_weights.json``, 14k features) come from ``train_weights``: a
conditional logit (softmax over each question's candidates, the gold span the right one, L2 = 3)
fitted on IndoNLU FacQA train; the features, L2 and the threshold were chosen on FacQA valid and
4-fold cross-validation on train (test was never looked at). Given the gold passage, FacQA valid
reaches EM 0.57 / token F1 0.72 (the earlier rule-based extractor: EM 0.14 / F1 0.26); our English
translations of valid questions reach EM 0.40 / F1 0.53 (before: 0.13 / 0.24). About 5 ms per
question on one CPU core, pure Python at run time. What mattered (train CV F1 0.70 with everything):
conjoining the features with the answer type (without: 0.55), question-word proximity (0.62), head
noun (0.67), neighbouring/first/last words (0.67), token shapes (0.69). Rebuild the weights with
``python -c 'from assistant.span import train_weights as t; print(t("TRAIN.jsonl", "OUT.json"))'``
(about a minute) with OUT.json = assistant/data/span_weights.json.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from pathlib import Path

from .text import STOPWORDS, normalize, split_sentences

MAX_TOKENS = 10
WEIGHTS_FILE = "span_weights.json"
THRESHOLD = 4.0  # least score of an answer, chosen on FacQA valid; train_weights writes it into the weights file

_MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|nopember|desember|"
    "january|february|march|may|june|july|august|october|december|"
    "jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|des|dec"
)
_DAYS = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTH_SET = frozenset(_MONTHS.split("|"))
_DAY_SET = frozenset(_DAYS.split("|"))
_TOKEN = re.compile(r"\w+(?:[.,/'’]\w+)*|[^\w\s]")
_YEAR = re.compile(r"(1[5-9]|20)\d\d")
_STOPS = frozenset('.;:!?"“”')  # a span never runs across these
_PARTICLE = re.compile(r"^(\w{3,}?)(nya|kah)$")
_SUFFIX = re.compile(r"(?<=\w{4})(?:kan|an|i)$")
_PREFIX = re.compile(r"^(?:meng|meny|mem|men|me|peng|peny|pem|pen|pe|ber|be|ter|di|ke|se)(?=\w{4})")
_DAY_MONTH = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_DATE = re.compile(rf"(({_DAYS}) ,? )?(\d{{1,2}} )?({_MONTHS})( \d{{4}})?|\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?|"
                   rf"({_DAYS}) \( \d{{1,2}}/\d{{1,2}}(/\d{{2,4}})? \)")
_WHAT = re.compile(r"(apa|mana)(kah)?")

# Answer types, first match wins; a question matching none (why/how, yes/no) gets no span.
_KIND_PATTERNS = (
    ("year", r"\b(tahun (berapa|kapan|apa)\w*|(which|what) year|sejak tahun berapa)\b"),
    ("date", r"\b(kapan\w*|(tanggal|hari|bulan) (berapa|apa)\w*|when|(what|which) (date|day|month|time))\b"),
    ("number", (r"\b((ke ?)?berapa\w*|how (many|much|high|large|long|far|close|old|big|deep|wide|tall|heavy|"
                r"fast|often)|what (percentage|percent|number|share|rate|turnout|amount|proportion|size|total|"
                r"price|value|level))\b")),
    ("person", r"\b(siapa\w*|who|whom|whose)\b"),
    ("place", (r"\b(di ?mana\w*|ke ?mana\w*|dari ?mana\w*|where|(di|ke|dari) (kota|negara|provinsi|kabupaten|"
               r"daerah|wilayah|pulau|kecamatan|desa|benua|tempat|lokasi) (apa|mana)\w*|(which|what) (city|country|"
               r"province|regency|region|place|island|district|village|area|location|continent))\b")),
    ("abbr", r"\b(kepanjangan\w*|singkatan\w*|akronim\w*|stands? for|abbreviation|acronym|full name)\b"),
    ("what", r"\b(apa\w*|mana\w*|what|which|name|names)\b"),
)
_KINDS = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS)
# Yes/no questions: "Apakah KPU sudah ...", "Is the ...". They only count when no other question word follows.
_YES_NO = re.compile(
    r"^\s*(apakah((?! yang\b) \S+){0,3} (sudah|akan|bisa|dapat|ada|benar|masih|boleh|perlu|harus|pernah|telah|"
    r"tidak|belum|sedang|mau|ingin)\b|"
    r"(is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b)", re.IGNORECASE)
_WH = re.compile(r"\b(siapa|berapa|kapan|mana|di ?mana|who|what|when|where|which|how many|how much)\w*", re.IGNORECASE)
_QUESTION_WORDS = frozenset(
    "apa apakah siapa siapakah berapa berapakah keberapa keberapakah kapan kapankah mana manakah dimana dimanakah "
    "kemana darimana nama yang tersebut pada tahun tanggal di ke dari what which who whom whose when where how "
    "many much name is was are were the of does did".split()
)
_SKIP_HEAD = frozenset(
    "jumlah banyak besar lama nama kira rata sekitar total the a an of is was are were did does many much kind "
    "type".split()
)


@dataclass(frozen=True)
class QuestionInfo:
    kind: str  # year, date, number, person, place, abbr or what
    words: frozenset[str]  # roots of the content words, head nouns excluded
    names: frozenset[str]  # roots of the capitalised words and numbers among them (rare, telling words)
    heads: tuple[str, ...]  # roots of the noun asked about: "siswa" in "berapa siswa", "badan" in "badan apakah"


@dataclass
class _Model:
    weights: dict[str, float]
    threshold: float  # the best candidate must score at least this, or there is no answer


def question_type(question: str) -> str | None:
    """'year', 'date', 'number', 'person', 'place', 'abbr', 'what' or None for questions without a short answer."""
    if _YES_NO.search(question) and not _WH.search(question.strip().partition(" ")[2]):
        return None
    for name, pattern in _KINDS:
        if pattern.search(question):
            return name
    return None


def analyse_question(question: str) -> QuestionInfo | None:
    """The answer type, content words, names and head nouns of a question; None without a short answer type."""
    kind = question_type(question)
    if kind is None:
        return None
    text = normalize(question)
    heads = _head_nouns(text.lower())
    content = [w for w in _words(text) if w.lower() not in _QUESTION_WORDS and w.lower() not in STOPWORDS]
    words = frozenset(_root(w.lower()) for w in content) - set(heads)
    # Capitalised words (not the question's first word) and numbers: names, the most telling words to find.
    telling = [w for w in content if (w[0].isupper() and not text.startswith(w)) or w[0].isdigit()]
    names = frozenset(_root(w.lower()) for w in telling) & words
    return QuestionInfo(kind, words, names, heads)


def extract_span(question: str, sentences: list[str]) -> str | None:
    """The best answer phrase in ``sentences``, or None when there is no short answer to give."""
    located = locate_span(question, [sentences])
    return located.text if located else None


@dataclass(frozen=True)
class Located:
    """An answer phrase and where it stands."""

    text: str
    passage: int  # index of the passage it was found in
    sentence: str  # the sentence holding it


def locate_span(question: str, passages: list[list[str]], bonus: list[float] | None = None) -> Located | None:
    """The best answer phrase across passages (each a list of sentences), or None.

    ``bonus[i]`` is added to the score of every phrase of passage ``i`` when choosing between
    passages (the retriever's confidence in that passage); a phrase must still reach the model's
    threshold on its own score.
    """
    info = analyse_question(question)
    if info is None:
        return None
    threshold = _model().threshold
    best: tuple[float, Located] | None = None
    for index, sentences in enumerate(passages):
        split = [part for sentence in sentences for part in split_sentences(sentence)]  # as candidates() splits
        extra = bonus[index] if bonus else 0.0
        for candidate, score in _scored(info, sentences):
            if score >= threshold and (best is None or score + extra > best[0]):
                best = (score + extra, Located(candidate.text, index, split[candidate.sentence]))
    if best is None:
        return None
    located = best[1]
    return replace(located, text=_with_head_noun(located.text, info, [located.sentence]))


def candidate_scores(question: str, sentences: list[str]) -> list[float] | None:
    """The model's score of every candidate phrase in ``sentences``; None for a question without a short answer type."""
    info = analyse_question(question)
    if info is None:
        return None
    return [score for _, score in _scored(info, sentences)]


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
    if info.kind != "number" or not info.heads or not answer[-1].isdigit():
        return answer
    for sentence in sentences:
        following = re.search(r"(?<![\w.,])" + re.escape(answer) + r" (\w+)", normalize(sentence))
        if following and _root(following.group(1).lower()) in info.heads:
            return following.group(0)
    return answer


# --- candidates and features --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A token span of a sentence and its features, split so the start and end parts can be shared."""

    text: str
    sentence: int  # index of its sentence among those searched
    left: tuple[str, ...]  # where it starts: first word, the words before it, question words to its left
    right: tuple[str, ...]  # where it ends: last word, the words after it, question words to its right
    own: tuple[str, ...]  # the span as a whole: length, shapes, repeated question words, date/number

    @property
    def features(self) -> tuple[str, ...]:
        return self.left + self.right + self.own


def candidates(info: QuestionInfo, sentences: list[str]) -> Iterator[Candidate]:
    """Every plausible token span of up to ``MAX_TOKENS`` tokens in ``sentences``, with its features."""
    sentences = [part for sentence in sentences for part in split_sentences(sentence)]
    tokenised = [[(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(s)] for s in sentences]
    views = [_Tokens(info, [t for t, _, _ in toks]) for toks in tokenised]
    coverage = [view.coverage() for view in views]
    ranks = [sum(other > c for other in coverage) for c in coverage]
    for index, (sentence, toks, view) in enumerate(zip(sentences, tokenised, views)):
        context = [f"sent={min(index, 2)}", f"sent_cov={_bucket(coverage[index], (0.2, 0.4, 0.6, 0.8))}",
                   f"sent_rank={min(ranks[index], 2)}"]
        lefts = [_conjoin(info.kind, view.left_features(i) + context) for i in range(view.n)]
        rights = [_conjoin(info.kind, view.right_features(i)) for i in range(view.n)]
        for start, end in view.spans():
            yield Candidate(sentence[toks[start][1]:toks[end - 1][2]], index, lefts[start], rights[end - 1],
                            _conjoin(info.kind, view.span_features(start, end)))


def _conjoin(kind: str, features: list[str]) -> tuple[str, ...]:
    return tuple(features) + tuple(f"{kind}|{f}" for f in features)


class _Tokens:
    """One sentence's tokens seen from a question: shapes, question-word matches, and span features."""

    def __init__(self, info: QuestionInfo, tokens: list[str]) -> None:
        self.info = info
        self.tokens = tokens
        self.n = len(tokens)
        self.lower = [t.lower() for t in tokens]
        self.roots = [_root(t) for t in self.lower]
        self.shapes = "".join(_shape(t) for t in tokens)
        self.in_q = [r in info.words for r in self.roots]
        self.matched = [i for i, hit in enumerate(self.in_q) if hit]
        # Running counts, so a span's count is a difference: count[end] - count[start].
        self.repeated = _running(self.in_q)
        self.opens = _running(t == "(" for t in tokens)
        self.closes = _running(t == ")" for t in tokens)
        self.commas = _running(t == "," for t in tokens)
        self.ands = _running(t in ("dan", "and", "/") for t in self.lower)
        self.months = _running(t in _MONTH_SET for t in self.lower)
        self.days = _running(t in _DAY_SET for t in self.lower)
        self.years = _running(_YEAR.fullmatch(t) is not None for t in tokens)
        self.slashes = _running(_DAY_MONTH.fullmatch(t) is not None for t in tokens)

    def coverage(self) -> float:
        """Share of the question's content words found in the sentence."""
        return len(self.info.words.intersection(self.roots)) / max(len(self.info.words), 1)

    def spans(self) -> Iterator[tuple[int, int]]:
        """(start, end) of spans that neither start nor end on punctuation or a function word, nor run
        across a sentence-internal stop, and that are not made of question words only."""
        tokens, lower, shapes = self.tokens, self.lower, self.shapes
        for start in range(self.n):
            if shapes[start] == "p" and tokens[start] != "(" or lower[start] in STOPWORDS and lower[start] != "sekitar":
                continue
            for end in range(start + 1, min(self.n, start + MAX_TOKENS) + 1):
                last = end - 1
                if tokens[last] in _STOPS:
                    break
                if shapes[last] == "p" and tokens[last] != ")" or lower[last] in STOPWORDS:
                    continue
                if self.repeated[end] - self.repeated[start] == end - start:
                    continue
                yield start, end

    def left_features(self, start: int) -> list[str]:
        lower, shapes, info = self.lower, self.shapes, self.info
        prev = lower[start - 1] if start > 0 else "<s>"
        prev_shape = shapes[start - 1] if start > 0 else "<s>"
        features = [
            f"first={lower[start]}",
            f"first_shape={shapes[start]}",
            f"prev={prev}",
            f"prev+shape={prev}|{shapes[start]}",
            f"prev2={lower[start - 2] if start > 1 else '<s>'}",
            f"prev_shape={prev_shape}",
            f"prev_in_q={start > 0 and self.in_q[start - 1]}",
            f"cuts_name_left={prev_shape == 'C' and shapes[start] == 'C'}",
            f"at_start={start == 0}",
            f"head_first={self.roots[start] in info.heads}",
            f"head_prev={start > 0 and self.roots[start - 1] in info.heads}",
            f"head_near={self._head_near(start)}",
        ]
        return features + self._nearby([i for i in self.matched if i < start], start - 1, "left")

    def _head_near(self, start: int) -> bool:
        """The noun asked about stands two tokens before, a name or acronym between: "Ketua KPU <Mochammad Afifuddin>"."""
        return start > 1 and self.roots[start - 2] in self.info.heads and self.shapes[start - 1] in "AC"

    def right_features(self, last: int) -> list[str]:
        lower, shapes, info, end = self.lower, self.shapes, self.info, last + 1
        nxt = lower[end] if end < self.n else "</s>"
        next_shape = shapes[end] if end < self.n else "</s>"
        features = [
            f"last={lower[last]}",
            f"last_shape={shapes[last]}",
            f"next={nxt}",
            f"shape+next={shapes[last]}|{nxt}",
            f"next_shape={next_shape}",
            f"next_in_q={end < self.n and self.in_q[end]}",
            f"cuts_name_right={next_shape == 'C' and shapes[last] in 'CA'}",
            f"before_bracket={nxt == '('}",
            f"head_last={self.roots[last] in info.heads}",
            f"head_next={end < self.n and self.roots[end] in info.heads}",
        ]
        return features + self._nearby([i for i in self.matched if i > last], last + 1, "right")

    def _nearby(self, matched: list[int], edge: int, side: str) -> list[str]:
        """How close, and how many, question words lie on one side of a span (``edge`` is the first token outside)."""
        nearest = min(matched, key=lambda i: abs(i - edge), default=None)
        distance = 99 if nearest is None else abs(nearest - edge)
        # Commas between the span and that word: a question word in another clause says less.
        between = 0 if nearest is None else abs(self.commas[nearest + 1] - self.commas[edge + (side == "left")])
        features = [f"q_{side}={_bucket(distance, (1, 2, 4, 7, 11, 99))}", f"comma_{side}={min(between, 2)}"]
        words = max(len(self.info.words), 1)
        for width in (4, 10):
            near = {self.roots[i] for i in matched if abs(i - edge) < width}
            features.append(f"near{width}_{side}={_bucket(len(near) / words, (0.01, 0.2, 0.4, 0.6))}")
        names = {self.roots[i] for i in matched if abs(i - edge) < 10} & self.info.names
        features.append(f"names_{side}={min(len(names), 2)}")
        return features

    def span_features(self, start: int, end: int) -> list[str]:
        length = end - start
        first, last = self.shapes[start], self.lower[end - 1]
        opens, closes = self.opens[end] - self.opens[start], self.closes[end] - self.closes[start]
        months, days = self.months[end] - self.months[start], self.days[end] - self.days[start]
        date = (months or self.slashes[end] > self.slashes[start]) and length <= 6 and _is_date(self.lower[start:end])
        return [
            f"len={min(length, 8)}",
            f"shape={_runs(self.shapes[start:end])}",
            f"repeated={min(self.repeated[end] - self.repeated[start], 2)}",
            f"brackets={'ok' if opens == closes else 'broken'}{'+' if opens else ''}",
            f"in_brackets={start > 0 and end < self.n and self.tokens[start - 1] == '(' and self.tokens[end] == ')'}",
            f"comma={self.commas[end] > self.commas[start]}",
            f"and={self.ands[end] > self.ands[start]}",
            f"date={date}",
            f"month={months > 0}",
            f"day_name={days > 0}",
            f"year={self.years[end] > self.years[start]}",
            f"digit_then={last if first == 'd' and length > 1 else first}",
        ]


def _running(flags: Iterable[bool]) -> list[int]:
    return [0, *accumulate(map(int, flags))]


def _head_nouns(question: str) -> tuple[str, ...]:
    """The noun (or two candidate nouns) the question asks about, as roots."""
    words = _words(question)
    for i, word in enumerate(words):
        following = [w for w in words[i + 1:i + 4] if w not in _SKIP_HEAD and w not in _QUESTION_WORDS]
        if word.startswith("siapa"):  # "siapa (nama) ketua ..." but not "siapa yang ..."
            after = words[i + 2:i + 3] if words[i + 1:i + 2] == ["nama"] else words[i + 1:i + 2]
            return (_root(after[0]),) if after and after[0] in following else ()
        asks_for_noun = word.startswith("berapa") or word in ("nama", "name", "which", "what") or \
            (word in ("many", "much") and i > 0 and words[i - 1] == "how")
        if asks_for_noun and following:  # "berapa siswa", "apa nama kota", "how many students"
            return (_root(following[0]),)
        if _WHAT.fullmatch(word) and i:  # "badan apakah", "organisasi jepang apakah"
            before = [w for w in words[max(i - 2, 0):i] if w not in _QUESTION_WORDS and w not in _SKIP_HEAD]
            if before:
                return tuple(_root(w) for w in reversed(before))
    return ()


@lru_cache(maxsize=4096)
def _runs(shapes: str) -> str:
    """Token shapes with repeats folded: "CCCpAp" -> "C+pAp"."""
    return re.sub(r"(.)\1+", r"\1+", shapes)[:6]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:[.,/'’]\w+)*", text)


@lru_cache(maxsize=65536)
def _root(word: str) -> str:
    """A crude Indonesian root for matching question and sentence words: particles, common affixes cut."""
    word = _PARTICLE.sub(r"\1", word.lower())
    word = _SUFFIX.sub("", word)
    return _PREFIX.sub("", word)


def _shape(token: str) -> str:
    """d digit, A all capitals (acronym), C capitalised, l lower case, p punctuation."""
    if token[0].isdigit():
        return "d"
    if not token[0].isalnum():
        return "p"
    if token[0].isupper():
        return "A" if len(token) > 1 and token.isupper() else "C"
    return "l"


def _is_date(words: list[str]) -> bool:
    return _DATE.fullmatch(" ".join(words)) is not None


def _bucket(value: float, edges: Iterable[float]) -> str:
    for edge in edges:
        if value < edge:
            return f"<{edge}"
    return "max"


@lru_cache(maxsize=1)
def _model() -> _Model:
    raw = json.loads(resources.files("assistant.data").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    return _Model(raw["weights"], raw["threshold"])


# --- training (numpy and scipy, which scikit-learn brings, are needed here only) ----------------------------


def _examples(path: Path) -> list[tuple[str, list[str], str]]:
    with Path(path).open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [(r["question"], split_sentences(r["passage"]), r["answer"]) for r in rows]


def _same_span(a: str, b: str) -> bool:
    return normalize(a).lower().strip(" .,") == normalize(b).lower().strip(" .,")


def train_weights(train_path: Path | str, out_path: Path | str, l2: float = 3.0, min_count: int = 10,
                  min_weight: float = 0.05, threshold: float = THRESHOLD) -> dict[str, int]:
    """Fit the candidate ranker on FacQA-style jsonl (question, passage, answer) and write the weights json.

    A conditional logit (multinomial logistic regression over each question's candidates, the gold span
    being the right class; L2 penalty ``l2``) fitted with L-BFGS. Questions whose gold answer is not a
    candidate are skipped; features seen in fewer than ``min_count`` candidates and weights smaller
    than ``min_weight`` are dropped to keep the file small.
    """
    from collections import Counter

    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    rows: list[tuple[str, ...]] = []
    gold: list[bool] = []
    starts = [0]
    for question, sentences, answer in _examples(Path(train_path)):
        info = analyse_question(question)
        found = list(candidates(info, sentences)) if info else []
        labels = [_same_span(c.text, answer) for c in found]
        if any(labels):
            rows.extend(c.features for c in found)
            gold.extend(labels)
            starts.append(len(rows))
    counts = Counter(f for features in rows for f in set(features))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, k in counts.items() if k >= min_count))}
    columns = [sorted({vocabulary[f] for f in features if f in vocabulary}) for features in rows]
    matrix = csr_matrix((np.ones(sum(map(len, columns))), np.fromiter((i for c in columns for i in c), np.int64),
                         np.cumsum([0] + [len(c) for c in columns])), shape=(len(rows), len(vocabulary)))
    bounds = np.array(starts[:-1])
    group = np.repeat(np.arange(len(bounds)), np.diff(starts))
    is_gold = np.array(gold)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = matrix @ w
        exp = np.exp(scores - np.maximum.reduceat(scores, bounds)[group])
        total, right = np.add.reduceat(exp, bounds), np.add.reduceat(np.where(is_gold, exp, 0.0), bounds)
        gradient = matrix.T @ (exp / total[group] - np.where(is_gold, exp, 0.0) / right[group]) + l2 * w
        return float(np.sum(np.log(total) - np.log(right)) + 0.5 * l2 * w @ w), gradient

    w = minimize(loss, np.zeros(len(vocabulary)), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    weights = {f: round(float(w[i]), 3) for f, i in vocabulary.items() if abs(w[i]) >= min_weight}
    payload = {"threshold": threshold, "weights": weights}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0)
    Path(out_path).write_text(text + "\n", encoding="utf-8")
    _model.cache_clear()
    return {"questions": len(bounds), "candidates": len(rows), "features": len(weights)}

