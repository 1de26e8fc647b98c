"""Ranked passages -> an answer quoted from them: the best sentences with [n] markers, or "not found".

Nothing here writes new text about the releases: the answer is made of verbatim sentences from the
cited passages, plus fixed phrases in the question's language. The found decision's weights and the
answer phrase's weights are data files fitted by ``assistant.training``; nothing here fits anything.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .calibration import Calibration
from .embed import Embedder
from .entities import counts_asked_noun
from .groups import GROUP_WRITTEN, SEX_WRITTEN
from .qualifiers import year_untitled
from .question import Question
from .records import Answer, Quote
from .retrieval import Retrieval
from .span import Phrase, manner_phrase, reason_phrase
from .text import root, split_sentences, tokenize, words

NOT_FOUND = {
    "id": "Tidak ditemukan dalam siaran pers yang diindeks.",
    "en": "Not found in the indexed releases.",
}

FOUND_FILE = "found_weights.json"

# The answer types with a short phrase, in families whose phrase-model scores mean alike ("why" and "how
# do" questions get a clause instead: _SHORT_CLAUSES). A plain "number" may be answered by a percentage
# or an amount of money, and is too rare in our questions to be weighed alone (the README's "Berapa
# selisih ...?" was declined when it was).
PHRASE_FAMILIES = {"count": ("count",), "amount": ("number", "money", "percent"), "date or time": ("date", "time", "year"),
                   "person": ("person",), "place": ("place",), "thing": ("what", "abbr")}


def answer_family(answer_type: str | None) -> str | None:
    """The family of PHRASE_FAMILIES an answer type belongs to; None for none ("why", "how")."""
    return next((family for family, types in PHRASE_FAMILIES.items() if answer_type in types), None)


# What the found decision looks at, none of which needs the question to copy the release's wording.
FEATURES = (
    "cosine",  # cross-lingual semantic similarity of question and top passage (with its release's title)
    "lead",  # its cosine lead over the second passage
    "relevance",  # the fused ranking's confidence in it (0..1)
    "evidence lead",  # the first passage's score over the second's once ordered by their answer phrases
    # Share of the question's names and numbers (places, years, people) that the answer's release holds, each by its
    # idf (``Snapshot.names_held``). Thirty-sixth session: it was their share in the answer's passage and title alone,
    # which a later paragraph that does not repeat the region or the pair's full names lacks; refitted, on 768 unseen
    # held-out questions 433 right at 58 wrong statements either way, 448 against 441 at 65, 465 against 453 at 72.
    "release names",
    # Whether the noun asked about ("berapa *helikopter*") stands in the answer's sentence, or the answer counts a noun the
    # question names in other words ("how many people signed up" -> "612 pendaftar"; forty-first session, not refitted).
    "heads",
    "kind",  # that, or the answer's number counts the same kind of thing ("berapa orang" -> "86 personel")
    "typed",  # whether a phrase of the asked answer type was found at all
    "span score",  # the phrase model's score of the best phrase of that type
    "coverage",  # share of the question's content roots in the answer's sentence
    "english",
    "sex unstated",  # a count or share of women (or men) asked, but the answer's sentence names neither (_sex_unstated)
    "group unstated",  # the same for first-time voters or voters with disabilities (_group_unstated)
    "qualifiers unstated",  # how many of the asked election, pair, ordinal, superlative, party or district it does not write
    # (since the forty-third session also the other side of an asked one, and a year the title contradicts: qualifiers.year_untitled)
    # The span score again, for the asked answer type's family only (0 for the others): a score means
    # more for one type than for another, and near-misses are commoner for some ("how many women ...").
    *(f"span score: {family}" for family in PHRASE_FAMILIES),
)


@dataclass(frozen=True)
class Tree:
    """One regression tree of the found decision: node i sends the features left when feature ``feature[i]``
    is at most ``threshold[i]``, else right; a node whose ``left`` is -1 is a leaf worth ``value[i]``."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def __call__(self, features: np.ndarray) -> float:
        node = 0
        while self.left[node] >= 0:
            node = self.left[node] if features[self.feature[node]] <= self.threshold[node] else self.right[node]
        return self.value[node]


