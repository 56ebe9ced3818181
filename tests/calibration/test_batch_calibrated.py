"""The batch path with a calibrator equals rate() with it, row for row; a stored adjustment replayed gives the same
rating again (how a batch rating's texts are written without loading the model)."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wharf_credit.domain import load_rulebook, parse_facts, rate
from wharf_credit.domain.rating.batch import BatchInput, rate_batch
from wharf_credit.domain.rating.engine import CalibratorAdjustment, ReplayedCalibrator

from ..builders import AS_OF
from ..strategies import facts_dict, random_facts
from .test_properties import extreme

RS = load_rulebook("rules").for_date(AS_OF)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])


def single(r):
    return {"score": r.score, "grade": r.grade, "base_grade": r.base_grade, "components": r.components,
            "vetoes": [v.id for v in r.vetoes], "caps": [c.id for c in r.caps],
            "downgrades": [d.id for d in r.downgrades],
            "calibrator": None if r.calibrator is None else r.calibrator.stored()}


def assert_calibrated_batch_equals_single(items, calibrator):
    result = rate_batch(BatchInput.from_facts(items, RS), RS, AS_OF, calibrator)
    rows = result.rows()
    for i, f in enumerate(items):
        want = single(rate(f, RS, AS_OF, calibrator))
        assert result.row(i) == want == rows[i], f"row {i}: {f}"


def test_the_calibrated_batch_equals_calibrated_rate_on_seeded_wharves(logistic_calibrator, tree_model):
    from wharf_credit.calibration import ScoreCalibrator

    rng = random.Random(61)
    items = [parse_facts(random_facts(rng, RS), RS) for _ in range(150)]
    for cal in (logistic_calibrator, ScoreCalibrator(tree_model, "test-tree"), extreme(-8), extreme(8)):
        assert_calibrated_batch_equals_single(items, cal)
        shifted = [a.points for a in rate_batch(BatchInput.from_facts(items, RS), RS, AS_OF, cal).adjustments]
        assert any(p != 0 for p in shifted), "the calibrator moves some scores"


@SETTINGS
@given(st.lists(facts_dict(RS), min_size=1, max_size=12))
def test_the_calibrated_batch_equals_calibrated_rate_on_random_wharves(logistic_calibrator, datas):
    items = [parse_facts(d, RS) for d in datas]
    for cal in (logistic_calibrator, extreme(-8), extreme(8)):
        assert_calibrated_batch_equals_single(items, cal)


def test_without_a_calibrator_the_batch_stores_no_adjustment():
    rng = random.Random(3)
    result = rate_batch(BatchInput.from_facts([parse_facts(random_facts(rng, RS), RS)], RS), RS, AS_OF)
    assert result.adjustments is None and result.row(0)["calibrator"] is None and result.rows()[0]["calibrator"] is None


@SETTINGS
@given(facts_dict(RS))
def test_a_stored_adjustment_replayed_gives_the_same_rating(logistic_calibrator, data):
    facts = parse_facts(data, RS)
    for cal in (logistic_calibrator, extreme(-8), extreme(8)):
        made = rate(facts, RS, calibrator=cal)
        stored = made.calibrator.stored()
        again = rate(facts, RS, calibrator=ReplayedCalibrator(CalibratorAdjustment.from_stored(stored)))
        assert again.to_dict("en") == made.to_dict("en")
        assert again.to_dict("zh_CN") == made.to_dict("zh_CN")
