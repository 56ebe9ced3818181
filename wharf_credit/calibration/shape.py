"""Isotonic diagnostic of the score → risk shape (docs/architecture.md, the learned calibrator: a diagnostic, not a model).

`IsotonicRegression(increasing=False)` of the outcome on the rule score is the best non-increasing step curve
through the data: it assumes nothing about the shape except that a higher score never means more risk. Set beside
the rules-only Platt curve p_ref(score) it shows whether the logistic shape the reference (and the PDO scale of the
adjustment) assumes fits the data, and where it does not. Two more numbers come with it:

- the largest absolute gap |isotonic − p_ref| over the score points reported, and over every distinct score in the
  middle 90% of the scores (the tails hold too few rows for a step fit to mean much), and
- whether the *observed* risk is monotone non-increasing in score: the outcome rate per score bin (quantile bins)
  never rises with the score by more than its sampling noise allows. The isotonic fit is non-increasing by
  construction, so this looks at the raw bins instead; "violations" lists the adjacent pairs where the rate rises
  by more than 2 standard errors.

It stays a diagnostic: it is never a candidate model here, whatever the number of rows. The ladder could allow it as a
candidate from about 10,000 rows; a step function would make the adjustment jump at arbitrary scores and we have
no evidence on real data that it would beat the monotone tree, so the ladder does not offer it (the model card says
so).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

SCORE_POINTS: tuple[float, ...] = (40.0, 50.0, 60.0, 70.0, 80.0, 90.0)  # near the grade thresholds
CANDIDATE_ROWS = 10_000  # isotonic could become a candidate model from here; we keep it a diagnostic
BINS = 10
NOISE_SE = 2.0  # a rise of the observed rate between adjacent bins beyond this many standard errors is a violation


def isotonic_diagnostic(score: np.ndarray, y: np.ndarray, p_ref: Callable[[np.ndarray], np.ndarray],
                        points: Sequence[float] = SCORE_POINTS, bins: int = BINS) -> dict[str, Any]:
    """The isotonic (non-increasing) fit of y on score beside the rules-only curve `p_ref` (a function of the score);
    a plain JSON-able dict. Score points outside the data's range are left out (the fit would only extrapolate)."""
    from sklearn.isotonic import IsotonicRegression

    score, y = np.asarray(score, dtype=float), np.asarray(y, dtype=float)
    if len(score) < 2 or len(np.unique(score)) < 2:
        raise ValueError("the isotonic diagnostic needs at least two distinct scores")
    iso = IsotonicRegression(increasing=False, out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(score, y)
    lo, hi = float(score.min()), float(score.max())
    shown = np.array([x for x in points if lo <= x <= hi], dtype=float)
    curve = [{"score": float(x), "isotonic": float(i), "p_ref": float(r)}
             for x, i, r in zip(shown, iso.predict(shown), p_ref(shown), strict=True)]
    # the largest gap over the middle 90% of the scores: in the sparse tails a step fit swings with a handful of rows
    q5, q95 = np.percentile(score, [5, 95])
    distinct = np.unique(score[(score >= q5) & (score <= q95)])
    gaps = np.abs(iso.predict(distinct) - p_ref(distinct))
    worst = int(np.argmax(gaps))
    observed = _observed_bins(score, y, bins)
    violations = [{"from": a["score_mean"], "to": b["score_mean"], "rate_from": a["rate"], "rate_to": b["rate"]}
                  for a, b in zip(observed, observed[1:], strict=False)
                  if b["rate"] - a["rate"] > NOISE_SE * np.sqrt(a["se"] ** 2 + b["se"] ** 2)]
    return {
        "rows": int(len(score)), "score_range": [lo, hi], "curve": curve,
        "max_abs_gap_at_points": float(max((abs(c["isotonic"] - c["p_ref"]) for c in curve), default=0.0)),
        "max_abs_gap": float(gaps[worst]), "max_abs_gap_score": float(distinct[worst]),
        "observed_bins": observed, "monotone_non_increasing": not violations, "violations": violations,
        "role": "diagnostic" if len(score) < CANDIDATE_ROWS else "diagnostic (not offered as a model)",
    }


def _observed_bins(score: np.ndarray, y: np.ndarray, bins: int) -> list[dict[str, float]]:
    """Quantile bins of the score (ascending): mean score, outcome rate and its binomial standard error."""
    order = np.argsort(score, kind="stable")
    out = []
    for chunk in np.array_split(order, max(2, min(bins, len(score) // 2))):
        if len(chunk):
            rate = float(y[chunk].mean())
            out.append({"n": int(len(chunk)), "score_mean": float(score[chunk].mean()), "rate": rate,
                        "se": float(np.sqrt(max(rate * (1 - rate), 0.25 / len(chunk)) / len(chunk)))})
    return out
