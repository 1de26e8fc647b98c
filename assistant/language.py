"""Which language a question is in, and how an English question is bridged to Indonesian releases.

The small multilingual embedder maps many English words close to their Indonesian equivalents, but
not all ("turnout" lands nowhere near "partisipasi"), and BM25 cannot cross languages at all. A short
glossary of election and question vocabulary (assistant/data/glossary_en_id.tsv) adds the Indonesian
terms to an English question before retrieval.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .text import STOPWORDS, letter_words, root, tokenize

_ENGLISH_MARKERS = frozenset(
    "the what which who whom whose when where why how is are was were did does do of to in on for with "
    "and by has have had many much did will would could should been being about after before".split()
)
_INDONESIAN_MARKERS = frozenset(
    "yang dan di ke dari apa siapa kapan berapa mana bagaimana apakah adalah pada untuk dengan ini itu "
    "dalam oleh akan sudah telah tidak juga para nya".split()
)


def detect_language(text: str) -> str:
    """'en' or 'id' by counting function words; ties and unknown text count as Indonesian."""
    words = letter_words(text)
    english = sum(w in _ENGLISH_MARKERS for w in words)
    indonesian = sum(w in _INDONESIAN_MARKERS for w in words)
    return "en" if english > indonesian else "id"


ENGLISH_GLOSSARY = "glossary_en_id.tsv"


def singular(word: str) -> str:
    """A crude English singular ("committees" -> "committee", "pair's" -> "pair") so that a glossary
    entry in one number also bridges the other; both sides are folded alike, so odd folds ("news" ->
    "new") only matter if the glossary holds both words."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Entry(NamedTuple):
    words: tuple[str, ...]  # the phrase, lower-cased
    folded: tuple[str, ...]  # the same, each word in the singular (the English glossary only)
    terms: str  # what the phrase adds to the question


def _folded(words: Sequence[str], name: str) -> tuple[str, ...]:
    """The words as the glossary ``name`` matches them in either number: the English one folds them."""
    return tuple(map(singular, words)) if name == ENGLISH_GLOSSARY else tuple(words)


@lru_cache(maxsize=4)
def _glossary(name: str = ENGLISH_GLOSSARY) -> tuple[Entry, ...]:
    """The glossary's entries, longest phrases first (the Indonesian word lists are not folded)."""
    entries = []
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, indonesian = line.split("\t", 1)
        words = tuple(english.lower().split())
        entries.append(Entry(words, _folded(words, name), indonesian.strip()))
    entries.sort(key=lambda e: -len(e.words))
    return tuple(entries)


@lru_cache(maxsize=4)
def _by_first_word(name: str) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
    """The entries by their first word, as written and folded, longest phrases first in each list."""
    exact: dict[str, list[Entry]] = {}
    folded: dict[str, list[Entry]] = {}
    for entry in _glossary(name):
        exact.setdefault(entry.words[0], []).append(entry)
        folded.setdefault(entry.folded[0], []).append(entry)
    return exact, folded


def _entry_at(words: Sequence[str], folded: Sequence[str], i: int, name: str) -> Entry | None:
    """The longest entry that starts at word ``i``; of two as long, the one written as the question has it."""
    exact_index, folded_index = _by_first_word(name)
    best = next((e for e in exact_index.get(words[i], ()) if tuple(words[i : i + len(e.words)]) == e.words), None)
    longer_than = len(best.words) if best else 0
    for entry in folded_index.get(folded[i], ()):
        if len(entry.folded) <= longer_than:
            break
        if tuple(folded[i : i + len(entry.folded)]) == entry.folded:
            return entry
    return best


def _matches(question: str, glossary: str) -> Iterator[tuple[list[str], Entry]]:
    """The question's words matched by glossary entries, left to right, longest entry first, with the entry."""
    words = letter_words(question)
    folded = _folded(words, glossary)
    i = 0
    while i < len(words):
        entry = _entry_at(words, folded, i, glossary)
        if entry is None:
            i += 1
            continue
        yield words[i : i + len(entry.words)], entry
        i += len(entry.words)


