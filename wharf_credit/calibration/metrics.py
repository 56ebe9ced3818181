"""Metrics and the activation gate.

Brier score, skill against the base rate and against the rules-only Platt reference, log loss, AUC, reliability
bins (quantile bins of the prediction), observed vs expected per grade; seeded bootstrap percentiles for the
headline numbers and, from the same resamples, 5th/95th percentiles of each grade's observed and expected rate
(per_grade[g]["observed_p5"], ...; a grade missing from a resample is left out of that draw). The gate: activate only if the 10th bootstrap percentile of the skill gain over rules-only
(1 − Brier_model / Brier_rules-only) is >= 0.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import rankdata

EPS = 1e-12
GATE_PERCENTILE = 10


def brier(y: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean((np.asarray(p, dtype=float) - y) ** 2))


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """Area under the ROC curve (Mann–Whitney, ties counted half); nan with only one class."""
    y = np.asarray(y)
    pos = int(y.sum())
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    ranks = rankdata(p)
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def skill(score: float, reference: float) -> float:
    """1 − score/reference: > 0 means better than the reference."""
    return 1.0 - score / reference if reference > EPS else 0.0


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Quantile bins of the prediction: mean predicted vs observed rate and the count in each."""
    bins = max(5, min(bins, 10))
    order = np.argsort(p, kind="stable")
    out = []
    for chunk in np.array_split(order, bins):
        if len(chunk):
            out.append({"n": int(len(chunk)), "predicted": float(np.mean(p[chunk])),
                        "observed": float(np.mean(y[chunk]))})
    return out


GRADES: tuple[str, ...] = ("AA", "A", "B", "C", "D")


def per_grade(y: np.ndarray, p: np.ndarray, grade: np.ndarray) -> dict[str, dict[str, float]]:
    """Per grade: rows, observed outcome rate and expected (mean predicted) rate."""
    out = {}
    for g in GRADES:
        m = grade == g
        if m.any():
            out[g] = {"n": int(m.sum()), "observed": float(y[m].mean()), "expected": float(p[m].mean())}
    return out


def _grade_sums(codes: np.ndarray, y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per grade index (0..len(GRADES)-1; rows coded -1 are ignored): rows, outcomes and summed predictions."""
    keep = codes >= 0
    k = len(GRADES)
    return (np.bincount(codes[keep], minlength=k).astype(float), np.bincount(codes[keep], y[keep], minlength=k),
            np.bincount(codes[keep], p[keep], minlength=k))


def _ci(values: np.ndarray) -> dict[str, float]:
    values = values[~np.isnan(values)]
    if not len(values):
        return {"p5": float("nan"), "p10": float("nan"), "p50": float("nan"), "p95": float("nan")}
    p5, p10, p50, p95 = np.percentile(values, [5, GATE_PERCENTILE, 50, 95])
    return {"p5": float(p5), "p10": float(p10), "p50": float(p50), "p95": float(p95)}


def evaluate(y: np.ndarray, p_model: np.ndarray, p_ref: np.ndarray, grade: np.ndarray | None = None,
             n_boot: int = 200, seed: int = 0, bins: int = 10, boot_auc: bool = True,
             score: np.ndarray | None = None) -> dict[str, Any]:
    """All metrics of a model on held-out rows, with seeded bootstrap percentiles (a plain JSON-able dict). With the
    rows' rule `score`, also the isotonic diagnostic of the score → risk shape beside the rules-only curve
    (shape.isotonic_diagnostic; out["isotonic"])."""
    y = np.asarray(y, dtype=float)
    p_model, p_ref = np.asarray(p_model, dtype=float), np.asarray(p_ref, dtype=float)
    n = len(y)
    if n == 0:
        raise ValueError("no rows to evaluate")
    base_rate = float(y.mean())
    b_model, b_ref = brier(y, p_model), brier(y, p_ref)
    b_base = base_rate * (1 - base_rate)
    out: dict[str, Any] = {
        "n": n, "positives": int(y.sum()), "base_rate": base_rate,
        "brier": b_model, "brier_rules_only": b_ref, "brier_base_rate": b_base,
        "skill_vs_base_rate": skill(b_model, b_base), "skill_vs_rules_only": skill(b_model, b_ref),
        "log_loss": log_loss(y, p_model), "log_loss_rules_only": log_loss(y, p_ref),
        "auc": auc(y, p_model), "auc_rules_only": auc(y, p_ref),
        "reliability": reliability(y, p_model, bins), "reliability_rules_only": reliability(y, p_ref, bins),
        "per_grade": per_grade(y, p_model, np.asarray(grade)) if grade is not None else {},
        "bootstrap": {"resamples": n_boot, "seed": seed},
    }
    if score is not None:
        out["isotonic"] = _isotonic(np.asarray(score, dtype=float), y, p_ref)
    rng = np.random.default_rng(seed)
    stats: dict[str, list[float]] = {"brier": [], "skill_vs_base_rate": [], "skill_vs_rules_only": [], "auc": []}
    codes = (np.array([GRADES.index(g) if g in GRADES else -1 for g in np.asarray(grade).tolist()], dtype=np.intp)
             if grade is not None else None)
    boot_observed, boot_expected = [], []
    for _ in range(n_boot):
        idx = rng.integers(0, n, n)
        yb, pm, pr = y[idx], p_model[idx], p_ref[idx]
        bm, br = brier(yb, pm), brier(yb, pr)
        rate = yb.mean()
        stats["brier"].append(bm)
        stats["skill_vs_base_rate"].append(skill(bm, rate * (1 - rate)))
        stats["skill_vs_rules_only"].append(skill(bm, br))
        if boot_auc:
            stats["auc"].append(auc(yb, pm))
        if codes is not None:  # the same resample, per grade (a grade absent from it gives nan, left out below)
            rows, hits, preds = _grade_sums(codes[idx], yb, pm)
            with np.errstate(invalid="ignore", divide="ignore"):
                boot_observed.append(hits / rows)
                boot_expected.append(preds / rows)
    out["ci"] = {k: _ci(np.array(v, dtype=float)) for k, v in stats.items() if v}
    if boot_observed:
        obs, exp = np.array(boot_observed), np.array(boot_expected)
        for g, v in out["per_grade"].items():
            i = GRADES.index(g)
            for key, draws in (("observed", obs[:, i]), ("expected", exp[:, i])):
                c = _ci(draws)
                v[f"{key}_p5"], v[f"{key}_p95"] = c["p5"], c["p95"]
    return out


def _isotonic(score: np.ndarray, y: np.ndarray, p_ref: np.ndarray) -> dict[str, Any] | None:
    """The isotonic diagnostic with p_ref(score) read off the rows themselves: the rules-only curve is linear in the
    score on the logit scale, so interpolating its logit between the rows' distinct scores is exact."""
    from .shape import isotonic_diagnostic

    if len(np.unique(score)) < 2:
        return None
    order = np.argsort(score, kind="stable")
    xs, first = np.unique(score[order], return_index=True)
    pr = np.clip(p_ref[order][first], 1e-12, 1 - 1e-12)
    zs = np.log(pr / (1 - pr))

    def ref(x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-np.interp(x, xs, zs)))

    return isotonic_diagnostic(score, y, ref)


def passes_gate(metrics: dict[str, Any]) -> bool:
    """True if the 10th bootstrap percentile of the skill gain over rules-only is >= 0."""
    try:
        p10 = metrics["ci"]["skill_vs_rules_only"]["p10"]
    except (KeyError, TypeError):
        return False
    return bool(p10 == p10 and p10 >= 0)  # nan fails
