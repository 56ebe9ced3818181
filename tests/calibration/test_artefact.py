"""Artefacts: round trips, and every way a stored artefact can be wrong is refused with a reason."""
from __future__ import annotations

import dataclasses
import hashlib
import json

import numpy as np
import pytest
import skops.io as sio

from wharf_credit.calibration import ArtefactError, ScoreCalibrator, evaluate, load_artefact, save_artefact
from wharf_credit.calibration.artefact import TRUSTED_TYPES, read_meta
from wharf_credit.calibration.ladder import Reference
from wharf_credit.domain import load_rulebook

from ..builders import AS_OF

RS = load_rulebook("rules").for_date(AS_OF)
COMPONENTS = [{"green": g, "safety": s, "basic": b} for g, s, b in [(40, 30, 70), (75, 85, 100), (95, 100, 100)]]


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rewrite(manifest, **changes) -> str:
    meta = json.loads(manifest.read_text(encoding="utf-8"))
    meta.update(changes)
    manifest.write_text(json.dumps(meta), encoding="utf-8")
    return sha(manifest)


@pytest.fixture
def logistic_artefact(tmp_path, logistic_model, moderate):
    return save_artefact(logistic_model, tmp_path, "logit-1", RS, owner="risk desk", train_data=moderate)


@pytest.fixture
def tree_artefact(tmp_path, tree_model, large_split):
    train_part, test_part, _ = large_split
    m = evaluate(test_part.label, tree_model.predict_data(test_part), tree_model.reference.predict(test_part.score),
                 test_part.grade, n_boot=50)
    return save_artefact(tree_model, tmp_path, "tree-1", RS, metrics=m, owner="risk desk", train_data=train_part,
                         test_window=test_part.window)


def adjustments(cal: ScoreCalibrator):
    return [cal.adjust(score, c, RS) for score in (55.0, 72.5, 88.0) for c in COMPONENTS]


def test_a_logistic_artefact_is_plain_json_and_loads_to_the_same_adjustments(logistic_artefact, logistic_calibrator,
                                                                            logistic_model):
    meta = read_meta(logistic_artefact.folder)
    assert meta["kind"] == "logistic" and meta["features"] == ["score", "safety"]
    assert meta["label"] == RS.policy.calibrator_label.as_dict()  # what p_model predicts, from the rule set
    from wharf_credit.calibration.adjust import reference_pdo

    assert (meta["pdo"], meta["pdo_source"]) == (reference_pdo(logistic_model.reference), "reference")
    card = json.loads((logistic_artefact.folder / "card.json").read_text(encoding="utf-8"))
    assert card["bounds"]["pdo_source"] == "reference" and "ln 2 / |slope|" in card["bounds"]["scale"]
    assert meta["ruleset"]["sha256"] == RS.sha256 and meta["ruleset"]["major"] == RS.major
    assert not (logistic_artefact.folder / "model.skops").exists()
    assert set(meta["drift_reference"]) == {"score", "green", "safety", "basic"}
    loaded = load_artefact(logistic_artefact.folder, logistic_artefact.sha256, RS)
    assert loaded.calibrator.id == "logit-1"
    mine = [dataclasses.replace(a, id="logit-1") for a in adjustments(logistic_calibrator)]
    assert adjustments(loaded.calibrator) == mine


def test_a_tree_artefact_loads_through_the_exact_trusted_list_with_a_model_card(tree_artefact, tree_model):
    untrusted = sio.get_untrusted_types(file=tree_artefact.folder / "model.skops")
    assert set(untrusted) <= set(TRUSTED_TYPES)
    loaded = load_artefact(tree_artefact.manifest, tree_artefact.sha256, RS)
    X = np.array([[55.0, 40, 30, 70], [72.5, 75, 85, 100], [88.0, 95, 100, 100]])
    assert np.allclose(loaded.calibrator.model.predict(X), tree_model.predict(X))
    card = json.loads((tree_artefact.folder / "card.json").read_text(encoding="utf-8"))
    for key in ("intended_use", "label", "training_window", "rows", "positives", "metrics", "limits", "owner",
                "review_date", "sign_assumptions", "bounds"):
        assert card[key] not in (None, ""), key
    assert card["metrics"]["ci"]["skill_vs_rules_only"]["p10"] is not None
    md = (tree_artefact.folder / "card.md").read_text(encoding="utf-8")
    assert "Held-out metrics" in md and "Gate" in md and "| AUC |" in md


def test_a_tampered_manifest_fails_the_hash_check(logistic_artefact):
    meta = json.loads(logistic_artefact.manifest.read_text(encoding="utf-8"))
    meta["intercept"] += 1.0
    logistic_artefact.manifest.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ArtefactError) as err:
        load_artefact(logistic_artefact.folder, logistic_artefact.sha256, RS)
    assert err.value.reason == "hash" and "changed after activation" in str(err.value)


def test_a_missing_artefact_is_reported(tmp_path):
    with pytest.raises(ArtefactError) as err:
        load_artefact(tmp_path / "nope", "0" * 64, RS)
    assert err.value.reason == "missing"