def bridge(question: str, glossary: str = ENGLISH_GLOSSARY) -> tuple[list[str], frozenset[str]]:
    """Indonesian glossary terms for the English words and phrases in the question, in order, and the
    question's words (lower case) they were given for.

    An English word matches in either number ("officer" finds the entry "officers"); of two entries as
    long, the one written as the question has it wins. With ``glossary="synonyms_id.tsv"``: the terms
    KPU releases use for everyday Indonesian words.
    """
    matches = list(_matches(question, glossary))
    return list(dict.fromkeys(entry.terms for _, entry in matches)), frozenset(word for matched, _ in matches for word in matched)


def bridged_heads(text: str, heads: tuple[str, ...], glossary: str = ENGLISH_GLOSSARY) -> tuple[str, ...]:
    """The releases' roots for a question's asked-about noun: "how many polling *stations*" -> "tps", and with
    ``glossary="synonyms_id.tsv"`` "berapa *tempat* pemungutan suara" -> "tps".

    Only a glossary phrase that ends at the noun counts (in Indonesian, that starts at it: the noun comes first),
    the longest one ("students ... voting simulation" gives nothing).
    """
    tokens = letter_words(text)
    head_first = glossary != ENGLISH_GLOSSARY
    extra: list[str] = []
    for head in heads:
        for i, token in enumerate(tokens):
            if root(token) == head:
                spans = ([(i, k) for k in range(min(i + 3, len(tokens) - 1), i - 1, -1)] if head_first
                         else [(j, i) for j in range(max(i - 3, 0), i + 1)])
                term = next(filter(None, (glossary_term(" ".join(tokens[j:k + 1]), glossary) for j, k in spans)), None)
                if term:
                    # An Indonesian entry's first term is the releases' own noun ("TPS", "PPK"); the words that spell
                    # it out ("panitia pemilihan kecamatan") would make a count of "pemilih" one of the asked thing.
                    terms = term.split()[:1] if head_first else term.split()
                    extra += [root(w.lower()) for w in terms if w.lower() not in STOPWORDS]
                break
    return tuple(h for h in dict.fromkeys(extra) if h not in heads)


REGIONS = "regions_id.tsv"


@lru_cache(maxsize=1)
def _region_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    full = {entry.words[0]: entry.terms for entry in _glossary(REGIONS)}
    return re.compile(rf"\b({'|'.join(sorted(full, key=lambda k: (-len(k), k)))})\b", re.IGNORECASE), full


def region_names(question: str) -> list[tuple[str, str]]:
    """(name as written, name KPU releases write) of the regions the question names by a short name ("Taput"
    -> "Tapanuli Utara", see ``regions_id.tsv``) or in English ("West Pasaman" -> "Pasaman Barat")."""
    pattern, full = _region_pattern()
    found = {m.group(0): full[m.group(0).lower()] for m in pattern.finditer(question)}
    found.update(english_region_names(question))
    return list(found.items())


# English puts the compass point first and Indonesian after the name: "West Pasaman" is "Pasaman Barat",
# "Southeast Minahasa" "Minahasa Tenggara", "Thousand Islands" "Kepulauan Seribu". General knowledge,
# not fitted; Jakarta's centre is its "Pusat", not its "Tengah".
_COMPASS = {"west": "Barat", "east": "Timur", "north": "Utara", "south": "Selatan", "central": "Tengah",
            "southeast": "Tenggara", "south-east": "Tenggara", "southwest": "Barat Daya", "south-west": "Barat Daya",
            "northwest": "Barat Laut", "north-west": "Barat Laut", "northeast": "Timur Laut", "north-east": "Timur Laut"}
