"""The election and the period a question asks about, and whether a release's title says it is about another.

A region's KPU writes about the same work again and again: the voter list every quarter ("Rekapitulasi DPB Triwulan I
2025", "... Triwulan II 2025"), the PPK sworn in for the general election and again for the Pilkada, the ballots of the
2020 and of the 2024 regent election. Such releases share the region's name, their topic's words and often their
sentences, so the ranking alone cannot tell them apart; their titles can. ``retrieval`` passes over the releases whose
title contradicts the question ("In Minahasa's Q2 2025 voter list update" against "... DPB Triwulan I 2025").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
                    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER = re.compile(r"\b(?:triwulan|kuartal|tw)\s*-?\s*(iv|i{1,3}|[1-4]|pertama|kedua|ketiga|keempat)\b|\bq([1-4])\b"
                      r"|\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b", re.IGNORECASE)
# "Pemilihan Umum Kepala Daerah" and "Pemilukada" were the regional elections' names before 2015.
_GENERAL = re.compile(r"\bpemilu\b(?!\s+(?:kepala|kada|bupati|gubernur|wali))|\bpemilihan umum\b(?!\s+kepala)|\bpileg\b|"
                      r"\bpilpres\b|\bgeneral elections?\b|\blegislative\b|\bpresidential\b", re.IGNORECASE)
_REGIONAL = re.compile(r"\bpilkada\b|\bpemilukada\b|\bpil(?:bup|walkot|wako|wali|gub)\b|\b(?:pemilu|pemilihan umum) kepala daerah\b|"
                       r"\bpemilihan (?:bupati|wali ?kota|gubernur|kepala daerah|serentak)\b|\bregent|\bmayor|\bgovernor|"
                       r"\bgubernatorial\b|\b(?:regional|local)(?: head)? elections?\b", re.IGNORECASE)
_ELECTION = (r"(?:(?:pemilu|pemilihan umum|pemilihan) kepala daerah|pemilu\w*|"
             r"pilkada|pil(?:bup|walkot|wako|wali|gub|eg|pres)|pemilihan|elections?|polls?|race|vote)")
# A year that names an election: "Pilbup Bengkalis 2024", "the 2020 regent election"; not "periode 2025-2030".
_ELECTION_YEAR = re.compile(rf"\b{_ELECTION}\s+(?:[\w-]+\s+){{0,3}}((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\s+(?:[\w-]+\s+){{0,2}}{_ELECTION}\b",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """What a text says it is about: quarters of a year (1-4), elections ("general", "regional"), election years."""

    quarters: frozenset[int] = frozenset()
    elections: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()

    def agreement(self, title: str) -> int:
        """-1 when a release's title names a quarter, an election or an election year and none of those asked; 1 when it
        names one asked and contradicts none; 0 otherwise."""
        titled = period_of(title)
        pairs = [(asked, written) for asked, written in
                 ((self.quarters, titled.quarters), (self.elections, titled.elections), (self.years, titled.years)) if asked and written]
        return -1 if any(asked.isdisjoint(written) for asked, written in pairs) else 1 if pairs else 0


def period_of(text: str) -> Period:
    """The quarters, elections and election years a question or a title names."""
    quarters = frozenset(_QUARTER_NUMBERS.get(number.lower(), 0) or int(number) for match in _QUARTER.finditer(text)
                         for number in match.groups() if number)
    elections = frozenset(name for name, pattern in (("general", _GENERAL), ("regional", _REGIONAL)) if pattern.search(text))
    years = frozenset(a or b for a, b in _ELECTION_YEAR.findall(text))
    return Period(quarters, elections, years)
