"""Typed phrases in a sentence (dates, times, percentages, Rupiah amounts, years, numbers) and which
answer phrases a question's answer type allows.

KPU releases write facts in a few fixed shapes: "Senin (12/2/2024)", "(29/11)", "pukul 15.30 WITA",
"81 persen", "Rp17,5 miliar", "14 helikopter", "Ketua KPU Kabupaten Sinjai, Andi Rahmat". Knowing
them keeps the answer phrase honest: the "13" of "Jumat, 13 Juni 2025" is never a count, a
percentage never answers "how many polling stations", and "Divisi Perencanaan" is not a person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import (
    DAY_WORDS,
    DAYS,
    DEGREES,
    MONTH_WORDS,
    MONTHS,
    PHRASE_TOKEN,
    REGION_WORDS,
    counted_kind,
    dateline,
    root,
    same_kind,
    words,
)

NUMBER_WORDS = (
    "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|sejuta|puluhan|"
    "ratusan|ribuan|jutaan|belasan|puluh|belas|ratus|ribu|separuh|setengah|one|two|three|four|five|six|seven|"
    "eight|nine|ten|eleven|twelve|dozens|hundreds|thousands"
)
SCALE = r"(?:ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion)"

_PATTERNS = {
    "date": re.compile(
        rf"\b(?:{DAYS})\b\s*,?\s*(?:\(\s*\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\s*\)|\d{{1,2}}\s+(?:{MONTHS})\b(?:\s+\d{{4}})?)"
        rf"|\b\d{{1,2}}\s*(?:-|–|s\.d\.?|sampai|hingga|dan)?\s*\d{{0,2}}\s+(?:{MONTHS})\b\.?(?:\s+\d{{4}})?"
        rf"|\(?\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b\)?"
        rf"|\b(?:{MONTHS})\s+\d{{4}}\b"
        rf"|\b(?:{DAYS})\b",
        re.IGNORECASE,
    ),
    "time": re.compile(
        r"\b(?:pukul|jam|at)\s+\d{1,2}(?:[.:]\d{2})?(?:\s*(?:WIB|WITA|WIT|a\.?m\.?|p\.?m\.?))?"
        r"|\b\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b",
        re.IGNORECASE,
    ),
    "percent": re.compile(r"\d+(?:[.,]\d+)?\s*(?:persen\b|%|percent\b)", re.IGNORECASE),
    "money": re.compile(
        rf"\bRp\.?\s*\d[\d.,]*(?:\s*{SCALE})?(?:\s*rupiah)?|\b\d[\d.,]*\s*(?:{SCALE}\s*)?rupiah\b"
        rf"|\bIDR\s*\d[\d.,]*(?:\s*{SCALE})?",
        re.IGNORECASE,
    ),
    "year": re.compile(r"\b(?:1\d{3}|20\d\d)\b|\btahun \d{3,4}\b", re.IGNORECASE),
    # Not the digits of a name ("Covid-19", "A5-KWK").
    "number": re.compile(rf"(?<![\w-])(?:\d[\d.,]*\d|\d)|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE),
}

# Words that make a capitalised phrase a unit, body, event, title or place rather than a person.
_NOT_A_NAME = frozenset(
    """
    divisi bagian subbagian subbag sub bidang komisi badan dinas kantor sekretariat sekretaris rapat koordinasi sidang
    nasional pendidikan pemilih sosialisasi partisipasi masyarakat perencanaan data informasi teknis
    penyelenggaraan hukum pengawasan sumber daya manusia sdm logistik keuangan umum rumah tangga tahun pemilu
    pilkada pemilihan kabupaten kota provinsi kecamatan desa kelurahan ketua anggota kepala kasubbag kadiv kabag
    kasubag sekda bupati wakil walikota wali gubernur camat lurah kapolres kapolda dandim danrem ketua umum
    kpu kpud bawaslu panwaslu panwascam dkpp ppk pps kpps pantarlih ppdp tps dpt dps dpshp pdpb tni polri
    polres polda kodim pemda pemkab pemkot dprd mk ma ri republik indonesia aula gedung hotel balai ruang
    jalan jl senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus
    september oktober november desember hupmas humas parmas sosdiklih sosdiklihparmas tekn teknis pleno
    rekapitulasi debat kampanye pelantikan program the of and dan
    naskah perjanjian hibah daerah pemerintah panitia pemungutan penghitungan suara ulang calon pasangan bakal
    tetap sementara berkelanjutan dewan kehormatan penyelenggara serentak negeri agama kementerian keputusan
    peraturan undang sistem aplikasi sekretaris sekretariat kepolisian resor komando distrik militer
    mahkamah konstitusi agung pengadilan sebanyak jumlah kotak bilik masa terbuka tertutup kelompok
    """.split()
)
# Region words end many capitalised phrases that are places, not people ("Jawa Timur").
_REGION_WORDS = frozenset(
    """
    jawa timur barat tengah utara selatan daya sumatera sumatra sulawesi kalimantan papua maluku nusa tenggara
    bali aceh riau kepulauan banten jakarta yogyakarta gorontalo bengkulu lampung jambi pegunungan
    """.split()
)


@dataclass(frozen=True)
class Phrases:
    """The typed ranges (start, end character offsets) of one sentence."""

    ranges: dict[str, tuple[tuple[int, int], ...]]
    free: tuple[tuple[int, int], ...]  # numbers that are no part of a date, time, year, percentage or amount

    def overlaps(self, kind: str, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.ranges[kind])

    def starts_amount(self, start: int) -> bool:
        """Whether an amount of money or a percentage stands at ``start``."""
        return self.overlaps("money", start, start + 1) or self.overlaps("percent", start, start + 1)

    def free_numbers(self, start: int, end: int) -> bool:
        """Whether [start, end) holds a free number (see ``free``)."""
        return any(start <= s and e <= end for s, e in self.free)


@lru_cache(maxsize=4096)
def phrases(sentence: str) -> Phrases:
    ranges = {kind: tuple(m.span() for m in pattern.finditer(sentence)) for kind, pattern in _PATTERNS.items()}
    taken = [r for kind in ("date", "time", "percent", "money", "year") for r in ranges[kind]]
    free = tuple((s, e) for s, e in ranges["number"] if not any(ts <= s and e <= te for ts, te in taken))
    return Phrases(ranges, free)


def allowed(answer_type: str | None, sentence: str, start: int, end: int) -> bool:
    """Whether the phrase ``sentence[start:end]`` can answer a question of ``answer_type``."""
    if answer_type is None:
        return True
    found = phrases(sentence)
    if answer_type == "count":
        return found.free_numbers(start, end) and not found.overlaps("percent", start, end)
    if answer_type == "number":
        return found.free_numbers(start, end) or found.overlaps("percent", start, end) or found.overlaps("money", start, end)
    if answer_type in ("percent", "money", "time"):
        return found.overlaps(answer_type, start, end)
    if answer_type == "date":
        return found.overlaps("date", start, end) or found.overlaps("year", start, end)
    if answer_type == "year":
        return found.overlaps("year", start, end)
    text = sentence[start:end]
    if answer_type == "person":
        return is_name(text) and not (
            _PLACE_WORD_BEFORE.search(sentence, 0, start)  # the "Bupati Agam" or "Agam" of "di Kantor Bupati Agam"
            or sentence[start - 1:start] in _OPEN_QUOTES  # RPP "Tampomas" names a thing
            or titles_a_name(sentence, start, end)  # "Bupati Agam" of "Bupati Agam, <name>": the role, the name follows
            or names_a_region(sentence, start, end)  # "Sleman" of "Bupati Sleman"
            or in_dateline(sentence, start)  # "Rangkasbitung, kab-lebak.kpu.go.id –": the release's place
            or _VENUE_TOWN_BEFORE.search(sentence, 0, start) is not None  # "di Aula Kantor Bupati Buru Selatan, Namrole"
            or _VILLAGE_WORD_BEFORE.search(sentence, 0, start) is not None  # "Kelurahan Taba Jemekeh"
            or _AD_HOC_AREA_BEFORE.search(sentence, 0, start) is not None)  # "Air Buaya" of "anggota PPK Air Buaya, <name>"
    if answer_type == "place":
        return is_place(text) and not _TITLE_BEFORE.search(sentence, 0, start)  # not the "Kota" of "Wali Kota"
    # A place, a thing, an expansion: anything but a bare date, time or number, or a name's degree ("S.H.I"); and
    # no amount for "what": "Apa tema debat ...?" is not answered by "Rp385 juta", "paket alat kerja apa?" not by
    # "Rp312,8 juta" (questions that ask an amount with "what" are typed money or percent, ``answer_type.answer_type``).
    return (not _only_numbers_or_dates(text) and not _DEGREE.fullmatch(text)
            and not (answer_type == "what" and found.starts_amount(start)))


def counts_kind_asked(noun: str, heads: tuple[str, ...]) -> bool:
    """Whether the noun root counts the kind of thing one of the asked-about nouns does ("pantarlih" for "staff")."""
    kind = counted_kind(noun)
    return kind is not None and any(same_kind(kind, wanted) for wanted in map(counted_kind, heads) if wanted)


def counts_other_kind(sentence: str, start: int, heads: tuple[str, ...]) -> bool:
    """Whether the number at ``start`` counts another kind of thing (``text.counted_kind``) than the nouns
    asked about; False when either kind is unknown."""
    wanted = {kind for kind in map(counted_kind, heads) if kind}
    pair = number_and_noun(sentence, start)
    if not wanted or pair is None:
        return False
    kind = counted_kind(root(pair[1]))
    return kind is not None and not any(same_kind(kind, w) for w in wanted)


def counts_asked_noun(sentence: str, start: int, heads: tuple[str, ...]) -> bool:
    """Whether the number at ``start`` counts the kind of thing asked about ("2.987 Pantarlih" for "how many staff")."""
    pair = number_and_noun(sentence, start)
    return pair is not None and counts_kind_asked(root(pair[1]), heads)


def number_and_noun(sentence: str, start: int) -> tuple[str, str] | None:
    """The first two words from ``start`` ("2.987", "Pantarlih"): a number and what it counts; None without two."""
    pair = words(sentence[start:start + 60])[:2]
    return (pair[0], pair[1]) if len(pair) == 2 else None


def is_name(text: str) -> bool:
    """A person's name, perhaps after a title: it ends on a capitalised word that is not a unit, body, place
    word or acronym, and holds no digits ("Ketua KPU Mochammad Afifuddin" yes; "Divisi Perencanaan" no);
    after a title come at least two name words ("Wakil Bupati Agam" no); no region or "dan" in it."""
    tokens = [t for t in PHRASE_TOKEN.findall(text) if t[0].isalnum()]
    if not tokens or any(ch.isdigit() for ch in text) or not tokens[0][0].isupper():
        return False
    if tokens[0].lower() in REGION_WORDS or "dan" in tokens:  # "Kabupaten Klaten", "Wali Kota dan Wakil Wali Kota"
        return False
    if tokens[0].lower() in _ORGANISATION:  # "Partai Kebangkitan Bangsa", "Dinas Dukcapil": no one's name
        return False
    if has_place_word(text):  # "Kantor Bupati Bolaang Mongondow", "Convention Hall"
        return False
    if len(tokens) > 1 and tokens[-2].lower() in REGION_WORDS:  # "Wakil Wali Kota Ambon": a title and a place
        return False
    if tokens[0].lower() in _TITLE_OR_BODY:  # after a title, a full name: not the "Agam" of "Wakil Bupati Agam"
        titled = max((i for i, t in enumerate(tokens) if t.lower() in _NOT_A_NAME), default=0)
        if len(tokens) - titled - 1 < 2:
            return False
    last = tokens[-1]
    return (last[0].isupper() and not (len(last) > 1 and last.isupper()) and last.lower() not in _NOT_A_NAME
            and last.lower() not in _REGION_WORDS)


def name_word(word: str) -> bool:
    """A capitalised word that may be part of a person's name (not a title, office, body or place word)."""
    lower = word.lower()
    return word[:1].isupper() and lower not in _NOT_A_NAME and lower not in _TITLE_OR_BODY and lower not in REGION_WORDS


