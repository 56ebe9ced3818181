"""The model ladder: refusal, rung by size, sign checks."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from wharf_credit.calibration import Dataset, NotEnoughData, WrongSign, choose_rung, simulate, train
from wharf_credit.calibration.dataset import LabelledRow, split_fraction, time_split


def test_too_little_history_is_refused_with_the_observed_rate_per_grade():
    small = simulate(400, seed=1)
    with pytest.raises(NotEnoughData) as err:
        train(small)
    assert err.value.rows == 400
    assert set(err.value.rates) <= {"AA", "A", "B", "C", "D"}
    n, pos, rate = err.value.rates["B"]
    assert rate == pos / n
    assert "Observed outcome rate per grade" in str(err.value) and "B:" in str(err.value)


def test_enough_rows_but_too_few_positives_is_refused():
    data = simulate(600, seed=2, base=-7.0)
    assert data.positives < 40
    with pytest.raises(NotEnoughData):
        train(data)


@pytest.mark.parametrize(("rows", "positives", "rung"), [
    (499, 100, "refuse"), (500, 39, "refuse"), (500, 40, "logistic"), (2999, 600, "logistic"),
    (3000, 249, "logistic"), (3000, 250, "hgb"), (100_000, 9000, "hgb")])
def test_the_rung_follows_the_amount_of_history(rows, positives, rung):
    chosen, reason = choose_rung(rows, positives)
    assert chosen == rung
    assert str(rows) in reason and str(positives) in reason


def test_the_ladder_picks_logistic_for_moderate_and_trees_for_large_history(logistic_model, tree_model):
    assert logistic_model.kind == "logistic" and logistic_model.features == ("score", "safety")
    assert all(c <= 0 for c in logistic_model.coef)
    assert tree_model.kind == "hgb" and tree_model.estimator is not None
    assert "monotone" in tree_model.reason and "logistic" in logistic_model.reason


def test_a_coefficient_with_the_wrong_sign_is_refused():
    data = simulate(2000, seed=3)
    rng = np.random.default_rng(0)
    # Outcomes that rise with the safety component: nonsense the model must refuse to learn.
    logit = -4 + 0.08 * (data.safety - 60) + 0.2 * rng.standard_normal(len(data))
    label = (rng.random(len(data)) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    bad = Dataset(data.score, data.green, data.safety, data.basic, data.grade, data.as_of, label)
    with pytest.raises(WrongSign) as err:
        train(bad, components=("safety",))
    assert err.value.coefficients["safety"] > 0 and "wrong sign" in str(err.value)


def test_at_most_two_components_on_the_logistic_rung(moderate):
    with pytest.raises(ValueError):
        train(moderate, components=("green", "safety", "basic"))


def test_the_tree_rung_cannot_be_forced_on_moderate_history(moderate):
    with pytest.raises(NotEnoughData):
        train(moderate, rung="hgb")


def test_the_time_split_keeps_the_future_out_of_training():
    rows = [LabelledRow(80.0, 80.0, 80.0, 100.0, "A", dt.date(2020, 1, 1) + dt.timedelta(days=i), i % 2)
            for i in range(10)]
    data = Dataset.from_rows(rows)
    train_part, test_part = time_split(data, dt.date(2020, 1, 8))
    assert len(train_part) == 7 and len(test_part) == 3
    assert train_part.as_of.max() < test_part.as_of.min()
    assert data.rows() == rows
    tr, te, cutoff = split_fraction(simulate(1000, seed=4), 0.25)
    assert tr.as_of.max() < np.datetime64(cutoff) <= te.as_of.min()
    assert 200 <= len(te) <= 300


def test_the_simulator_is_deterministic():
    a, b = simulate(500, seed=9), simulate(500, seed=9)
    assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in
               ("score", "green", "safety", "basic", "grade", "as_of", "label"))
    assert not np.array_equal(a.label, simulate(500, seed=10).label)


def test_labels_are_serious_outcomes_in_the_12_months_after_as_of_and_young_ratings_are_left_out():
    from wharf_credit.calibration.dataset import label_ratings, serious_outcome

    assert serious_outcome({"kind": "accident", "severity": "general", "deaths": 1})
    assert serious_outcome({"kind": "accident", "severity": "major", "deaths": 0})
    assert not serious_outcome({"kind": "accident", "severity": "general", "deaths": 0})
    assert serious_outcome({"kind": "hidden_danger", "severity": "major"})
    assert serious_outcome({"kind": "penalty", "measure": "fine", "amount_cny": 80_000})
    assert serious_outcome({"kind": "penalty", "measure": "suspension", "amount_cny": 0})
    assert not serious_outcome({"kind": "penalty", "measure": "fine", "amount_cny": 5_000})
    assert not serious_outcome({"kind": "hidden_danger", "severity": "major", "status": "dismissed"})
    comps = {"green": 80.0, "safety": 90.0, "basic": 100.0}
    day = dt.date(2023, 3, 1)
    ratings = [(1, day, 85.0, comps, "A"), (2, day, 70.0, comps, "B"), (3, day, 60.0, comps, "C"),
               (1, dt.date(2025, 6, 1), 85.0, comps, "A")]
    events = {1: [(dt.date(2024, 2, 29), {"kind": "hidden_danger", "severity": "major"})],
              2: [(day, {"kind": "hidden_danger", "severity": "major"}),  # same day: already in the rating
                  (dt.date(2024, 3, 2), {"kind": "hidden_danger", "severity": "major"})],  # too late
              3: [(dt.date(2023, 9, 1), {"kind": "penalty", "measure": "warning"})]}
    rows = label_ratings(ratings, events, today=dt.date(2025, 12, 1))
    assert [(r.score, r.label) for r in rows] == [(85.0, 1), (70.0, 0), (60.0, 0)]


def test_the_label_definition_comes_from_the_rule_set_and_changes_the_labels():
    import dataclasses

    from wharf_credit.calibration.dataset import label_ratings, serious_outcome
    from wharf_credit.domain import load_rulebook

    book = load_rulebook("rules")
    label = book.for_date(dt.date(2026, 6, 1)).policy.calibrator_label
    assert label == book.for_date(dt.date(2025, 6, 1)).policy.calibrator_label  # both shipped sets: the default
    fine = {"kind": "penalty", "measure": "fine", "amount_cny": 80_000}
    assert serious_outcome(fine, label)
    stricter = dataclasses.replace(label, penalty_min_amount_cny=100_000, horizon_days=180)
    assert not serious_outcome(fine, stricter)
    comps = {"green": 80.0, "safety": 90.0, "basic": 100.0}
    day = dt.date(2024, 1, 1)
    ratings = [(1, day, 85.0, comps, "A"), (2, day, 70.0, comps, "B"), (3, dt.date(2025, 8, 1), 60.0, comps, "C")]
    events = {1: [(dt.date(2024, 9, 1), {"kind": "hidden_danger", "severity": "major"})],  # 244 days later
              2: [(dt.date(2024, 2, 1), fine)]}
    today = dt.date(2026, 3, 1)
    assert [(r.score, r.label) for r in label_ratings(ratings, events, today, label)] == [(85.0, 1), (70.0, 1)]
    # a 180-day horizon: the hidden danger is too late, the 80,000 CNY fine is below the new threshold, and the
    # rating of 2025-08-01 is old enough to be labelled
    assert [(r.score, r.label) for r in label_ratings(ratings, events, today, stricter)] == [
        (85.0, 0), (70.0, 0), (60.0, 0)]
