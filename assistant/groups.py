"""Whom a figure counts: women or men, as a question asks for them and as a release writes them."""
from __future__ import annotations

import re

# "ceweknya ada berapa?": the word with "-nya" asks the same.
_SEX_WORDS = {"f": re.compile(r"\b((perempuan|wanita|cewek|ibu-ibu|emak-emak)(nya)?|women|woman|females?|ladies|girls?)\b",
                              re.IGNORECASE),
              "m": re.compile(r"\b((laki-laki|pria|cowok)(nya)?|men|males?)\b", re.IGNORECASE)}
# The words releases write a figure's sex with (group 1 women, group 2 men).
SEX_WRITTEN = re.compile(r"\b(perempuan|wanita|putri)\b|\b(laki-laki|pria|putra)\b", re.IGNORECASE)


def asked_sex(text: str) -> str | None:
    """The sex a question asks about: "f" for women, "m" for men, None for neither or both ("men and women")."""
    asked = [sex for sex, pattern in _SEX_WORDS.items() if pattern.search(text)]
    return asked[0] if len(asked) == 1 else None
