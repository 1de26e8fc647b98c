"""The fine answer type of a question ("count", "money", "date", "person", ...): which phrases may answer it at all.

Read from the question's wording and its ``question.QuestionInfo`` (the coarse kind and head nouns the phrase model
knows), once, when ``question.analyse`` makes the ``Question`` record."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .question_kind import PERSON_HEADS
from .text import REGION_WORDS, counted_kind, root, words

if TYPE_CHECKING:
    from .question import QuestionInfo

# The answer types a short answer can have. The phrase model knows coarser kinds (``question_type``:
# number, date, ...); the finer type decides which phrases are allowed at all: a count is never a
# date fragment or a percentage, an amount of money carries "Rp", a person is not a unit's name.
ANSWER_TYPES = ("count", "number", "percent", "money", "date", "time", "year", "person", "place", "abbr", "what", "reason",
                "manner")
# "Mengapa ...?", "Why ...?": no short answer, but the cause a sentence gives (``span.reason_phrase``).
_REASON = re.compile(r"\s*(mengapa|kenapa|why)\b", re.IGNORECASE)
# "How do ... move the ballots ...?", "Bagaimana cara ...?": the means a sentence names (``span.manner_phrase``).
# Not "how was the turnout": "how were the voters *told*", "how are ballots *distributed*" ask for a means.
_MANNER = re.compile(
    r"\s*(how\s+(do|does|did|can|could|will|would|should|must)|bagaimana\s+cara(nya)?|"
    r"how\s+(is|are|was|were)\s+(\w+\s+){0,6}?(\w+ed|told|given|sent|brought|taken|paid|chosen|shown|known|kept))\b",
    re.IGNORECASE)

_PERCENT = re.compile(
    r"\b(berapa\s+(\w+\s+)?(persen|persentase|%)|persentase\w*|prosentase|tingkat (partisipasi|kehadiran)|angka partisipasi|"
    r"berapa\s+(\w+\s+)?partisipasi|partisipasi\w*\s+([^\s?]+\s+){0,4}berapa|"
    r"what (percentage|percent|share|proportion|rate|fraction)|fraction of|how many percent|percentage|turnout|participation rate|"
    # "how much ..., in percent?", "... as a share?", "what portion of the budget", "the e-KTP recording rate"
    # (not "what takes the biggest share of ...": a thing)
    r"in percent|as a (share|proportion)|(?<!biggest )(?<!largest )(share|portion|proportion|slice) of|vote share|"
    r"(completion|recording|damage|attendance|pass|response) rate|"
    # "How far along was the folding?", "how far had coklit progressed?", "how much of the work had been done?": progress.
    r"how far along|how far (had|has|have|did)\b[^?]*\bprogress\w*|"
    r"how much of (the|its|their|[\w-]+'s)\b[^?]*\b(done|finished|completed|delivered|folded|sorted|packed|checked|verified)|"
    # Spare ballots are printed at a share of the voter roll ("2,5 persen"); a job's progress, a reading's accuracy, a
    # record's coverage, a nomination threshold and a group's portion of the roll are shares too.
    r"(spare|extra|reserve) (ballot )?margin|margin\b[^?]*\b(on top of|above) (the|each|its)\b|"
    r"what(?: (is|was)|'s)\b[^?]*\b(progress|accuracy|coverage)|out of every hundred|"
    r"berapa (\w+ )?porsi|porsi\w* berapa|ambang batas pencalonan)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"\b(anggaran|dana|biaya|honor\w*|hibah|nphd|rupiah|rp|uang|duit|nilai(nya)? (hibah|anggaran|kontrak|penawaran|tender)|"
    r"budget\w*|saldo|modal|sumbangan|donasi|bunga|cash|allowances?|donations?|"
    r"jasa giro|upah|gaji\w*|digaji|"
    r"belanja|pengeluaran|plafon|bayaran|dibayar|insentif|tarif|ongkos|sewa|harga|santunan|kompensasi|iuran|premi|pagu|hps|price|"
    r"compensation|payouts?|payments?|premiums?|contributions?|"
    r"funds?|funding|money|cost\w*|grant\w*|rupiahs?|spend\w*|spent|paid|pay|allocat\w*|worth|earn\w*|salary|wages?|fees?|paying|"
    r"(shell|fork|splash)(s|es|ed)? out|cough(s|ed)? up)\b",
    re.IGNORECASE,
)
# An English "how much" or "what is the most" whose verb is one of giving or getting asks for money ("how much
# did the regency give ...", "the most a donor may give"), unless it names another thing ("how much time ...").
_MONEY_VERBS = re.compile(
    r"\b(give|gave|given|receive[sd]?|get|gets|got|donat\w*|ask(s|ed)? for|request(s|ed)?|transferr?(ed)?|disburs\w*|"
    r"hand(s|ed)? over|take home|takes home|took home|set aside|earmark(s|ed)?|contribut\w*|charge[sd]?)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\s*what (amount|(is|was) the (most|maximum|minimum))\b", re.IGNORECASE)
# "What's the most one person can chip in / a pair may spend?": a limit in rupiah, whoever the sentence names (after a
# clause: "In the 2024 Parepare mayoral race, what is the most ...").
_MOST_GIVEN = re.compile(
    r"\s*(?:[^?,]*,\s*)?what(?:'s|\s+(?:is|was))\s+the\s+(?:most|maximum|minimum)\b(?!\s+(?:common|frequent|popular|usual|often))[^?]*?"
    r"\b(?:give|spend|chip in|donate|contribute|pay|raise)\b", re.IGNORECASE)
# "What was the average post-test score ...?", "what is the total number of voters ...?": a figure, asked with "what"
# (not "the number of the decree": a document's number, nor "the largest number of seats": a party).
_WHAT_SCORE = re.compile(r"\s*what(?:'s|\s+(?:is|was|were))?\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:average|mean|top|highest|lowest)\s+"
                         r"(?:[\w-]+\s+){0,2}?scores?\b", re.IGNORECASE)
_WHAT_NUMBER_OF = re.compile(
    r"\s*(?:after [^,]*,\s*)?what(?:'s|\s+(?:is|was|were))\s+(?:the\s+|[\w-]+'s\s+)?(?:total|peak|provisional|overall|final)?\s*"
    r"(?:number of (?!the\b|a\b|its\b)|(?:[\w-]+\s+){0,3}?voter(?:\s+list)?\s+total\b)", re.IGNORECASE)
# "Dapat sumbangan dari berapa *penyumbang*?", "... dari berapa orang donatur?": a count of the givers.
_COUNTED_AFTER = re.compile(r"\s+(penyumbang|donatur|orang|pihak|perusahaan|badan usaha|transaksi)\b", re.IGNORECASE)
# "Berapa lama akuntan memeriksa laporan dana kampanye?", "berapa kali rapat membahas anggaran?": days or times, not money.
_NOT_MONEY = re.compile(r"\b(berapa lama|how long|berapa kali|how many times|how often)\b", re.IGNORECASE)
# "What does KPU pay for each chopper trip?": an amount, though asked with "what".
_WHAT_PAID = re.compile(r"\s*what (do|does|did|will|would)\b.*\b(pay|paid|charge|cost\w*|spend|earn|shell out|take home)\b", re.IGNORECASE)
# "What is the total sum KPU Manokwari Selatan set aside ...", "What piece rate did ... earn?": an amount named by the
# noun the question opens with, where the head-noun reading goes past it into a relative clause ("selatan") or finds
# a noun ("rate") that is not money alone. Not "What was the budget used for?": what it paid for.
_WHAT_IS_AMOUNT = re.compile(
    r"\s*(what(?:'s|\s+(?:is|was|are|were|will\s+be))\s+the\s+(?:[\w-]+\s+){0,3}?(?:budget|cost|sum|spending\s+(?:limit|cap)|"
    r"(?:piece|hourly|daily|charter|rental|unit)\s+rate|fee|price|grant|allowance|honorari(?:um|a)|wage|salary)s?|"
    r"what\s+(?:piece|hourly|daily|charter|rental|unit)\s+rate)\b(?![^?]*\b(?:for|on)\s*\?)", re.IGNORECASE)
# "nyiapin duit berapa ...", "habis berapa KPU ... buat ...": how much was spent.
_MONEY_THEN_HOW_MUCH = re.compile(rf"({_MONEY.pattern}|\b(habis|menghabiskan|ngabisin|keluar|mengeluarkan|ngeluarin))\s+(\w+\s+)?berapa",
                                  re.IGNORECASE)
_PLACE_HEADS = frozenset(root(w) for w in REGION_WORDS | {"jalan"} | frozenset(
    "district sub-district subdistrict village regency city province island street road tps station stations "
    "route field home hall camp shelter post square market port harbour harbor airport campus prison warehouse "
    "mosque church stadium park room river sungai dapil".split()))
# Not "harga": its crude root is also that of "penghargaan" (an award).
_MONEY_HEADS = frozenset(root(w) for w in (
    "anggaran dana duit biaya honor honorarium hibah upah gaji insentif tarif ongkos budget budgets cost costs fee "
    "fees salary salaries wage wages price grant grants funding funds allowance santunan kompensasi compensation "
    "payout pay payment iuran premi premium contribution contributions pagu hps "
    # "the campaign spending limit", "the total bill", "the price tag", "the opening balance", "the contract value"
    "limit cap bill tag income expenditure expenditures balance value").split())
# "berapa TPS", "how many helicopters": a count of things. "berapa selisih", "how large was the gap"
# ask for some quantity ("number"), which may be a percentage.
# Past "berapa *sih*": a filler; not "berapa *sebulan*", "berapa *buat* ...", "berapa *isi* rekening": a period, a
# preposition or an amount's content counts nothing; nor the filler itself ("berapa sih sebulan?" asks an amount).
_FILLERS = r"sih|ya|aja|saja|nih|dong|deh|sebenarnya"
_COUNT = re.compile(
    rf"\b(how many|seberapa banyak\s+[a-z]\w*|berapa\s+(?:(?:{_FILLERS})\s+)?(banyak\s+|jumlah\s+|total\s+)?"
    r"(?!persen|selisih|tingkat|besar|lama|jauh|nilai|angka|rata|kali)"
    rf"(?!(?:buat|untuk|dari|ke|di|per|total|isi|jasa giro|se(?:bulan|hari|minggu|tahun)|{_FILLERS})\b)"
    r"[a-z]\w*|jumlah)\b",
    re.IGNORECASE,
)
# "What was the cap on backers each pair could bring?", "how big can the crowd get?": people, though "cap" and "get"
# mostly ask for money.
_CROWD = re.compile(r"\b(cap|limit|ceiling|maximum|how big)\b[^?]*\b(backers|supporters|crowd|attendees|audience|spectators|"
                    r"participants|sympathi[sz]ers|guests)\b|\bheadcount\b", re.IGNORECASE)
# "By what margin did the winning ticket beat its rival?": votes, or a share of them; not a thing.
_MARGIN = re.compile(r"\b(by what margin|what (is|was|'s) the (vote |winning |victory )?margin)\b", re.IGNORECASE)
# "Dokumen apa yang wajib diserahkan paling lambat 21 hari sebelum pelantikan?", "What penalty does a pair face if it
# misses the deadline?": a thing, though a deadline is named; "kapan", "when", "apa tenggat ..." ask for the date.
_DEADLINE = re.compile(r"\b(batas waktu\w*|paling lambat|tenggat\w*|deadlines?)\b", re.IGNORECASE)
_DATE_ASKED = re.compile(r"\b(kapan|tanggal|hari apa|when|(what|which) (exact )?(dates?|days?|time)|by what|"
                         r"(apa|what|which)((?: (?:is|was)|'s) the)? (tenggat|batas waktu|deadline)\w*|"
                         r"(tenggat|batas waktu|deadline)\w* (apa|what))\b", re.IGNORECASE)
_PERCENT_SAID = re.compile(r"\b(berapa (\w+ )?persen|(dalam|in) persen|in percent|what percentage|how many percent)\b", re.IGNORECASE)
# "What's the latest date ...?", "During what period could people sign up?": a date, or two.
_DATE_NAMED = re.compile(r"\b((latest|earliest|last|first) (possible )?(date|day)|what period|which period)\b", re.IGNORECASE)
# "Dana santunan itu sumbernya dari mana?", "Where did KPU get its data on voters who had died?": a source (the APBN,
# civil registry records), seldom a place; "On whose recommendation was the re-vote held?": a body's recommendation.
_SOURCE_ASKED = re.compile(r"\b(asal|sumber)(nya)?\s+(dari\s*)?mana|\bdari\s*mana\b[^?]*\b(asal|sumber|data)|"
                           r"\b(dapat|mendapat\w*|memperoleh|diperoleh)\b[^?]*\bdari\s*mana\b|"
                           r"\bdari\s*mana\b[^?]*\b(dapat|mendapat\w*|memperoleh|diperoleh)\b|\bwhere\b[^?]*\b(come|comes|came) from\b|"
                           r"\bwhere (does|did|do)\b[^?]*\b(get|gets|got|obtain\w*)\b[^?]*\b(information|data|money|funds?|figures?)\b",
                           re.IGNORECASE)
_WHOSE_ADVICE = re.compile(r"\b(on|at|upon) whose (recommendation|advice|request|instruction|orders?|suggestion)", re.IGNORECASE)
_THING_ASKED = re.compile(r"\b(apa|what|which)\b", re.IGNORECASE)
_WHICH_BEFORE_WHO = re.compile(r"(?:(?!\b(?:siapa|who)\b).)*\b(which|mana)\b", re.IGNORECASE)
_RUPIAHS = re.compile(r"rupiahs?|rp", re.IGNORECASE)
_TIME = re.compile(r"\b(pukul berapa|jam berapa|(at )?(what|which) (times?|hours?)|jam (be)?rapa|mulai pukul|how (late|early)|"
                   r"opening hours|cut-?off time)\b", re.IGNORECASE)


_DOCUMENTS = r"(keputusan|sk|surat|putusan|perkara|peraturan|perda|register)"
_DOCUMENT_NUMBER = re.compile(rf"\b(nomor|no\.?) berapa\s+{_DOCUMENTS}\b|\b{_DOCUMENTS}\b(\s+\S+){{0,3}}\s+(nomor|no\.?) berapa\b",
                              re.IGNORECASE)


def answer_type(text: str, info: QuestionInfo | None) -> str | None:
    """The fine answer type of a question (see ANSWER_TYPES), from its wording and ``analyse_question``'s record."""
    if info is None:
        return "reason" if _REASON.match(text) else "manner" if _MANNER.match(text) else None
    kind = info.kind
    if kind == "place" and _SOURCE_ASKED.search(text):
        return "what"
    if kind == "person" and _WHOSE_ADVICE.search(text):
        return "what"
    if kind == "person" and info.heads and info.heads[0] in _PLACE_HEADS and _WHICH_BEFORE_WHO.match(text):
        return "place"  # "Which subdistrict's new PPK members had to ...", "kecamatan mana ... yang ...": not "siapa camat"
    if _TIME.search(text):
        return "time"
    if kind == "date" and _DEADLINE.search(text) and _THING_ASKED.search(text) and not _DATE_ASKED.search(text):
        return "what"
    if _PERCENT_SAID.search(text):
        return "percent"  # "Progres coklit ... seminggu sebelum deadline baru berapa persen?", "How complete, in percent, ...?"
    if kind == "what" and _DATE_NAMED.search(text):
        return "date"
    if kind in ("number", "what") and _MOST_GIVEN.match(text):
        return "money"
    if kind == "what" and _WHAT_SCORE.match(text):
        return "number"
    if kind == "what" and _WHAT_NUMBER_OF.match(text) and not _MONEY.search(text):
        return "count"
    # "Which commissioner reported the turnout ..." is a person question already (question_kind.question_type).
    if kind == "what" and info.heads and info.heads[0] in PERSON_HEADS:
        return "person"  # "apa nama ketua ...", "the name of the journalist ..."
    if kind in ("number", "what") and _PERCENT.search(text):
        return "percent"
    if kind == "what" and _MARGIN.search(text):
        return "number"
    if kind in ("number", "what") and _CROWD.search(text) and not _MONEY.search(text):
        return "count"
    if kind == "what" and info.heads and info.heads[0] in _MONEY_HEADS:
        return "money"  # "what was the budget ...", "apa anggaran ..."
    if kind == "what" and (_WHAT_PAID.match(text) or _WHAT_IS_AMOUNT.match(text)):
        return "money"
    if kind == "what" and any(head in _PLACE_HEADS for head in info.heads):
        return "place"  # "in which Sambas border district ...", "which street ..."
    if kind == "number" and _DOCUMENT_NUMBER.search(text):
        return "what"  # "Nomor berapa keputusan KPU ...?" asks for "Nomor 12 Tahun 2025", as "what is the number of the decree"
    if kind == "number" and _NOT_MONEY.search(text):
        return "count" if _COUNT.search(text) else "number"
    if kind == "number" and (then := _MONEY_THEN_HOW_MUCH.search(text)) and not _COUNTED_AFTER.match(text, then.end()):
        return "money"
    if kind == "number":
        counted = _COUNT.search(text)
        # "Berapa anggota KPPS yang honornya ...", "how many officers were paid": money words further on do
        # not make it an amount; "berapa tambahan uang" is one.
        noun_phrase = " ".join(words(text[counted.end():])[:2]) if counted else ""
        how_many = counted is not None and counted.group(0).lower().startswith("how")
        # "How many donations ...", "how many of the compensation recipients ...": things, unless rupiahs.
        if how_many and info.heads and not _RUPIAHS.fullmatch(info.heads[0]):
            return "count"
        if counted and info.heads and not _MONEY.search(counted.group(0)) and not _MONEY.fullmatch(info.heads[0]) and (
                how_many or not _MONEY.search(noun_phrase) or counted_kind(info.heads[0]) is not None):
            return "count"  # "Ada berapa penyumbang dana kampanye": donors, whatever money word follows
        gives = _MONEY_VERBS.search(text) and (not info.heads or info.heads[0] in _MONEY_HEADS or _AMOUNT.match(text))
        if _MONEY.search(text) or not counted and gives:
            return "money"
        return "count" if counted else "number"
    return kind