@dataclass(frozen=True)
class Threshold:
    """When is the evidence enough to say the releases answer the question?

    A boosted-trees score of the features ``gather`` computes (see FEATURES): ``bias`` plus the sum of the
    trees' leaves; found when it reaches ``cutoff``, or the cutoff of the asked answer type's family where it has one
    (``family_cutoffs``, placed on held-out questions by ``found_training.fit_family_cutoffs``); since the forty-ninth
    session a logistic regression over that score, the features and the family decides instead (``calibration``, fitted on
    held-out questions by ``found_training.fit_calibration``). Trees rather than a
    weighted sum because a feature means more in one company than another (a phrase score of 15 with the question's
    names in the passage, or without them). Fitted by ``assistant.found_training.fit_found`` on paraphrased questions (the
    realistic set's dev and train splits, each question scored by a phrase model fitted without it, and
    our paraphrases of FacQA train questions), never on test questions; the fitted values live in
    ``assistant/data/found_weights.json``.
    """

    trees: tuple[Tree, ...]
    bias: float
    cutoff: float
    no_span: float = 0.0  # span score assumed for a question without a short answer type ("why", "how")
    # The cutoff of an answer-type family of PHRASE_FAMILIES, where it has one of its own (``cutoff.family_cutoffs``).
    family_cutoffs: tuple[tuple[str, float], ...] = ()
    # The last step, where fitted (``calibration``): it decides instead of the cutoffs, which gave it its budget of wrong
    # statements.
    calibration: Calibration | None = None

    def found(self, features: tuple[float, ...], answer_type: str | None) -> bool:
        score = self.score(features)
        family = answer_family(answer_type) or "none"
        if self.calibration is not None and family in self.calibration.families:
            return self.calibration.log_odds(score, features, family) >= self.calibration.cutoff
        return score >= self.cutoff_for(answer_type)

    def cutoff_for(self, answer_type: str | None) -> float:
        return dict(self.family_cutoffs).get(answer_family(answer_type), self.cutoff)

    def score(self, features: tuple[float, ...]) -> float:
        # float32 as the trees were fitted (scikit-learn compares float32 features with its thresholds)
        values = np.asarray(features, dtype=np.float32)
        return self.bias + sum(tree(values) for tree in self.trees)

    def to_json(self) -> str:
        head = json.dumps({"features": list(FEATURES), "bias": self.bias, "cutoff": self.cutoff, "no_span": self.no_span,
                           "family cutoffs": dict(self.family_cutoffs),
                           **({"calibration": self.calibration.to_dict()} if self.calibration else {})}, indent=1)
        trees = ",\n  ".join(json.dumps(vars(tree)) for tree in self.trees)  # a tree a line
        return f'{head[:-2]},\n "trees": [\n  {trees}\n ]\n}}\n'

    @classmethod
    def from_json(cls, text: str) -> Threshold:
        raw = json.loads(text)
        if tuple(raw["features"]) != FEATURES:
            raise RuntimeError(f"{FOUND_FILE} was fitted for other features; re-run assistant.found_training.fit_found")
        trees = tuple(Tree(*(tuple(t[k]) for k in ("feature", "threshold", "left", "right", "value"))) for t in raw["trees"])
        calibration = Calibration.from_dict(raw["calibration"]) if "calibration" in raw else None
        return cls(trees, raw["bias"], raw["cutoff"], raw.get("no_span", 0.0), tuple(raw.get("family cutoffs", {}).items()),
                   calibration)


@lru_cache(maxsize=1)
def fitted_threshold() -> Threshold:
    return Threshold.from_json(resources.files("assistant.data").joinpath(FOUND_FILE).read_text(encoding="utf-8"))


# Treats every retrieval as found (span evaluation); with no trees, features are gathered without a decision (fitting).
ALWAYS = Threshold((), 0.0, 0.0)

# The answer phrase is the best phrase of the first of the first SPAN_PASSAGES passages whose best
# phrase reaches the phrase model's threshold: retrieval has already ordered them by that phrase's
# evidence (``retrieval._evidence_first``).
SPAN_PASSAGES = 4


@dataclass(frozen=True)
class Evidence:
    """What the found decision and the answer are made from, worked out once per question."""

    phrase: Phrase | None  # the answer phrase of the asked type, if one of the top passages holds one
    passage: int  # the index of the passage it stands in (0 without one)
    features: tuple[float, ...]


