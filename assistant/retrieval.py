"""Question -> ranked passages: dense (FAISS) and BM25 results fused by weighted reciprocal rank."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from .association import association, question_roots
from .embed import Embedder
from .errors import EmbedderError
from .question import Question, analyse
from .records import Hit
from .span import Phrase, best_phrases
from .store import Snapshot
from .text import tokenize

MODES = ("hybrid", "dense", "bm25")
RRF_K = 20  # small: the first few ranks of each list decide (tuned on FacQA valid)
# Weight of BM25 against dense (1.0) in the fusion, by question language. BM25 is strong on
# Indonesian questions over Indonesian text, but for English questions it only sees names, numbers
# and glossary terms, so plain 1:1 fusion made English retrieval worse than dense alone.
# Tuned on FacQA train/valid with `kpu-assistant eval --split valid` (see BENCHMARKS.md).
BM25_WEIGHT = {"id": 1.0, "en": 0.3}
# Weight of "earlier question + follow-up" against the follow-up alone: alone, "siapa yang
# melakukannya?" matches any release that names people. Since follow-ups that name no place lean on the
# last question that did (``conversation.follow_up_context``), 3.5 rather than 1.5: on 276 such train
# questions asked in turn, paragraph R@1 183 -> 193, answered right 124 -> 133 (2.5: 190 / 128; 5.0 no
# better); on 105 held-out ones R@1 72 -> 80, answered right 57 either way. Kept when they began to lean on
# the last two such questions (twenty-second session; 2.5 and 5.0 within 0.02 of it on 512 held-out).
CONTEXT_WEIGHT = 3.5
# Weight of "the passage's release names what the question names" against dense (1.0) in the fusion:
# with hundreds of similar releases, the question's region or person often decides which one it is
# about, and a later paragraph that does not repeat the name still belongs to that release. Each name
# counts by its idf (see Snapshot.names_held). Chosen on the realistic dev and train splits, each
# question scored with a phrase model fitted without it: paragraph R@1 0.774 -> 0.792, R@3 0.894 ->
# 0.910, release R@1 0.916 -> 0.937 (0.3-1.5 within 0.005 of each other). FacQA valid (a paragraph
# per release, stripped of the article around it) R@1 0.740 -> 0.717, R@5 0.916 -> 0.916.
# 1.0 since the thirty-sixth session: with 5,266 releases, many of one region or of regions sharing a word
# ("Tanah Bumbu", "Tanah Datar", "Tanah Laut"), the multilingual embedding barely tells regions apart, and at 0.5
# a release BM25 ranked first for an English question lost to other regions' first dense matches. On 672 unseen
# answerable held-out questions (zzzzzzzzt-zzzzzzzzze) paragraph R@1 0.827 -> 0.856, R@3 0.930 -> 0.957, release
# R@1 0.920 -> 0.943; on 2,000 train questions R@1 0.834 -> 0.839; answered right 425 -> 433 with 67 -> 66 wrong
# statements; 1.5-2.0 no better there, and FacQA valid English R@5 0.900 -> 0.867 at 1.5 (0.892 at 1.0; Indonesian
# R@1 0.723 -> 0.717, R@5 0.916 -> 0.920).
NAMES_WEIGHT = 1.0
MAX_QUESTION_CHARS = 2000
_SURROGATE = re.compile("[\ud800-\udfff]")  # longer input is cut: no real question needs more, and it bounds the cost


@dataclass(frozen=True)
class Candidate:
    """A ranked passage with the evidence behind its rank."""

    id: int
    relevance: float  # fused score scaled to 0..1 (1 = first in both rankings)
    dense: float  # cosine similarity of question and passage
    bm25: float  # raw BM25 score (0 when BM25 did not find it)
    names: float = 1.0  # share of the question's names its release holds (idf-weighted, Snapshot.names_held)


@dataclass(frozen=True)
class Retrieval:
    asked: Question
    query_vector: np.ndarray
    candidates: list[Candidate]
    hits: list[Hit]
    # The best phrase of the asked answer type in each hit weighed for its answer (the first EVIDENCE_DEPTH, then those
    # of the first EVIDENCE_RELEASES releases); None where there is none, or where the hit is of another release than
    # the first and names less of what the question names (see _evidence_first). Empty for a question without a short
    # answer type ("why", "how").
    phrases: list[Phrase | None] = field(default_factory=list)

    @property
    def question(self) -> str:
        return self.asked.text

    @property
    def language(self) -> str:
        return self.asked.language

    @property
    def query(self) -> str:
        """What was searched: the question plus its glossary terms (see ``question.analyse``)."""
        return self.asked.query


def check_question(question: str) -> str:
    """The question, stripped and cut to MAX_QUESTION_CHARS; ValueError for an empty one."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError("the question is empty; ask something about the KPU releases")
    # A lone surrogate (which a JSON client can send) cannot be encoded for the embedder.
    return _SURROGATE.sub("\ufffd", question.strip()[:MAX_QUESTION_CHARS])


