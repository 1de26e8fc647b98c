"""Where the found decision's cutoff goes: the balanced choice on the training rows, moved within the flat top of
that choice so that the questions the product must answer are answered (training time only, numpy)."""
from __future__ import annotations

import numpy as np

CUTOFF_SMOOTHING = 0.25  # logit units either side of a cutoff (see balanced_cutoff)
_CUTOFF_STEP = 0.01


def balanced_cutoff(scores: np.ndarray, labels: np.ndarray, weight: np.ndarray,
                    smoothing: float = CUTOFF_SMOOTHING) -> float:
    """The cutoff that maximises the mean of the (weighted) found rate on positives and not-found rate on
    negatives, averaged over the cutoffs within ``smoothing`` either side.

    That mean is flat over a wide range of cutoffs (0.55-0.95 within 0.01 in the eighth session), and
    its highest point in the range moved from one end to the other on refits after changes that moved
    no weight by more than 0.01; the middle of the best range stays put.
    """
    positives, negatives = np.sum(weight * labels), np.sum(weight * (1 - labels))
    grid = np.arange(scores.min(), scores.max() + _CUTOFF_STEP, _CUTOFF_STEP)
    found = scores[None, :] >= grid[:, None]
    balanced = ((found * weight * labels).sum(1) / positives + (~found * weight * (1 - labels)).sum(1) / negatives) / 2
    return _middle_of_best(grid, balanced, smoothing)


def _middle_of_best(grid: np.ndarray, values: np.ndarray, smoothing: float) -> float:
    """The middle of the grid's cutoffs whose values, averaged over the cutoffs within ``smoothing`` either side, are best."""
    width = 2 * round(smoothing / _CUTOFF_STEP) + 1
    # Beyond the scores every cutoff finds all or nothing: pad with those values, not zeros.
    padded = np.concatenate([np.full(width // 2, values[0]), values, np.full(width // 2, values[-1])])
    smoothed = np.convolve(padded, np.ones(width) / width, mode="valid")
    best = np.flatnonzero(smoothed >= smoothed.max() - 1e-9)
    return round(float(grid[best[len(best) // 2]]), 4)  # the middle of equally good cutoffs


# How far the balanced mean may fall to answer a required question: a fifth of its sampling error on the
# 5,600 training rows (about 0.016 with their 730 unanswerable ones).
PLATEAU = 0.003
# How far inside the cutoff a required question's score must stay (logit units).
MARGIN = 0.005


def balanced_mean(scores: np.ndarray, labels: np.ndarray, weight: np.ndarray, cutoff: float) -> float:
    found = scores >= cutoff
    return float((np.sum(found * weight * labels) / np.sum(weight * labels)
                  + np.sum(~found * weight * (1 - labels)) / np.sum(weight * (1 - labels))) / 2)


def required_cutoff(scores: np.ndarray, labels: np.ndarray, weight: np.ndarray,
                    must_find: list[float], must_decline: list[float]) -> float:
    """``balanced_cutoff``, moved just far enough that the scores in ``must_find`` are found and those in
    ``must_decline`` are not, if the balanced mean there stays within ``PLATEAU`` of the balanced choice's.

    The mean is flat over a wide range (1.52-1.75 within 0.005 in the nineteenth session) and where in it the
    choice lands moves between refits; the issue's own example questions ("Who opened the national
    coordination meeting?") sat at its edge, one side on one refit and the other on the next.
    """
    cutoff = balanced_cutoff(scores, labels, weight)
    wanted = min(max(cutoff, max(must_decline, default=-np.inf) + MARGIN), min(must_find, default=np.inf) - MARGIN)
    if wanted == cutoff or balanced_mean(scores, labels, weight, wanted) < balanced_mean(scores, labels, weight, cutoff) - PLATEAU:
        return cutoff
    return round(float(wanted), 4)


# A family needs this many rows for a cutoff of its own; fewer keep the single cutoff.
FAMILY_MIN_ROWS = 100


def family_cutoffs(scores: np.ndarray, good: np.ndarray, families: np.ndarray, cutoff: float,
                   min_rows: int = FAMILY_MIN_ROWS) -> dict[str, float]:
    """A cutoff for each answer-type family (``answer.PHRASE_FAMILIES``) that answers more questions rightly for no more
    wrong statements than the single ``cutoff``: a score means more for one family than another (forty-eighth session, on
    4,094 held-out questions cross-fitted by batch, 2,623 right phrases and 385 wrong statements against 2,581 / 383).

    ``good`` marks the rows whose answer would be right (answerable, right phrase); any other row found is a wrong
    statement. Each family's cutoff maximises right answers less ``weight`` wrong ones (averaged over the cutoffs within
    CUTOFF_SMOOTHING either side), with the smallest ``weight`` that keeps the wrong statements at the single cutoff's.
    """
    def wrong(cuts: dict[str, float]) -> int:
        limits = np.array([cuts.get(family, cutoff) for family in families])
        return int(np.sum((scores >= limits) & ~good))

    kept = [family for family in sorted(set(families)) if np.sum(families == family) >= min_rows]
    grid = np.arange(scores[np.isfinite(scores)].min(), scores[np.isfinite(scores)].max() + _CUTOFF_STEP, _CUTOFF_STEP)
    for weight in np.arange(1.0, 4.0 + 1e-9, 0.1):
        cuts = {}
        for family in kept:
            found = scores[families == family][None, :] >= grid[:, None]
            right = good[families == family]
            cuts[str(family)] = _middle_of_best(grid, (found & right).sum(1) - weight * (found & ~right).sum(1), CUTOFF_SMOOTHING)
        if wrong(cuts) <= wrong({}):
            return cuts
    return {}
