"""Training the learned calibrator, one function for every door (`flask calibrator train`, the admin's background
job): labelled history from stored ratings re-rated under the rule set it is trained for (or the seeded simulator, a
dry run that touches no stored data), a time split, the ladder, held-out metrics, and the saved artefact with its
model card. `on_step(stage, detail)` hears each stage as it ends ("data", "split", "model", "metrics") so a command
can narrate and a job can show progress; a refusal is TrainingRefused, with the data when outcome rates help."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..calibration import NotEnoughData, WrongSign, evaluate, save_artefact, simulate, train
from ..calibration.dataset import Dataset, label_ratings, split_fraction
from ..calibration.ladder import DEFAULT_COMPONENTS
from ..domain import FactsError, RuleSet, parse_facts
from ..domain.rating.batch import BatchInput, rate_batch
from ..domain.vocabulary import I18n
from ..models import RatingRow, SafetyEventRow
from .rerate import applicable

STAGES = ("data", "split", "model", "metrics", "saved")


class TrainingRefused(Exception):
    """Training cannot go on; `data` (when given) is worth showing as outcome rates per grade."""

    def __init__(self, message: str, data: Dataset | None = None):
        super().__init__(message)
        self.data = data


@dataclass(frozen=True)
class TrainingData:
    data: Dataset
    source: I18n
    skipped: int  # stored ratings whose facts do not validate under the rule set (left out)


@dataclass(frozen=True)
class TrainingReport:
    data: TrainingData
    cutoff: dt.date
    train_rows: int
    test_rows: int
    model: Any  # the trained calibrator model (kind, reason, coefficients, intercept)
    metrics: dict[str, Any]
    saved: Any  # the saved artefact (id, folder, sha256)
    ruleset: str


def rescore(facts: dict[tuple[int, dt.date], dict[str, Any]], ruleset: RuleSet
            ) -> tuple[list[tuple[int, dt.date, float, dict, str]], int]:
    """(wharf id, as_of, score, components, grade) of each stored facts object rated under `ruleset` (batch path,
    one batch per date), and how many could not be rated (facts invalid under it)."""
    by_day: dict[dt.date, list[tuple[int, dict[str, Any]]]] = {}
    for (wharf_id, day), f in facts.items():
        by_day.setdefault(day, []).append((wharf_id, f))
    out, skipped = [], 0
    for day, items in sorted(by_day.items()):
        parsed, ids = [], []
        for wharf_id, f in items:
            try:
                parsed.append(parse_facts(applicable({**f, "as_of": day.isoformat()}, ruleset), ruleset))
                ids.append(wharf_id)
            except (FactsError, KeyError, TypeError):
                skipped += 1
        if not parsed:
            continue
        result = rate_batch(BatchInput.from_facts(parsed, ruleset), ruleset, day)
        for wharf_id, row in zip(ids, result.rows(), strict=True):
            out.append((wharf_id, day, row["score"], row["components"], row["grade"]))
    return out, skipped


def stored_data(session: Session, since: dt.date | None, until: dt.date | None, today: dt.date, ruleset: RuleSet
                ) -> tuple[Dataset, int]:
    """Labelled rows from stored ratings (the latest rating per wharf and day) and recorded safety events, and how
    many ratings were left out.

    The features are recomputed from each rating's stored facts under `ruleset` (the rule set the calibrator is
    trained for) as of the rating's own date: a rating is a pure function of its inputs, so this leaks nothing, and
    every row is on the scale the calibrator will adjust, not the scale of whichever rule set was in force then.
    Labels follow the rule set's definition of a serious adverse outcome (policy.calibrator.label)."""
    q = select(RatingRow.wharf_id, RatingRow.as_of, RatingRow.inputs).order_by(
        RatingRow.wharf_id, RatingRow.as_of, RatingRow.id)
    if since:
        q = q.where(RatingRow.as_of >= since)
    if until:
        q = q.where(RatingRow.as_of < until)
    latest: dict[tuple[int, dt.date], dict[str, Any]] = {}
    for wharf_id, as_of, inputs in session.execute(q):
        if isinstance(inputs, dict):
            latest[(wharf_id, as_of)] = inputs
    events: dict[int, list[tuple[dt.date, dict]]] = {}
    for wharf_id, day, kind, data, status in session.execute(
            select(SafetyEventRow.wharf_id, SafetyEventRow.date, SafetyEventRow.kind, SafetyEventRow.data,
                   SafetyEventRow.status)):
        events.setdefault(wharf_id, []).append((day, {**(data or {}), "kind": kind, "status": status}))
    rows, skipped = rescore(latest, ruleset)
    return Dataset.from_rows(label_ratings(rows, events, today, ruleset.policy.calibrator_label)), skipped