_EXONYMS = {"java": "Jawa", "sumatra": "Sumatera", "moluccas": "Maluku", "celebes": "Sulawesi", "thousand": "Seribu"}
# Capitalised English words that follow a region's name rather than belong to it ("West Java *Election*").
_AFTER_NAME = frozenset(
    "regency city province provincial island islands district districts village villages election elections "
    "commission commissioner general information police regional office council court governor regent mayor "
    "government people assembly agency board committee division head chair secretary secretariat "
    "legislative and or of the".split())
_NAME_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_ENGLISH_REGION = re.compile(
    rf"\b(?P<point>{'|'.join(sorted({p.title() for p in _COMPASS} | {p.capitalize() for p in _COMPASS}, key=len, reverse=True))})"
    rf"\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})|\b(?P<isles>{_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+Islands\b")
# Capitalised words that may stand before an island group's name ("In Riau Islands"), or after one.
_NOT_ISLES = frozenset("in on at from of for to the across around throughout whole all".split()) | _AFTER_NAME


def _in_indonesian(words: Sequence[str]) -> str:
    return " ".join(_EXONYMS.get(w.lower(), w) for w in words)


def english_region_names(question: str) -> dict[str, str]:
    """{as written: as KPU releases write it} for English compass and island names: "East Java" -> "Jawa Timur"."""
    found: dict[str, str] = {}
    for match in _ENGLISH_REGION.finditer(question):
        if match.group("point"):
            written = []
            for word in match.group("name").split():
                if word.lower() in _AFTER_NAME:
                    break
                written.append(word)
            if written:
                point = match.group("point").lower()
                name = _in_indonesian(written)
                suffix = "Pusat" if name == "Jakarta" and point == "central" else _COMPASS[point]
                found[f"{match.group('point')} {' '.join(written)}"] = f"{name} {suffix}"
            continue
        written = [w for w in match.group("isles").split() if w.lower() not in _NOT_ISLES]
        if written:
            found[f"{' '.join(written)} Islands"] = f"Kepulauan {_in_indonesian(written)}"
    return found


# Everyday spoken Indonesian builds verbs as "ny-/ng-/nge- + root (+ -in)" and "di- + root + -in" where
# releases write "meN- + root (+ -kan)" and "di- + root + -kan": "ngamanin" for "mengamankan", "disiapin"
# for "disiapkan". Neither BM25 nor the phrase model's word roots can match the two, so the formal form
# is searched too. Words that merely look like such a verb stay as they are.
_NOT_SPOKEN_VERBS = frozenset("dingin dijamin dirangkin kemarin ingin nginap nginep".split())
# "nge-" before a root of one syllable keeps its vowel ("ngecek" -> "mengecek"); before a longer one the
# formal prefix takes the nasal of the root's first letter, which it replaces (_NASAL: "ngetes" ->
# "menes") or keeps (_KEPT: "ngelipat" -> "melipat").
_NASAL = {"p": "mem", "t": "men", "k": "meng", "s": "meny"}
_KEPT = {"b": "mem", "f": "mem", "v": "mem", "d": "men", "c": "men", "j": "men", "z": "men", "g": "meng", "h": "meng"}


def formal_verbs(question: str) -> list[str]:
    """The formal forms, active and passive, of the spoken verbs in an Indonesian question: "Siapa yang
    nyerahin dana?" -> ["menyerahkan", "diserahkan"]. Capitalised words (except the first) are names
    ("Ngada", "Nganjuk") and left alone."""
    found: list[str] = []
    for i, match in enumerate(re.finditer(r"[A-Za-z]+", question)):
        word = match.group(0)
        if (word[0].isupper() and i > 0) or not word[1:].islower():
            continue
        found += [form for form in _formal_verb(word.lower(), capitalised=word[0].isupper()) if form not in found]
    return found


