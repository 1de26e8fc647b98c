"""The kind of answer a question asks for (year, date, number, person, place, abbreviation or thing), from its wording.

``question.analyse`` reads it once per question; the finer answer type (``answer_type.answer_type``) builds on it.
"""
from __future__ import annotations

import re

from .text import root

# "At which ...", "In what ...": a question may open with a preposition before its question word.
_PREPOSITION = r"\s*((at|in|on|from|to|for|by|with) )?"

# Nouns for people a question may ask for by what they are (English, and the Indonesian ones English questions borrow).
_PERSON_WORDS = (
    "journalist reporter commissioner official chair chairman chairwoman chairperson head headmaster headmistress "
    "principal moderator host presenter speaker regent mayor governor secretary officer judge lawyer witness "
    "candidate person man woman member councillor councilor legislator leader chief coordinator spokesperson "
    "spokesman director manager representative commander lecturer teacher doctor pair ticket calon paslon kandidat "
    "pasangan academic student trainee specialist expert").split()
PERSON_HEADS = frozenset(map(root, _PERSON_WORDS))


def _either_number(word: str) -> str:
    """A pattern for an English noun in the singular or plural ("secretary", "secretaries"; "chairman", "chairmen")."""
    if word.endswith("man"):
        return word[:-3] + "m[ae]n"
    if word.endswith("y"):
        return word[:-1] + "(y|ies)"
    return word + ("(es)?" if word.endswith("ss") else "s?")


# A person asked for by what they are: "Which newly elected Bangka Barat council *member* ...", "Which KPU Konawe
# *commissioner* ...". The words between "which" and the noun are the noun's own: no verb, preposition or article
# ("which app do polling *officers* use", "which parties nominated the *pair*" ask for no person).
_WHICH_PERSON = (
    r"(which|what) ((?!(can|could|did|do|does|will|would|should|must|may|might|shall|was|were|is|are|has|have|had|of|in|"
    r"on|at|to|for|from|by|with|the|a|an)\b(?!-))[\w.'-]+ ){0,5}?"
    rf"({'|'.join(map(_either_number, _PERSON_WORDS))})\b"
)
# The same asked in Indonesian: "Pasangan calon mana ...", "Anggota KPU mana yang ..." (not "paslon ... di mana").
_PERSON_MANA = (
    r"(pasangan calon|paslon|anggota|komisioner|ketua|kandidat|calon|pejabat|tokoh|wartawan|jurnalis|moderator|"
    r"panelis|narasumber|pemenang)( (?!(di|ke|dari)\b)\S+){0,3} (yang )?mana(kah)?\b"
)

# The places "which ..." asks for in English.
_PLACE_NOUNS = (r"(cit(y|ies)|countr(y|ies)|provinces?|regenc(y|ies)|regions?|places?|islands?|districts?|sub-?districts?|villages?|"
                r"areas?|locations?|continents?|schools?|hospitals?|buildings?|hotels?|venues?|streets?|roads?|polling stations?|"
                r"airfields?|airports?|ports?|piers?|jett(y|ies)|docks?|harbou?rs?|banks?|kapanewon|kecamatan|nagari|gampong|kampung|"
                r"distrik)")

