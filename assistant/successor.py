"""Who took over a post: "Siapa pengganti anggota PPS Desa Matua?", "Who took over the seat of the dismissed Air Buaya
PPK member?". Releases on a dismissal or a resignation name the one who leaves and the one who takes over, often for
several posts in one sentence ("Fadli Tasijawa, S.Pd., untuk PPK Waeapo dan Nurhayati Besan, S.E., untuk PPK Air
Buaya", "Posisi Yusuf digantikan Rahmat Hulopi, S.E.", "Meyti Lalamentik, S.Pd., dilantik menggantikan Yulius
Tamboto"). A person written as the one who takes over gains SUCCESSOR_BONUS, the one replaced loses it; a person
written with the asked post's place gains POST_BONUS, with another place's loses it (``span_rules.adjust``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import REGION_WORDS

SUCCESSOR_BONUS = 3.0
POST_BONUS = 4.0

_ASKED = re.compile(r"\b(pengganti(?!an)\w*|menggantikan|gantiin|replac(?:e|ed|es|ing|ement)\b(?! of)|"
                    r"took over|take over|taking over|fill(?:ed|s)? (?:the |his |her |their )?(?:seat|spot|place|post|vacancy)|"
                    r"succeeded|PAW|antarwaktu)\b", re.IGNORECASE)
# Questions about the commissioner who explained or swore in the replacements ask no successor.
_OFFICIAL_ASKED = re.compile(r"\b(komisioner|commissioner|divisi|division|ketua KPU|chairs?|heads?|led|melantik|swore in|"
                             r"menjelaskan|explain\w*|ngurus|spoke|bicara)\b", re.IGNORECASE)
_POST_WORDS = r"PPS|PPK|PPD|KPPS|Desa|Kelurahan|Kecamatan|Distrik|Kampung|Lembang|Nagari|Gampong"
_NAME = r"[A-Z][\w'-]*"
_POST_ASKED = re.compile(rf"\b(?:{_POST_WORDS})\s+((?:{_NAME}\s*){{1,3}})|"
                         rf"((?:{_NAME}\s+){{1,3}})(?:PPS|PPK|PPD|village|(?:sub-?)?district)\b")
# "Posisinya digantikan peserta dengan peringkat berikutnya, Maria Goreti Tuturop"; "ditetapkan sebagai PAW, <name>".
_TAKES_OVER_BEFORE = re.compile(r"\b(?:digantikan|diganti|diisi|ditempati|pengganti(?:nya)?|antarwaktu(?: \(PAW\))?|diangkat|"
                                r"mengangkat|ditunjuk|menunjuk)\b(?-i:[^.;A-Z]{0,50}?(?:,|\byakni|\byaitu|\badalah|\boleh))?\s*$",
                                re.IGNORECASE)
_TAKES_OVER_AFTER = re.compile(rf"[^.;]{{0,30}}?\bmenggantikan\s+((?:{_NAME}\s*){{0,3}})", re.IGNORECASE)
_REPLACED_BEFORE = re.compile(r"\bmenggantikan\s+$", re.IGNORECASE)
_REPLACES = re.compile(rf"\bmenggantikan\s+((?:{_NAME}\s*){{1,3}})")
_POST_WRITTEN = re.compile(r"\b(?:untuk|dari|di|bagi|sebagai)\s+(.*)", re.IGNORECASE)
_PART_BREAK = re.compile(r"\s+(?:dan|serta|sedangkan)\s+|;|\.\s")
_NOT_A_PLACE = frozenset("pps ppk ppd kpps anggota ketua pilkada pemilu pemilihan pilbup pilwalkot pilwako pilgub".split()) | REGION_WORDS


@dataclass(frozen=True)
class Post:
    """What a question asking who took over a post names: the post's place and the words of anyone it names (the one who
    left, "kursi Andi Firmansyah")."""

    places: frozenset[str]
    named: frozenset[str]


def asked_post(question: str) -> Post | None:
    """None when the question does not ask who took over a post."""
    if not _ASKED.search(question) or _OFFICIAL_ASKED.search(question):
        return None
    places: set[str] = set()
    for match in _POST_ASKED.finditer(question):
        places.update(w.lower() for w in (match.group(1) or match.group(2)).split())
    named = {w.lower() for w in re.findall(_NAME, question)[1:]} - places
    return Post(frozenset(places - _NOT_A_PLACE), frozenset(named - _NOT_A_PLACE))


def successor_delta(post: Post, text: str, start: int, end: int) -> float:
    """What the person ``text[start:end]`` gains for being written as the one who takes over (the asked post's)."""
    before = text[max(0, start - 80):start]
    replaced = _TAKES_OVER_AFTER.match(text, end)
    delta = 0.0
    if _REPLACED_BEFORE.search(before) or _words(text[start:end]) & post.named:
        delta -= SUCCESSOR_BONUS  # "menggantikan Yulius Tamboto", or the one the question names: the one who left
    elif replaced and _words(replaced.group(1)).isdisjoint(post.named) and _replaces_named(post, text):
        delta -= SUCCESSOR_BONUS  # "Rivaldo Pandeirot menggantikan Ferdinand Essing" where Yulius Tamboto's post is asked
    elif replaced or _TAKES_OVER_BEFORE.search(before):
        delta += SUCCESSOR_BONUS
    if post.places:
        written = _post_written(text[end:end + 70]) or _post_written(_PART_BREAK.split(before)[-1])
        if written:
            delta += POST_BONUS if written & post.places else -POST_BONUS
    return delta


def _replaces_named(post: Post, text: str) -> bool:
    """Whether the sentence writes someone taking over from a person the question names ("menggantikan Yulius Tamboto")."""
    return any(_words(m.group(1)) & post.named for m in _REPLACES.finditer(text))


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(_NAME, text))


def _post_written(part: str) -> frozenset[str]:
    """The place names of the post a person's part of the sentence writes ("untuk PPK Air Buaya" -> air, buaya)."""
    part = _PART_BREAK.split(part)[0]
    match = _POST_WRITTEN.search(part)
    if match is None:
        return frozenset()
    return frozenset(w.lower() for w in re.findall(_NAME, match.group(1))) - _NOT_A_PLACE
