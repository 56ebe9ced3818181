"""Labelled rows and a time split.

A labelled row is one rating (score and its three components, grade, as_of) and whether a serious adverse outcome
followed within the horizon (label 1) or not (0); the rule set defines both (`policy.calibrator.label`, the
domain's OutcomeLabel; 12 months by default). Rows are held column-wise (numpy) so 100,000 of them stay cheap.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..domain.rules.model import OutcomeLabel

FEATURES: tuple[str, ...] = ("score", "green", "safety", "basic")
COMPONENTS: tuple[str, ...] = ("green", "safety", "basic")


@dataclass(frozen=True)
class LabelledRow:
    score: float
    green: float
    safety: float
    basic: float
    grade: str
    as_of: dt.date
    label: int


def _day(d: dt.date) -> np.datetime64:
    return np.datetime64(d.isoformat(), "D")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Column-wise labelled rows: float features, grade codes, as_of days (datetime64[D]) and 0/1 labels."""

    score: np.ndarray
    green: np.ndarray
    safety: np.ndarray
    basic: np.ndarray
    grade: np.ndarray
    as_of: np.ndarray
    label: np.ndarray

    def __post_init__(self) -> None:
        n = len(self.score)
        for name in ("green", "safety", "basic", "grade", "as_of", "label"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"column {name} has {len(getattr(self, name))} rows, score has {n}")
        if n and not np.isin(self.label, (0, 1)).all():
            raise ValueError("labels must be 0 or 1")

    @classmethod
    def from_rows(cls, rows: Iterable[LabelledRow]) -> Dataset:
        rows = list(rows)
        return cls(
            score=np.array([r.score for r in rows], dtype=float),
            green=np.array([r.green for r in rows], dtype=float),
            safety=np.array([r.safety for r in rows], dtype=float),
            basic=np.array([r.basic for r in rows], dtype=float),
            grade=np.array([r.grade for r in rows], dtype="<U2"),
            as_of=np.array([_day(r.as_of) for r in rows], dtype="datetime64[D]"),
            label=np.array([int(r.label) for r in rows], dtype=np.int8),
        )

    def rows(self) -> list[LabelledRow]:
        return [LabelledRow(float(s), float(g), float(sa), float(b), str(gr), d.astype(dt.date), int(y))
                for s, g, sa, b, gr, d, y in zip(self.score, self.green, self.safety, self.basic, self.grade,
                                                 self.as_of, self.label, strict=True)]

    def __len__(self) -> int:
        return len(self.score)

    @property
    def positives(self) -> int:
        return int(self.label.sum())

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        if not len(self):
            return None
        return self.as_of.min().astype(dt.date), self.as_of.max().astype(dt.date)

    def column(self, name: str) -> np.ndarray:
        if name not in FEATURES:
            raise KeyError(f"unknown feature {name!r} (known: {', '.join(FEATURES)})")
        return getattr(self, name)

    def matrix(self, features: Sequence[str]) -> np.ndarray:
        """An (n, len(features)) float matrix in the given feature order."""
        return np.column_stack([self.column(f) for f in features]) if len(self) else np.empty((0, len(features)))

    def subset(self, mask: np.ndarray) -> Dataset:
        return Dataset(self.score[mask], self.green[mask], self.safety[mask], self.basic[mask], self.grade[mask],
                       self.as_of[mask], self.label[mask])

    def between(self, since: dt.date | None = None, until: dt.date | None = None) -> Dataset:
        """Rows with since <= as_of < until (either bound optional)."""
        mask = np.ones(len(self), dtype=bool)
        if since is not None:
            mask &= self.as_of >= _day(since)
        if until is not None:
            mask &= self.as_of < _day(until)
        return self.subset(mask)

    def sorted_by_time(self) -> Dataset:
        return self.subset(np.argsort(self.as_of, kind="stable"))

    def outcome_rates(self) -> dict[str, tuple[int, int, float]]:
        """Per grade: (rows, positives, observed outcome rate), grades in first-seen order of the usual codes."""
        out: dict[str, tuple[int, int, float]] = {}
        for g in sorted(set(self.grade.tolist()), key=_grade_key):
            m = self.grade == g
            n, pos = int(m.sum()), int(self.label[m].sum())
            out[g] = (n, pos, pos / n if n else 0.0)
        return out


def _grade_key(code: str) -> tuple[int, str]:
    order = ("AA", "A", "B", "C", "D")
    return (order.index(code) if code in order else len(order), code)


def time_split(data: Dataset, cutoff: dt.date) -> tuple[Dataset, Dataset]:
    """Train on rows dated before `cutoff`, test on rows on or after it: the model never sees its own future."""
    return data.between(until=cutoff), data.between(since=cutoff)


def split_fraction(data: Dataset, test_fraction: float = 0.25) -> tuple[Dataset, Dataset, dt.date]:
    """A time split with about `test_fraction` of the rows (the most recent) held out; returns the cutoff too."""
    if not len(data):
        raise ValueError("no rows to split")
    days = np.sort(data.as_of)
    cutoff = days[min(int(len(days) * (1 - test_fraction)), len(days) - 1)].astype(dt.date)
    train, test = time_split(data, cutoff)
    return train, test, cutoff


DEFAULT_LABEL = OutcomeLabel()  # the definition a rule set without policy.calibrator.label uses


def serious_outcome(event: dict, label: OutcomeLabel | None = None) -> bool:
    """The label's event test (facts shape) under the rule set's definition (`ruleset.policy.calibrator_label`;
    default: a fatal or major accident, a major hidden danger, a penalty of at least 50,000 CNY or a
    suspension/revocation). Dismissed events never count."""
    return (label or DEFAULT_LABEL).serious(event)


def label_ratings(ratings: Iterable[tuple[int, dt.date, float, dict, str]],
                  events: dict[int, list[tuple[dt.date, dict]]], today: dt.date,
                  label: OutcomeLabel | None = None) -> list[LabelledRow]:
    """Labelled rows from stored ratings (wharf id, as_of, score, components, grade) and each wharf's events: label 1
    if a serious outcome (under `label`, the rule set's definition) fell in (as_of, as_of + horizon]. Ratings younger
    than the horizon are left out (no label yet)."""
    label = label or DEFAULT_LABEL
    horizon = dt.timedelta(days=label.horizon_days)
    last = today - horizon
    out = []
    for wharf_id, as_of, score, comps, grade in ratings:
        if as_of > last:
            continue
        end = as_of + horizon
        hit = any(as_of < day <= end and label.serious(ev) for day, ev in events.get(wharf_id, ()))
        out.append(LabelledRow(float(score), float(comps["green"]), float(comps["safety"]), float(comps["basic"]),
                               grade, as_of, int(hit)))
    return out
