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