# Answer types, first match wins; a question matching none (why/how, yes/no) gets no span.
_KIND_PATTERNS = (
    ("year", r"\b(tahun (berapa|kapan|apa)\w*|(which|what) year|sejak tahun berapa)\b"),
    ("date", (r"\b(kapan(kah|pun)?|(?<!per )(tanggal|hari|bulan) (berapa|apa)\w*|when|(what|which) (exact )?(dates?|days?|months?|times?)|"
              r"what(?:'s| is| was| will be) the (exact )?(date|day|time)\b(?! (limit|frame|span)s?\b)|"
              r"batas waktu\w*|paling lambat(?! berapa (hari|minggu|bulan|jam|menit)\b)|tenggat\w*|deadline|(last|final) day)\b")),
    ("number", (r"\b((ke ?|se)?berapa\w*|how (many|much|high|large|long|far|close|old|big|deep|wide|tall|heavy|"
                r"fast|often|narrow|small|low|slim|tight|great|short|late|early)|"
                r"what (percentage|percent|number|share|rate|turnout|amount|proportion|size|total|"
                r"price|value|level|minimum|maximum|vote share)|what (is|was|are|were) the (total )?(amount|most|maximum|"
                r"minimum|highest|lowest|largest|smallest))\b")),
    ("person", rf"\b(siapa\w*|who|whom|whose)\b|\b{_WHICH_PERSON}|\b{_PERSON_MANA}"),
    ("place", (r"\b(di ?mana\w*|ke ?mana\w*|dari ?mana\w*|where|((di|ke|dari) )?(kota|negara|provinsi|kabupaten|"
               r"daerah|wilayah|pulau|kecamatan|desa|kelurahan|distrik|benua|tempat|lokasi|sekolah|hotel|gedung|"
               r"rumah sakit|kampus|aula|ruang|ruangan|jalan|lapangan|panti|posko|gudang|lapas|kantor|balai|pasar|pelabuhan|bandara|"
               r"dermaga|pekon|nagari|gampong|kapanewon|bank) "
               rf"(apa|mana)\w*|(which|what) {_PLACE_NOUNS})\b")),
    ("abbr", r"\b(kepanjangan\w*|singkatan\w*|akronim\w*|stands? for|abbreviation|acronym|full name)\b"),
    ("what", r"\b(apa\w*|mana\w*|what|which|name|names)\b"),
)
_KINDS = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS)
# A question that opens with "where" asks for a place whatever follows ("Di mana ... siapa saja yang ..."), and so does
# one that opens with "at which school" ("At which school did KPU hold the last day of ...?").
_PLACE_FIRST = re.compile(rf"\s*(di ?mana(kah)?|where|((at|in|on|from|to|into) )?(which|what) {_PLACE_NOUNS})\b", re.IGNORECASE)
# One that opens with "which commissioner" asks for a person ("Which official said how much ... cost?").
_PERSON_FIRST = re.compile(_PREPOSITION + _WHICH_PERSON, re.IGNORECASE)
# One that opens with "how many/much" asks for a number ("how many ... when registration closed" is no date).
_HOW_MANY_FIRST = re.compile(r"\s*(((roughly|about|approximately|so|and) )?how (many|much)|(ada )?berapa)\b", re.IGNORECASE)
# One that opens with "who" asks for a person ("Who ... set the deadline ...?", "Siapa ... paling lambat H-3?").
_WHO_FIRST = re.compile(r"\s*(siapa(kah)?|who|whom|whose)\b", re.IGNORECASE)
# Yes/no questions: "Apakah KPU sudah ...", "Is the ...". They only count when no other question word follows.
_YES_NO = re.compile(
    r"^\s*(apakah((?! yang\b) \S+){0,3} (sudah|akan|bisa|dapat|ada|benar|masih|boleh|perlu|harus|pernah|telah|"
    r"tidak|belum|sedang|mau|ingin)\b|"
    r"(is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b)", re.IGNORECASE)
# "What paper did the voters *who* had moved bring?": a relative "who" asks for no person ("what is the
# name of the official who ..." does).
_RELATIVE_WHO = re.compile(_PREPOSITION + r"(what|which)\b(?!.*\bnames?\b).*[a-z] (who|whom|whose)\b", re.IGNORECASE)
# "... still had incomplete paperwork when registration closed?", "What did officials ask ... to sign when they
# visited?": a "when" followed by no auxiliary verb joins a clause and asks nothing ("when did", "when's" ask).
_CLAUSE_WHEN = re.compile(
    r"\bwhen\b(?!'s\b)(?!\s+(did|does|do|was|were|is|are|will|would|has|have|had|can|could|should|must|might|may|exactly|"
    r"precisely|roughly|approximately|about)\b)", re.IGNORECASE)
_WH = re.compile(r"\b(siapa|berapa|kapan|mana|di ?mana|who|what|when|where|which|how many|how much)\w*", re.IGNORECASE)


def question_type(question: str) -> str | None:
    """'year', 'date', 'number', 'person', 'place', 'abbr', 'what' or None for questions without a short answer."""
    if _YES_NO.search(question) and not _WH.search(question.strip().partition(" ")[2]):
        return None
    if _PLACE_FIRST.match(question):
        return "place"
    if _HOW_MANY_FIRST.match(question):
        return "number"
    if _PERSON_FIRST.match(question) or _WHO_FIRST.match(question):
        return "person"
    return _first_kind(_CLAUSE_WHEN.sub("", question)) or _first_kind(question)


def _first_kind(question: str) -> str | None:
    for name, pattern in _KINDS:
        if pattern.search(question) and not (name == "person" and _RELATIVE_WHO.match(question)):
            return name
    return None
