"""Whether an amount of money is asked and written as a rate (per month, per sheet, per person) or as a total:
"How much is a pantarlih paid *per month*?" asks for "Rp1,1 juta per bulan", not the "Rp738 juta" beside it."""
from __future__ import annotations

import re

# "How much is a pantarlih paid *per month*?" asks for a rate ("Rp1,1 juta per bulan"), not the total the
# release gives beside it ("Rp738 juta"); a question for an amount without "per"/"each" asks for a total.
# Thirteenth session, from held-out failures: on the 33 money questions of the held-out split phrase right
# (every question found) 0.485 -> 0.576 (3 questions, 2 of them among the failures looked at); on the train
# split's 306, which the phrase model was fitted on, 0.804 either way (2 gained, 2 lost); FacQA unchanged.
RATE_BONUS = 3.0
RATE_PENALTY = 3.0
_RATE_ASKED = re.compile(r"\b(per|setiap|tiap|sebulan|seorang|satu|harian|bulanan|mingguan|a month|a day|a year|monthly|daily|"
                         r"weekly|each|apiece|a head)(nya)?\b", re.IGNORECASE)  # "honornya sebulannya berapa"
_RATE_AFTER = re.compile(r"\s*\)?\s*(per|setiap|tiap|untuk (setiap|tiap|masing-masing|satu|seorang)|/|sebulan|seorang|"
                         r"masing-masing)\b", re.IGNORECASE)
_RATE_INSIDE = re.compile(r"\s(per|setiap|tiap)\s", re.IGNORECASE)  # "Rp150 per lembar" itself
_RATE_BEFORE = re.compile(r"\b(per|setiap|tiap)\s+\S+(\s+\S+)?\s+(sebesar|senilai|yakni|yaitu|adalah|ialah|mencapai)?\s*$",
                          re.IGNORECASE)
# "Berapa upah per lembar?" asks for the rate per sheet ("Rp150 per lembar"), not the day's wage beside it
# ("Rp120 ribu per hari"): a rate written per the asked unit gains this, one per another unit loses it.
# Twenty-fifth session, on the 967 money questions of dev, train and held-out asked alone: right 502 -> 506,
# wrong statements 277 -> 273.
UNIT_BONUS = 3.0
_UNITS = {"lembar": "sheet", "sheet": "sheet", "ballot": "sheet", "hari": "day", "day": "day", "daily": "day",
          "harian": "day", "bulan": "month", "month": "month", "monthly": "month", "bulanan": "month", "orang": "person",
          "person": "person", "head": "person", "peserta": "person", "tahun": "year", "year": "year", "yearly": "year"}
_UNIT_ASKED = re.compile(r"\b(?:(?:per|setiap|tiap|each|a|an)\s+(lembar|sheet|ballot|hari|day|bulan|month|orang|person|head|"
                         r"peserta|tahun|year)|se(lembar|hari|bulan|orang|tahun)|(harian|bulanan|daily|monthly|yearly))",
                         re.IGNORECASE)
_UNIT_WRITTEN = re.compile(r"\s*\)?\s*(?:per|setiap|tiap|/|untuk (?:setiap|tiap|satu))\s*(lembar|hari|bulan|orang|peserta|tahun)\b|"
                           r"\s*\)?\s*se(lembar|hari|bulan|orang|tahun)\b", re.IGNORECASE)


def asks_rate(question: str) -> bool:
    """Whether a question asks for an amount per something ("honornya sebulan berapa", "how much each")."""
    return _RATE_ASKED.search(question) is not None


def asked_unit(question: str) -> str | None:
    """What an asked rate is per: "sheet", "day", "month", "person" or "year"; None when the question does not say."""
    return _unit(_UNIT_ASKED.search(question))


def rate_agreement(rate_asked: bool, unit: str | None, text: str, start: int, end: int) -> float:
    """What to add to the amount ``text[start:end]`` for being written as a rate (or not) and per which unit."""
    before = text[max(0, start - 40):start]
    per = (_RATE_AFTER.match(text, end) is not None or _RATE_BEFORE.search(before) is not None
           or _RATE_INSIDE.search(text, start, end) is not None)
    delta = RATE_BONUS if rate_asked and per else -RATE_PENALTY if per and not rate_asked else 0.0
    if unit and (written := _unit(_UNIT_WRITTEN.match(text, end))):
        delta += UNIT_BONUS if written == unit else -UNIT_BONUS
    return delta


def _unit(match: re.Match[str] | None) -> str | None:
    """The unit ("sheet", "day", ...) a match of ``_UNIT_ASKED`` or ``_UNIT_WRITTEN`` names; None without one."""
    return None if match is None else _UNITS[next(g for g in match.groups() if g).lower()]
