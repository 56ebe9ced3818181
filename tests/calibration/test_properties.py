"""Property tests of the calibrator inside rate(): bounded, never lifts a veto or cap, off means rules-only."""
from __future__ import annotations

import math

import numpy as np

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wharf_credit.calibration import ScoreCalibrator, score_shift
from wharf_credit.calibration.ladder import FittedModel, Reference
from wharf_credit.domain import GRADE_CODES, load_rulebook, parse_facts, rate

from ..builders import AS_OF
from ..strategies import facts_dict

RS = load_rulebook("rules").for_date(AS_OF)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])
ORDER = list(GRADE_CODES)
component = st.floats(0, 100, allow_nan=False)
prob = st.floats(1e-9, 1 - 1e-9, allow_nan=False)


def extreme(direction: float) -> ScoreCalibrator:
    """A model that disagrees wildly with the rules (always saturates the bound) in one direction."""
    model = FittedModel("logistic", ("score", "safety"), Reference(-2.0, -0.01), "test", 1000, 100, None,
                        coef=(-0.01, -0.0001), intercept=-2.0 + direction)
    return ScoreCalibrator(model, f"extreme{direction:+}")


@SETTINGS
@given(st.floats(0, 100, allow_nan=False), component, component, component)
def test_the_adjustment_never_exceeds_the_bound(logistic_calibrator, score, green, safety, basic):
    for cal in (logistic_calibrator, extreme(-8), extreme(8)):
        adj = cal.adjust(score, {"green": green, "safety": safety, "basic": basic}, RS)
        assert abs(adj.points) <= min(cal.bound, RS.policy.calibrator_max_points)
        assert 0 <= adj.p_model <= 1 and 0 <= adj.p_ref <= 1
        assert adj.reason.en.startswith("estimated 12-month risk") and "典型风险" in adj.reason.zh_CN


@SETTINGS
@given(prob, prob, prob, st.floats(0.5, 200), st.floats(0, 10))
def test_the_adjustment_is_monotone_in_predicted_risk_and_zero_when_the_model_agrees(p1, p2, p_ref, pdo, bound):
    lo, hi = sorted((p1, p2))
    assert score_shift(lo, p_ref, pdo, bound) >= score_shift(hi, p_ref, pdo, bound)
    assert score_shift(p_ref, p_ref, pdo, bound) == 0.0
    assert abs(score_shift(p1, p_ref, pdo, bound)) <= bound


def test_twice_the_odds_costs_one_pdo_before_the_bound():
    p_ref = 0.05
    odds = 2 * p_ref / (1 - p_ref)
    assert math.isclose(score_shift(odds / (1 + odds), p_ref, pdo=20, bound=100), -20.0, abs_tol=0.01)


@SETTINGS
@given(st.floats(0, 100, allow_nan=False), component, component, component, component)
def test_the_trained_model_shift_falls_as_its_risk_rises(logistic_calibrator, score, green, s1, s2, basic):
    lo, hi = sorted((s1, s2))  # a better safety component: lower predicted risk, never a lower shift
    worse = logistic_calibrator.adjust(score, {"green": green, "safety": lo, "basic": basic}, RS)
    better = logistic_calibrator.adjust(score, {"green": green, "safety": hi, "basic": basic}, RS)
    assert worse.p_model >= better.p_model
    assert worse.points <= better.points


@SETTINGS
@given(facts_dict(RS))
def test_with_a_calibrator_the_final_grade_is_never_better_than_a_veto_or_cap(logistic_calibrator, data):
    facts = parse_facts(data, RS)
    plain = rate(facts, RS)
    for cal in (logistic_calibrator, extreme(-8), extreme(8)):
        r = rate(facts, RS, calibrator=cal)
        assert abs(r.score - plain.score) <= RS.policy.calibrator_max_points + 0.01
        assert abs(ORDER.index(r.base_grade) - ORDER.index(plain.base_grade)) <= RS.policy.calibrator_max_grade_steps
        for cap in r.caps:
            assert ORDER.index(r.grade) >= ORDER.index(cap.cap)
        if plain.vetoes:
            assert r.vetoes and r.grade == "D"
        assert r.calibrator is not None and r.calibrator.id == cal.id
        assert ORDER.index(r.grade) >= ORDER.index(r.base_grade)


