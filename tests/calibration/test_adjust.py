"""The calibrator's shift in exact numbers: rounding, the probability floor, the bound a rule set lowers, and the
vectorised path equal to the one-rating path. Hand-made logistic models, so every figure is known."""
from __future__ import annotations

import math

import numpy as np
import pytest

from wharf_credit.calibration.adjust import (MAX_PDO, P_FLOOR, ScoreCalibrator, percent_text, reference_pdo,
                                             score_shift)
from wharf_credit.calibration.ladder import FittedModel, Reference
from wharf_credit.domain import load_rulebook

from ..builders import AS_OF

RS = load_rulebook("rules").for_date(AS_OF)
REFERENCE = Reference(-2.0, -0.05)


def model(intercept: float, coef: tuple[float, float] = (-0.05, -0.01), reference: Reference = REFERENCE):
    return FittedModel("logistic", ("score", "safety"), reference, "test", 1000, 100, None, coef=coef,
                       intercept=intercept)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_the_shift_is_rounded_to_two_decimals_and_clipped_to_the_bound():
    raw = -(20 / math.log(2)) * (logit(0.125) - logit(0.1))
    assert round(raw, 3) != round(raw, 2)  # the example needs a third decimal to round away
    assert score_shift(0.125, 0.1, pdo=20, bound=100) == round(raw, 2) == -7.25
    assert score_shift(0.125, 0.1, pdo=20, bound=3) == -3.0
    assert score_shift(0.1, 0.125, pdo=20, bound=3) == 3.0
    assert score_shift(0.125, 0.1, pdo=20, bound=0) == 0.0


def test_no_shift_is_a_plain_zero_never_minus_zero():
    shift = score_shift(0.3, 0.3)
    assert shift == 0.0 and math.copysign(1.0, shift) == 1.0
    cal = ScoreCalibrator(model(-2.0, coef=(-0.05, 0.0)), "agrees")  # the model is the reference curve itself
    _, _, delta = cal.shifts(np.array([[60.0, 80.0]]))
    assert delta[0] == 0.0 and math.copysign(1.0, float(delta[0])) == 1.0


def test_a_certain_model_is_held_at_the_probability_floor_rather_than_dividing_by_zero():
    top = -(20 / math.log(2)) * (logit(1 - P_FLOOR) - logit(0.5))
    assert score_shift(1.0, 0.5, pdo=20, bound=1000) == round(top, 2)
    assert score_shift(0.0, 0.5, pdo=20, bound=1000) == -round(top, 2)
    assert abs(top) < 1000  # so it is the floor, not the bound, that holds it


@pytest.mark.parametrize("intercept", [800.0, -800.0])
def test_the_vectorised_shift_holds_a_certain_model_at_the_floor_too(intercept):
    """sigmoid(±800) is exactly 1 or 0 in floating point: the floor keeps the log-odds finite."""
    cal = ScoreCalibrator(model(intercept), "certain", pdo=20, bound=1000)
    p_model, _, delta = cal.shifts(np.array([[40.0, 10.0]]))
    assert P_FLOOR <= p_model[0] <= 1 - P_FLOOR
    assert math.isfinite(float(delta[0])) and abs(delta[0]) < 1000


@pytest.mark.parametrize("intercept", [800.0, -800.0])
def test_the_vectorised_shift_holds_a_certain_reference_at_the_floor_too(intercept):
    cal = ScoreCalibrator(model(-2.0, reference=Reference(intercept, -0.05)), "certain-ref", pdo=20, bound=1000)
    _, p_ref, delta = cal.shifts(np.array([[40.0, 10.0]]))
    assert P_FLOOR <= p_ref[0] <= 1 - P_FLOOR
    assert math.isfinite(float(delta[0])) and abs(delta[0]) < 1000


def test_a_probability_is_written_with_one_decimal_as_a_percentage():
    assert percent_text(0.1234) == "12.3%"
    assert percent_text(0.05) == "5.0%"
    assert percent_text(1.0) == "100.0%"


