"""Answer phrase candidates and their sparse features: every token span of up to ``MAX_TOKENS``
tokens that neither starts nor ends on punctuation or a function word (see :mod:`assistant.span`,
which scores them, and :mod:`assistant.training`, which fits the weights).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from .question import QuestionInfo
from .text import DAY_WORDS, DAYS, MONTH_WORDS, MONTHS, PHRASE_TOKEN, STOPWORDS, is_abbreviation, root, split_sentences

MAX_TOKENS = 10
# What ``candidates`` asks of a span (its sentence, start, end): None drops it, a number is added to its score.
Weigh = Callable[[str, int, int], "float | None"]
_YEAR = re.compile(r"(1[5-9]|20)\d\d")
_STOPS = frozenset('.;:!?"“”')  # a span never runs across these
_DAY_MONTH = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_DATE = re.compile(rf"(({DAYS}) ,? )?(\d{{1,2}} )?({MONTHS})( \d{{4}})?|\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?|"
                   rf"({DAYS}) \( \d{{1,2}}/\d{{1,2}}(/\d{{2,4}})? \)")


@dataclass(frozen=True)
class Candidate:
    """A token span of a sentence and its features, split so the start and end parts can be shared."""

    text: str
    sentence: int  # index of its sentence among those searched
    left: tuple[str, ...]  # where it starts: first word, the words before it, question words to its left
    right: tuple[str, ...]  # where it ends: last word, the words after it, question words to its right
    own: tuple[str, ...]  # the span as a whole: length, shapes, repeated question words, date/number
    sentence_text: str = ""  # the sentence it stands in
    start: int = 0  # character offsets in that sentence
    end: int = 0
    extra: float = 0.0  # what ``weigh`` added (see ``candidates``)

    @property
    def features(self) -> tuple[str, ...]:
        return self.left + self.right + self.own


def candidates(info: QuestionInfo, sentences: list[str], weigh: Weigh | None = None) -> Iterator[Candidate]:
    """Every plausible token span of up to ``MAX_TOKENS`` tokens in ``sentences``, with its features.

    ``weigh(sentence, start, end)``, when given, is asked first about each span's characters: None drops
    the span before its features are worked out (a typed question rules out nine spans in ten, and the
    features are most of the cost), a number is kept as the candidate's ``extra``.
    """
    sentences = [part for sentence in sentences for part in split_sentences(sentence)]
    tokenised = [[(m.group(0), m.start(), m.end()) for m in PHRASE_TOKEN.finditer(s)] for s in sentences]
    views = [_Tokens(info, [t for t, _, _ in toks]) for toks in tokenised]
    coverage = [view.coverage() for view in views]
    ranks = [sum(other > c for other in coverage) for c in coverage]
    for index, (sentence, toks, view) in enumerate(zip(sentences, tokenised, views)):
        context = [f"sent={min(index, 2)}", f"sent_cov={_bucket(coverage[index], (0.2, 0.4, 0.6, 0.8))}",
                   f"sent_rank={min(ranks[index], 2)}"]
        # By token position, made when a kept span first needs them; spans sharing an edge share the tuple.
        lefts: dict[int, tuple[str, ...]] = {}
        rights: dict[int, tuple[str, ...]] = {}
        for start, end in view.spans():
            first, last = toks[start][1], toks[end - 1][2]
            extra = weigh(sentence, first, last) if weigh else 0.0
            if extra is None:
                continue
            if start not in lefts:
                lefts[start] = _conjoin(info.kind, view.left_features(start) + context)
            if end - 1 not in rights:
                rights[end - 1] = _conjoin(info.kind, view.right_features(end - 1))
            yield Candidate(sentence[first:last], index, lefts[start], rights[end - 1],
                            _conjoin(info.kind, view.span_features(start, end)), sentence, first, last, extra)


def _conjoin(kind: str, features: list[str]) -> tuple[str, ...]:
    return tuple(features) + tuple(f"{kind}|{f}" for f in features)


class _Tokens:
    """One sentence's tokens seen from a question: shapes, question-word matches, and span features."""

    def __init__(self, info: QuestionInfo, tokens: list[str]) -> None:
        self.info = info
        self.tokens = tokens
        self.n = len(tokens)
        self.lower = [t.lower() for t in tokens]
        self.roots = [root(t) for t in self.lower]
        self.shapes = "".join(_shape(t) for t in tokens)
        self.in_q = [r in info.words for r in self.roots]
        self.matched = [i for i, hit in enumerate(self.in_q) if hit]
        # Running counts, so a span's count is a difference: count[end] - count[start].
        self.repeated = _running(self.in_q)
        self.opens = _running(t == "(" for t in tokens)
        self.closes = _running(t == ")" for t in tokens)
        self.commas = _running(t == "," for t in tokens)
        self.ands = _running(t in ("dan", "and", "/") for t in self.lower)
        self.months = _running(t in MONTH_WORDS for t in self.lower)
        self.days = _running(t in DAY_WORDS for t in self.lower)
        self.years = _running(_YEAR.fullmatch(t) is not None for t in tokens)
        self.slashes = _running(_DAY_MONTH.fullmatch(t) is not None for t in tokens)
        # "RSUP Dr. M. Djamil": the full stop of an abbreviation does not end a phrase.
        self.stops = [t in _STOPS and not (t == "." and i > 0 and is_abbreviation(tokens[i - 1]))
                      for i, t in enumerate(tokens)]

    @cached_property  # only a sentence with a span the answer type allows needs it
    def qualified(self) -> dict[int, tuple[str, ...]]:
        """By number token: the question words standing with it, and how that compares with the sentence's
        other numbers. "358 suara sah dan 13 suara tidak sah", "penerimaan Rp1,86 miliar dan pengeluaran
        Rp1,79 miliar": the words between a number and its neighbours tell which one is asked for. A word
        goes with the nearer number (the one before it on a tie: Indonesian qualifies after the noun)."""
        numbers = [i for i, t in enumerate(self.tokens) if any(c.isdigit() for c in t) and not _YEAR.fullmatch(t)]
        sides: dict[int, tuple[set[str], set[str]]] = {i: (set(), set()) for i in numbers}
        heads = set(self.info.heads)  # "pengeluaran Rp1,79 miliar" asked as "berapa pengeluaran"
        for j in (j for j in range(self.n) if self.in_q[j] or self.roots[j] in heads):
            before = max((i for i in numbers if j - 4 <= i < j), default=None)
            after = min((i for i in numbers if j < i <= j + 4), default=None)
            if before is not None and (after is None or j - before <= after - j):
                sides[before][1].add(self.roots[j])
            elif after is not None:
                sides[after][0].add(self.roots[j])
        # Compared with numbers of its own kind (amounts with amounts, "nomor urut 1" not with "Rp1,79 miliar").
        kinds = {i: self._number_kind(i) for i in numbers}
        features = {}
        for i, (left, right) in sides.items():
            ranks = []
            for count in (lambda k: len(sides[k][0] | sides[k][1]), lambda k: len(sides[k][1])):
                others = [count(j) for j in numbers if j != i and kinds[j] == kinds[i]]
                ranks.append("only" if not others else "best" if count(i) > max(others)
                             else "tie" if count(i) == max(others) else "less")
            features[i] = (f"qual_l={min(len(left), 2)}", f"qual_r={min(len(right), 2)}",
                           f"qual_rank={ranks[0]}", f"qual_rank_r={ranks[1]}")
        return features

    def _number_kind(self, i: int) -> str:
        token, following = self.lower[i], self.lower[i + 1] if i + 1 < self.n else ""
        if token.startswith("rp"):
            return "money"
        if following in ("persen", "%"):
            return "percent"
        return "date" if "/" in token else "number"

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
                if self.stops[last]:
                    break
                if shapes[last] == "p" and tokens[last] != ")" or lower[last] in STOPWORDS:
                    continue
                if end < self.n and tokens[end] == "." and not self.stops[end]:
                    continue  # "RSUP Dr" is cut off before its abbreviation's full stop
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
            # The number a span starts with ("Rp", "pukul", "Senin (" may come first).
            *next((self.qualified[i] for i in range(start, min(start + 3, end)) if i in self.qualified), ("qual=none",)),
        ]


def _running(flags: Iterable[bool]) -> list[int]:
    return [0, *accumulate(map(int, flags))]


@lru_cache(maxsize=4096)
def _runs(shapes: str) -> str:
    """Token shapes with repeats folded: "CCCpAp" -> "C+pAp"."""
    return re.sub(r"(.)\1+", r"\1+", shapes)[:6]


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