@SETTINGS
@given(facts_dict(RS))
def test_with_the_calibrator_off_the_rating_is_rules_only_bit_for_bit(data):
    facts = parse_facts(data, RS)
    off = rate(facts, RS, calibrator=None)
    assert off == rate(facts, RS)
    assert off.to_dict("en") == rate(facts, RS).to_dict("en")
    assert off.calibrator is None and {"step": "calibrator", "id": None} in off.trace


class ZeroShift:
    """A calibrator that is on but proposes no shift."""

    id = "zero"

    def adjust(self, score, components, ruleset):
        from wharf_credit.calibration.adjust import reason_text
        from wharf_credit.domain.rating.engine import CalibratorAdjustment

        return CalibratorAdjustment(self.id, 0.1, 0.1, 0.0, reason_text(0.1, 0.1))


@SETTINGS
@given(facts_dict(RS))
def test_with_the_calibrator_off_the_score_and_grades_are_the_rule_scores_own(data):
    """Off means rules-only, checked against what the rules alone give (not only against another call with None):
    the score is the rule score of the trace, the base grade its grade, and the whole rating equals the one under a
    calibrator that is on but shifts nothing, except for the calibrator record and its trace step."""
    facts = parse_facts(data, RS)
    off = rate(facts, RS)
    (score_step,) = [t for t in off.trace if t["step"] == "score"]
    assert off.score == score_step["score"] and off.base_grade == RS.grade_for(score_step["score"]).code
    zero = rate(facts, RS, calibrator=ZeroShift())
    assert zero.calibrator is not None and zero.calibrator.points == 0.0
    a, b = off.to_dict("en"), zero.to_dict("en")
    a_trace, b_trace = a.pop("trace"), b.pop("trace")
    a.pop("calibrator"), b.pop("calibrator")
    assert a == b
    assert [t for t in a_trace if t["step"] != "calibrator"] == [t for t in b_trace if t["step"] != "calibrator"]


def test_a_model_equal_to_the_rules_changes_no_rating(moderate):
    from wharf_credit.calibration.ladder import fit_reference

    ref = fit_reference(moderate)
    same = ScoreCalibrator(FittedModel("logistic", ("score",), ref, "test", 1, 1, None, coef=(ref.slope,),
                                       intercept=ref.intercept), "agrees")
    for score in (0.0, 35.5, 61.0, 79.99, 90.0, 100.0):
        assert same.adjust(score, {"green": 1.0, "safety": 2.0, "basic": 3.0}, RS).points == 0.0


def test_the_default_scale_is_the_reference_curves_own_so_the_shift_is_in_rule_score_points(logistic_model, moderate):
    """PDO_ref = ln 2 / |slope of p_ref|: unclipped, the shift Δ is the score change that makes the rules-only curve
    predict the model's risk, p_ref(score + Δ) = p_model."""
    from wharf_credit.calibration.adjust import MAX_PDO, reference_pdo

    ref = logistic_model.reference
    assert ref.slope < 0
    cal = ScoreCalibrator(logistic_model, "own-scale", bound=100.0)
    assert cal.pdo == reference_pdo(ref) == math.log(2) / -ref.slope
    p_model, p_ref, delta = cal.shifts(moderate.matrix(logistic_model.features)[:300])
    moved = ref.predict(moderate.score[:300] + delta)
    # Δ is rounded to 0.01 points; one hundredth of a point moves p_ref by at most |slope|/4 · 0.005
    assert np.allclose(moved, p_model, rtol=0, atol=abs(ref.slope) / 4 * 0.0051)
    assert np.any(np.abs(delta) > 1)  # not trivially zero
    # a flat or rising reference curve (rules that do not rank the risk) falls back to the old fixed scale
    assert reference_pdo(Reference(-2.0, -0.001)) == MAX_PDO == reference_pdo(Reference(-2.0, 0.01)) == 20.0
    assert ScoreCalibrator(logistic_model, "fixed", pdo=20.0).pdo == 20.0


def test_with_the_reference_scale_the_bound_no_longer_decides_most_shifts(tree_model, large_split):
    """The reason for PDO_ref (docs/performance.md): with PDO 20 most simulated wharves sit at the ±3 bound."""
    _, test_part, _ = large_split
    X = test_part.matrix(tree_model.features)
    at_bound = {name: float(np.mean(np.abs(ScoreCalibrator(tree_model, name, pdo=pdo).shifts(X)[2]) >= 3))
                for name, pdo in (("pdo20", 20.0), ("reference", None))}
    assert at_bound["pdo20"] > 0.6 and at_bound["reference"] < 0.35
