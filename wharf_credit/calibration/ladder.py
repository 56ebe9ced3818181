"""The model ladder: how much history decides which model may be trained, and the trainer says why.

    < 500 rows or < 40 positives     refuse (NotEnoughData, with the observed outcome rate per grade)
    moderate                         LogisticRegression on the score (+ at most 2 components); every coefficient
                                     must be negative (a higher score or component means lower risk) or WrongSign
    >= 3,000 rows and >= 250 pos.    HistGradientBoostingClassifier(monotonic_cst=-1 per feature) fitted on the
                                     earlier part of the training window, calibrated with
                                     CalibratedClassifierCV(FrozenEstimator(m), method="sigmoid") on the later part

IsotonicRegression(increasing=False) on the score is never a rung: it is reported as a diagnostic of the score → risk
shape beside the rules-only curve (shape.py; evaluate(score=...), the CLI and the model card).

Every rung also fits the rules-only reference: a Platt (logistic) curve on the score alone, p_ref(score). The
calibrator's shift is measured against it, so a model that agrees with the rules changes nothing.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..domain.vocabulary import I18n
from .dataset import COMPONENTS, FEATURES, Dataset

MIN_ROWS = 500
MIN_POSITIVES = 40
TREE_ROWS = 3000
TREE_POSITIVES = 250
DEFAULT_COMPONENTS: tuple[str, ...] = ("safety",)
CALIBRATION_FRACTION = 0.25  # the later part of the training window the tree model is calibrated on
# Tree predictions run on one OpenMP thread: on a busy 2-core box two spinning threads made scoring 100,000 rows
# 1.5-2x slower than one (bench/calibrator.py); None would mean "all cores".
PREDICT_THREADS: int | None = 1
_controller: Any = None


def openmp_threads(limit: int | None) -> Any:
    """A context limiting OpenMP threads (the controller is built once: building it scans the loaded libraries)."""
    global _controller
    from contextlib import nullcontext

    if limit is None:
        return nullcontext()
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller.limit(limits=limit, user_api="openmp")


class NotEnoughData(Exception):
    """Too little labelled history to train anything honest; carries what can be said: outcome rates per grade."""

    def __init__(self, rows: int, positives: int, rates: dict[str, tuple[int, int, float]]):
        self.rows, self.positives, self.rates = rows, positives, rates
        per_grade = "; ".join(f"{g}: {pos}/{n} = {rate:.1%}" for g, (n, pos, rate) in rates.items()) or "no rows"
        super().__init__(f"not enough labelled history to train a calibrator: {rows} rows, {positives} positives "
                         f"(need at least {MIN_ROWS} rows and {MIN_POSITIVES} positives). "
                         f"Observed outcome rate per grade: {per_grade}")


class WrongSign(Exception):
    """A fitted coefficient says a higher score or component means higher risk: the model is not trusted."""

    def __init__(self, coefficients: dict[str, float]):
        self.coefficients = coefficients
        wrong = ", ".join(f"{k} {v:+.4f}" for k, v in coefficients.items() if v > 0)
        super().__init__(f"refused: coefficient(s) with the wrong sign ({wrong}); a higher score or component must "
                         f"mean lower risk. Train on more data or fewer components.")


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Reference:
    """The rules-only Platt curve: p_ref(score) = sigmoid(intercept + slope·score)."""

    intercept: float
    slope: float

    def logit(self, score: np.ndarray | float) -> Any:
        return self.intercept + self.slope * np.asarray(score, dtype=float)

    def logit_one(self, score: float) -> float:
        return self.intercept + self.slope * score

    def predict(self, score: np.ndarray) -> np.ndarray:
        return sigmoid(self.logit(score))


@dataclass(eq=False)
class FittedModel:
    """A trained calibrator model: p_model from features, with its rules-only reference and how it came to be."""

    kind: str  # "logistic" | "hgb"
    features: tuple[str, ...]
    reference: Reference
    reason: str
    rows: int
    positives: int
    window: tuple[dt.date, dt.date] | None
    coef: tuple[float, ...] = ()
    intercept: float = 0.0
    estimator: Any = field(default=None, repr=False)  # the calibrated tree model (hgb only)
    _fast: Any = field(default=None, repr=False, compare=False)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """P(adverse outcome within 12 months) for an (n, len(features)) matrix."""
        X = np.asarray(X, dtype=float)
        if self.kind == "logistic":
            return sigmoid(X @ np.asarray(self.coef) + self.intercept)
        with openmp_threads(PREDICT_THREADS):
            return np.asarray(self.estimator.predict_proba(X)[:, 1], dtype=float)

    def predict_data(self, data: Dataset) -> np.ndarray:
        return self.predict(data.matrix(self.features))

    def predict_one(self, score: float, components: Mapping[str, float]) -> float:
        values = [score if f == "score" else float(components[f]) for f in self.features]
        if self.kind == "logistic":
            z = self.intercept + sum(c * v for c, v in zip(self.coef, values, strict=True))
            return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        if self._fast is None:
            self._fast = FastTrees.build(self.estimator) or False
        if self._fast:
            return self._fast.predict_one(values)
        return float(self.estimator.predict_proba(np.array([values], dtype=float))[0, 1])

    @property
    def coefficients(self) -> dict[str, float]:
        return dict(zip(self.features, self.coef, strict=True))


class FastTrees:
    """One row through the calibrated tree model in plain Python (~0.1 ms instead of the milliseconds sklearn's
    per-call validation and OpenMP start-up cost on a busy box). Built from the fitted model's own trees and sigmoid
    parameters, and checked against predict_proba on a grid of rows before use; build() returns None (use sklearn)
    if the model has another shape or any check fails."""

    def __init__(self, baseline: float, trees: list[tuple[list, ...]], a: float, b: float):
        self.baseline, self.trees, self.a, self.b = baseline, trees, a, b

    @classmethod
    def build(cls, estimator: Any) -> FastTrees | None:
        try:
            (cc,) = estimator.calibrated_classifiers_
            (sig,) = cc.calibrators
            hgb = cc.estimator.estimator if hasattr(cc.estimator, "estimator") else cc.estimator
            trees = []
            for (predictor,) in hgb._predictors:
                nodes = predictor.nodes
                if nodes["is_categorical"].any():
                    return None
                trees.append((nodes["value"].tolist(), nodes["feature_idx"].tolist(),
                              nodes["num_threshold"].tolist(), nodes["left"].tolist(), nodes["right"].tolist(),
                              nodes["is_leaf"].astype(bool).tolist()))
            fast = cls(float(np.ravel(hgb._baseline_prediction)[0]), trees, float(sig.a_), float(sig.b_))
            grid = np.random.default_rng(0).uniform(0, 100, (64, hgb.n_features_in_))
            grid[:8] = np.round(grid[:8])  # values on split thresholds' integer neighbourhoods too
            expected = estimator.predict_proba(grid)[:, 1]
            if not np.allclose([fast.predict_one(row.tolist()) for row in grid], expected, rtol=0, atol=1e-9):
                return None
            return fast
        except (AttributeError, ValueError, TypeError, KeyError, IndexError):
            return None

    def predict_one(self, values: Sequence[float]) -> float:
        raw = self.baseline
        for value, feature, threshold, left, right, leaf in self.trees:
            i = 0
            while not leaf[i]:
                i = left[i] if values[feature[i]] <= threshold[i] else right[i]
            raw += value[i]
        z = -(self.a * raw + self.b)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def choose_rung(rows: int, positives: int) -> tuple[str, str]:
    """('refuse' | 'logistic' | 'hgb', the reason in one sentence)."""
    rung = ("refuse" if rows < MIN_ROWS or positives < MIN_POSITIVES
            else "hgb" if rows >= TREE_ROWS and positives >= TREE_POSITIVES else "logistic")
    return rung, rung_reason(rung, rows, positives).en


def rung_reason(rung: str, rows: int, positives: int, forced_to: str | None = None) -> I18n:
    """Why the ladder chose `rung` for this much data, in each language; `forced_to`: the rung the caller asked for
    instead (one the data still allows)."""
    if rung == "refuse":
        text = I18n(f"{rows} 行、{positives} 个正例：低于最少 {MIN_ROWS} 行和 {MIN_POSITIVES} 个正例，不训练模型",
                    f"{rows} rows and {positives} positives: below the minimum of {MIN_ROWS} rows and "
                    f"{MIN_POSITIVES} positives, so no model is trained")
    elif rung == "hgb" and rows >= TREE_ROWS and positives >= TREE_POSITIVES:
        text = I18n(f"{rows} 行、{positives} 个正例（不少于 {TREE_ROWS} 行和 {TREE_POSITIVES} 个正例）：单调梯度提升树，"
                    f"在训练窗口的较后部分做 sigmoid 校准",
                    f"{rows} rows and {positives} positives (>= {TREE_ROWS} and >= {TREE_POSITIVES}): monotone "
                    f"gradient boosting, sigmoid-calibrated on the later part of the training window")
    else:
        text = I18n(f"{rows} 行、{positives} 个正例：足以训练基于分数和至多 2 个分项的逻辑回归（Platt）模型，"
                    f"不足以训练树模型（需要不少于 {TREE_ROWS} 行和 {TREE_POSITIVES} 个正例）",
                    f"{rows} rows and {positives} positives: enough for a logistic (Platt) model on the score and "
                    f"at most 2 components, not for a tree model (needs >= {TREE_ROWS} rows and "
                    f">= {TREE_POSITIVES} positives)")
    if forced_to is None:
        return text
    name = {"logistic": "逻辑回归", "hgb": "梯度提升树"}.get(forced_to, forced_to)
    return I18n(f"调用方指定{name}（{text.zh_CN}）", f"{forced_to} forced by the caller ({text.en})")


def fit_logistic(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Nearly unpenalised logistic regression; fitted on standardised columns, returned on the raw scale."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    lr = LogisticRegression(C=1e4, max_iter=1000)
    lr.fit((X - mu) / sd, y)
    coef = lr.coef_[0] / sd
    intercept = float(lr.intercept_[0] - np.sum(lr.coef_[0] * mu / sd))
    return coef, intercept


def fit_reference(data: Dataset) -> Reference:
    coef, intercept = fit_logistic(data.score.reshape(-1, 1), data.label)
    return Reference(intercept, float(coef[0]))


def threads_for(rows: int, threads: int | None = None) -> int | None:
    """OpenMP threads for fitting: one below 50,000 rows (two spinning threads on a busy 2-core box were 5-20x
    slower than one in our measurements), else the caller's choice (None = all)."""
    if threads is not None:
        return threads
    return 1 if rows < 50_000 else None