def gather(retrieval: Retrieval, threshold: Threshold | None = None) -> Evidence:
    """Pick the answer phrase and compute the found features (FEATURES order)."""
    threshold = threshold or fitted_threshold()
    asked, candidates, hits, phrases = retrieval.asked, retrieval.candidates, retrieval.hits, retrieval.phrases
    passage = next((i for i, p in enumerate(phrases[:SPAN_PASSAGES]) if p is not None and p.answers), None)
    phrase = phrases[passage] if passage is not None else None
    lead = candidates[0].dense - candidates[1].dense if len(candidates) > 1 else 0.0
    source = hits[passage or 0]
    # Where an election, pair or ordinal left out of the sentence may stand: the release's title with the answer's
    # paragraph, or with the release's lead ("PSU Pemilihan Bupati ... Yahukimo" above "tingkat partisipasi 88,9 persen").
    opening = min((hit for hit in hits if hit.source == source.source), key=lambda hit: hit.paragraph)
    contexts = (f"{source.title} {source.text}", f"{source.title} {opening.text}")
    sentence = phrase.sentence if phrase else _best_sentence(asked, hits[0].text)
    if asked.info is None:
        typed, span_score = 1.0, threshold.no_span
    elif phrase is None:  # the first passage's best phrase, below the threshold; -20 without any
        typed, span_score = 0.0, phrases[0].score if phrases and phrases[0] else -20.0
    else:
        typed, span_score = 1.0, phrase.score
    heads = max(_heads_present(asked, sentence), float(_noun_named(asked, phrase)))
    untitled = phrase is not None and year_untitled(asked.text, source.title, source.text, opening.text)
    features = (
        candidates[0].dense,
        lead,
        candidates[0].relevance,
        hits[0].score - hits[1].score if len(hits) > 1 else hits[0].score,
        candidates[passage or 0].names,  # "DPT Jayawijaya" is not answered from Agam's release
        heads,
        max(heads, float(_counts_asked_kind(asked, phrase))),
        typed,
        span_score,
        _root_coverage(asked, sentence),
        float(asked.language == "en"),
        float(_sex_unstated(asked, phrase)),
        float(_group_unstated(asked, phrase)),
        float(_qualifiers_unstated(asked, phrase, *contexts) + untitled),
        *(span_score if answer_family(asked.answer_type) == family else 0.0 for family in PHRASE_FAMILIES),
    )
    return Evidence(phrase, passage or 0, features)


def is_found(retrieval: Retrieval, threshold: Threshold | None = None, evidence: Evidence | None = None) -> bool:
    threshold = threshold or fitted_threshold()
    if not retrieval.candidates:
        return False
    if not threshold.trees:
        return threshold.bias >= threshold.cutoff
    evidence = evidence or gather(retrieval, threshold)
    return threshold.found(evidence.features, retrieval.asked.answer_type)


# A count or share of women (or men) is not answered by a sentence that names neither: "Bimtek diikuti
# 4.872 orang" does not say how many of them were women, and releases that give the split write
# "perempuan", "wanita", "laki-laki" or "pria" beside the figures. A found feature since the eighteenth
# session (it was a rule that overrode the decision, added in the sixteenth with the phrase rule for
# figures written with a sex word, beside.SEX_BONUS).
_COUNTING = ("count", "number", "percent")


def _sex_unstated(asked: Question, phrase: Phrase | None) -> bool:
    return (asked.sex is not None and asked.answer_type in _COUNTING and phrase is not None
            and not SEX_WRITTEN.search(phrase.sentence))


def _qualifiers_unstated(asked: Question, phrase: Phrase | None, *contexts: str) -> int:
    """How many of the things a question sets apart its answer by (the election, candidate pair, ordinal, most or
    least, party or district asked: ``span_rules.Rules``) the answer's sentence does not write beside the phrase;
    an election, pair or ordinal it writes nowhere counts as written when one of ``contexts`` (the release's title with the
    answer's paragraph, or with its lead) names the asked one and no other (``qualifiers.Unstated``).

    The phrase rules only prefer a phrase that writes them; when none does, the best phrase may be a near-miss's
    ("berapa suara paslon nomor 2" answered by a total). A found feature since the twenty-sixth session: on the
    held-out batches, cross-fitted, near-misses declined 0.659 -> 0.691 with found the same (BENCHMARKS.md). The
    context since the twenty-eighth: most questions that name an election are answered by a sentence that does not
    repeat it, so the feature counted against 91 right answers of 2,048 unseen held-out questions and 44 wrong ones or
    near-misses; with the found decision refitted, right phrases 1,055 -> 1,095 and wrong statements 352 -> 348
    against the same refit without it (BENCHMARKS.md). Since the thirty-first, an ordinal the title gives ("Debat Publik
    Perdana", "PDPB Triwulan II") and an election named by its candidates ("Tiga Paslon Bupati Brebes") count as
    written too: on 512 held-out questions never scored before, with the found decision refitted, right phrases 304 ->
    308 and wrong statements 75 -> 74. Since the forty-first, the lead paragraph too (a release on a re-vote names the
    regent election once, at the top). With the district-name fixes of ``beside.name_written``, on 2,495 dev and held-out
    questions right phrases 1,658 -> 1,673 (none lost), wrong statements 178 -> 177; on 13,376 train questions 8,277 ->
    8,326, wrong statements 1,701 -> 1,717 (near-misses naming a party or district now answered)."""
    return phrase.unstated.count(*contexts) if asked.info is not None and phrase is not None else 0