def search(
    snapshot: Snapshot, embedder: Embedder, question: str, k: int = 5, mode: str = "hybrid", context: str = ""
) -> Retrieval:
    """Rank the snapshot's passages for a question; ``context`` (an earlier question) is searched with it."""
    question = check_question(question)
    if k < 1:
        raise ValueError("k must be at least 1")
    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
    if embedder.spec != snapshot.embedder_spec:
        raise EmbedderError(
            f"the index was built with embedder {snapshot.embedder_spec!r} but {embedder.spec!r} was asked for; "
            f"rebuild the index with that embedder or query without choosing one"
        )
    context = _SURROGATE.sub("\ufffd", context.strip()[:MAX_QUESTION_CHARS])
    asked = analyse(question)
    depth = min(snapshot.size, max(50, 4 * k))
    if depth == 0:
        return Retrieval(asked, np.zeros(0, np.float32), [], [])

    dense_weight = 0.0 if mode == "bm25" else 1.0
    bm25_weight = 0.0 if mode == "dense" else (1.0 if mode == "bm25" else BM25_WEIGHT[asked.language])
    # A follow-up is ranked on its own and, at a higher weight, together with the question it follows,
    # so "and how close were the quick counts?" keeps its own topic but borrows "Pemilu 2024".
    together = analyse(f"{context} {question}") if context else asked
    queries = [(asked.query, 1.0)] + ([(together.query, CONTEXT_WEIGHT)] if context else [])
    vectors = embedder.embed_queries([q for q, _ in queries])
    rankings: list[tuple[float, list[tuple[int, float]]]] = []
    dense_by_id: dict[int, float] = {}
    bm25_all = np.zeros(snapshot.rows, dtype=np.float32)
    for (text, query_weight), vector in zip(queries, vectors):
        dense_scores, dense_ids = snapshot.dense.search(vector[None, :], depth)
        dense_ranked = [(int(i), float(s)) for i, s in zip(dense_ids[0], dense_scores[0]) if i >= 0]
        scores = snapshot.bm25.get_scores(tokenize(text))  # over every row id; 0 for deleted ones
        if not dense_by_id:  # the evidence reported is the question's own
            dense_by_id, bm25_all = dict(dense_ranked), scores
        rankings += [(query_weight * dense_weight, dense_ranked), (query_weight * bm25_weight, _top(scores, depth, snapshot.order))]
    fused = fuse(rankings)
    names_weight = NAMES_WEIGHT if together.names and mode == "hybrid" else 0.0
    held: dict[int, float] = {}  # passage id -> share of the names its release holds
    if names_weight:
        held = dict(zip(fused, snapshot.names_held(together.names, list(fused)).tolist()))
        for pid, share in held.items():
            fused[pid] += names_weight * share / (RRF_K + 1)
    best_possible = (sum(w for w, _ in rankings) + names_weight) / (RRF_K + 1)
    # Equal scores (each list puts the other's first second) go to the semantic match, then to the
    # passage a fresh build would number first (ids depend on the order passages were added).
    # A few more than asked for, so a passage that holds the answer phrase can move up (_evidence_first);
    # a question without a short answer type is not reordered, so it needs none.
    wanted = max(k, RELEASE_DEPTH if asked.info is not None else 0)
    top = sorted(fused, key=lambda pid: (-fused[pid], -dense_by_id.get(pid, -1.0), snapshot.order[pid]))[:wanted]
    if asked.info is not None:  # every passage of the first releases is weighed for its answer (_evidence_first)
        known = set(top)
        extra = [pid for pid in snapshot.release_passages(top, EVIDENCE_RELEASES) if pid not in known]
        top += sorted(extra, key=lambda pid: (-fused.get(pid, 0.0), snapshot.order[pid]))

    missing = sorted(pid for pid in top if pid not in dense_by_id)
    if missing:  # candidates the question's dense search did not reach still need their cosine
        rows = np.asarray(snapshot.vectors[missing], dtype=np.float32)
        dense_by_id.update(zip(missing, (rows @ vectors[0]).tolist()))
    # The found decision weighs the question's own names (a follow-up's too), for every passage handed over.
    if together is not asked or not held or any(pid not in held for pid in top):
        held = dict(zip(top, snapshot.names_held(asked.names, top).tolist())) if asked.names else {}
    candidates = [
        Candidate(pid, fused.get(pid, 0.0) / best_possible, float(dense_by_id[pid]), float(bm25_all[pid]), held.get(pid, 1.0))
        for pid in top
    ]
    hits = snapshot.hits([c.id for c in candidates], [round(c.relevance, 4) for c in candidates])
    candidates, hits, phrases = _evidence_first(asked, together, candidates, hits)
    return Retrieval(asked, vectors[0], candidates[:k], hits[:k], phrases[:k])


