"""A question analysed once, at the entry: language, answer type, search text, names and numbers.

Retrieval, the found decision and the answer phrase all read this one record instead of
re-tokenising and re-examining the question text each in its own way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from .answer_type import answer_type
from .groups import asked_group, asked_sex
from .language import (
    COMPASS_WORDS,
    REGION_BEFORE,
    bridge,
    bridged_heads,
    compass_pairs,
    detect_language,
    english_heads,
    formal_verbs,
    glossary_term,
    region_names,
)
from .period import Period, period_of
from .question_kind import PERSON_HEADS, question_type
from .text import MONTH_NAMES, STOPWORDS, normalize, root, tokenize, words

_WHAT = re.compile(r"(apa|mana)(kah)?")

_QUESTION_WORDS = frozenset(
    "apa apakah siapa siapakah berapa berapakah keberapa keberapakah kapan kapankah mana manakah dimana dimanakah "
    "kemana darimana nama yang tersebut pada tahun tanggal di ke dari what which who whom whose when where how "
    "many much name is was are were the of does did".split()
)
_SKIP_HEAD = frozenset(
    "jumlah banyak besar lama nama kira rata sekitar total the a an of is was are were did does many much kind "
    "type sih ya aja saja dong deh nih tuh".split()
)



_HOST_REGION = re.compile(r"https?://(?:kab|kota)-([a-z-]+)\.kpu\.go\.id", re.IGNORECASE)  # a regional KPU's web address


@dataclass(frozen=True)
class QuestionInfo:
    kind: str  # year, date, number, person, place, abbr or what
    words: frozenset[str]  # roots of the content words, head nouns excluded
    names: frozenset[str]  # roots of the capitalised words and numbers among them (rare, telling words)
    heads: tuple[str, ...]  # roots of the noun asked about: "siswa" in "berapa siswa", "badan" in "badan apakah"



def analyse_question(question: str) -> QuestionInfo | None:
    """The answer type, content words, names and head nouns of a question; None without a short answer type."""
    kind = question_type(question)
    if kind is None:
        return None
    text = normalize(question)
    heads = _head_nouns(text.lower())
    content = [w for w in words(text) if w.lower() not in _QUESTION_WORDS and w.lower() not in STOPWORDS]
    content_roots = (frozenset(root(w.lower()) for w in content) - set(heads)) | _negations(text)
    # Capitalised words (not the question's first word) and numbers: names, the most telling words to find.
    telling = [w for w in content if (w[0].isupper() and not text.startswith(w)) or w[0].isdigit()]
    names = frozenset(root(w.lower()) for w in telling) & content_roots
    return QuestionInfo(kind, content_roots, names, heads)


# "suara tidak sah", "belum pernah": a function word, but the one that tells "13 suara tidak sah" from
# "358 suara sah" beside it. Everyday forms ("nggak", "gak") and English ones ("invalid", "not") ask the same.
_NOT = re.compile(r"\b(tidak|tak|nggak|ngga|gak|enggak|invalid|not|never|\w+n't|non)\b", re.IGNORECASE)


def _negations(text: str) -> frozenset[str]:
    """The negation roots the phrase model should match in sentences: "tidak" and "belum" as asked."""
    return frozenset(["tidak"] * bool(_NOT.search(text)) + ["belum"] * bool(re.search(r"\bbelum\b", text, re.I)))


# A word after "berapa orang" that starts what they did rather than naming them: "berapa orang *dicoret*",
# "berapa orang *ikut*" ask for people; "berapa orang *petugas*" for the petugas.
_VERB_LIKE = re.compile(r"(di|me|ter|ber)\w{3,}|(ikut|hadir|datang|masuk|lolos|tidak|nggak|belum|sudah|udah)$")


def _head_nouns(question: str) -> tuple[str, ...]:
    """The noun (or two candidate nouns) the question asks about, as roots."""
    plain = re.sub(r"\bwhat['’]s\b", "what is", question)
    english = english_heads(plain, _SKIP_HEAD)
    if english is not None:
        # A possessive ends the phrase at its owner, which is what is asked: "how many polling *stations'*
        # results", "which *district's* figures", unless a person is asked ("which farmers' group *leader*").
        if english[:1] and english[0] in PERSON_HEADS:
            return english
        return english_heads(plain, _SKIP_HEAD, owner=True) or ()
    tokens = words(question)
    for i, word in enumerate(tokens):
        following = [w for w in tokens[i + 1:i + 4] if w not in _SKIP_HEAD and w not in _QUESTION_WORDS]
        if word.startswith("siapa"):  # "siapa (nama) ketua ..." but not "siapa yang ..."
            after = tokens[i + 2:i + 3] if tokens[i + 1:i + 2] == ["nama"] else tokens[i + 1:i + 2]
            return (root(after[0]),) if after and after[0] in following else ()
        asks_for_noun = word.startswith("berapa") or word in ("nama", "name")
        if word.startswith("berapa") and tokens[i + 1:i + 2] == ["per"]:
            return ()  # "upah ... berapa per lembar": a rate, the thing counted is not asked for
        if asks_for_noun and following:  # "berapa siswa", "apa nama kota", "how many students"
            after = tokens[i + 2:i + 3]
            if following[0] == "orang" and after and after[0] in following and not _VERB_LIKE.match(after[0]):
                return root(after[0]), "orang"  # "berapa orang *petugas*": the petugas, counted in people
            return (root(following[0]),)
        if _WHAT.fullmatch(word) and i:  # "badan apakah", "organisasi jepang apakah"
            before = [w for w in tokens[max(i - 2, 0):i] if w not in _QUESTION_WORDS and w not in _SKIP_HEAD]
            if before:
                return tuple(root(w) for w in reversed(before))
    return ()


GLOSSARY = "glossary_en_id.tsv"
SYNONYMS = "synonyms_id.tsv"
# A capitalised word or a number. An acronym's English plural is the acronym ("PPKs"), and a lower-case word joined to a
# name by a hyphen is none ("KTP-el", "PPK-level"); "Tojo Una-Una" keeps both.
_NAME = re.compile(r"\b(?:[A-Z]{2,}(?=s\b)|[A-Z]\w*(?:-[A-Z]\w*)*|\w*\d[\w.,/]*)")


@dataclass(frozen=True)
class Question:
    """What a question asks, worked out once."""

    text: str  # as asked (stripped, cut to the maximum length)
    language: str  # "id" or "en"
    query: str  # what is searched: the text plus glossary terms (English -> Indonesian; everyday -> KPU terms)
    answer_type: str | None  # one of answer_type.ANSWER_TYPES; None for how and yes/no questions
    info: QuestionInfo | None  # the phrase model's view: coarse kind, content-word roots, names, head nouns
    evidence: str  # the words a passage that answers should contain (English: glossary terms, names, numbers)
    # Tokens of the capitalised words and numbers after the first word: places, people, years, as releases
    # write them (see _telling: no "Pilkada", no month or quarter, regions by their full names).
    names: frozenset[str]
    # (tokens of a region's short name as asked, of its full name, which ``names`` holds): "OKU Timur" is
    # "Ogan Komering Ulu Timur", and a release may write either.
    short_names: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    # "f" or "m" when it asks about women or about men ("berapa pemilih perempuan", "how many of them are
    # women"): a sentence that counts everyone does not answer it.
    sex: str | None = None
    # "first-time" or "disability" when it counts such voters apart ("berapa pemilih pemula", groups.asked_group).
    group: str | None = None
    # (name, compass word) pairs the question writes: "Luwu Timur" and "East Luwu" both give ("luwu", "timur").
    compass: frozenset[tuple[str, str]] = frozenset()
    # The quarter, election and election year it asks about: a release titled with others is not the one asked.
    period: Period = Period()

    def names_another_region(self, text: str) -> bool:
        """Whether the text writes one of the question's names only as another region than the one asked:
        "Kabupaten Luwu" asked, only "Luwu Timur" written; "Solok Selatan" asked, only "Solok" written."""
        tokens = tokenize(text)
        for name in self.names:
            after = {tokens[i + 1] if i + 1 < len(tokens) else "" for i, token in enumerate(tokens) if token == name}
            asked = {word for named, word in self.compass if named == name}
            if after and asked.isdisjoint(after) and (asked or after <= COMPASS_WORDS):
                return True
        return False

    def names_another_host(self, url: str | None) -> bool:
        """Whether a release's web address is a longer region's than the one asked: "Bone" asked, a release of
        kab-bonebolango.kpu.go.id (a title or a later paragraph may write only "Bone Bolango" in capitals, or no region)."""
        host = _HOST_REGION.match(url or "")
        if host is None:
            return False
        region = host.group(1).replace("-", "")
        asked, written = self._regions_asked
        named = [len(name) for name in asked if region.startswith(name)]
        # Not when the question writes the region in more words, the address shortening them: "Bone Bolango", kab-bonebol.
        return bool(named) and region not in written and not any(
            len(w) > min(named) and (w.startswith(region) or region.startswith(w)) for w in written)

    @cached_property
    def _regions_asked(self) -> tuple[frozenset[str], frozenset[str]]:
        """The names the question asks as a region ("di Bone", "KPU Bone"; not a town or island a regency is named after:
        "Lapas Teluk Kuantan" is in Kuantan Singingi, "warga Timor Leste" in Timor Tengah Utara), and every run of up to four
        of its query's words written together, with its compass pairs ("bonebolango", "luwutimur"), worked out once for
        all the passages ``names_another_host`` looks at."""
        tokens = tokenize(self.query)
        written = {"".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, min(i + 5, len(tokens) + 1))}
        written |= {name + word for name, word in self.compass}
        asked = {name for name in self.names if len(name) > 2 and name.isalpha()
                 and re.search(rf"\b(?:{REGION_BEFORE})\s+{name}\b", self.text, re.IGNORECASE)}
        return frozenset(asked), frozenset(written)

    def names_covered(self, text: str) -> float:
        """Share of the question's names and numbers that occur in the text; 1 without any.

        A region named by a short name counts once, held when the text has its short or its full name."""
        if not self.names:
            return 1.0
        held = frozenset(tokenize(text))
        regions = [short <= held or full <= held for short, full in self.short_names]
        rest = self.names.difference(*(full for _, full in self.short_names))
        return (len(rest & held) + sum(regions)) / (len(rest) + len(regions))

    @property
    def kind(self) -> str | None:
        return self.info.kind if self.info else None


def analyse(text: str) -> Question:
    """The record of a question (already checked to be non-empty)."""
    language = detect_language(text)
    # English words get their Indonesian terms; everyday Indonesian words the releases' own terms.
    terms, bridged_english = bridge(text, GLOSSARY if language == "en" else SYNONYMS)
    if language == "id":  # "nyerahin": releases write "menyerahkan"
        terms += [verb for verb in formal_verbs(text) if verb not in terms]
    regions = region_names(text)  # "Taput": releases write "Tapanuli Utara"
    terms += [name for _, name in regions if name not in terms]
    query = f"{text} {' '.join(terms)}" if terms else text
    info = analyse_question(text)
    if info is not None and terms:
        # The phrase model compares question and sentence words: give it the releases' terms too.
        bridged = frozenset(root(w.lower()) for term in terms for w in words(term)) - set(STOPWORDS)
        heads = info.heads + bridged_heads(text, info.heads, GLOSSARY if language == "en" else SYNONYMS)
        # An English word the glossary gave terms for is replaced by them: kept beside them it would halve
        # every share of the question's words a sentence holds. Names and numbers stay as written.
        english = ({root(w) for w in bridged_english} - info.names) if language == "en" else set()
        content = (info.words - english) | bridged
        if info.kind in ("place", "person", "what"):
            # The answer may start with the noun asked about: "which *villages*" brings "kelurahan", and
            # "Kelurahan Condongcatur" must not count as repeating the question. (A count's noun follows
            # its number, and the phrase model learned with it among the words: taking it out cost counts.)
            content -= set(heads)
        info = replace(info, words=content, heads=heads)
    evidence = text if language != "en" else " ".join(terms + _NAME.findall(text))
    names = _telling(frozenset(tokenize(" ".join(_NAME.findall(text.partition(" ")[2])))), language, bridged_english)
    short_names = tuple((frozenset(tokenize(short)), frozenset(tokenize(full))) for short, full in regions)
    if short_names:  # a region counts by the name releases write
        names = names.difference(*(short for short, _ in short_names)).union(*(full for _, full in short_names))
    return Question(text, language, query, answer_type(text, info), info, evidence, names, short_names,
                    asked_sex(text), asked_group(text), compass_pairs(text, regions), period_of(text))


# Capitalised words that name no place, person or year: the kind of election ("Pilbup", which a release
# may write "Pemilihan Bupati"), and in English a weekday (releases write "Senin").
_NOT_NAMES = frozenset("pemilu pilkada pilbup pilwalkot pilwako pilwali pilgub pileg pilpres pilkades pemilihan".split())
_ENGLISH_WEEKDAYS = dict(zip("monday tuesday wednesday thursday friday saturday sunday".split(),
                             "senin selasa rabu kamis jumat sabtu minggu".split()))
# A month or quarter: releases date by "(12/5/2024)" or "triwulan II" more often than they write "Mei" or "Q2". In the
# thirty-ninth session, on the 329 realistic questions that name one, 176 -> 207 right phrases and 36 -> 47 wrong
# statements without them (the lost ones told the February general election from the Pilkada, or a report's month).
_PERIODS = frozenset(m.lower() for names in MONTH_NAMES.values() for m in names) | {"q1", "q2", "q3", "q4"}


def _telling(names: frozenset[str], language: str, translated: frozenset[str]) -> frozenset[str]:
    """The question's capitalised words and numbers that a release answering it should hold as written.

    An English question's capitalised glossary words ("Commission", "Regency") are common nouns too, and so are the
    words of a glossary phrase (``translated``: "Constitutional Court", which releases write "Mahkamah Konstitusi")."""
    names -= _NOT_NAMES | _PERIODS
    if language != "en":
        return names
    return frozenset(_ENGLISH_WEEKDAYS.get(name, name) for name in names
                     if name in _ENGLISH_WEEKDAYS or not glossary_term(name) and name not in translated)
