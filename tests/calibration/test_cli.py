"""`flask calibrator ...` on simulated data: train, list, activate (gate + audit), drift, deactivate; refusals."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from wharf_credit.cli import calibrator as cli_calibrator
from wharf_credit.calibration import registry
from wharf_credit.extensions import db as _db
from wharf_credit.models import AuditEntry
from wharf_credit.services import calibrator_training

from ..conftest import database_app


@pytest.fixture
def cal_app(tmp_path):
    with database_app(f"sqlite:///{tmp_path / 'cal.sqlite'}", CALIBRATOR_DIR=str(tmp_path / "calibrators")) as app:
        if "calibrator" not in app.cli.commands:
            cli_calibrator.register(app)
        yield app


def activate_directly(root, ident: str) -> None:
    """Write the activation record as `calibrator activate` would, without its gate."""
    meta = registry.read_meta(root / ident)
    registry.write_active(root, registry.activation_record(meta, registry.sha256_file(root / ident /
                                                                                       "calibrator.json"), "test"))


def run(app, *args):
    return app.test_cli_runner().invoke(args=["calibrator", *args])


def actions(app):
    with app.app_context():
        return [a.action for a in _db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_train_list_activate_drift_deactivate_on_simulated_history(cal_app, tmp_path):
    out = run(cal_app, "train", "--simulate", "12000", "--seed", "5", "--id", "sim-1", "--boot", "100")
    assert out.exit_code == 0, out.output
    assert "ladder: hgb" in out.output and "gate:" in out.output and "passes" in out.output
    card = json.loads((tmp_path / "calibrators" / "sim-1" / "card.json").read_text(encoding="utf-8"))
    assert card["data_source"].startswith("simulated")
    d = card["metrics"]["per_grade"]["D"]  # each grade's rates are printed with their bootstrap interval
    assert (f"{d['observed']:.2%} [{d['observed_p5']:.2%}, {d['observed_p95']:.2%}]" in out.output
            and f"{d['expected']:.2%} [{d['expected_p5']:.2%}, {d['expected_p95']:.2%}]" in out.output)
    assert "score → risk shape: isotonic" in out.output and "not a model" in out.output
    assert "observed risk monotone non-increasing in score: yes" in out.output
    assert card["metrics"]["isotonic"]["monotone_non_increasing"] is True
    md = (tmp_path / "calibrators" / "sim-1" / "card.md").read_text(encoding="utf-8")
    assert (f"| D | {d['n']} | {d['observed']:.2%} | {d['observed_p5']:.2%} – {d['observed_p95']:.2%} | "
            f"{d['expected']:.2%} | {d['expected_p5']:.2%} – {d['expected_p95']:.2%} |") in md
    listed = run(cal_app, "list")
    assert "sim-1" in listed.output and "gate passes" in listed.output and "* sim-1" not in listed.output
    act = run(cal_app, "activate", "sim-1")
    assert act.exit_code == 0, act.output
    assert "* sim-1" in run(cal_app, "list").output
    with cal_app.app_context():
        from wharf_credit.rules import rule_store
        import datetime as dt
        cal, why = registry.active_calibrator(tmp_path / "calibrators", rule_store().book.for_date(dt.date.today()))
    assert cal is not None and why is None and cal.id == "sim-1"
    calm = run(cal_app, "drift", "--simulate", "3000")
    assert calm.exit_code == 0 and "max PSI" in calm.output and "deactivated" not in calm.output
    moved = run(cal_app, "drift", "--simulate", "3000", "--shift", "-15")
    assert "act" in moved.output and "deactivated sim-1" in moved.output
    assert registry.read_active(tmp_path / "calibrators") is None
    assert run(cal_app, "activate", "sim-1").exit_code == 0
    off = run(cal_app, "deactivate")
    assert off.exit_code == 0 and "rules-only" in off.output
    assert actions(cal_app) == ["calibrator.activate", "calibrator.deactivate", "calibrator.activate",
                                "calibrator.deactivate"]


def test_train_refuses_too_little_history_and_prints_rates_per_grade(cal_app):
    out = run(cal_app, "train", "--simulate", "300")
    assert out.exit_code == 1
    assert "not enough labelled history" in out.output and "grade" in out.output and "rate" in out.output


def test_evaluate_without_an_id_gives_rates_and_the_rung(cal_app):
    out = run(cal_app, "evaluate", "--simulate", "2000")
    assert out.exit_code == 0 and "ladder: logistic" in out.output and "AA" in out.output


def test_a_model_that_fails_the_gate_is_not_activated(cal_app, tmp_path):
    out = run(cal_app, "train", "--simulate", "900", "--seed", "2", "--id", "weak", "--boot", "50",
              "--components", "safety,basic")
    assert out.exit_code == 0, out.output
    card = json.loads((tmp_path / "calibrators" / "weak" / "card.json").read_text(encoding="utf-8"))
    p10 = card["metrics"]["ci"]["skill_vs_rules_only"]["p10"]
    act = run(cal_app, "activate", "weak")
    if p10 < 0:
        assert act.exit_code == 1 and "skill gain" in act.output
    else:
        assert act.exit_code == 0


def test_a_tampered_active_artefact_falls_back_to_rules_only_and_drift_deactivates_it(cal_app, tmp_path):
    assert run(cal_app, "train", "--simulate", "2000", "--id", "small", "--boot", "50").exit_code == 0
    root = tmp_path / "calibrators"
    activate_directly(root, "small")
    manifest = root / "small" / "calibrator.json"
    tampered = manifest.read_text(encoding="utf-8").replace('"bound": 3.0', '"bound": 30.0')
    assert tampered != manifest.read_text(encoding="utf-8")
    manifest.write_text(tampered, encoding="utf-8")
    with cal_app.app_context():
        from wharf_credit.rules import rule_store
        import datetime as dt
        cal, why = registry.active_calibrator(root, rule_store().book.for_date(dt.date.today()))
    assert cal is None and "hash" in why
    out = run(cal_app, "drift", "--simulate", "500")
    assert out.exit_code == 1 and "deactivated small" in out.output
    assert registry.read_active(root) is None


def test_user_mistakes_are_one_line(cal_app):
    assert "must be a date" in run(cal_app, "train", "--since", "soon", "--simulate", "600").output
    assert run(cal_app, "activate", "nope").exit_code == 1
    assert "no calibrator is active" in run(cal_app, "drift").output
    assert "no calibrator was active" in run(cal_app, "deactivate").output
    assert "no calibrators" in run(cal_app, "list").output


def test_stored_history_is_labelled_by_the_label_definition_of_the_rule_set_in_force(cal_app, monkeypatch):
    import dataclasses

    real = cli_calibrator.ruleset_today
    seen = []

    def narrower(today):
        rs = real(today)
        label = dataclasses.replace(rs.policy.calibrator_label, horizon_days=180)
        return dataclasses.replace(rs, policy=dataclasses.replace(rs.policy, calibrator_label=label))

    def spy(ratings, events, today, label=None):
        seen.append(label)
        return []

    monkeypatch.setattr(cli_calibrator, "ruleset_today", narrower)
    monkeypatch.setattr(calibrator_training, "label_ratings", spy)
    out = run(cal_app, "evaluate")
    assert out.exit_code == 0, out.output
    assert "label horizon 180 days" in out.output
    assert [lab.horizon_days for lab in seen] == [180]


def test_drift_compares_the_stored_recent_ratings(cal_app, tmp_path):
    from ..factories import make_rating, make_wharf

    assert run(cal_app, "train", "--simulate", "2000", "--id", "small", "--boot", "50").exit_code == 0
    root = tmp_path / "calibrators"
    activate_directly(root, "small")
    with cal_app.app_context():
        for _ in range(6):
            make_rating(_db.session, make_wharf(_db.session))
    out = run(cal_app, "drift")
    assert "stored ratings" in out.output and ": 6 rows" in out.output
    assert "PSI" in out.output and "score" in out.output


def test_stored_history_is_rerated_under_the_rule_set_the_calibrator_is_for(cal_app):
    import datetime as dt

    from wharf_credit.domain import parse_facts, rate
    from wharf_credit.models import RatingRow

    from ..factories import make_rating, make_wharf

    with cal_app.app_context():
        from wharf_credit.rules import rule_store

        ruleset = rule_store().book.for_date(dt.date.today())
        old = make_rating(_db.session, make_wharf(_db.session), as_of=dt.date.today() - dt.timedelta(days=400))
        old.score, old.components = 5.0, {"green": 1.0, "safety": 1.0, "basic": 1.0}  # as if rated by other rules
        _db.session.commit()
        data, skipped = calibrator_training.stored_data(_db.session, None, None, dt.date.today(), ruleset)
        expected = rate(parse_facts({**old.inputs, "as_of": old.as_of.isoformat()}, ruleset), ruleset)
        assert len(data) == 1 and skipped == 0 and _db.session.query(RatingRow).count() == 1
        assert data.score[0] == expected.score != 5.0
        assert data.safety[0] == expected.components["safety"]


def test_training_can_be_queued_as_a_background_job_and_shown_from_the_command_line(cal_app, tmp_path):
    queued = cal_app.test_cli_runner().invoke(args=["calibrator", "train", "--simulate", "2000", "--id", "queued-1",
                                                    "--boot", "50", "--queue"])
    assert queued.exit_code == 0, queued.output
    job_id = queued.output.split()[1]
    assert queued.output.startswith(f"job {job_id} done: training calibrator queued-1 for rule set ")  # inline queue
    assert (tmp_path / "calibrators" / "queued-1" / "card.json").is_file()
    shown = cal_app.test_cli_runner().invoke(args=["jobs", "show", job_id]).output.splitlines()
    assert shown[0].startswith(f"{job_id}  calibrator done        5/5") and "calibrator queued-1  by cli" in shown[0]
    assert shown[1].startswith("calibrator queued-1 saved (sha256 ") and "rows to train" in shown[1]


def test_a_queued_training_that_is_refused_fails_with_the_reason_and_stores_nothing(cal_app, tmp_path):
    queued = cal_app.test_cli_runner().invoke(args=["calibrator", "train", "--id", "nothing", "--queue"])
    job_id = queued.output.split()[1]
    shown = cal_app.test_cli_runner().invoke(args=["jobs", "show", job_id]).output
    assert "failed" in shown and "error: not enough labelled history to train a calibrator" in shown
    assert not (tmp_path / "calibrators" / "nothing").exists()
