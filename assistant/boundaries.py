"""Where an answer phrase starts and ends once finished: an amount with its unit, a counted noun with
its second word, a place with the rest of its name, a list from its first item to its last.

The phrase model picks a span; these pure functions complete it from the sentence it stands in.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .entities import PLACE_WORDS, SCALE, name_word
from .language import COMPASS_WORDS, REGION_BEFORE
from .text import DAY_WORDS, DAYS, DEGREES, HONORIFICS, MONTH_WORDS, MONTHS, REGION_WORDS, STOPWORDS, alternation

_FOLLOWERS = re.compile(rf"\s*(?:persen\b|%|{SCALE}\b|rupiah\b)", re.IGNORECASE)


# The rate a sum is paid at: "Rp150" alone does not say it is per ballot folded.
_RATE = re.compile(r"\s+per\s+[^\W\d_]+(?:\s+per\s+[^\W\d_]+)?", re.IGNORECASE)


def amount_end(sentence: str, start: int, end: int) -> int:
    """Where the number at ``sentence[start:end]`` ends with its unit and scale words: "81" -> "81 persen",
    "Rp17,5" -> "Rp17,5 miliar"; a sum of money with its rate: "Rp150" -> "Rp150 per lembar"."""
    while re.search(rf"(\d|{SCALE})$", sentence[start:end], re.IGNORECASE):
        following = _FOLLOWERS.match(sentence, end)
        if not following:
            break
        end = following.end()
    if sentence[start:start + 2].lower() == "rp" and (rate := _RATE.match(sentence, end)):
        end = rate.end()
    return end


_PLACE_NEXT = re.compile(r"\s+([A-Z][\w'.-]*|\d+)(?=[\s,.;:)]|$)")
# The words a place's name does not stop at: "Kantor Bupati" is followed by the regency's name.
_UNFINISHED_PLACE = PLACE_WORDS | {"lantai", "rapat", "bupati", "walikota", "wali", "gubernur", "camat", "kpu", "kip",
                                   "bawaslu", "dprd", "distrik", "kampung", "nagari", "gampong", "km"}
# A venue or bank's name runs on through its capitalised words: "Bank Riau Kepri Syariah Cabang Dumai", not "Bank Riau".
_NAMED_VENUE = (PLACE_WORDS - REGION_WORDS) | {"bank"}
PLACE_WORDS_MAX = 8  # a venue's name is seldom longer: "Ruang Rapat Lantai 2 Kantor Bupati Mahakam Ulu"


def place_end(sentence: str, start: int, end: int) -> int:
    """Where the place at ``sentence[start:end]`` ends with the rest of its name when it stops on a place word:
    "Aula Kantor" -> "Aula Kantor KPU Kabupaten Dharmasraya", "Ruang Rapat Lantai" -> "... Lantai 2 Kantor Bupati
    Mahakam Ulu" (up to a day or month). "Sultra" stays "Sultra" before a person's name."""
    tokens = sentence[start:end].split()
    if not tokens or (tokens[-1].lower() not in _UNFINISHED_PLACE and tokens[0].lower() not in _NAMED_VENUE):
        return end
    count = len(tokens)
    while count < PLACE_WORDS_MAX and (following := _PLACE_NEXT.match(sentence, end)):
        word = following.group(1).lower()
        if word in DAY_WORDS or word in MONTH_WORDS or word == "sumber":
            break
        end, count = following.end(), count + 1
    return end


# A duration of two units is one answer: "rata-rata 3 menit 40 detik" is not "40 detik", nor "3 menit".
_DURATION_HEAD = re.compile(r"\d+(?:,\d+)?\s+(?:jam|menit)\s+(?:dan\s+)?$", re.IGNORECASE)
_DURATION_TAIL = re.compile(r"\s+(?:dan\s+)?\d+(?:,\d+)?\s+(?:menit|detik)\b", re.IGNORECASE)
_DURATION_UNIT = re.compile(r"\b(?:jam|menit|detik)$", re.IGNORECASE)