_OPEN_QUOTES = frozenset('"“\'‘')  # a capitalised word right after one names a thing

# Every region word is a place word too.
PLACE_WORDS = REGION_WORDS | frozenset(
    """
    hotel ballroom aula gedung kantor ruang rsud rsup rumah sakit
    sekolah sma smk smp sd sman smkn smpn universitas kampus lapangan gudang pendopo pendapa balai gor masjid
    jalan jl hall convention center taman stadion alun pasar mahkamah pengadilan
    """.split()
)


# Titles and bodies: a phrase starting with one names people or organisations, not where something
# happened; a person phrase starting with one needs a name after it ("Wakil Bupati Agam" has none).
_TITLE_OR_BODY = frozenset(
    "wali wakil ketua anggota bupati gubernur camat lurah pemerintah panitia komisi badan dewan divisi bagian "
    "sekretaris kepala pasangan calon".split()
)


# Words a party's, office's or company's name starts with ("siapa caleg ..." is not answered "Partai Golkar").
_ORGANISATION = frozenset("partai dinas fraksi yayasan lembaga perusahaan pt cv koperasi organisasi".split())

_TITLE_BEFORE = re.compile(r"\b(wali|wakil)\s+$", re.IGNORECASE)

# Institutions a place question can name ("di rumah sakit mana", "which school"): the answer names one
# of them by its own words ("RSUP Dr. M. Djamil", "SMK Negeri 1"), else the release does not say.
_INSTITUTIONS = {
    "hospital": "rumah sakit rs rsu rsud rsup rsia klinik puskesmas hospital clinic",
    "school": "sekolah sd sdn smp smpn sma sman smk smkn ma man mts madrasah pesantren school",
    "campus": "universitas kampus institut politeknik sekolah tinggi university campus college",
    "hotel": "hotel",
    "bank": "bank",
    "prison": "lapas rutan lembaga pemasyarakatan prison jail",
}
_INSTITUTION_ASKED = re.compile(
    r"\b(?:(rumah sakit|sekolah|kampus|universitas|hotel|bank|lapas|rutan) (?:mana|apa)|(?:which|what) (hospital|school|"
    r"university|campus|college|hotel|bank|prison|jail))\b", re.IGNORECASE)