def _group_unstated(asked: Question, phrase: Phrase | None) -> bool:
    return (asked.group is not None and asked.answer_type in _COUNTING and phrase is not None
            and not GROUP_WRITTEN[asked.group].search(phrase.sentence))


def compose(retrieval: Retrieval, embedder: Embedder, threshold: Threshold | None = None) -> Answer:
    """The answer to a retrieval: quoted sentences with citations, or a plain "not found"."""
    threshold = threshold or fitted_threshold()
    hits, language = retrieval.hits, retrieval.language
    evidence = gather(retrieval, threshold) if hits else None
    if evidence is None or not is_found(retrieval, threshold, evidence):
        return Answer(retrieval.question, NOT_FOUND[language], False, [], None, related=list(hits), language=language)
    phrase, citations = evidence.phrase, list(hits)
    if phrase is not None:
        # The sentence that holds the answer phrase is the evidence to quote, whichever passage it is
        # in; that passage is cited first.
        citations.insert(0, citations.pop(evidence.passage))
        quote, span = Quote(phrase.sentence, 1), phrase.text
    else:
        quote, span = _quote_and_clause(retrieval, embedder, hits[0].text)
    return Answer(retrieval.question, f"{quote.text} [1]", True, citations, span,
                  quotes=(quote,), cited=(1,), language=language)


# The clause a "why" or "how do ..." answer gives from its sentence (answer types without a short phrase).
_SHORT_CLAUSES = {"reason": reason_phrase, "manner": manner_phrase}


def _quote_and_clause(retrieval: Retrieval, embedder: Embedder, passage: str) -> tuple[Quote, str | None]:
    """The passage's sentence to quote; for a "why" question the best one that gives a cause, with that cause,
    for a "how do ..." question the best one that names a means, with that means."""
    ranked = _ranked_sentences(retrieval, embedder, passage)
    extract = _SHORT_CLAUSES.get(retrieval.asked.answer_type or "")
    if extract is not None:
        for sentence in ranked:
            phrase = extract(sentence)
            if phrase:
                return Quote(sentence, 1), phrase
    return Quote(ranked[0], 1), None


def _heads_present(asked: Question, sentence: str) -> float:
    """1 when the noun asked about stands in the sentence (or the question names none), else 0."""
    if asked.info is None or not asked.info.heads:
        return 1.0
    return float(not _roots(sentence).isdisjoint(asked.info.heads))


def _noun_named(asked: Question, phrase: Phrase | None) -> bool:
    """Whether a count's answer counts a noun the question names in other words: "people on the voter roll" asks
    "pemilih", "how many signed up" "pendaftar" (its search terms hold the noun)."""
    if phrase is None or asked.answer_type != "count":
        return False
    noun = words(phrase.text)[-1:]
    return bool(noun) and root(noun[0].lower()) in {root(w) for w in tokenize(asked.query)}


def _counts_asked_kind(asked: Question, phrase: Phrase | None) -> bool:
    """Whether a count's answer counts the kind of thing asked: people for "berapa orang", "86 personel"."""
    return (phrase is not None and asked.answer_type == "count" and asked.info is not None
            and counts_asked_noun(phrase.text, 0, asked.info.heads))


def _root_coverage(asked: Question, sentence: str) -> float:
    """Share of the question's content-word roots in the sentence (for an English question: its evidence terms)."""
    wanted = {root(w) for w in tokenize(asked.evidence)} if asked.language == "en" or asked.info is None else asked.info.words
    if not wanted:
        return 0.0
    return len(wanted & _roots(sentence)) / len(wanted)


def _roots(sentence: str) -> frozenset[str]:
    return frozenset(root(w.lower()) for w in words(sentence))


def _best_sentence(asked: Question, passage: str) -> str:
    """The passage's sentence sharing most content roots with the question (cheap; no embedding)."""
    sentences = split_sentences(passage) or [passage]
    return max(sentences, key=lambda s: _root_coverage(asked, s))


def _ranked_sentences(retrieval: Retrieval, embedder: Embedder, passage: str) -> list[str]:
    """The passage's sentences, best match for the question first."""
    sentences = split_sentences(passage) or [passage]
    if len(sentences) == 1:
        return sentences
    scores = embedder.embed_passages(sentences) @ retrieval.query_vector
    scores += 0.05 * np.array([_root_coverage(retrieval.asked, s) for s in sentences])
    return [sentences[i] for i in np.argsort(-scores, kind="stable")]

