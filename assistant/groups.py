"""Whom a figure counts: women or men, first-time voters, voters with disabilities; as a question asks for
them and as a release writes them."""
from __future__ import annotations

import re

# "ceweknya ada berapa?": the word with "-nya" asks the same. "santri putri", "siswa putra" written small (capitalised,
# "Putri" is a name).
_SEX_WORDS = {"f": re.compile(r"\b((perempuan|wanita|cewek|ibu-ibu|emak-emak|kaum hawa|srikandi)(nya)?|women|woman|females?|ladies|girls?|"
                              r"(?-i:putri))\b", re.IGNORECASE),
              "m": re.compile(r"\b((laki-laki|pria|cowok|kaum adam)(nya)?|men|males?|(?-i:putra))\b", re.IGNORECASE)}
# The words releases write a figure's sex with (group 1 women, group 2 men).
SEX_WRITTEN = re.compile(r"\b(perempuan|wanita|putri)\b|\b(laki-laki|pria|putra)\b", re.IGNORECASE)


def asked_sex(text: str) -> str | None:
    """The sex a question asks about: "f" for women, "m" for men, None for neither or both ("men and women")."""
    asked = [sex for sex, pattern in _SEX_WORDS.items() if pattern.search(text)]
    return asked[0] if len(asked) == 1 else None


# Groups of voters a question may count apart ("berapa pemilih pemula", "how many blind voters"), and the
# words a release writes them with: a sentence that counts all voters does not say how many of them are.
_DISABILITY = r"disabilitas|difabel|(?:tuna)?(?:netra|rungu|wicara|daksa|grahita|laras)|berkebutuhan khusus"
_GROUP_ASKED = {
    "first-time": re.compile(r"\b(pemula|first[- ]time|(17|seventeen)[- ]year[- ]olds?|just turned 17|(voting|vote|cast\w*"
                             r" (a|their) ballot) for the (very )?first time|pertama kali (memilih|mencoblos|nyoblos))\b",
                             re.IGNORECASE),
    "disability": re.compile(rf"\b({_DISABILITY}|disabilit(y|ies)|disabled|blind|deaf|wheelchairs?)\b", re.IGNORECASE),
}
GROUP_WRITTEN = {
    "first-time": re.compile(r"\b(pemula|pertama kali|17 tahun|gen(erasi)? z)\b", re.IGNORECASE),
    "disability": re.compile(rf"\b({_DISABILITY})\b", re.IGNORECASE),
}


# A group named as the audience of an event ("sosialisasi pemilih disabilitas", "the first-time voter session") names the
# event, not whom the asked figure counts: "berapa peserta sosialisasi pemilih pemula" is answered by "320 siswa".
_GROUP_WORD = rf"(?:pemula|{_DISABILITY}|first[- ]time|disabled|disability)"
_EVENT_AUDIENCE = re.compile(
    rf"\b(?:sosialisasi|pendidikan pemilih|outreach|sesi|forum|workshop|seminar|bimtek|kelas|acara|kegiatan)"
    rf"(?:\s+(?:buat|bagi|untuk|khusus|kepada|ke|for|pemilih|voters?)){{0,2}}\s+{_GROUP_WORD}\b"
    rf"|\b{_GROUP_WORD}(?:\s+voters?)?\s+(?:outreach|sessions?|education|events?|forums?|workshops?|seminars?|training|"
    rf"class(?:es)?|talks?|sociali[sz]ation|drives?|programmes?|programs?)\b",
    re.IGNORECASE)


def asked_group(text: str) -> str | None:
    """The group of voters a question counts apart ("first-time", "disability"), None for none or both."""
    text = _EVENT_AUDIENCE.sub(" ", text)
    asked = [group for group, pattern in _GROUP_ASKED.items() if pattern.search(text)]
    return asked[0] if len(asked) == 1 else None