_INSTITUTION_OF = {"rumah sakit": "hospital", "sekolah": "school", "kampus": "campus", "universitas": "campus",
                   "university": "campus", "college": "campus", "lapas": "prison", "rutan": "prison", "jail": "prison"}


_WEB_ADDRESS = re.compile(r"(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?", re.IGNORECASE)
_WEB_ASKED = re.compile(
    r"\b(?:(situs|laman|website|tautan|link|alamat web)\w* (?:apa|mana)|(?:which|what) (website|site|web ?page|link))\b",
    re.IGNORECASE)


def asks_web_address(question: str) -> bool:
    """"Lewat situs apa ...", "which website ...": the answer is a web address."""
    return _WEB_ASKED.search(question) is not None


def is_web_address(text: str) -> bool:
    return _WEB_ADDRESS.fullmatch(text.strip()) is not None and any(c.isalpha() for c in text.rsplit(".", 1)[-1])


# "Kecamatan mana ...", "which district ...": a region, which releases also write by its bare name
# ("Siantan"), but never a venue in it ("Aula Kantor KPU ...", "Ballroom Hotel ...").
_REGION_ASKED = re.compile(
    r"\b(?:(?:kecamatan|distrik|kelurahan|desa|kampung|nagari|gampong|dapil|pulau)\b(?:\s+\w+){0,4}?\s+(?:mana|apa)\b|"
    r"(?:which|what)\s+(?-i:[A-Z][\w-]*\s+){0,3}(?:sub-?districts?|districts?|villages?|islands?|kecamatan|kelurahan|dapil|"
    r"electoral districts?))\b",
    re.IGNORECASE)
