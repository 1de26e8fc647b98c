"""The bodies a question asks about and a person in a release speaks for: "Ketua *Bawaslu* Kabupaten Agam, <name>" does
not answer "who chairs KPU Agam", nor the KPU chair who signed a grant agreement "who signed for the regency
government" (``span_rules.adjust``)."""
from __future__ import annotations

import re

from .text import root, words

# Written as one word: "Ketua KPU Agam, <name>" does not answer "who chairs Bawaslu Agam" either.
ORGANISATIONS = frozenset(
    "kpu kpud bawaslu panwaslu panwascam dkpp dprd pemkab pemkot pemprov polres polda kodim tni polri disdukcapil".split()
)
# An election's ad-hoc bodies, polling stations, voter lists and re-votes, written in capitals like names: "TPS 003 Desa
# Lakorua" names Lakorua, not a place called TPS (``beside.name_written``).
ELECTORAL_ACRONYMS = frozenset("ppk pps kpps ppd pantarlih ppdp tps dpt dps dpshp dpb dptb dpk pdpb psu".split())

# The regional government as a body, named many ways: "Pemkot", "Pemerintah Kabupaten", "the regency government" in a
# question, and in a signatory's role also by its officers ("Penjabat Bupati", "Sekretaris Daerah Kota ..."). Not
# "bupati" in a question: it names the election ("Pilbup", "bupati terpilih") more often than the body.
_GOVERNMENT = r"pem(kab|kot|prov|da)|pemerintah(an)?\s+(kabupaten|kota|provinsi|daerah)|(regency|city|regional|local|provincial|" \
    r"municipal)\s+(government|administration)|sekda|sekretaris\s+daerah"
# A region's head, as a question names the post ("mewakili Bupati", "for the regent", "siapa bupati terpilih").
HEAD_WORDS = r"bupati|wali\s?kota|walikota|gubernur|regent|mayor|governor"
# Who signed on the head's behalf, or the regency's civil service: the regional government too.
_GOVERNMENT_ASKED = re.compile(rf"\b({_GOVERNMENT}|(?:mewakili|atas\s+nama|on\s+behalf\s+of|for)\s+(?:the\s+)?(?:{HEAD_WORDS})|"
                               r"civil\s+serv\w+)\b", re.IGNORECASE)
_GOVERNMENT_ROLE = re.compile(rf"\b({_GOVERNMENT}|bupati|wali\s?kota|gubernur|penjabat|pj)\b", re.IGNORECASE)
# A body the question names as the other party of an agreement: "signed the grant agreement with KPU Bengkayang on
# behalf of the regency government" asks the regency's signatory.
_OTHER_PARTY = re.compile(r"\b(?:with|dengan|bersama|bareng)\s+(?:the\s+)?(\w+)", re.IGNORECASE)
_SIGNING = re.compile(r"\b(?:sign\w*|\w*[tn]eken\w*|\w*[tn]andatangan\w*|tanda\s+tangan)\b", re.IGNORECASE)


def bodies_named(question: str) -> frozenset[str]:
    """The bodies (``ORGANISATIONS``, and "pemda" for the regional government) a question names, less one it names as the
    other party ("with KPU Bengkayang on behalf of the regency government", "Penjabat Bupati yang meneken NPHD dengan KPU")."""
    named = _roots(question) & ORGANISATIONS
    named = named | {"pemda"} if _GOVERNMENT_ASKED.search(question) else named
    return named - {root(m.group(1).lower()) for m in _OTHER_PARTY.finditer(question)}


def asks_signatory(question: str) -> bool:
    """Whether a question asks who signed (an agreement's signatories speak for one body each)."""
    return _SIGNING.search(question) is not None


def other_organisation(asked: frozenset[str], role: str, signatory: bool = False) -> bool:
    """Whether the role written before a person's name names only bodies other than the ones the question names (both
    must name one). A regent or regional secretary counts as the regional government only when the question asks for
    it or asks who signed: "Siapa Penjabat Bupati yang meneken NPHD dengan KPU?" names KPU, and its answer is no KPU officer;
    "who signed for KPU Rejang Lebong" is not answered by "Bupati Rejang Lebong, <name>"."""
    named = _roots(role) & ORGANISATIONS
    if ("pemda" in asked or signatory) and _GOVERNMENT_ROLE.search(role):
        named |= {"pemda"}
    return bool(asked) and bool(named) and not asked & named


def _roots(text: str) -> frozenset[str]:
    # Roots, as the bodies were matched before the regional government was added: "Disdukcapil" (root "sdukcapil")
    # does not count, and a question that describes it ("kepala dinas yang ngurusin KTP") but names KPU keeps its
    # answer (thirty-ninth session: matched as written, one right answer of 13,376 train questions was lost).
    return frozenset(root(w.lower()) for w in words(text))