@pytest.mark.parametrize(("change", "reason"), [
    ({"sklearn": "0.24.2"}, "sklearn"),
    ({"coef": [-0.1, 0.3]}, "corrupt"),
    ({"kind": "pickle"}, "corrupt"),
    ({"pdo": float("nan")}, "corrupt"),
    ({"format": "other/9"}, "corrupt"),
    ({"review_date": "2000-01-01"}, "expired"),
])
def test_a_rehashed_but_wrong_manifest_is_still_refused(logistic_artefact, change, reason):
    digest = rewrite(logistic_artefact.manifest, **change)
    with pytest.raises(ArtefactError) as err:
        load_artefact(logistic_artefact.folder, digest, RS, today=AS_OF)
    assert err.value.reason == reason


def test_a_different_rule_set_major_version_is_refused(logistic_artefact):
    other = dataclasses.replace(RS, version="2099.1")
    with pytest.raises(ArtefactError) as err:
        load_artefact(logistic_artefact.folder, logistic_artefact.sha256, other)
    assert err.value.reason == "ruleset" and "2099" in str(err.value)


def test_skops_refuses_a_type_outside_the_trusted_list(tree_artefact):
    model_file = tree_artefact.folder / "model.skops"
    sio.dump({"model": Reference(0.0, -0.1)}, model_file)  # a class nobody put on the list
    assert "wharf_credit.calibration.ladder.Reference" in sio.get_untrusted_types(file=model_file)
    digest = rewrite(tree_artefact.manifest, model_sha256=sha(model_file))
    with pytest.raises(ArtefactError) as err:
        load_artefact(tree_artefact.folder, digest, RS)
    assert err.value.reason == "untrusted" and "Reference" in str(err.value)


def test_each_skops_safeguard_refuses_on_its_own(tree_artefact, monkeypatch):
    """Two layers: get_untrusted_types is checked against the exact list before loading (so a file with other types is
    never loaded at all), and the load itself gets exactly that list, never trusted=True."""
    calls = []
    real_load = sio.load

    def spy(path, trusted=None):
        calls.append(trusted)
        return real_load(path, trusted=trusted)

    monkeypatch.setattr(sio, "load", spy)
    load_artefact(tree_artefact.folder, tree_artefact.sha256, RS)  # a good file: loaded with the exact list
    assert calls == [list(TRUSTED_TYPES)]
    model_file = tree_artefact.folder / "model.skops"
    sio.dump({"model": Reference(0.0, -0.1)}, model_file)
    digest = rewrite(tree_artefact.manifest, model_sha256=sha(model_file))
    with pytest.raises(ArtefactError) as err:
        load_artefact(tree_artefact.folder, digest, RS)
    assert err.value.reason == "untrusted" and calls == [list(TRUSTED_TYPES)]  # refused before any load


def test_a_swapped_model_file_fails_its_own_hash(tree_artefact, logistic_model):
    sio.dump(logistic_model.estimator, tree_artefact.folder / "model.skops")
    with pytest.raises(ArtefactError) as err:
        load_artefact(tree_artefact.folder, tree_artefact.sha256, RS)
    assert err.value.reason == "hash"


def test_artefact_ids_are_safe_names_and_never_overwritten(tmp_path, logistic_model):
    with pytest.raises(ValueError):
        save_artefact(logistic_model, tmp_path, "../escape", RS)
    save_artefact(logistic_model, tmp_path, "once", RS)
    with pytest.raises(FileExistsError):
        save_artefact(logistic_model, tmp_path, "once", RS)


def test_one_row_through_the_fast_tree_path_equals_sklearn_before_and_after_loading(tree_artefact, tree_model,
                                                                                     large_split):
    from wharf_credit.calibration.ladder import FastTrees

    loaded = load_artefact(tree_artefact.folder, tree_artefact.sha256, RS).calibrator.model
    rows = large_split[1].matrix(tree_model.features)[:300]
    for model in (tree_model, loaded):
        one = [model.predict_one(r[0], dict(zip(("green", "safety", "basic"), r[1:], strict=True))) for r in rows]
        assert isinstance(model._fast, FastTrees)
        assert np.allclose(one, model.predict(rows), rtol=0, atol=1e-12)
    assert FastTrees.build(object()) is None


def test_the_model_card_states_the_rule_sets_label_definition(tmp_path, logistic_model, moderate):
    narrow = dataclasses.replace(RS.policy.calibrator_label, horizon_days=180, penalty_min_amount_cny=None,
                                 penalty_measures=("revocation",))
    rs = dataclasses.replace(RS, policy=dataclasses.replace(RS.policy, calibrator_label=narrow))
    saved = save_artefact(logistic_model, tmp_path, "narrow", rs, train_data=moderate, data_source="stored ratings")
    card = json.loads((saved.folder / "card.json").read_text(encoding="utf-8"))
    assert card["label_definition"] == {"horizon_days": 180,
                                        "accident": {"severities": ["major", "extraordinary"], "min_deaths": 1},
                                        "hidden_danger": {"severities": ["major"]},
                                        "penalty": {"measures": ["revocation"]}}
    assert card["label"] == narrow.describe()
    assert "within 180 days" in card["label"] and "50,000" not in card["label"]
    markdown = (saved.folder / "card.md").read_text(encoding="utf-8")
    assert f"**Label:** {narrow.describe()}" in markdown
    assert "180 days" in card["exclusions"]
    simulated = save_artefact(logistic_model, tmp_path, "sim", RS, data_source="simulated (1500 wharf-years, seed 0)")
    assert "drawn by the simulator" in json.loads((simulated.folder / "card.json").read_text())["label"]