def whole_duration(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The duration at ``sentence[start:end]`` with its other unit: "40 detik" -> "3 menit 40 detik", "2 jam" -> "2 jam
    15 menit" (a unit smaller than the first follows it)."""
    if not _DURATION_UNIT.search(sentence, start, end):
        return start, end
    if head := _DURATION_HEAD.search(sentence, max(0, start - 24), start):
        start = head.start()
    if (tail := _DURATION_TAIL.match(sentence, end)) and _smaller(sentence[start:end], tail.group()):
        end = tail.end()
    return start, end


def _smaller(first: str, second: str) -> bool:
    order = ("jam", "menit", "detik")
    units = [next((u for u in order if u in text.lower().split()[-1:]), None) for text in (first, second)]
    return None not in units and order.index(units[1]) > order.index(units[0])


_WORD = re.compile(r"\S+")


def without_asked_names(sentence: str, start: int, end: int, question: str, is_person: Callable[[str], bool] | None
                        ) -> tuple[int, int]:
    """The phrase at ``sentence[start:end]`` without the question's own subject run on at its edges: "Ireda) Sumarni" ->
    "Sumarni" for "Siapa Ketua Umum ... (PB Ireda)?" and, given ``is_person``, "Kupang Yohanes Bata" -> "Kupang" for "Di
    kabupaten mana Yohanes Bata menjabat sebagai ketua KPU?". A trailing run goes only when it is a person's name that
    follows another name's word, not a place word or a comma: "Aula Kantor KPU Kabupaten Tebo" keeps its "Tebo"."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(sentence[start:end])]
    if len(words) > 1 and words[0][2].endswith(")") and _asked(words[0][2].strip("()"), question):
        start = words[1][0]
        words = words[1:]
    for cut in range(1, len(words) if is_person else 0):
        run = " ".join(word for _, _, word in words[cut:])
        before = words[cut - 1][2]
        kept = [word for _, _, word in words[:cut]]
        # A full name of two words or more: one word may be a region's used as an adjective ("the Dumai candidates"); and
        # no acronym, a body's ("KIP Simeulue").
        person = cut < len(words) - 1 and is_person(run) and not _ACRONYM.search(run) and words[-1][2].lower() not in COMPASS_WORDS
        if (person and _asked(run, question, whole=True) and before[-1].isalnum() and before[0].isupper()
                and before.lower() not in _UNFINISHED_PLACE and not all(word.isupper() and len(word) <= 3 for word in kept)):
            return start, words[cut - 1][1]
    return start, end


def _asked(words: str, question: str, whole: bool = False) -> bool:
    """Whether the question writes ``words``; ``whole``: as the whole of a run of capitalised words there (the "Yohanes
    Bata" of "mana Yohanes Bata menjabat", not the "Sejarah" of "Museum Sejarah Pemilu")."""
    for match in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", question) if words else ():
        if not whole or not (_CAPITALISED_BEFORE.search(question, 0, match.start()) or _CAPITALISED_AFTER.match(question, match.end())
                             or _REGION_BEFORE.search(question, 0, match.start()) or _REGION_AFTER.match(question, match.end())):
            return True
    return False


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w-]* $")
_CAPITALISED_AFTER = re.compile(r" [A-Z]")
# The question writes it as the region asked about ("KIP Simeulue", "di Sleman", "the 2024 Lamongan regent election"),
# which a venue's name ends on ("Ballroom Hotel Mahkota Lamongan"): after the words ``Question`` asks a region with, or
# another office or preposition.
_REGION_BEFORE = re.compile(rf"\b(?:{REGION_BEFORE}|kab|bawaslu|bupati|wali ?kota|gubernur|provinsi|pil\w+|dari|ke|at|from)\s+$",
                            re.IGNORECASE)
_REGION_AFTER = re.compile(r"(?:'s|\s+(?:regency|regent|city|mayor\w*|province|provincial|governor\w*|district|election|"
                           r"pilkada|pilbup|pilwalkot|pemilu|kpu))\b", re.IGNORECASE)


# Election nouns of two words: "sembilan surat" counts ballots only with its "suara".
_HALF_NOUN = re.compile(r"\b(?:surat|kotak|bilik)$", re.IGNORECASE)
_SUARA = re.compile(r" suara(?![^\W_])")


# A classifier counts the noun after it: "27 unit" of what? "27 unit longboat", "6 unit kamera CCTV".
_CLASSIFIER = re.compile(r"\b(?:unit|buah)$", re.IGNORECASE)
_CLASSIFIED = re.compile(r" ([^\W\d_][\w-]*)(?: ([A-Z]{2,6}))?(?=[\s,.;:)]|$)")
_NOT_CLASSIFIED = STOPWORDS | {"milik"}  # "14 unit yang disewa", "3 unit milik TNI"


def noun_end(sentence: str, start: int, end: int) -> int:
    """"9 surat" -> "9 surat suara" when the sentence says so; "27 unit" -> "27 unit longboat"."""
    if _CLASSIFIER.search(sentence[start:end]):
        noun = _CLASSIFIED.match(sentence, end)
        return noun.end() if noun and noun.group(1).lower() not in _NOT_CLASSIFIED else end
    second = _SUARA.match(sentence, end) if _HALF_NOUN.search(sentence[start:end]) else None
    return second.end() if second else end


# "117 anggota" of what? The body a count's members belong to, written after them as the acronym the question names or
# spelled out ("117 anggota Panitia Pemungutan Suara (PPS)" for "berapa anggota PPS"), finishes the count.
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_BODY_WORD = re.compile(r" ([A-Z][\w-]*)(?=[\s,.;:]|$)")
_MEMBER_NOUN = re.compile(r"\b(?:anggota|petugas|ketua|calon|personel)$", re.IGNORECASE)  # not "300 siswa SMA"
_MEMBERS_OF = re.compile(r" anggota(?= [A-Z])")  # "612 calon anggota Panitia Pemilihan Kecamatan"
_BODY_SHORT = re.compile(r" \(([A-Z]{2,6})\)")


def body_end(sentence: str, end: int, question: str) -> int:
    """Where a count's members end with the body the question names after them ("Berapa anggota PPS ...?")."""
    asked = {acronym.lower() for acronym in _ACRONYM.findall(question)}
    if not asked or not _MEMBER_NOUN.search(sentence, 0, end):
        return end
    members = _MEMBERS_OF.match(sentence, end)
    at, initials = members.end() if members else end, ""
    while len(initials) < 6 and (word := _BODY_WORD.match(sentence, at)):
        at, initials = word.end(), initials + word.group(1)[0].lower()
        if len(initials) == 1 and word.group(1).lower() in asked:
            return at  # "117 anggota PPS"
        if len(initials) > 1 and initials in asked:
            short = _BODY_SHORT.match(sentence, at)
            return short.end() if short and short.group(1).lower() == initials else at
    return end


# "Di kelurahan mana saja ...", "which sub-districts ...": every item of "Kelurahan A dan Kelurahan B" answers.
_ASKS_LIST = re.compile(
    r"\b(mana|apa|siapa)\s+(saja|aja)\b|"  # "aja": spoken "saja"
    r"\b(which|what)\s+(?:(?!(?:is|was|are|were|the|an?|do|does|did|has|have|had)\b)[a-z-]+\s+){0,2}[a-z-]{3,}(?<![su]s)s\b"
    r"(?!\s+(is|was)\b)", re.IGNORECASE
)
_LIST_JOIN = re.compile(r"\s*,\s*(?:dan\s+|serta\s+)?|\s+(?:dan|serta)\s+")
_LIST_WORD = re.compile(r"\s+([^\s,.;:()]+)")
_LIST_STOP = frozenset("dan serta yang karena untuk di ke dari pada dengan".split())


def asks_for_list(question: str) -> bool:
    return _ASKS_LIST.search(question) is not None


def list_end(sentence: str, start: int, end: int) -> int:
    """The end of the list the phrase at ``start:end`` opens, when the items repeat its first word
    ("Kelurahan Tugurejo dan Kelurahan Jatibarang", "ruang sejarah, ruang simulasi dan ruang baca"), or
    for places any region word ("Desa Nanga Mau, Kecamatan Kayan Hilir, dan Desa Sungai Ukoi"); never
    before the phrase's own end ("spanduk dan umbul-umbul" stays whole)."""
    # The first item decides what the others look like, whatever part of the list the phrase took
    # ("..., dan Desa", "... dan TPS 01"): the list is followed again from its end.
    inner = _LIST_JOIN.search(sentence, start, end)
    last = inner.start() if inner and inner.start() > start else end
    opening = sentence[start:last].split()
    names, openers = _openers(opening)
    # An item is as long as the first one, one word more at most; a list of names ends at a lower-case word.
    longest = len(opening) + 1
    while (join := _LIST_JOIN.match(sentence, last)) and (
            (opener := _LIST_WORD.match(sentence, join.end() - 1)) and opener.group(1).lower() in openers
            and (not names or opener.group(1)[0].isupper())):
        last = _item_end(sentence, opener.end(), names, longest)
    return max(last, end)


_JOIN_BEFORE = re.compile(f"(?:{_LIST_JOIN.pattern})$")
_ITEM_WORD = re.compile(r"[^\s,.;:()]+")


def list_start(sentence: str, start: int, end: int) -> int:
    """Where the list holding the phrase at ``start:end`` starts, when the phrase begins at a later item
    ("TPS 05 Desa B dan TPS 01" of "TPS 02 Desa A, TPS 05 Desa B dan TPS 01 Desa C")."""
    opening = sentence[start:end].split()
    names, openers = _openers(opening)
    while join := _JOIN_BEFORE.search(sentence, 0, start):
        # The item before the join: its first word is an opener among the last few words.
        before = list(_ITEM_WORD.finditer(sentence, 0, join.start()))[-(len(opening) + 1):]
        item = next((w.start() for w in before if w.group().lower() in openers and (not names or w.group()[0].isupper())), None)
        if item is None:
            break
        start = item
    return start


def _openers(opening: list[str]) -> tuple[bool, frozenset[str]]:
    """Whether a list's first item is a name, and the words its items open with: its own first word, or any
    region word when that is one ("Desa A, Kecamatan B")."""
    first, names = opening[0].lower(), opening[0][0].isupper()
    return names, REGION_WORDS if names and first in REGION_WORDS else frozenset((first,))


def _item_end(sentence: str, item: int, names: bool, longest: int) -> int:
    """The end of a list item whose first word ends at ``item``."""
    count = 1
    while count < longest and (word := _LIST_WORD.match(sentence, item)):
        token = word.group(1)
        if token.lower() in _LIST_STOP or (names and not (token[0].isupper() or token[0].isdigit())):  # "TPS 05"
            break
        item, count = word.end(), count + 1
    return item


# "Siapa paslon nomor urut 2?", "Who moderated the debate?" (two moderators), "which ticket": the answer is both
# people of "dr. Safrizal Hasan, Sp.PD. dan Cut Nurul Aini, S.H.", whichever of them the phrase model took.
_ASKS_PEOPLE = re.compile(
    r"\b(pasangan|paslon|bapaslon|pairs?|tickets?|slates?|duo|moderator\w*|siapa\s+(saja|aja)|who\s+(are|were))\b", re.IGNORECASE)
_DEGREES_AT = re.compile(DEGREES)
_DEGREE_CUT = re.compile(r"[\s,](?:[A-Z][A-Za-z]{0,3}\.)+[A-Z][A-Za-z]{0,3}$")  # "..., S.Pd" of "..., S.Pd."
# "dr.", "Drs.", "KH.": as written in lower case, capitalised or in capitals
_HONORIFIC_WORD = rf"(?:{alternation(frozenset(f for h in HONORIFICS for f in (h, h.capitalize(), h.upper())))})\."
_HONORIFIC = re.compile(rf"{_HONORIFIC_WORD}$")
_PARTNER_AFTER = re.compile(
    rf"{DEGREES}\s+(?:dan|serta|&)\s+((?:{_HONORIFIC_WORD}\s*)*)([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){{0,4}}){DEGREES}")
_JOIN_BEFORE_NAME = re.compile(rf"(\S){DEGREES}\s+(?:dan|serta|&)\s+(?:{_HONORIFIC_WORD}\s*)*$")
NAME_WORDS = 5  # the most words a partner's name is taken to have


def titled_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """A person's name at ``sentence[start:end]`` with the honorifics written before it and the degrees after
    it, as the release writes them: "Baharuddin Siregar" -> "Drs. Baharuddin Siregar, M.Si."."""
    if sentence[max(0, start - 2):start] == "I " and _BALINESE_NAME.match(sentence, start):
        start -= 2
    if (title := _TITLE_BEFORE.search(sentence, 0, start)) is not None:
        start = title.start(1)
    if (given := _GIVEN_BEFORE_DATUK.search(sentence, 0, start)) is not None:
        start = given.start(1)
    if (datuk := _DATUK_AFTER.match(sentence, end)) is not None:
        end = datuk.end()
    while (before := _HONORIFIC_BEFORE.search(sentence, 0, start)) is not None:
        start = before.start(1)
    if sentence[end:end + 1] == "." and _DEGREE_CUT.search(sentence, start, end):
        end += 1  # "Rr. Sri Wulandari, S.Pd" left off its degree's last full stop
    degrees = _DEGREES_AT.match(sentence, end)
    return start, degrees.end() if degrees else end


# Balinese names begin with "I" (men) before these words, and the phrase model often leaves it off:
# "I Gusti Ngurah Arya Wiradana". Elsewhere a lone "I" is a numeral ("Dapil I").
_BALINESE_WORDS = "Gusti|Dewa|Made|Wayan|Nyoman|Ketut|Putu|Komang|Kadek|Gede|Nengah|Kompiang"
_BALINESE_NAME = re.compile(rf"(?:{_BALINESE_WORDS})\b")
# Regional titles written without a full stop open a name, and the phrase model often leaves them off as common words
# ("Lalu" is also "then"): "Ketua KPU Lombok Tengah, Lalu Ahmad Sarwadi", "Baiq Nurul Hidayati", "Andi Rahmat". Only
# after a comma or another word, so that "Lalu Ahmad menjelaskan" opening a sentence stays as it is.
_TITLE_BEFORE = re.compile(r"(?:,|\b\w+)\s+((?:Lalu|Baiq|Lale|Andi|Raden|Teuku|Tengku|Cut|Ni)"
                           rf"(?:\s+(?:Luh|{_BALINESE_WORDS}))*\s+)$")
# A Minangkabau name carries the title "Dt." (Datuk) inside it: "Zulkifli Dt. Bandaro Sati"; either half may be found.
_GIVEN_BEFORE_DATUK = re.compile(r"\b([A-Z][\w'-]*\s+Dt\.\s*)$")
_DATUK_AFTER = re.compile(r"\s+Dt\.\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}")
_HONORIFIC_BEFORE = re.compile(rf"(?:^|\s)({_HONORIFIC_WORD})\s*$")


def asks_for_people(question: str) -> bool:
    """Whether the question asks for a candidate pair or for several people by role ("moderator", "siapa saja")."""
    return _ASKS_PEOPLE.search(question) is not None


def partner_span(sentence: str, start: int, end: int, is_person: Callable[[str], bool]) -> tuple[int, int]:
    """The person at ``sentence[start:end]`` with the one written beside it by "dan" (either side), the degrees
    and honorifics between them included; the span as it is when no person stands there. The honorifics
    before the pair and the degrees after it are ``titled_span``'s."""
    after = _PARTNER_AFTER.match(sentence, end)
    if after and is_person(after.group(2)):
        return start, after.end()
    join = _JOIN_BEFORE_NAME.search(sentence, 0, start)
    if not join:
        return start, end
    # The partner: the name words before the join ("Pasangan" is none).
    words = sentence[:join.start(1) + 1].split()
    count = 0
    while count < min(NAME_WORDS, len(words)) and name_word(words[-1 - count]) and not _HONORIFIC.match(words[-1 - count]):
        count += 1
    place = count < len(words) and words[-1 - count].lower() in REGION_WORDS  # "Kabupaten Alor dan ..."
    if not count or place or not is_person(" ".join(words[len(words) - count:])):
        return start, end
    first = join.start(1) + 1
    for word in reversed(words[len(words) - count:]):
        first = sentence.rindex(word, 0, first)
    return first, end


# A date of a range or pair ("20 hingga 22 Desember 2022", "Sabtu (16/11/2024) dan Minggu (17/11/2024)"): a
# bracketed or slashed date, or a day with its month; before the join a day alone ("20 hingga 22 Desember").
_FULL_DATE = (rf"(?<![\w/])(?:(?:{DAYS})\s*,?\s*)?(?:\(\s*\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\s*\)|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|"
              rf"\d{{1,2}}\s+(?:{MONTHS})\b(?:\s+\d{{4}})?)")
_RANGE_JOIN = r"\s*(?:-|–|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga|dan)\s*"
_RANGE_AFTER = re.compile(rf"\)?{_RANGE_JOIN}{_FULL_DATE}", re.IGNORECASE)
_RANGE_BEFORE = re.compile(rf"(?:{_FULL_DATE}|(?<![\w/])(\d{{1,2}})){_RANGE_JOIN}(?:(?:{DAYS})\s*,?\s*)?(?:\(\s*|\d{{1,2}}\s+)?$",
                           re.IGNORECASE)
_DAY_BEFORE = re.compile(rf"(?:{DAYS})\s*,?\s*\(\s*$", re.IGNORECASE)
_MONTH = re.compile(rf"\b(?:{MONTHS})\b", re.IGNORECASE)
_CLOSED_FIRST = re.compile(r"[^()]*\)")


def date_range(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The whole range or pair of dates the date at ``start:end`` is one end of, with their day names:
    "22 Desember 2022" of "20 hingga 22 Desember 2022"; "16/11/2024" of "Sabtu (16/11/2024) dan Minggu (17/11/2024)"."""
    after = _RANGE_AFTER.match(sentence, end)
    before = _RANGE_BEFORE.search(sentence, max(0, start - 40), start)
    if before and before.group(1) and not _MONTH.search(sentence, start, end):
        before = None  # "20 hingga" goes with a date that has its month
    # A pair cut through its brackets ("16/11/2024) dan Minggu (17/11/2024") is given whole all the same.
    cut = _CLOSED_FIRST.match(sentence, start, end) is not None and sentence[:start].rstrip().endswith("(")
    if not after and not before and not cut:
        return start, end
    end = after.end() if after else end
    start = before.start() if before else start
    if (day := _DAY_BEFORE.search(sentence, max(0, start - 12), start)) is not None:
        start = day.start()  # "Sabtu (" before a bracketed date
    elif cut:
        start = sentence.rindex("(", 0, start)
    if sentence[start:end].count("(") > sentence[start:end].count(")") and sentence[end:end + 1] == ")":
        end += 1
    return start, end


# "19.30 hingga 21.45 WIB", "08.00–16.00 WIB": a range of hours, whose first time answers "jam berapa ... dimulai".
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}(?=\s*(?:hingga|sampai|s\.\s?d\.?|[–-])\s*(?:pukul\s+)?\d{1,2}[.:]\d{2})", re.IGNORECASE)


def range_start(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The first time of the range of hours the phrase at ``sentence[start:end]`` gives; the phrase when it gives none."""
    first = _TIME_RANGE.search(sentence, start, end)
    return (first.start(), first.end()) if first else (start, end)


# A theme, title or slogan is written in quotation marks after the word that names it (`mengusung tema "Penguatan
# Ekonomi Pesisir, Pelayanan Publik dan Tata Kelola Pemerintahan"`) and is often longer than a candidate span may be.
_NAMED_QUOTE = re.compile(r"\b(?:tema|bertema|tajuk|bertajuk|judul|berjudul|slogan|jargon|mott?o|tagline|tagar|nama|bernama|"
                          r"julukan|sebutan)\s*:?\s*[\"“]([^\"”]{1,250})[\"”]", re.IGNORECASE)


def quoted_name(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The whole quoted theme, title or slogan the phrase at ``sentence[start:end]`` stands in; the phrase itself
    when it stands in none."""
    for match in _NAMED_QUOTE.finditer(sentence):
        if match.start(1) <= start and end <= match.end(1):
            return match.span(1)
    return start, end