# Spoken verbs the rules get wrong: a dropped "h" ("ngitung": menghitung), "ny" for "c" ("nyoblos":
# mencoblos), a root that ends in "-in" itself ("ngedesain").
_SPOKEN_IRREGULAR = {
    "ngitung": ("menghitung", "dihitung"), "ngabisin": ("menghabiskan", "dihabiskan"), "ngapus": ("menghapus", "dihapus"),
    "ngapusin": ("menghapus", "dihapus"), "ngadirin": ("menghadiri", "dihadiri"), "nyoblos": ("mencoblos", "dicoblos"),
    "nyetak": ("mencetak", "dicetak"), "nyari": ("mencari", "dicari"), "nyalonin": ("mencalonkan", "dicalonkan"),
    "nyocokin": ("mencocokkan", "dicocokkan"), "nyatet": ("mencatat", "dicatat"), "nyampe": ("sampai",),
    "nyimpen": ("menyimpan", "disimpan"), "nyebrang": ("menyeberang",), "ngedesain": ("mendesain", "didesain"),
    "ngasih": ("memberikan", "diberikan"), "ngomongin": ("membicarakan", "dibicarakan"), "ngapain": (),
}


def _formal_verb(word: str, capitalised: bool = False) -> tuple[str, ...]:
    if word in _SPOKEN_IRREGULAR:
        return _SPOKEN_IRREGULAR[word]
    if len(word) < 5 or word in _NOT_SPOKEN_VERBS:
        return ()
    suffix = "kan" if word.endswith("in") else ""
    stem = word[:-2] if suffix else word
    if capitalised and not suffix:
        return ()  # a capitalised first word without "-in" may be a place ("Ngawi ...")
    if stem.startswith("di"):
        return (f"di{stem[2:]}kan",) if suffix and len(stem) >= 5 else ()
    if stem.startswith("nge") and len(stem) > 4:
        rest = root_word = stem[3:]
        if len(rest) <= 3 or rest[0] in "aeiou":
            prefix = "menge"
        elif rest[0] in _NASAL:
            rest, prefix = rest[1:], _NASAL[rest[0]]
        else:
            prefix = _KEPT.get(rest[0], "me")
        # before a one-syllable remainder "nge" may have taken the root's first letter ("ngetik": ketik)
        return (f"{prefix}{rest}{suffix}",) + ((f"di{root_word}{suffix}",) if len(root_word) > 3 else ())
    if stem.startswith("ny") and len(stem) > 4 and stem[2] in "aeiou":
        # "ny" stands for a root's "s" ("nyerahin": serah), more rarely for "c" (see _SPOKEN_IRREGULAR)
        return f"meny{stem[2:]}{suffix}", f"dis{stem[2:]}{suffix}"
    if stem.startswith("ng") and len(stem) > 4 and stem[2] in "aeiou":
        # "ng" before a vowel is the root's own ("ngamanin": aman) or stands for its "k" ("ngirim": kirim)
        return f"meng{stem[2:]}{suffix}", f"di{stem[2:]}{suffix}", f"dik{stem[2:]}{suffix}"
    return ()


def glossary_term(phrase: str, glossary: str = ENGLISH_GLOSSARY) -> str | None:
    """The Indonesian terms of exactly this English word or phrase (in either number), or None."""
    words = letter_words(phrase)
    if not words:
        return None
    entry = _entry_at(words, _folded(words, glossary), 0, glossary)
    return entry.terms if entry is not None and len(entry.words) == len(words) else None


# The words that make a longer region of a name: "Luwu" -> "Luwu Timur", "Sumba Barat" -> "Sumba Barat Daya",
# "Banggai" -> "Banggai Laut"; in English before the name ("East Luwu").
COMPASS_WORDS = frozenset("utara selatan barat timur tengah daya laut".split())
# The words a region's name follows where a question asks about it as a region ("KPU Bone", "di Sleman", "Pilbup Agam").
REGION_BEFORE = r"kabupaten|kab\.|kota|kpu|kip|di|in|of|pilbup|pilwalkot|pilwako|pilwali|pilkada|pemilu"
_ENGLISH_COMPASS = {"north": "utara", "south": "selatan", "west": "barat", "east": "timur", "central": "tengah",
                    "southwest": "daya"}