_REGION_KINDS = REGION_WORDS | {"nagari", "gampong", "dapil"}
_VENUE_WORDS = PLACE_WORDS - REGION_WORDS


def asked_institution(question: str) -> frozenset[str] | None:
    """The words one of which the answer must hold when the question asks for a kind of institution, else None."""
    found = _INSTITUTION_ASKED.search(question)
    if not found:
        return None
    kind = (found.group(1) or found.group(2)).lower()
    return frozenset(_INSTITUTIONS[_INSTITUTION_OF.get(kind, kind)].split())


def names_institution(text: str, kinds: frozenset[str]) -> bool:
    lowered = " ".join(t.lower() for t in PHRASE_TOKEN.findall(text))
    return any(re.search(rf"\b{re.escape(k)}\b", lowered) for k in kinds)


def asks_region(question: str) -> bool:
    """"Kecamatan mana ...", "which district ...": the answer is a region."""
    return _REGION_ASKED.search(question) is not None


def names_region(sentence: str, start: int, end: int) -> bool:
    """Whether the phrase ``sentence[start:end]`` can name a region: with its word first ("Kecamatan Tabang"), or
    by a name that is no venue and stands in none ("Siantan"; not "Aula Kantor KPU", nor "Kijing Permai" of
    "Ballroom Hotel Kijing Permai"); never a person ("Noor Aina" of "Noor Aina, S.H.I.") nor words in lower case ("Selama masa
    coklit"), but for the "dan" of a list."""
    written = PHRASE_TOKEN.findall(sentence[start:end])
    tokens = [t.lower() for t in written]
    named_in = _NAME_RUN_BEFORE.search(sentence, max(0, start - 40), start)
    around = tokens + (named_in.group().lower().split() if named_in else [])
    return (bool(tokens) and (tokens[0] in _REGION_KINDS or _VENUE_WORDS.isdisjoint(around))
            and all(not t.isalpha() or t[0].isupper() or t in ("dan", "serta") for t in written)
            and not _DEGREE_AFTER_NAME.search(sentence, start, end + 6))


