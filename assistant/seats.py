"""Which seat of a candidate pair a person question asks, the head (regent, mayor, governor) or the deputy, and which a
name holds where a release writes the pair: "menetapkan pasangan nomor urut 3, Drs. H. Raja Zulkarnain, M.M., dan Nurul
Fitriani Abbas, S.E., sebagai bupati dan wakil bupati terpilih", "pasangan Stevanus Rompas-Meiske Lumowa". Releases name
the head first; "Siapa wakil bupati terpilih?" asks the second name, "siapa yang bakal jadi wali kota?" the first.
"""
from __future__ import annotations

import re

from .bodies import HEAD_WORDS
from .text import DEGREES, HONORIFICS

# Added to the name in the asked seat and taken from the one in the other (as span_rules.CHAIR_BONUS).
SEAT_BONUS = 3.0

_DEPUTY_ASKED = re.compile(r"\b(?:wakil\s+(?:bupati|wali\s?kota|walikota|gubernur)|wabup|wawali|wagub|"
                           r"(?:deputy|vice)(?:[- ](?:regent|mayor|governor))?|running\s+mate|berpasangan\s+dengan|pendamping\w*|"
                           r"mendampingi)\b", re.IGNORECASE)
_HEAD_ASKED = re.compile(rf"\b(?:{HEAD_WORDS})\b", re.IGNORECASE)
# The head is asked only of the pair that won or stands: "Siapa Bupati Wonosobo yang meneken NPHD?" asks the sitting one.
_ELECTION_ASKED = re.compile(r"\b(?:terpilih|elect(?:ed)?|won|menang|pemenang|(?:men)?jadi|become|becomes|will be|ditetapkan\s+sebagai)\b",
                             re.IGNORECASE)
# A pair written around a name: "<name>, dan <name>", "<name>-<name>", "<name> & <name>".
_JOINED = r"\.?\s*,?\s*(?:dan|&|–|—|-)\s*"
_TITLES = rf"(?:(?i:{'|'.join(HONORIFICS)})\.\s*)*"
_NEXT_NAME = re.compile(DEGREES + _JOINED + _TITLES + r"[A-Z]")
_PREVIOUS_NAME = re.compile(r"[A-Za-z.]" + _JOINED + _TITLES + r"$")
_PAIR_WRITTEN = re.compile(r"\b(?:pasangan|paslon|calon|terpilih)\b", re.IGNORECASE)
# The whole pair asked ("Siapa pasangan calon terpilih?"): no seat is set apart ("berpasangan dengan" is no match).
_PAIR_ASKED = re.compile(r"\b(?:pasangan|paslon|pair|ticket|duo)\b", re.IGNORECASE)
# The head a deputy is asked beside: "berpasangan dengan Ir. Sulaiman Ahmad", "Petrus Aran Juk's running mate".
_PARTNER = re.compile(r"\b(?:berpasangan|dipasangkan|mendampingi|running\s+mate\s+of|paired\s+with|partner\s+of)\s+(?:dengan\s+)?"
                      r"((?:(?:[A-Z][\w.]*|dan|bin|binti)\s*)+)|((?:[A-Z][\w.]*\s+)+)\w*'s\s+running\s+mate")


def asked_partner(question: str) -> frozenset[str]:
    """The name words of the head a deputy is asked beside; empty when the question names none."""
    match = _PARTNER.search(question)
    names = (match.group(1) or match.group(2)) if match else ""
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{3,}", names))


def asked_seat(question: str) -> str | None:
    """"deputy" or "head" when a person question asks one seat of a candidate pair; None otherwise (or the whole pair)."""
    if _PAIR_ASKED.search(question):
        return None
    deputy = _DEPUTY_ASKED.search(question) is not None
    head = _HEAD_ASKED.search(_DEPUTY_ASKED.sub(" ", question)) is not None
    if deputy and not head:
        return "deputy"
    if head and not deputy and _ELECTION_ASKED.search(question):
        return "head"
    return None  # neither, or both ("candidates for regent and deputy regent")


def seat_written(text: str, start: int, end: int) -> str | None:
    """The seat the name ``text[start:end]`` holds in a pair the sentence writes: the first of two names joined by "dan"
    or a dash is the head, the second the deputy; None for a name in no pair."""
    if not _PAIR_WRITTEN.search(text):
        return None
    if _NEXT_NAME.match(text, end):
        return "head"
    if _PREVIOUS_NAME.search(text, max(0, start - 20), start):
        return "deputy"
    return None


def seat_delta(asked: str | None, partner: frozenset[str], text: str, start: int, end: int) -> float:
    """What a name gains for holding the asked seat of a pair (beside the asked head, if any), or loses for holding the
    other."""
    written = seat_written(text, start, end) if asked else None
    if written == "deputy" and partner and not partner & {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text[max(0, start - 80):start])}:
        return -SEAT_BONUS  # another pair's deputy
    return 0.0 if written is None else SEAT_BONUS if written == asked else -SEAT_BONUS
