"""Drift: the population stability index (PSI) of the score and components against the training window.

Bins come from the training window's quantiles (stored in the artefact, so drift needs no training rows later).
PSI = Σ (a − e)·ln(a / e) over bins, with a floor on empty bins. < 0.1 stable, 0.1–0.25 watch, >= 0.25 act.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .dataset import FEATURES, Dataset

WATCH = 0.1
ACT = 0.25
BINS = 10
FLOOR = 1e-4


def bin_edges(values: np.ndarray, bins: int = BINS) -> list[float]:
    """Inner edges at the training quantiles (duplicates dropped: scores cluster at 100)."""
    qs = np.quantile(np.asarray(values, dtype=float), np.linspace(0, 1, bins + 1)[1:-1]) if len(values) else []
    return [float(e) for e in np.unique(qs)]


def proportions(values: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    counts = np.bincount(np.searchsorted(np.asarray(edges), np.asarray(values, dtype=float), side="right"),
                         minlength=len(edges) + 1)
    total = counts.sum()
    return counts / total if total else np.zeros(len(edges) + 1)


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    e = np.maximum(np.asarray(expected, dtype=float), FLOOR)
    a = np.maximum(np.asarray(actual, dtype=float), FLOOR)
    return float(np.sum((a - e) * np.log(a / e)))


def status(value: float) -> str:
    return "act" if value >= ACT else "watch" if value >= WATCH else "ok"


def reference(train: Dataset, features: Sequence[str] = FEATURES, bins: int = BINS) -> dict[str, Any]:
    """What drift needs from the training window: per feature, the bin edges and the expected proportions."""
    out = {}
    for f in features:
        edges = bin_edges(train.column(f), bins)
        out[f] = {"edges": edges, "expected": [float(x) for x in proportions(train.column(f), edges)]}
    return out


def drift_report(ref: dict[str, Any], recent: Dataset) -> dict[str, Any]:
    """PSI and status per feature for recent rows, and the worst status overall."""
    features = {}
    for f, r in ref.items():
        value = psi(np.array(r["expected"]), proportions(recent.column(f), r["edges"]))
        features[f] = {"psi": value, "status": status(value)}
    worst = max((v["psi"] for v in features.values()), default=0.0)
    return {"rows": len(recent), "features": features, "max_psi": worst, "status": status(worst)}
