"""A candidate pair's votes asked by its standing: "berapa suara pemenang Pilbup Kutai Barat?", "the runner-up
pair's share". Releases list every pair's votes one after another and the total beside them ("Pasangan A-B meraih
52.318 suara ... nomor urut 1 memperoleh 31.204 suara ... Total suara sah 107.532 suara"), seldom writing
"terbanyak" beside the winner's: the winner's figure is the largest of the pairs' figures, the runner-up's the next.
"""
from __future__ import annotations

import re

from .entities import number_and_noun
from .qualifiers import asks_change

# Added to the pairs' figure of the asked standing and taken from the others' (as beside.SUPERLATIVE_BONUS).
STANDING_BONUS = 4.0

_WINNER = re.compile(r"\b(pemenang|menang|unggul|terpilih|winning|winners?|won the (race|election|vote|contest)|came out on top|"
                     r"came first|first place|victorious|elected (pair|ticket|candidates?)|"
                     r"(regent|mayor|governor)[- ]elect)\b", re.IGNORECASE)
_RUNNER_UP = re.compile(r"\b(runners?[- ]up|second[- ]place|came second|finished second|peringkat kedua|posisi kedua|urutan kedua|"
                        r"terbanyak kedua|kedua terbanyak|juara kedua)\b", re.IGNORECASE)
_GAP_ASKED = re.compile(r"\b(lead|margin|gap|selisih|beda\w*|difference|ahead)\b", re.IGNORECASE)
_VOTES_ASKED = re.compile(r"\b(suara|votes?|ballots|share|persen|percent(age)?)\b", re.IGNORECASE)

_SHARE = re.compile(r"(\d{1,3}(?:,\d+)?)\s*(?:persen|%)")  # "48,65 persen"
# A figure of no one pair: the total, the valid or invalid votes, a gap, a turnout ("Total suara sah tercatat
# 107.532 suara", "suara tidak sah sebanyak 713 suara"), when only words of the same clause stand between.
_NO_PAIRS = re.compile(r"\b(total|jumlah|seluruh\w*|keseluruhan|sah|selisih|beda\w*|partisipasi|kehadiran)\b[^\d.,;]*$",
                       re.IGNORECASE)


def asked_standing(question: str) -> int | None:
    """1 when the winner's votes or share are asked, 2 for the runner-up's; None otherwise, and for a gap between
    pairs ("by how many votes did the winner lead the runner-up?")."""
    if _VOTES_ASKED.search(question) is None or _GAP_ASKED.search(question) or asks_change(question):
        return None
    return 2 if _RUNNER_UP.search(question) else 1 if _WINNER.search(question) else None


def pair_figure(answer_type: str, sentence: str, start: int) -> float | None:
    """The value of the pair's votes ("52.318 suara", a count) or vote share ("48,65 persen" with "suara" before or
    after it, a percent) a phrase starting at ``sentence[start]`` gives; None for any other phrase."""
    if _NO_PAIRS.search(sentence, max(0, start - 60), start):
        return None
    if answer_type == "count":  # "52.318 suara"
        votes = number_and_noun(sentence, start)
        digits = votes[0].replace(".", "") if votes and votes[1] == "suara" else ""
        return float(digits) if digits.isdigit() else None
    share = _SHARE.match(sentence, start)
    if share is None or "suara" not in sentence[max(0, start - 60):share.end() + 25]:
        return None
    return float(share.group(1).replace(",", "."))


def standing_bonuses(standing: int, figures: list[float | None]) -> list[float]:
    """What each phrase gains or loses when the pair of ``standing`` (1 the winner) is asked: ``figures`` are the
    phrases' pair figures (``pair_figure``) in one passage, ranked; nothing unless it gives two pairs' or more."""
    ranked = sorted({f for f in figures if f is not None}, reverse=True)
    if len(ranked) < max(2, standing):
        return [0.0] * len(figures)
    asked = ranked[standing - 1]
    return [0.0 if f is None else STANDING_BONUS if f == asked else -STANDING_BONUS for f in figures]