# Inside one release the paragraphs' vectors (each embedded with the release's title) are nearly
# equal, so the fused ranking often puts the release's lead paragraph above the one that answers. For
# a question with a short answer type the first EVIDENCE_DEPTH passages are ordered again by
# (relevance + EVIDENCE_WEIGHT * evidence) / (1 + EVIDENCE_WEIGHT), where evidence is the passage's
# best answer phrase's score (span.best_phrases) clipped to PHRASE_SCORES and scaled to 0..1 (0 with
# no phrase of the asked type, such as no date for "when" or no count of the asked thing for "how
# many", or none the phrase model would give as an answer: its threshold is 0).
# A passage of another release than the first gains nothing, and its phrase is not offered as the
# answer, unless it names as much of what the question names (places, years, people) as the first
# does: another region's release that states a figure of the asked kind must not answer for the one
# asked about.
# Weight chosen on the realistic dev split (0.55-2.0 gave R@1 0.840-0.870, 1.25 the best). Realistic
# dev paragraph R@1 0.728 with the fused ranking alone -> 0.864 (0.784 with the 0.1 penalty for
# passages lacking the asked type that this replaced); the unseen train split 0.604 -> 0.803 (0.670);
# FacQA valid R@1 0.691 -> 0.749, and the top five stay the same, so R@5 too. Without the names
# condition, release R@1 on train fell 0.992 -> 0.973; with no move across releases at all, FacQA
# valid phrase F1 fell 0.604 -> 0.569.
# Passages of the first one's release down to RELEASE_DEPTH are weighed as well (since the fortieth session every
# passage of the first EVIDENCE_RELEASES releases, below): a long release's answering paragraph, worded least like the
# question, may rank sixth or lower under its siblings.
# Measured (thirteenth session) on 384 questions the phrase model had not seen (zy-zzd): R@1 0.715 ->
# 0.718, R@3 0.834 -> 0.837, phrase right with every question found 0.610 -> 0.617; realistic dev R@1
# 0.846 -> 0.870, R@3 0.889 -> 0.944. Weighing every passage down to 10, of any release, gave 0.718 /
# 0.847 / 0.620 there, but FacQA valid R@5 0.916 -> 0.907 and 10 ms more a question; this leaves FacQA
# (a release per paragraph) as it was.
# The clip at 20 (sixteenth session; it was 15): most answering phrases of counts and amounts score
# 15-23, so at 15 "12 siswa" (18.6) and a neighbour's "6.842 orang" (15.3) were equal evidence and the
# fused order, often the release's lead paragraph, decided. Measured with the corpus of the train and
# held-out releases (7,119 passages): dev R@1 0.864 -> 0.883, phrase right 0.759 -> 0.772; held-out
# zzp-zzy 0.677 -> 0.688, phrase right 0.496 -> 0.509, wrong statements 194 -> 188; train zze-zzo 0.740 ->
# 0.743 (17.5-22.5 with weights 1.25-1.75 within 0.01 of it). FacQA valid R@1 / R@5 unchanged (0.733 / 0.916),
# phrase F1 0.616 -> 0.614 (one question), English R@1 0.583 -> 0.600.
# An answering phrase's sentence also gains ASSOCIATION_WEIGHT times its learned association with the question's
# words (``association``): a paraphrase's "who chairs" points to the "Ketua KPU ..., Nama" sentence rather than the
# one naming the division's member. Thirty-third session, on the 1,571 standalone held-out questions zzzzk-zzzzzzzy
# with a short answer type and an answering phrase (simulated on their candidates): the right phrase ordered first
# 1,153 -> 1,187 (English 563 -> 581, Indonesian 590 -> 606); 0.03-0.10 gave 1,180-1,188, 0.15 1,173, 1.0 1,112
# (the wording alone is no guide). Asked end to end: zzzzzzzb-y right 883 -> 898, wrong statements 224 -> 210,
# paragraph R@1 0.820 -> 0.839; on 512 questions never scored before (zzzzzzzz-zzzzzzzzg, with the session's party
# and head-noun changes) right 243 -> 244, wrong statements 81 -> 72, R@1 0.750 -> 0.770. The shown score stays within 0..1.
EVIDENCE_DEPTH = 5
RELEASE_DEPTH = 10
EVIDENCE_WEIGHT = 1.25
PHRASE_SCORES = (0.0, 20.0)
ASSOCIATION_WEIGHT = 0.05
# Every passage of the first EVIDENCE_RELEASES releases is weighed too, wherever the fused ranking put it (fortieth
# session; before, only the first release's passages down to RELEASE_DEPTH were): a release the names and the title put
# second or third often answers with a paragraph that shares no word with the question ("berapa persen warga yang
# datang nyoblos" -> "... atau tingkat partisipasi 72,3 persen" at the end of a paragraph of vote counts), which the
# fused ranking puts below ten others. On the 2,241 dev and held-out questions: right phrases 1,470 -> 1,475, wrong
# statements 172 -> 165, paragraph R@1 0.904 -> 0.907 (five releases: 1,474 / 164); on 13,376 train questions at
# equal wrong statements as many right at 1,500-1,700 and +29 at 1,900. FacQA (a release per paragraph) is unchanged.
EVIDENCE_RELEASES = 3
# A release that holds far less of what the question names (by idf: Snapshot.names_held) than another release among the
# passages weighed is passed over as well: "the second 2024 Bulukumba regent debate" is not answered from Jombang's release
# on its second debate, which holds only the year, however like the question its paragraph is worded. Fifty-second session,
# on the 5,376 standalone held-out questions zzzzzzzzzv-zzzzzzzzzzzzza: right phrases 3,554 -> 3,575, wrong statements
# 496 -> 499, paragraph R@1 0.869 -> 0.873, release R@1 0.931 -> 0.936 (a gap of 0.3: 3,588 / 501; 0.8: 3,557 / 496).
NAMES_GAP = 0.5


