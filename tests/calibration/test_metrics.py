"""Metrics, the gate and drift, on simulated data with a factor the rules do not see."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import brier_score_loss, roc_auc_score

from wharf_credit.calibration import evaluate, passes_gate, simulate
from wharf_credit.calibration.drift import drift_report, reference
from wharf_credit.calibration.metrics import auc, reliability


def test_the_calibrated_model_beats_rules_only_on_held_out_data_and_passes_the_gate(tree_model, large_split):
    _, test_part, _ = large_split
    p_model, p_ref = tree_model.predict_data(test_part), tree_model.reference.predict(test_part.score)
    m = evaluate(test_part.label, p_model, p_ref, test_part.grade, n_boot=200, seed=1)
    assert m["brier"] <= m["brier_rules_only"]
    assert m["skill_vs_base_rate"] > 0 and m["auc"] > 0.7
    assert np.isclose(m["brier"], brier_score_loss(test_part.label, p_model))
    assert np.isclose(m["auc"], roc_auc_score(test_part.label, p_model))
    assert m["ci"]["skill_vs_rules_only"]["p5"] <= m["skill_vs_rules_only"] <= m["ci"]["skill_vs_rules_only"]["p95"]
    assert passes_gate(m)
    assert set(m["per_grade"]) == {"AA", "A", "B", "C", "D"}
    for g in m["per_grade"].values():
        assert abs(g["observed"] - g["expected"]) < 0.12


def test_a_model_worse_than_the_rules_fails_the_gate(large_split, tree_model):
    _, test_part, _ = large_split
    p_ref = tree_model.reference.predict(test_part.score)
    noisy = np.clip(p_ref * np.random.default_rng(0).lognormal(0, 1.0, len(p_ref)), 0, 1)
    m = evaluate(test_part.label, noisy, p_ref, n_boot=100)
    assert m["brier"] > m["brier_rules_only"] and not passes_gate(m)
    assert not passes_gate({}) and not passes_gate({"ci": {"skill_vs_rules_only": {"p10": float("nan")}}})


def test_the_bootstrap_is_seeded():
    y = np.array([0, 1] * 50)
    p = np.linspace(0.2, 0.8, 100)
    assert evaluate(y, p, np.full(100, 0.5), seed=3)["ci"] == evaluate(y, p, np.full(100, 0.5), seed=3)["ci"]


def test_reliability_bins_are_quantiles_and_auc_handles_ties():
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0] * 10)
    p = np.repeat(np.linspace(0.05, 0.95, 10), 10)
    bins = reliability(y, p, 10)
    assert len(bins) == 10 and sum(b["n"] for b in bins) == 100
    assert [b["predicted"] for b in bins] == sorted(b["predicted"] for b in bins)
    assert len(reliability(y, p, 3)) == 5
    assert np.isclose(auc(y, p), roc_auc_score(y, p))
    assert np.isnan(auc(np.zeros(5), np.arange(5)))


def test_psi_is_small_for_the_same_population_and_large_for_a_shifted_one():
    ref = reference(simulate(5000, seed=1))
    same = drift_report(ref, simulate(5000, seed=2))
    assert same["status"] == "ok" and same["max_psi"] < 0.1
    moved = simulate(5000, seed=3)
    moved = type(moved)(moved.score - 12, moved.green, moved.safety, moved.basic, moved.grade, moved.as_of,
                        moved.label)
    report = drift_report(ref, moved)
    assert report["features"]["score"]["status"] == "act" and report["status"] == "act"
    assert report["features"]["green"]["status"] == "ok"


def test_per_grade_rates_carry_bootstrap_intervals_from_the_same_seeded_resamples(logistic_model, large_split):
    _, test_part, _ = large_split
    p_model, p_ref = logistic_model.predict_data(test_part), logistic_model.reference.predict(test_part.score)
    m = evaluate(test_part.label, p_model, p_ref, test_part.grade, n_boot=200, seed=4)
    # the headline intervals are those of the same seeded bootstrap without grades: nothing else was drawn
    assert m["ci"] == evaluate(test_part.label, p_model, p_ref, None, n_boot=200, seed=4)["ci"]
    assert m["per_grade"] == evaluate(test_part.label, p_model, p_ref, test_part.grade, n_boot=200,
                                      seed=4)["per_grade"]
    for g, v in m["per_grade"].items():
        assert v["observed_p5"] <= v["observed"] <= v["observed_p95"], g
        assert v["expected_p5"] <= v["expected"] <= v["expected_p95"], g
        assert 0 <= v["observed_p5"] < v["observed_p95"] <= 1
        # the model's mean prediction varies less between resamples than the observed rate
        assert v["expected_p95"] - v["expected_p5"] < v["observed_p95"] - v["observed_p5"]
    assert evaluate(test_part.label, p_model, p_ref, test_part.grade, n_boot=0)["per_grade"]["A"].keys() == {
        "n", "observed", "expected"}


def test_per_grade_intervals_on_a_hand_made_set_with_known_answers():
    # grade A: 100 rows, never an outcome, always predicted 0.05 -> every resample gives observed 0, expected 0.05;
    # grade D: 100 rows, half outcomes -> the observed interval is about 0.5 ± 1.645·sqrt(0.25/100) = [0.42, 0.58]
    y = np.array([0] * 100 + [0, 1] * 50)
    p = np.array([0.05] * 100 + [0.5] * 100)
    grade = np.array(["A"] * 100 + ["D"] * 100)
    m = evaluate(y, p, p, grade, n_boot=1000, seed=0)
    a, d = m["per_grade"]["A"], m["per_grade"]["D"]
    assert (a["observed_p5"], a["observed_p95"]) == (0.0, 0.0)
    assert np.isclose(a["expected_p5"], 0.05) and np.isclose(a["expected_p95"], 0.05)
    assert 0.40 < d["observed_p5"] < 0.45 and 0.55 < d["observed_p95"] < 0.60
    assert np.isclose(d["expected_p5"], 0.5) and np.isclose(d["expected_p95"], 0.5)
