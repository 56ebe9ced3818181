"""The isotonic diagnostic of the score → risk shape (docs/architecture.md, the learned calibrator): known answers on hand-made data, sense on
simulated data, and where it is reported (evaluate, CLI, model card)."""
from __future__ import annotations

import numpy as np
import pytest

from wharf_credit.calibration import evaluate, simulate, train
from wharf_credit.calibration.dataset import split_fraction
from wharf_credit.calibration.shape import isotonic_diagnostic


def step_data(low_rate: float, high_rate: float, per_score: int = 10):
    """Scores 40-99, `per_score` rows each: rate low_rate below 60, high_rate from 60 (exact counts per score)."""
    score, y = [], []
    for s in range(40, 100):
        rate = low_rate if s < 60 else high_rate
        hits = round(rate * per_score)
        score += [float(s)] * per_score
        y += [1] * hits + [0] * (per_score - hits)
    return np.array(score), np.array(y, dtype=float)


def flat(p: float):
    return lambda x: np.full(len(np.atleast_1d(x)), p)


def test_a_non_increasing_step_is_recovered_exactly_and_the_gap_to_the_reference_is_known():
    score, y = step_data(0.5, 0.1)
    d = isotonic_diagnostic(score, y, flat(0.3))
    assert {c["score"]: round(c["isotonic"], 12) for c in d["curve"]} == {
        40.0: 0.5, 50.0: 0.5, 60.0: 0.1, 70.0: 0.1, 80.0: 0.1, 90.0: 0.1}
    assert all(c["p_ref"] == 0.3 for c in d["curve"])
    assert d["max_abs_gap"] == pytest.approx(0.2) and d["max_abs_gap_at_points"] == pytest.approx(0.2)
    assert d["monotone_non_increasing"] and d["violations"] == []
    # against the true curve itself the gap is 0
    assert isotonic_diagnostic(score, y, lambda x: np.where(np.asarray(x) < 60, 0.5, 0.1))["max_abs_gap"] == 0


def test_risk_that_rises_with_the_score_is_flagged_and_the_fit_pools_it_flat():
    score, y = step_data(0.1, 0.6, per_score=20)
    d = isotonic_diagnostic(score, y, flat(0.3))
    # a non-increasing fit of a rising step is the overall mean everywhere: (20·0.1 + 40·0.6) / 60
    assert all(c["isotonic"] == pytest.approx((20 * 0.1 + 40 * 0.6) / 60) for c in d["curve"])
    assert not d["monotone_non_increasing"]
    # score deciles of 120 rows (6 scores each): 58-63 mixes both rates, so the rise shows between two pairs of bins
    first, last = d["violations"][0], d["violations"][-1]
    assert first["rate_from"] == pytest.approx(0.1) and last["rate_to"] == pytest.approx(0.6)
    assert 50 < first["from"] < 60 < last["to"] < 70


def test_score_points_outside_the_data_are_left_out_and_one_distinct_score_is_refused():
    score, y = step_data(0.5, 0.1)
    d = isotonic_diagnostic(score[score >= 55], y[score >= 55], flat(0.3))
    assert [c["score"] for c in d["curve"]] == [60.0, 70.0, 80.0, 90.0]
    with pytest.raises(ValueError):
        isotonic_diagnostic(np.full(5, 70.0), np.array([0, 1, 0, 1, 0.0]), flat(0.3))


def test_on_simulated_wharf_years_the_rules_only_curve_has_the_right_shape():
    # the simulator's risk is logistic in the score (plus effects the score does not see), so the isotonic fit and
    # the rules-only Platt curve must agree closely where the data are dense, and the observed risk falls with score
    train_part, test_part, _ = split_fraction(simulate(30000, seed=8))
    model = train(train_part, rung="logistic")
    m = evaluate(test_part.label, model.predict_data(test_part), model.reference.predict(test_part.score),
                 test_part.grade, n_boot=0, score=test_part.score)
    iso = m["isotonic"]
    assert iso["monotone_non_increasing"]
    dense = [c for c in iso["curve"] if 60 <= c["score"] <= 90]
    assert len(dense) == 4 and all(abs(c["isotonic"] - c["p_ref"]) < 0.05 for c in dense)
    assert iso["max_abs_gap"] < 0.15
    values = [c["isotonic"] for c in iso["curve"]]
    assert values == sorted(values, reverse=True)
    # evaluate reads p_ref(score) off the rows: it matches the reference curve itself
    direct = isotonic_diagnostic(test_part.score, test_part.label, model.reference.predict)
    assert [c["p_ref"] for c in direct["curve"]] == pytest.approx([c["p_ref"] for c in iso["curve"]], abs=1e-12)
    assert "isotonic" not in evaluate(test_part.label, model.predict_data(test_part),
                                      model.reference.predict(test_part.score), n_boot=0)


def test_the_model_card_and_the_cli_report_it_as_a_diagnostic_only(tmp_path, logistic_model, large_split):
    from wharf_credit.calibration import save_artefact
    from wharf_credit.domain import load_rulebook

    from ..builders import AS_OF

    _, test_part, _ = large_split
    m = evaluate(test_part.label, logistic_model.predict_data(test_part),
                 logistic_model.reference.predict(test_part.score), test_part.grade, n_boot=20,
                 score=test_part.score)
    saved = save_artefact(logistic_model, tmp_path, "shape", load_rulebook("rules").for_date(AS_OF), metrics=m)
    md = (saved.folder / "card.md").read_text(encoding="utf-8")
    assert "## Score → risk shape (isotonic diagnostic)" in md and "never a candidate model" in md
    c = m["isotonic"]["curve"][-1]
    assert f"| {c['score']:g} | {c['isotonic']:.2%} | {c['p_ref']:.2%} |" in md
    assert "Observed risk monotone non-increasing in score" in md
