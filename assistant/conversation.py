"""A chat's earlier questions -> the context a follow-up question is searched with (``retrieval.search``).

A journalist asks several questions about one release, and after the first they stop naming the
region: "Ada berapa aparat yang jagain TPS waktu coblos ulang itu?". Among thousands of releases such a
question alone finds its paragraph first about one time in four; searched together with the last
earlier questions that name a place or person, about three times in four (BENCHMARKS.md, "asked in
turn").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from .question import analyse
from .text import MONTH_NAMES, tokenize

_FOLLOW_UP_START = re.compile(
    r"^(dan|lalu|terus|kemudian|bagaimana dengan|kalau|and|also|what about|how about|then|so)\b", re.IGNORECASE
)
_FOLLOW_UP_REFERENCE = re.compile(r"\b(\w+nya|itu|tersebut|ini|it|its|they|them|that|this|those|there)\b", re.IGNORECASE)
POINTING_BACK_WORDS = 12  # longer questions that say "itu" or "it" usually say what "it" is
# How many of the last earlier questions that name something a follow-up is searched with: the region is
# often named only in the first ("KPU Natuna"), a later one names an island or a person. On 256 chat
# questions (held-out zzzzk-zzzzn, asked in turn) paragraph R@1 0.723 -> 0.754 and R@3 0.879 -> 0.933 with
# two rather than one (three: 0.759 / 0.942).
NAMED_QUESTIONS = 2

# Capitalised words that every region's releases write: election bodies, offices, stages and lists, and
# the calendar. A question that names only these ("Berapa gaji anggota PPK sebulan?") names no release.
_EVERY_RELEASE = frozenset(
    """kpu kip bawaslu dkpp panwaslu panwascam tps tpsu ppk pps kpps ppdp pantarlih ptps pkd dpt dps dpshp dpth dptb dpk
    psu pss sirekap silon sipol sidalih ketua anggota sekretaris divisi komisioner kabupaten kota provinsi desa kelurahan
    kecamatan distrik dprd dpd dpr ri paslon bapaslon nphd apk bimtek coklit rakor ktp ktp-el kk lhkpn ladk lpsdk lppdk
    senin selasa rabu kamis jumat sabtu minggu""".split()
) | frozenset(month.lower() for month in MONTH_NAMES["id"])
_NUMBER = re.compile(r"[\d.,/-]+")
# Acronyms name bodies, tests, documents and parties that many regions' releases write ("tes CAT-nya", "gugatan
# ke MK", "pembahasan dengan TAPD", "KTP-el"), not a release; a region's short name ("NTT") is a name (regions_id.tsv).
_ACRONYM = re.compile(r"\b[A-Z]{2,}(?:-[a-z]+\b)?")


def own_names(question: str) -> frozenset[str]:
    """The names of places, people and bodies a question writes that not every region's releases write
    (tokens; a region asked by a short name, "Beltim", by its full name, as ``Question.names`` holds it)."""
    acronyms = frozenset(tokenize(" ".join(_ACRONYM.findall(question))))
    return frozenset(name for name in analyse(question).names
                     if name not in _EVERY_RELEASE and name not in acronyms and not _NUMBER.fullmatch(name))


def follow_up_context(question: str, history: Sequence[str]) -> str:
    """The earlier question(s) a follow-up leans on, or "" when the question stands on its own.

    A short question that starts like "dan ..."/"and ..." or points back ("selisihnya", "it") leans on
    the question just before it, and a question that names no place, person or body of its own on the
    last NAMED_QUESTIONS earlier questions that do (and on the one before it, when that names none and
    the question points back).
    """
    if not history:
        return ""
    points_back = len(question.split()) <= POINTING_BACK_WORDS and bool(
        _FOLLOW_UP_START.search(question.strip()) or _FOLLOW_UP_REFERENCE.search(question))
    if not points_back and own_names(question):
        return ""
    # From the latest back, stopping at the ones needed: each look is a question analysis.
    named = list(islice((earlier for earlier in reversed(history) if own_names(earlier)), NAMED_QUESTIONS))[::-1]
    if points_back and history[-1] not in named:
        named.append(history[-1])
    return " ".join(named)
