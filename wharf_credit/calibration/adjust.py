"""ScoreCalibrator: the Calibrator the rating engine calls (domain/rating/engine.py, Calibrator).

    Δ = −(PDO / ln 2) · (logit p_model − logit p_ref(score))

p_ref is the rules-only Platt curve, p_ref(s) = sigmoid(a + b·s), so a model that agrees with the rules shifts
nothing. Δ is clipped here to ±bound (the smaller of this calibrator's bound and the rule set's
calibrator_max_points); rate() clips again, and to one grade step, and applies it before downgrades and caps, so a
veto or cap can never be lifted.

**The scale (PDO, points to double the odds) is the rules-only curve's own**: PDO_ref = ln 2 / |b|, so

    Δ = (logit p_model − logit p_ref(s)) / b,   i.e.   p_ref(s + Δ) = p_model

— Δ is the change of the rule score that would make the rules' own curve predict the model's risk: "this wharf's
estimated risk is that of a rules-only score 2 points lower" costs 2 points. It is in the rule score's own units, for
every rule set and data set, with no constant to choose. The fixed PDO 20 it replaces is the convention of
300–850-point credit scorecards; on our 0–100 score with grades 10 points apart it multiplied every log-odds
difference by 28.9 points, so on simulated data 71–81% of shifts sat at the ±3 bound (the bound, not the model,
decided) against 8–27% with PDO_ref (docs/performance.md, "Calibrator"). PDO_ref is capped at MAX_PDO (20, the old
scale) so a nearly flat reference curve (rules that hardly rank the risk) cannot blow the scale up; a rising
reference curve (b >= 0) also gets MAX_PDO. The PDO is fixed at training and stored in the artefact: artefacts
saved with PDO 20 load and shift exactly as before.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..domain.rules.model import RuleSet

from ..domain.vocabulary import I18n
from ..domain.rating.engine import CalibratorAdjustment
from .ladder import FittedModel, Reference

DEFAULT_PDO = 20.0  # the fixed scale before PDO_ref (kept for callers that pass it explicitly)
MAX_PDO = 20.0  # PDO_ref never exceeds this
DEFAULT_BOUND = 3.0
P_FLOOR = 1e-6


def _logit(p: float) -> float:
    p = min(max(p, P_FLOOR), 1 - P_FLOOR)
    return math.log(p / (1 - p))


def reference_pdo(reference: Reference) -> float:
    """PDO_ref = ln 2 / |slope| of the rules-only Platt curve (the score points over which the rules' own curve
    doubles the odds), at most MAX_PDO; MAX_PDO when the curve does not fall with the score."""
    slope = float(reference.slope)
    if not math.isfinite(slope) or slope >= 0:
        return MAX_PDO
    return min(math.log(2) / -slope, MAX_PDO)


def score_shift(p_model: float, p_ref: float, pdo: float = DEFAULT_PDO, bound: float = DEFAULT_BOUND) -> float:
    """The bounded score shift for a model probability against the rules-only one (higher risk → negative)."""
    delta = -(pdo / math.log(2)) * (_logit(p_model) - _logit(p_ref))
    return min(max(round(delta, 2), -bound), bound) + 0.0  # rounded, then clipped (never past the bound); no -0.0


def percent_text(p: float) -> str:
    """A probability as the reason sentence writes it (one decimal always); the rating page prints the two
    probabilities beside the sentence with this same function, so the numbers cannot disagree."""
    return f"{p * 100:.1f}%"


def reason_text(p_model: float, p_ref: float) -> I18n:
    m, r = percent_text(p_model), percent_text(p_ref)
    return I18n(f"估计未来12个月发生严重不良事件的风险为{m}，该分数的典型风险为{r}",
                f"estimated 12-month risk {m} vs {r} typical for this score")


class ScoreCalibrator:
    """A trained model as a bounded score shift."""

    def __init__(self, model: FittedModel, id: str, pdo: float | None = None, bound: float = DEFAULT_BOUND):
        """`pdo` None: the reference curve's own, reference_pdo(model.reference)."""
        pdo = reference_pdo(model.reference) if pdo is None else float(pdo)
        if not pdo > 0 or bound < 0:
            raise ValueError("pdo must be > 0 and bound >= 0")
        self.model, self.id, self.pdo, self.bound = model, id, pdo, bound

    def _bound(self, ruleset: RuleSet | None) -> float:
        return self.bound if ruleset is None else min(self.bound, ruleset.policy.calibrator_max_points)

    def adjust(self, score: float, components: Mapping[str, float], ruleset: RuleSet) -> CalibratorAdjustment:
        p_model = self.model.predict_one(score, components)
        p_ref = 1.0 / (1.0 + math.exp(-self.model.reference.logit_one(score)))
        points = score_shift(p_model, p_ref, self.pdo, self._bound(ruleset))
        return CalibratorAdjustment(self.id, round(p_model, 6), round(p_ref, 6), points,
                                    reason_text(p_model, p_ref))

    def shifts(self, X: np.ndarray, ruleset: RuleSet | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vectorised: (p_model, p_ref, bounded shift) for an (n, len(model.features)) matrix, score in column
        model.features.index('score')."""
        X = np.asarray(X, dtype=float)
        p_model = np.clip(self.model.predict(X), P_FLOOR, 1 - P_FLOOR)
        z_ref = self.model.reference.logit(X[:, self.model.features.index("score")])
        p_ref = np.clip(1 / (1 + np.exp(-z_ref)), P_FLOOR, 1 - P_FLOOR)
        z_model = np.log(p_model / (1 - p_model))
        z_ref = np.log(p_ref / (1 - p_ref))
        bound = self._bound(ruleset)
        delta = np.clip(np.round(-(self.pdo / math.log(2)) * (z_model - z_ref), 2), -bound, bound) + 0.0
        return p_model, p_ref, delta