_NAME_RUN_BEFORE = re.compile(r"(?:\b[A-Z][\w.-]*\s+){1,4}$")  # "Ballroom Hotel " before "Kijing Permai"
_DEGREE_AFTER_NAME = re.compile(r",\s*[A-Z][a-z]{0,2}\.[A-Z]")  # "Noor Aina, S.H.I." is a person; "Desa X, Kec. Y" a place


def is_place(text: str) -> bool:
    """A place: capitalised, and either holds a place word ("Aula Kantor Bupati", "Kecamatan Pekat") or a
    proper name that is not a title, body or unit ("Jakarta" yes; "Wakil", "Bawaslu" no)."""
    tokens = [t for t in PHRASE_TOKEN.findall(text) if t[0].isalnum()]
    if not tokens or not tokens[0][0].isupper() or tokens[0].lower() in _TITLE_OR_BODY or tokens[-1] in _VERBS:
        return False
    if "yang" in tokens:  # "SMK Negeri 1 Lubuk Pakam *yang* dipinjamkan pihak sekolah": a clause about the place, not its name
        return False
    if len(tokens) == 1 and tokens[0].lower() in PLACE_WORDS:
        return False  # the "Kecamatan" of "Panitia Pemilihan Kecamatan (PPK)": a place word alone names no place
    if has_place_word(text):
        return True
    return any(t[0].isupper() and t.lower() not in _NOT_A_NAME and not t.isupper() for t in tokens)