def test_a_flat_reference_curve_gets_the_largest_scale():
    assert reference_pdo(Reference(-2.0, 0.0)) == MAX_PDO
    assert reference_pdo(Reference(-2.0, -0.1)) == pytest.approx(math.log(2) / 0.1)


@pytest.mark.parametrize("pdo, bound", [(0.5, 3.0), (20.0, 0.0), (20.0, 0.5)])
def test_any_positive_scale_and_any_bound_from_zero_are_accepted(pdo, bound):
    cal = ScoreCalibrator(model(-2.0), "ok", pdo=pdo, bound=bound)
    assert (cal.pdo, cal.bound) == (pdo, bound)


@pytest.mark.parametrize("pdo, bound", [(0.0, 3.0), (-1.0, 3.0), (20.0, -0.5), (0.0, -1.0)])
def test_a_scale_of_zero_or_less_or_a_negative_bound_is_refused(pdo, bound):
    with pytest.raises(ValueError, match=r"^pdo must be > 0 and bound >= 0$"):
        ScoreCalibrator(model(-2.0), "bad", pdo=pdo, bound=bound)


def test_the_smaller_of_the_rule_sets_bound_and_the_calibrators_own_holds_on_both_paths_in_both_directions():
    assert RS.policy.calibrator_max_points == 3
    cal = ScoreCalibrator(model(4.0), "risky", pdo=20, bound=10)  # far more risk than the rules see
    X = np.array([[70.0, 50.0]])
    assert cal.adjust(70.0, {"safety": 50.0}, RS).points == -3.0
    assert cal.shifts(X, RS)[2][0] == -3.0
    assert cal.shifts(X)[2][0] == -10.0
    safe = ScoreCalibrator(model(-8.0), "safe", pdo=20, bound=10)  # far less risk than the rules see
    assert safe.adjust(70.0, {"safety": 50.0}, RS).points == 3.0
    assert safe.shifts(X, RS)[2][0] == 3.0 and safe.shifts(X)[2][0] == 10.0
    tight = ScoreCalibrator(model(4.0), "tight", pdo=20, bound=1)  # its own bound is the smaller one
    assert tight.adjust(70.0, {"safety": 50.0}, RS).points == -1.0
    assert tight.shifts(X, RS)[2][0] == -1.0


def test_one_rating_uses_the_calibrators_scale_and_rounds_the_probabilities_to_six_decimals():
    cal = ScoreCalibrator(model(-1.7), "scaled", pdo=7.0, bound=100)
    adj = cal.adjust(42.0, {"safety": 35.0}, RS)
    z = -1.7 - 0.05 * 42.0 - 0.01 * 35.0
    p_model, p_ref = 1 / (1 + math.exp(-z)), 1 / (1 + math.exp(-(-2.0 - 0.05 * 42.0)))
    assert round(p_model, 7) != round(p_model, 6) and round(p_ref, 7) != round(p_ref, 6)
    assert (adj.p_model, adj.p_ref) == (round(p_model, 6), round(p_ref, 6))
    assert 0 < adj.points == score_shift(p_model, p_ref, 7.0, 3.0) < 3  # within the bound: the scale decides
    assert adj.points != score_shift(p_model, p_ref, 20.0, 3.0)


def test_the_vectorised_shifts_equal_the_one_rating_shifts_row_by_row():
    cal = ScoreCalibrator(model(-1.2, coef=(-0.04, -0.02)), "rows", pdo=11.0, bound=100)
    rows = [(score, safety) for score in (5.0, 33.3, 61.7, 88.8) for safety in (0.0, 47.5, 100.0)]
    p_model, p_ref, delta = cal.shifts(np.array(rows))
    for i, (score, safety) in enumerate(rows):
        adj = cal.adjust(score, {"safety": safety}, RS)
        assert round(float(p_model[i]), 6) == adj.p_model and round(float(p_ref[i]), 6) == adj.p_ref
        assert float(delta[i]) == score_shift(float(p_model[i]), float(p_ref[i]), 11.0, 100)
    assert len({float(d) for d in delta}) > 6  # the rows really differ
