"""A deterministic simulator of labelled wharf-years, for tests, the bench and the demo.

Each wharf-year has a latent quality q (the rules see it only through noisy components) and a hidden factor h
the rules never see. The true 12-month risk is

    logit p = a − b·(score − 75)/20 − c·min(safety − 85, 0)/10 − d·q + hidden·h

so the rule score ranks risk correctly but not completely: a steep safety shortfall matters more than its weight in
the score, and q matters beyond what the components show. A calibrator that uses the safety component can learn
something the rules-only curve cannot; the hidden factor keeps every model honest (it is never learnable).
Seeded: the same (n, seed, ...) gives the same rows, bit for bit.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from .dataset import Dataset

DEFAULT_WEIGHTS = {"green": 0.40, "safety": 0.45, "basic": 0.15}
DEFAULT_THRESHOLDS = (("AA", 90.0), ("A", 80.0), ("B", 70.0), ("C", 60.0), ("D", 0.0))


def grades_for(score: np.ndarray, thresholds: tuple[tuple[str, float], ...] = DEFAULT_THRESHOLDS) -> np.ndarray:
    out = np.full(score.shape, thresholds[-1][0], dtype="<U2")
    for code, lo in reversed(thresholds[:-1]):
        out[score >= lo] = code
    return out


def simulate(n: int, seed: int = 0, start: dt.date = dt.date(2019, 1, 1), end: dt.date = dt.date(2024, 12, 31),
             base: float = -3.3, slope: float = 0.9, safety_extra: float = 0.7, quality: float = 0.5,
             hidden: float = 0.8, weights: dict[str, float] | None = None,
             thresholds: tuple[tuple[str, float], ...] = DEFAULT_THRESHOLDS) -> Dataset:
    """`n` labelled wharf-years dated uniformly in [start, end]; about 10% positives with the defaults (2% in AA to 80% in D)."""
    w = weights or DEFAULT_WEIGHTS
    rng = np.random.default_rng(seed)
    q = rng.standard_normal(n)
    green = np.clip(72 + 14 * (0.6 * q + 0.8 * rng.standard_normal(n)), 0, 100)
    deductions = rng.exponential(6 + 6 * (1 / (1 + np.exp(2 * q))), n) * (rng.random(n) < 0.7)
    safety = np.clip(100 - deductions * 2.2, 0, 100)
    basic = 100 - 10 * rng.binomial(3, 1 / (1 + np.exp(2.5 + 0.7 * q)))
    score = np.round(w["green"] * green + w["safety"] * safety + w["basic"] * basic, 2)
    green, safety, basic = np.round(green, 2), np.round(safety, 2), basic.astype(float)
    h = rng.standard_normal(n)
    logit = (base - slope * (score - 75) / 20 - safety_extra * np.minimum(safety - 85, 0) / 10
             - quality * q + hidden * h)
    label = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    first = np.datetime64(start.isoformat(), "D")
    span = (end - start).days + 1
    as_of = first + rng.integers(0, span, n).astype("timedelta64[D]")
    return Dataset(score=score, green=green, safety=safety, basic=basic, grade=grades_for(score, thresholds),
                   as_of=as_of, label=label)