def compass_pairs(text: str, regions: list[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """The (name, compass word) pairs a question writes, short regions (``region_names``) read as their full names."""
    for short, full in regions:  # "Tanjab Barat" is "Tanjung Jabung Barat", "Boltim" "Bolaang Mongondow Timur"
        text = re.sub(rf"\b{re.escape(short)}\b", full, text)
    tokens = tokenize(text)
    pairs = {(a, b) for a, b in zip(tokens, tokens[1:]) if b in COMPASS_WORDS}
    pairs |= {(b, _ENGLISH_COMPASS[a]) for a, b in zip(tokens, tokens[1:]) if a in _ENGLISH_COMPASS}
    return frozenset(pairs)


# Where an English noun phrase after "how many"/"which" ends: a function word or a verb. Its last word
# is the noun asked about ("how many Dompu voter-list *officers* failed ...").
_ENGLISH_NP_END = frozenset(
    "did do does were was are is will would have has had can could should must may might in of for to at on by "
    "from with that who whom which whose there during before after than as and or per each every when where why "
    "went got took came gave made ran sat stood left won lost became brought bought sent spent put cast held kept "
    "met paid said told saw found fell rose get go take come need needs withdrew drew struck chose wrote spoke "
    "broke looks oversees handles manages leads runs takes gets says wants goes makes gives keeps holds works "
    "lives sits stands".split()
)


# After its noun, the phrase also ends at an irregular participle: "what is the total *budget* set aside ...",
# "the *officers* sworn in"; not at the noun of "which set of ballots".
_PARTICIPLES = frozenset("set given taken chosen sworn drawn shown known seen done written begun built sold laid "
                         "shut spread sought bound".split())


def _english_head(following: list[str]) -> str | None:
    """The last word of the noun phrase that starts ``following``, or None when it starts with a verb.

    "what was the *budget* for ...": a copula and article before it are skipped."""
    if following[:1] in (["is"], ["was"], ["are"], ["were"], ["s"]) and following[1:2] in (["the"], ["a"], ["an"]):
        following = following[2:]
    phrase: list[str] = []
    for word in following[:6]:
        if word in _ENGLISH_NP_END or (phrase and (word in _PARTICIPLES or len(word) > 4 and word.endswith("ed"))):
            break
        phrase.append(word)
    phrase = [word for word in phrase if len(word) > 2]  # not "tv", "of"
    return phrase[-1] if phrase else None


# "stations'", "district's"; not "it's", "there's", "who's" (a contracted "is")
_POSSESSIVE = re.compile(r"\b(?!(?:it|that|there|here|who|where|he|she|what)['’])(\w+\w)['’]s?(?=\s)", re.IGNORECASE)


def english_heads(question: str, skip: frozenset[str], owner: bool = False) -> tuple[str, ...] | None:
    """The roots of the noun after "which", "what", "how many" (none when it is a word of ``skip``); None
    without those words. ``owner``: a possessive ends the phrase ("which *district's* figures").
    Words whole, hyphens and all: "how many door-to-door *officers*"."""
    english = letter_words(_POSSESSIVE.sub(r"\1 of ", question) if owner else question)
    for i, word in enumerate(english):
        if word in ("which", "what") or (word in ("many", "much") and i > 0 and english[i - 1] == "how"):
            head = _english_head(english[i + 1:])
            if not head or head in skip:
                return ()
            # A plural also as the singular that Indonesian borrows: "how many *porters*" -> "640 porter".
            singular = head[:-1] if len(head) > 4 and head.endswith("s") and not head.endswith("ss") else head
            return tuple(dict.fromkeys((root(head), root(singular))))
    return None
