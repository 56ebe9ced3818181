"""/admin/calibrators: the model card, metrics and reliability diagram; activation only through the gate; the admin
banner after a fallback to rules-only."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from wharf_credit.calibration import simulate, train
from wharf_credit.calibration.artefact import save_artefact
from wharf_credit.calibration.registry import read_active
from wharf_credit.extensions import db as _db
from wharf_credit.models import AuditEntry
from wharf_credit.services.ratings import reset_calibrator_state

from ..conftest import database_app
from ..factories import PASSWORD, install_calibrator, login, make_rating, make_user, make_wharf


@pytest.fixture
def cal_app(tmp_path, database_server):
    reset_calibrator_state()
    with database_app(database_server or f"sqlite:///{tmp_path / 'cal.sqlite'}", UPLOAD_FOLDER=str(tmp_path / "up"),
                      CALIBRATOR_DIR=str(tmp_path / "calibrators")) as app:
        yield app  # no app context held across requests: flask_login keeps the signed-in user in `g`
    reset_calibrator_state()


@pytest.fixture
def root(cal_app) -> Path:
    return Path(cal_app.config["CALIBRATOR_DIR"])


@pytest.fixture
def ruleset(cal_app):
    from wharf_credit.rules import rule_store

    with cal_app.app_context():
        return rule_store().book.for_date(dt.date.today())


def client_as(app, role: str):
    client = app.test_client()
    with app.app_context():
        user = SimpleNamespace(username=make_user(_db.session, role).username)
    assert login(client, user, PASSWORD).status_code == 302
    return client


def actions(app) -> list[str]:
    with app.app_context():
        return list(_db.session.execute(select(AuditEntry.action).where(AuditEntry.action.like("calibrator.%"))
                                        .order_by(AuditEntry.id)).scalars())


def test_the_page_shows_the_model_card_metrics_and_a_reliability_diagram(cal_app, root, ruleset):
    install_calibrator(root, ruleset, activate=False)
    page = client_as(cal_app, "admin").get("/admin/calibrators?lang=en").get_data(as_text=True)
    assert "cal-test" in page and "Intended use" in page and "simulated (tests)" in page
    assert "Training data: simulated wharf-years" in page
    assert "<svg" in page and "Reliability" in page and "Perfect calibration" in page
    assert "Skill vs rules-only" in page and "Gate" in page
    assert "None: ratings are rules-only." in page and 'data-confirm="Activate calibrator cal-test?' in page


def test_the_page_shows_observed_and_expected_rates_per_grade_with_bootstrap_intervals(cal_app, root, ruleset):
    saved = install_calibrator(root, ruleset, activate=False)
    per_grade = json.loads((saved.folder / "card.json").read_text(encoding="utf-8"))["metrics"]["per_grade"]
    client = client_as(cal_app, "admin")
    page = client.get("/admin/calibrators?lang=en").get_data(as_text=True)
    assert "Observed vs expected 12-month outcome rate per grade" in page
    for g, v in per_grade.items():
        row = (f"<tr><td>{g}</td><td>{v['n']}</td><td>{v['observed'] * 100:.2f}%</td>"
               f"<td>[{v['observed_p5'] * 100:.2f}%, {v['observed_p95'] * 100:.2f}%]</td>"
               f"<td>{v['expected'] * 100:.2f}%</td>"
               f"<td>[{v['expected_p5'] * 100:.2f}%, {v['expected_p95'] * 100:.2f}%]</td></tr>")
        assert row in page, row
    zh = client.get("/admin/calibrators?lang=zh_CN").get_data(as_text=True)
    assert "各等级12个月不良结果的实际发生率与预期发生率" in zh and "评级数" in zh


def test_activation_is_refused_without_passing_metrics_and_allowed_with_them(cal_app, root, ruleset):
    data = simulate(2000, seed=5)
    save_artefact(train(data, rung="logistic"), root, "cal-unscored", ruleset)  # no held-out metrics
    install_calibrator(root, ruleset, activate=False)
    client = client_as(cal_app, "admin")
    response = client.post("/admin/calibrators/cal-unscored/activate?lang=en", follow_redirects=True)
    assert "Not activated" in response.get_data(as_text=True) and read_active(root) is None
    response = client.post("/admin/calibrators/../activate", follow_redirects=False)
    assert response.status_code in (303, 404) and read_active(root) is None
    response = client.post("/admin/calibrators/cal-test/activate?lang=en", follow_redirects=True)
    assert "Calibrator cal-test is active" in response.get_data(as_text=True)
    assert read_active(root)["id"] == "cal-test" and read_active(root)["activated_by"]
    page = client.get("/admin/calibrators?lang=en").get_data(as_text=True)
    assert "Deactivate" in page
    response = client.post("/admin/calibrators/deactivate?lang=en", follow_redirects=True)
    assert "deactivated" in response.get_data(as_text=True) and read_active(root) is None
    assert actions(cal_app) == ["calibrator.activate", "calibrator.deactivate"]


def test_an_admin_banner_follows_a_fallback_and_goes_after_deactivation(cal_app, root, ruleset):
    saved = install_calibrator(root, ruleset)
    meta = json.loads(saved.manifest.read_text(encoding="utf-8"))
    meta["bound"] = 30.0  # tampered after activation
    saved.manifest.write_text(json.dumps(meta), encoding="utf-8")
    admin = client_as(cal_app, "admin")
    assert "calibrator-fallback" not in admin.get("/admin/calibrators").get_data(as_text=True)
    with cal_app.app_context():
        row = make_rating(_db.session, make_wharf(_db.session))
        assert row.calibrator is None
        rating_id = row.id
    page = admin.get(f"/ratings/{rating_id}?lang=en").get_data(as_text=True)
    assert "calibrator-fallback" in page and "The active calibrator cal-test is not being used" in page
    inspector = client_as(cal_app, "inspector")
    assert "calibrator-fallback" not in inspector.get(f"/ratings/{rating_id}").get_data(as_text=True)
    admin.post("/admin/calibrators/deactivate")
    assert "calibrator-fallback" not in admin.get("/admin/calibrators").get_data(as_text=True)
    assert actions(cal_app) == ["calibrator.fallback", "calibrator.deactivate"]


def test_the_page_shows_the_isotonic_shape_diagnostic_beside_the_rules_only_curve(cal_app, root):
    out = cal_app.test_cli_runner().invoke(args=["calibrator", "train", "--simulate", "2000", "--id", "small",
                                                 "--boot", "50"])
    assert out.exit_code == 0, out.output
    iso = json.loads((root / "small" / "card.json").read_text(encoding="utf-8"))["metrics"]["isotonic"]
    client = client_as(cal_app, "admin")
    page = client.get("/admin/calibrators?lang=en").get_data(as_text=True)
    assert "Score → risk shape (isotonic diagnostic, not a model)" in page
    first = iso["curve"][0]
    assert (f"<tr><td>{first['score']:g}</td><td>{first['isotonic'] * 100:.2f}%</td>"
            f"<td>{first['p_ref'] * 100:.2f}%</td></tr>") in page
    assert f"Largest gap: {iso['max_abs_gap'] * 100:.2f}% at score {iso['max_abs_gap_score']:g}." in page
    zh = client.get("/admin/calibrators?lang=zh_CN").get_data(as_text=True)
    assert "分数与风险的关系（保序回归诊断，不是模型）" in zh


def test_the_model_card_reads_in_chinese_with_dates_in_chinese_form(cal_app, root, ruleset):
    from .test_chinese_pages import ALLOWED, ENGLISH, visible_words

    install_calibrator(root, ruleset, activate=True)
    page = client_as(cal_app, "admin").get("/admin/calibrators?lang=zh_CN").get_data(as_text=True)
    card = page[page.index('<dl class="model-card">'):]
    english = sorted({w for w in visible_words(card) if ENGLISH.search(w) and w not in ALLOWED | {"cal-test"}})
    assert english == [], english
    assert "预期用途" in card and "逻辑回归" in card and "模拟" in card
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", card), "dates in the Chinese form"
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", page), "no raw ISO times"