# The body whose chair is asked ("Siapa ketua KPPS di TPS simulasi?", "who chaired the PPK of Kecamatan Kaur Selatan?") and
# the bodies a role written before a name chairs ("Ketua KPU Kabupaten Gowa, <name>"): a release about a voting simulation
# that names no KPPS chair still quotes the commission's chair who opened it.
_CHAIRABLE = ORGANISATIONS | frozenset("kip ppk pps kpps ppd panwas".split())
_CHAIR_OF = re.compile(r"\b(?:ketua|chair(?:s|ed|man|woman|person)?)\s+(?:of\s+)?(?:the\s+)?(\w+)", re.IGNORECASE)
# The chair is what is asked only when the question opens with it: "Siapa anggota KPU divisi teknis yang mengingatkan ketua
# KPPS ...?" asks for a commissioner.
_CHAIR_OPENS = re.compile(r"^\W*(?:siapa(?:kah)?|who)\b(?:\s+(?!anggota|members?|komisioner|commissioners?)\S+){0,3}?\s+(?=ketua|chair)",
                          re.IGNORECASE)


def chaired_body(question: str) -> str | None:
    """The body (``_CHAIRABLE``) whose chair a question asks for, if it names one."""
    opening = _CHAIR_OPENS.match(question)
    chair = _CHAIR_OF.match(question, opening.end()) if opening else None
    body = root(chair.group(1).lower()) if chair else None
    return body if body in _CHAIRABLE else None


def chairs_other(asked: str | None, role: str) -> bool:
    """Whether the role written before a name names only other bodies than the one whose chair is asked ("Ketua KPU
    ...", "Anggota KPU ... Divisi Teknis" for the KPPS chair)."""
    written = _roots(role) & _CHAIRABLE
    return asked is not None and bool(written) and asked not in written


# Who was elected, not who ran the plenary that declared it or served the candidates ("Who chaired the plenary that named
# the regent-elect?", "Siapa pejabat KPU yang membantu calon terpilih?").
_ELECTED_ASKED = re.compile(r"\b(terpilih|(?:regent|mayor|governor)[- ]elect|elected|won|winners?|pemenang|menang)\b", re.IGNORECASE)
_OFFICIAL_ASKED = re.compile(r"\b(ketua|chair\w*|led|lead|presid\w*|opened|memimpin|mimpin|membuka|dipimpin|menetapkan|announced|read out|"
                             r"membacakan|komisioner|commissioner|anggota kpu|pejabat|official)\b", re.IGNORECASE)
# The election bodies whose officials run the count and its plenaries (lower case; match without regard to case).
ELECTION_BODIES = r"kpu|kip|bawaslu|panwaslu|dkpp"
_OFFICIAL_ROLE = re.compile(rf"\b(ketua|anggota|komisioner|sekretaris|kepala)\s+({ELECTION_BODIES})\b", re.IGNORECASE)


def asks_for_elected(question: str) -> bool:
    """Whether a question asks for an elected candidate ("Siapa bupati terpilih ...?", "who won ...?"), no official."""
    return _ELECTED_ASKED.search(question) is not None and _OFFICIAL_ASKED.search(question) is None


def official_role(role: str) -> bool:
    """Whether the role written before a name is an election body's office ("dipimpin Ketua KPU Kabupaten Majene")."""
    return _OFFICIAL_ROLE.search(role) is not None


# A KPU member's division, asked many ways ("urusan teknis", "in charge of voter data", "Divisi SDM") and written in the
# role before the name ("Anggota KPU Kabupaten Kuningan Divisi Teknis Penyelenggaraan, <name>"). Commissions merge the
# subjects differently ("Perencanaan dan Logistik", "Keuangan, Umum dan Logistik"): any subject shared will do.
_DIVISION_SUBJECTS = {subject: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for subject, pattern in {
    "technical": r"teknis|technical",
    "law": r"hukum|pengawasan|legal|law|supervision|sengketa|pelanggaran|disputes?|violations?",
    "data": r"perencanaan|data|informasi|planning|information",
    "outreach": r"sosialisasi|pendidikan|partisipasi|parmas|sdm|human resources|outreach|education|participation|recruit\w*|rekrutmen",
    "logistics": r"logisti\w*|keuangan|umum|rumah tangga|finances?|general affairs",
}.items()}
_DIVISION_CUE = re.compile(r"\b(divisi|division|in charge of|urusan|bidang|membidangi|ngurusin|mengurusi|menangani|pegang)\b",
                           re.IGNORECASE)


def _subjects(text: str) -> frozenset[str]:
    return frozenset(subject for subject, pattern in _DIVISION_SUBJECTS.items() if pattern.search(text))


def divisions_asked(question: str) -> frozenset[str]:
    """The subjects of the division a question asks a member of ("Siapa komisioner yang ngurusin urusan teknis?")."""
    return _subjects(question) if _DIVISION_CUE.search(question) else frozenset()


def other_division(asked: frozenset[str], role: str) -> bool:
    """Whether the role written before a name is a division sharing no subject with the asked one."""
    _, divisi, division = role.lower().partition("divisi")
    written = _subjects(division) if divisi else frozenset()
    return bool(asked) and bool(written) and not asked & written