def training_data(session: Session, simulated: int | None, seed: int, since: dt.date | None, until: dt.date | None,
                  today: dt.date, ruleset: RuleSet) -> TrainingData:
    """The labelled rows to train or evaluate on, and where they come from (in both languages)."""
    label = ruleset.policy.calibrator_label
    if simulated is not None:
        if simulated <= 0:
            raise TrainingRefused("--simulate takes a positive number of rows")
        data = simulate(simulated, seed=seed).between(since, until)
        return TrainingData(data, I18n(f"模拟的码头年度数据（{simulated} 条，随机种子 {seed}）",
                                       f"simulated ({simulated} wharf-years, seed {seed})"), 0)
    data, skipped = stored_data(session, since, until, today, ruleset)
    return TrainingData(data, I18n(f"按规则集 {ruleset.version} 重新评价的已存储评价结果（标签期限 {label.horizon_days} 天）",
                                   f"stored ratings re-rated under {ruleset.version} (label horizon "
                                   f"{label.horizon_days} days)"), skipped)


def train_calibrator(session: Session, root: Path, ruleset: RuleSet, today: dt.date, ident: str, *,
                     simulated: int | None = None, seed: int = 0, since: dt.date | None = None,
                     until: dt.date | None = None, components: tuple[str, ...] = DEFAULT_COMPONENTS,
                     test_fraction: float = 0.25, owner: str = "", boot: int = 200,
                     on_step: Callable[[str, Any], None] | None = None) -> TrainingReport:
    """Train, evaluate on the held-out most recent `test_fraction`, save artefact `ident` in `root`."""
    def step(stage: str, detail: Any) -> None:
        if on_step:
            on_step(stage, detail)

    if not 0.05 <= test_fraction <= 0.5:
        raise TrainingRefused("--test-fraction must be between 0.05 and 0.5")
    found = training_data(session, simulated, seed, since, until, today, ruleset)
    data = found.data
    step("data", found)
    if len(data) < 2:
        raise TrainingRefused("not enough labelled history to train a calibrator", data)
    train_part, test_part, cutoff = split_fraction(data, test_fraction)
    step("split", (cutoff, len(train_part), len(test_part)))
    try:
        model = train(train_part, components=components, seed=seed)
    except NotEnoughData as exc:
        raise TrainingRefused(str(exc), data) from exc
    except (WrongSign, ValueError) as exc:
        raise TrainingRefused(str(exc)) from exc
    step("model", model)
    if test_part.positives == 0 or test_part.positives == len(test_part):
        raise TrainingRefused("the held-out period has only one outcome class: nothing to evaluate on")
    metrics = evaluate(test_part.label, model.predict_data(test_part), model.reference.predict(test_part.score),
                       test_part.grade, n_boot=boot, seed=seed, score=test_part.score)
    step("metrics", metrics)
    try:
        saved = save_artefact(model, root, ident, ruleset, metrics=metrics, owner=owner, train_data=train_part,
                              test_window=test_part.window, data_source=found.source)
    except (ValueError, FileExistsError) as exc:
        raise TrainingRefused(str(exc)) from exc
    step("saved", saved)
    return TrainingReport(found, cutoff, len(train_part), len(test_part), model, metrics, saved, ruleset.version)