def train(data: Dataset, components: Sequence[str] = DEFAULT_COMPONENTS, rung: str | None = None,
          seed: int = 0, threads: int | None = None) -> FittedModel:
    """Train the rung the data allows (or a forced `rung` the data still allows). Raises NotEnoughData/WrongSign."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads_for(len(data), threads)):
        return _train(data, components, rung, seed)


def _train(data: Dataset, components: Sequence[str], rung: str | None, seed: int) -> FittedModel:
    rows, positives = len(data), data.positives
    chosen, reason = choose_rung(rows, positives)
    if chosen == "refuse" or rows == positives:
        raise NotEnoughData(rows, positives, data.outcome_rates())
    if rung is not None:
        if rung not in ("logistic", "hgb"):
            raise ValueError(f"unknown rung {rung!r}")
        if rung == "hgb" and chosen != "hgb":
            raise NotEnoughData(rows, positives, data.outcome_rates())
        if rung != chosen:
            reason = rung_reason(chosen, rows, positives, forced_to=rung).en
        chosen = rung
    reference = fit_reference(data)
    if chosen == "logistic":
        comps = tuple(components)
        if len(comps) > 2 or any(c not in COMPONENTS for c in comps) or len(set(comps)) != len(comps):
            raise ValueError(f"the logistic rung takes at most 2 distinct components of {COMPONENTS}, got {comps}")
        features = ("score", *comps)
        coef, intercept = fit_logistic(data.matrix(features), data.label)
        signs = dict(zip(features, (float(c) for c in coef), strict=True))
        if any(v > 0 for v in signs.values()):
            raise WrongSign(signs)
        return FittedModel("logistic", features, reference, reason, rows, positives, data.window,
                           coef=tuple(float(c) for c in coef), intercept=intercept)
    return _train_tree(data.sorted_by_time(), reference, reason, seed)


def _train_tree(data: Dataset, reference: Reference, reason: str, seed: int) -> FittedModel:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.frozen import FrozenEstimator

    features = FEATURES
    X, y = data.matrix(features), data.label
    cut = int(len(data) * (1 - CALIBRATION_FRACTION))
    if y[:cut].min() == y[:cut].max() or y[cut:].min() == y[cut:].max():
        raise NotEnoughData(len(data), data.positives, data.outcome_rates())
    tree = HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.08, max_leaf_nodes=15, min_samples_leaf=80, l2_regularization=1.0,
        monotonic_cst=[-1] * len(features), early_stopping=True, validation_fraction=0.15, n_iter_no_change=15,
        random_state=seed)
    tree.fit(X[:cut], y[:cut])
    calibrated = CalibratedClassifierCV(FrozenEstimator(tree), method="sigmoid")
    calibrated.fit(X[cut:], y[cut:])
    return FittedModel("hgb", features, reference, reason, len(data), data.positives, data.window,
                       estimator=calibrated)
