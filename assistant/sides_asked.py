"""Which side of each of ``sides.SIDES``' kinds a question asks: the chair's pay or a member's, the sum proposed or the one
agreed, the voters struck off for one reason. A question may name a kind's words without asking one side: it sets a side
aside ("bukan ketua"), names several reasons (their total), or names a kind the rest of it rules out (no voter list).
"""
from __future__ import annotations

import re

from .ordinals import asked_ordinal
from .sides import DISABILITIES, DISABILITY_FAMILY, REASONS, RECIPIENTS, SIDES, STAGES, VOTER_LIST

# "Anggota KPPS (bukan ketua) digaji berapa?", "a member, not the chair": the side set aside is not asked.
# "Duit yang nggak kepakai" is not what was spent (the remainder side reads it whole: what is left).
_NEGATED = re.compile(r"\b(?:bukan|selain|not|except|other than)\s+(?:the\s+|a\s+)?\w+|"
                      r"\b(?:nggak|tidak|tak|gak|belum)\s+(?:ke|ter)?pakai\b", re.IGNORECASE)


def asked_sides(question: str, answer_type: str | None) -> tuple[tuple[str, str], ...]:
    """(kind, side) for each kind of SIDES the question asks one side of, and not both."""
    asked = []
    affirmed = _NEGATED.sub(" ", question)
    aside = _set_aside(question, affirmed)
    for kind, side in SIDES.items():
        if kind in aside:
            continue
        text = question if side.negations_asked else affirmed
        found = {side.names[0] if m.group(1) else side.names[1] for m in side.asked.finditer(text)}
        if answer_type in side.answer_types and len(found) == 1:
            asked.append((kind, found.pop()))
        elif answer_type in side.answer_types and not found and side.default:
            asked.append((kind, side.default))
    return tuple(asked)


def _set_aside(question: str, affirmed: str) -> frozenset[str]:
    """The kinds whose words the question may write but that it does not ask: the stages before the last one named,
    reasons or recipients named several together (their total is asked), a reason with no voter list, a tranche by its
    ordinal."""
    aside = {f"stage {stage}" for stage in STAGES} - {_last_stage_asked(question)}
    if _reasons_asked(affirmed) > 1 or not VOTER_LIST.search(question):
        aside.update(f"reason {reason}" for reason in REASONS)
    if all(SIDES[kind].asked.search(affirmed) for kind in RECIPIENTS):
        aside.update(RECIPIENTS)
    if any(SIDES[kind].asked.search(affirmed) for kind in RECIPIENTS):
        aside.add("commission grant")
    if asked_ordinal(question) is not None:
        aside.add("tranche")
    if len({DISABILITY_FAMILY.get(kind, kind) for kind in DISABILITIES if SIDES[f"disability {kind}"].asked.search(affirmed)}) > 1:
        aside.update(f"disability {kind}" for kind in DISABILITIES)
    return frozenset(aside)


def _last_stage_asked(question: str) -> str | None:
    asked = [stage for stage in STAGES if SIDES[f"stage {stage}"].asked.search(question)]
    return f"stage {asked[-1]}" if asked else None


def _reasons_asked(question: str) -> int:
    return sum(SIDES[f"reason {reason}"].asked.search(question) is not None for reason in REASONS)
