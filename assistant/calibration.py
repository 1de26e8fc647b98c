"""The found decision's last step: a logistic regression over the boosted trees' score, the features and the asked answer
type's family, fitted on held-out questions that no model has seen (``found_training.fit_calibration``).

The trees are fitted on the phrase model's fold models. On new questions their score means more for one family than for
another, and more when other features agree (the asked noun in the sentence, the passage's lead). Cross-fitted by batch
on the 4,350 standalone held-out questions zzzzzzzzzv to zzzzzzzzzzzzk (forty-ninth session), this layer gave 2,871 right
phrases at 397 wrong statements. With the family cutoffs it replaces, fitted on the same rows, the figure was 2,823. Fitted
without zzzzzzzzzzzzh to zzzzzzzzzzzzk, it gave 162 right phrases and 33 wrong statements on them, against 159 / 36.
Refitted in the fiftieth session, after its retrieval changes, on the 4,606 standalone held-out questions zzzzzzzzzv to
zzzzzzzzzzzzo (the cutoff fell from 0.55 to 0.49 at the family cutoffs' wrong statements on them); in the fifty-first,
after its phrase rules, on the 4,862 zzzzzzzzzv to zzzzzzzzzzzzs (0.49 -> 0.47); in the fifty-second, on the 5,376 zzzzzzzzzv
to zzzzzzzzzzzzza (0.47 -> 0.46). An input for the answer sentence's learned association with the question's words
(``association``) was tried then: cross-fitted by batch on those rows, 20 to 30 more right phrases at equal wrong statements,
but the sample release's "Who opened the national coordination meeting?" fell below the cutoff, its sentence worded unlike
the training pairs, so it was not kept.
A logistic regression rather than more trees: trees fitted on these rows gave fewer right phrases than the shipped ones
(forty-seventh session), and the regression's 29 weights can be read. Questions without a short answer type ("why",
"how") keep the cutoffs: there are 7 among those rows, and the phrase they are judged by does not exist.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The families of ``answer.PHRASE_FAMILIES`` in order, and "none" for a question without a short answer type.
FAMILIES = ("count", "amount", "date or time", "person", "place", "thing", "none")
OWN_FEATURES = 14  # the features before the families' span scores (``answer.FEATURES``)
MIN_ROWS = 50  # a family needs this many held-out questions for the calibration to decide for it


def inputs(score: float, features: tuple[float, ...], family: str | None) -> np.ndarray:
    """The regression's inputs: the trees' score, the features that are not a family's span score, the family as a
    one-hot vector, and the score again for each family (a score of 2 means more for a count than for a place)."""
    one_hot = np.array([float((family or "none") == name) for name in FAMILIES])
    return np.concatenate([[score], np.asarray(features[:OWN_FEATURES], dtype=float), one_hot, score * one_hot])


@dataclass(frozen=True)
class Calibration:
    """Weights of the standardised inputs (``inputs``); found when the log-odds reach ``cutoff``. It decides for the
    ``families`` it was fitted on (a family of few held-out questions, as "why" and "how" are, keeps the cutoffs)."""

    families: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    cutoff: float

    def log_odds(self, score: float, features: tuple[float, ...], family: str | None) -> float:
        standard = (inputs(score, features, family) - np.array(self.mean)) / np.array(self.scale)
        return float(standard @ np.array(self.weights) + self.bias)

    def to_dict(self) -> dict:
        return {"families": list(self.families), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias, "cutoff": self.cutoff}

    @classmethod
    def from_dict(cls, raw: dict) -> Calibration:
        return cls(tuple(raw["families"]), tuple(raw["mean"]), tuple(raw["scale"]), tuple(raw["weights"]), raw["bias"], raw["cutoff"])


def fit(x: np.ndarray, good: np.ndarray, budget: int, families: tuple[str, ...]) -> Calibration:
    """The regression of ``good`` (answerable, right phrase) on the rows ``x`` (``inputs``) of ``families``, with the lowest
    cutoff that makes no more wrong statements (rows found that are not good) than ``budget``: the decision it refines made
    as many on them."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    standard = (x - mean) / scale
    model = LogisticRegression(C=1.0, max_iter=5000).fit(standard, good)
    odds = standard @ model.coef_[0] + model.intercept_[0]
    order = np.argsort(-odds, kind="stable")
    wrong = np.cumsum(~good[order])
    last = int(np.searchsorted(wrong, budget, side="right")) - 1  # the most rows found within the budget
    ranked = odds[order]
    # Halfway to the next row's log-odds, so that a question just below the last one found is not found by rounding.
    if last < 0:
        cutoff = float(ranked[0]) + 1.0
    else:
        cutoff = float(ranked[last] + ranked[last + 1]) / 2 if last + 1 < len(ranked) else float(ranked[last])
    return Calibration(families, tuple(mean.tolist()), tuple(scale.tolist()), tuple(model.coef_[0].tolist()),
                       float(model.intercept_[0]), round(cutoff, 6))