def _evidence_first(asked: Question, names_from: Question, candidates: list[Candidate], hits: list[Hit]
                    ) -> tuple[list[Candidate], list[Hit], list[Phrase | None]]:
    """``names_from``: the question whose names a passage must hold (for a follow-up, with the one before)."""
    if asked.info is None:
        return candidates, hits, []
    # The first EVIDENCE_DEPTH passages, and all those of the first EVIDENCE_RELEASES releases.
    sources = list(dict.fromkeys(hit.source for hit in hits))[:EVIDENCE_RELEASES]
    pool = list(range(min(EVIDENCE_DEPTH, len(hits)))) + [
        i for i in range(EVIDENCE_DEPTH, len(hits)) if hits[i].source in sources]
    rest_ids = [i for i in range(len(hits)) if i not in pool]
    candidates, hits = [candidates[i] for i in pool + rest_ids], [hits[i] for i in pool + rest_ids]
    depth = len(pool)
    first = hits[:depth]
    covered = [names_from.names_covered(f"{hit.title} {hit.text}") for hit in first]
    # "Kabupaten Luwu" is not answered from Luwu Timur's release, nor "Solok Selatan" from Kabupaten Solok's,
    # while a passage that writes the region asked is here: the first such passage leads instead of the first.
    # A release whose title names another quarter, election or election year than the question ("DPB Triwulan I 2025" for
    # "Q2 2025", "Pilkada 2024" for "the 2024 general election") is passed over too, but only for one whose title agrees and
    # whose release holds as many of the question's names: a release about the coming Pilkada that cites the 2019 turnout
    # still answers for its region when the only release titled "Pemilu 2019" is another region's. Fiftieth session, on the
    # 4,606 standalone held-out questions zzzzzzzzzv-zzzzzzzzzzzzo: right phrases 3,025 -> 3,042, wrong statements 424 ->
    # 413, paragraph R@1 0.869 -> 0.874; on the 417 of them it touches 278 / 36 -> 287 / 29 (283 / 28 passing over a
    # contradicting release for any other, which lost such Pilkada releases' answers).
    period = [names_from.period.agreement(hit.title) for hit in first]
    agreeing = max((c.names for c, agrees in zip(candidates, period) if agrees > 0), default=-1.0)
    most = max(c.names for c in candidates[:depth])
    other = [names_from.names_another_region(f"{hit.title} {hit.text}") or names_from.names_another_host(hit.url)
             or agrees < 0 and c.names <= agreeing or c.names < most - NAMES_GAP for hit, c, agrees in zip(first, candidates, period)]
    lead = other.index(False) if False in other else 0
    eligible = [not (wrong and not other[lead]) and (hit.source == first[lead].source or share >= covered[lead])
                for hit, share, wrong in zip(first, covered, other)]
    found = iter(best_phrases(asked, [[hit.text] for hit, ok in zip(first, eligible) if ok]))
    phrases = [next(found) if ok else None for ok in eligible]
    low, high = PHRASE_SCORES
    evidence = [(min(p.score, high) - low) / (high - low) if p is not None and p.answers else 0.0 for p in phrases]
    roots = question_roots(asked)
    worded = [association(roots, p.sentence) if p is not None and p.answers else 0.0 for p in phrases]
    ranked = [(c.relevance + EVIDENCE_WEIGHT * e) / (1 + EVIDENCE_WEIGHT) + ASSOCIATION_WEIGHT * w
              for c, e, w in zip(candidates, evidence, worded)]
    order = sorted(range(len(first)), key=lambda i: -ranked[i])  # stable: ties keep the fused order
    # The passages after them are not looked at (evidence 0), so the scores still fall down the list.
    rest = [replace(hit, score=round(c.relevance / (1 + EVIDENCE_WEIGHT), 4))
            for c, hit in zip(candidates[depth:], hits[depth:])]
    return ([candidates[i] for i in order] + candidates[depth:],
            [replace(hits[i], score=round(min(max(ranked[i], 0.0), 1.0), 4)) for i in order] + rest,
            [phrases[i] for i in order])


def fuse(rankings: list[tuple[float, list[tuple[int, float]]]]) -> dict[int, float]:
    """Weighted reciprocal-rank fusion: each (weight, ranked (id, score) list) adds weight / (RRF_K + rank)."""
    fused: dict[int, float] = {}
    for weight, ranked in rankings:
        for rank, (pid, _) in enumerate(ranked if weight else []):
            fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
    return fused


def _top(scores: np.ndarray, depth: int, order: np.ndarray) -> list[tuple[int, float]]:
    """The ``depth`` best positive scores, equal scores in ``order`` (also at the cut)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size > depth:
        cut = -np.partition(-scores[positive], depth - 1)[depth - 1]
        positive = positive[scores[positive] >= cut]
    ranked = positive[np.lexsort((order[positive], -scores[positive]))][:depth]
    return [(int(i), float(scores[i])) for i in ranked]