# "Kecamatan Pasangkayu *tercatat* sebagai wilayah dengan pemilih terbanyak": a verb ends no place's name.
_VERBS = frozenset("tercatat terdapat terletak menjadi merupakan berada mencatat memiliki menerima mendapat".split())
# A place word opening the run of capitalised words before a phrase: "di Kantor Bupati [Bolaang Mongondow]".
_VENUE = rf"(?i:{'|'.join(sorted(_VENUE_WORDS))})"
_PLACE_WORD_BEFORE = re.compile(rf"\b{_VENUE}(?:\s+[A-Z0-9][\w.]*)*\s+$")
# A village's or an island's word before a run of capitalised words ("Kelurahan Taba Jemekeh"): a place. Not a
# regency's or a city's: "Ketua KPU Kabupaten Tulang Bawang I Made Sudarsana" may omit the comma before the name.
_VILLAGE_WORD_BEFORE = re.compile(r"\b(?i:kelurahan|desa|kampung|dusun|pulau|nagari|gampong)(?:\s+[A-Z][\w.]*)*\s+$")
# An ad hoc body's area follows its name ("PPK Air Buaya", "PPD Distrik Okaba"); its members' names come after a comma.
_AD_HOC_AREA_BEFORE = re.compile(r"\b(?:PPK|PPS|PPD|KPPS|PKD|PPLN|Panwascam)\s+(?:(?i:kecamatan|distrik|desa|kelurahan)\s+)?$")
# A venue and then its town ("di Gedung Serbaguna Takawa, Pasarwajo"): the town after the comma is no person, though a
# role and then its holder are written so ("Ketua KPU Buton, <name>").
_VENUE_TOWN_BEFORE = re.compile(rf"\b(?:di|at|in)\s+{_VENUE}(?:\s+[A-Z0-9][\w.]*)*,\s*$")


def has_place_word(text: str) -> bool:
    return any(t.lower() in PLACE_WORDS for t in PHRASE_TOKEN.findall(text))


_DEGREE = re.compile(DEGREES)  # "S.T", "S.H.I", "M.Si."


def _only_numbers_or_dates(text: str) -> bool:
    return all(t.lower() in DAY_WORDS or t.lower() in MONTH_WORDS or t.lower() in _TIME_WORDS
               for t in PHRASE_TOKEN.findall(text) if t[0].isalpha())


_TIME_WORDS = frozenset("pukul jam wib wita wit".split())  # "19.30 WIT" is a bare time, no theme or party


_NAME_WORD_BEFORE = re.compile(r"\b([A-Z][\w'-]*\.?)\s+$")
ROLE_WORDS = 10  # a role such as "Anggota KPU Kota Palu Divisi Perencanaan, Data dan Informasi" before a name


def role_before(sentence: str, start: int) -> tuple[str, ...]:
    """The words (lower case, as written) before the name at ``start`` in its sentence when they introduce it
    ("<role>, <name>", "Ketua KPU <name>"): its role. Empty when the name stands elsewhere ("janji kepada Tuhan")."""
    prefix = sentence[:start]
    # From the name's first word: "Prakoso" of "Ketua Bawaslu Sleman, Dimas Prakoso" has the same role.
    while (match := _NAME_WORD_BEFORE.search(prefix)) and match.group(1).lower() not in _NOT_A_NAME:
        prefix = prefix[:match.start()]
    before = words(prefix)[-ROLE_WORDS:]
    if not before or not (prefix.rstrip().endswith(",") or before[-1].lower() in _NOT_A_NAME):
        return ()
    return tuple(w.lower() for w in before)


_NAME_AFTER = re.compile(r"\s*,\s*[A-Z]")


_REGION_HEAD_BEFORE = re.compile(
    r"\b(bupati|gubernur|walikota|kota|kabupaten|provinsi|camat|kecamatan|lurah|kelurahan|desa|distrik)\s+$", re.IGNORECASE)


def in_dateline(sentence: str, start: int) -> bool:
    """Whether ``start`` lies in the dateline opening the sentence ("Sinjai, kab-sinjai.kpu.go.id – ")."""
    match = dateline(sentence)
    return match is not None and start < match.end()


def names_a_region(sentence: str, start: int, end: int) -> bool:
    """Whether the one word ``sentence[start:end]`` is the region of a title before it: the "Sleman" of
    "Wakil Bupati Sleman" is no person."""
    return len(words(sentence[start:end])) == 1 and _REGION_HEAD_BEFORE.search(sentence, 0, start) is not None


def titles_a_name(sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` is a title and the name follows it ("Bupati Agam, Andri Warman")."""
    first = words(sentence[start:end])[:1]
    return bool(first) and first[0].lower() in _TITLE_OR_BODY and _NAME_AFTER.match(sentence, end) is not None
