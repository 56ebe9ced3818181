"""The learned calibrator wired into stored ratings (issue 6): off ⇒ rules-only, on ⇒ a bounded, stored adjustment,
broken ⇒ rules-only with one audit entry and no error; audit verify recomputes calibrated ratings."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wharf_credit.domain import parse_facts, rate
from wharf_credit.extensions import db as _db
from wharf_credit.models import AuditEntry, RatingRow
from wharf_credit.services import ratings as ratings_service
from wharf_credit.services.facts import facts_for
from wharf_credit.services.ratings import calibrated_row, calibrator_fallback, recheck_ratings, reset_calibrator_state
from wharf_credit.services.rerate import rerate_all

from ..conftest import database_app
from ..factories import PASSWORD, install_calibrator, login, make_company, make_rating, make_user, make_wharf

LOW = {"G-DUST-01": 2, "G-DUST-02": 1}  # a middling wharf: the calibrator has something to say


@pytest.fixture
def cal_app(tmp_path, database_server):
    reset_calibrator_state()
    with database_app(database_server or f"sqlite:///{tmp_path / 'cal.sqlite'}", UPLOAD_FOLDER=str(tmp_path / "up"),
                      CALIBRATOR_DIR=str(tmp_path / "calibrators")) as app, app.app_context():
        yield app
    reset_calibrator_state()


@pytest.fixture
def root(cal_app) -> Path:
    return Path(cal_app.config["CALIBRATOR_DIR"])


@pytest.fixture
def book(cal_app):
    from wharf_credit.rules import rule_store

    return rule_store().book


def rules_only(row: RatingRow, book):
    ruleset = book.for_date(row.as_of)
    return rate(parse_facts(row.inputs, ruleset), ruleset)


def fallbacks() -> int:
    return _db.session.execute(select(func.count(AuditEntry.id))
                               .where(AuditEntry.action == "calibrator.fallback")).scalar_one()


def test_no_active_calibrator_gives_the_rules_only_rating_bit_for_bit(cal_app, root, book):
    install_calibrator(root, book.for_date(dt.date.today()), activate=False)  # stored but not active
    row = make_rating(_db.session, make_wharf(_db.session), levels=LOW)
    plain = rules_only(row, book)
    assert row.calibrator is None
    assert (row.score, row.grade, row.base_grade, dict(row.components)) == \
        (plain.score, plain.grade, plain.base_grade, dict(plain.components))
    assert row.result == ratings_service.stored_result(plain)
    assert fallbacks() == 0 and calibrator_fallback() is None


def test_an_active_calibrator_is_stored_with_the_rating_within_its_bound(cal_app, root, book):
    ruleset = book.for_date(dt.date.today())
    saved = install_calibrator(root, ruleset)
    row = make_rating(_db.session, make_wharf(_db.session), levels=LOW)
    cal = row.calibrator
    assert cal is not None and cal["id"] == "cal-test" and cal["artefact_sha256"] == saved.sha256
    assert 0 < cal["probability"] < 1 and 0 < cal["reference_probability"] < 1
    assert abs(cal["adjustment"]) <= ruleset.policy.calibrator_max_points
    plain = rules_only(row, book)
    assert row.score == pytest.approx(plain.score + cal["adjustment"], abs=0.011)
    assert fallbacks() == 0


def test_a_vetoed_wharf_stays_d_with_a_calibrator(cal_app, root, book):
    install_calibrator(root, book.for_date(dt.date.today()))
    company = make_company(_db.session, serious_dishonesty_list=True)
    row = make_rating(_db.session, make_wharf(_db.session, company))  # every indicator at level 5
    assert row.calibrator is not None
    assert row.grade == "D"


def test_a_tampered_artefact_means_rules_only_one_audit_entry_and_no_500(cal_app, root, book):
    saved = install_calibrator(root, book.for_date(dt.date.today()))
    meta = json.loads(saved.manifest.read_text(encoding="utf-8"))
    meta["intercept"] = meta["intercept"] - 2  # looks plausible, but the activation recorded another sha256
    saved.manifest.write_text(json.dumps(meta), encoding="utf-8")
    rows = [make_rating(_db.session, make_wharf(_db.session), levels=LOW) for _ in range(3)]
    for row in rows:
        plain = rules_only(row, book)
        assert row.calibrator is None and (row.score, row.grade) == (plain.score, plain.grade)
    assert fallbacks() == 1
    entry = _db.session.execute(select(AuditEntry).where(AuditEntry.action == "calibrator.fallback")).scalar_one()
    assert entry.object_id == "cal-test" and "hash" in entry.after["why"]
    state = calibrator_fallback()
    assert state and state["id"] == "cal-test"
    admin = make_user(_db.session, "admin")
    client = cal_app.test_client()
    login(client, admin, PASSWORD)
    response = client.get(f"/ratings/{rows[0].id}")
    assert response.status_code == 200


def test_audit_verify_recomputes_a_calibrated_rating(cal_app, root, book):
    saved = install_calibrator(root, book.for_date(dt.date.today()))
    row = make_rating(_db.session, make_wharf(_db.session), levels=LOW)
    assert row.calibrator is not None
    assert recheck_ratings(_db.session, book).problems == []
    _db.session.execute(RatingRow.__table__.update().values(score=row.score + 1))
    _db.session.commit()
    problems = recheck_ratings(_db.session, book).problems
    assert len(problems) == 1 and "score" in problems[0]
    saved.manifest.unlink()  # the artefact is gone: said so, not recomputed
    problems = recheck_ratings(_db.session, book).problems
    assert len(problems) == 1 and "missing" in problems[0] and "not recomputed" in problems[0]


def test_the_demo_rates_its_current_wharves_with_the_active_calibrator(cal_app, root, book):
    from wharf_credit.services import demo

    install_calibrator(root, book.for_date(dt.date.today()))
    demo.seed(_db.session, book, wharves=12)
    rows = _db.session.execute(select(RatingRow)).scalars().all()
    current = [r for r in rows if r.ruleset_version == book.for_date(dt.date.today()).version]
    assert current and all(r.calibrator and r.calibrator["id"] == "cal-test" for r in current)
    assert all(r.calibrator is None for r in rows if r not in current), "older rule sets: no calibrator of theirs"


def test_the_review_date_is_judged_per_rating_date_and_the_model_is_loaded_once(cal_app, root, book, monkeypatch):
    from wharf_credit.calibration import registry

    ruleset = book.for_date(dt.date.today())
    install_calibrator(root, ruleset)
    loads = []
    real = registry.load_artefact
    monkeypatch.setattr(registry, "load_artefact", lambda *a, **k: loads.append(a) or real(*a, **k))
    review = dt.date.fromisoformat(registry.read_active(root)["review_date"])
    for back in range(30):  # back-dated ratings, as the demo's history and corrections make
        cal, why, _ = ratings_service.active_for(root, ruleset, review - dt.timedelta(days=back))
        assert cal is not None and why is None
    cal, why, _ = ratings_service.active_for(root, ruleset, review + dt.timedelta(days=1))
    assert cal is None and "not used (expired): past its review date" in why
    assert len(loads) == 1


def batch_rows(batch_id: str) -> list[RatingRow]:
    return _db.session.execute(select(RatingRow).where(RatingRow.batch_id == batch_id)
                               .order_by(RatingRow.wharf_id)).scalars().all()


def test_rate_all_applies_the_active_calibrator_exactly_as_a_single_rating_does(cal_app, root, book):
    from .test_rerate import T, random_registry

    ruleset = book.for_date(T)
    saved = install_calibrator(root, ruleset)
    random_registry(_db.session, ruleset, 60)
    report = rerate_all(_db.engine, ruleset, T, "tests", chunk=16)
    assert report.calibrator == "cal-test" and report.wharves == 60
    rows = batch_rows(report.batch_id)
    for row in rows:
        single = calibrated_row(_db.session, ruleset, row.wharf_id, facts_for(_db.session, row.wharf, T), T, None)
        assert (row.score, row.grade, row.base_grade, row.components, row.calibrator) == \
            (single.score, single.grade, single.base_grade, single.components, single.calibrator), row.wharf_id
        assert row.calibrator["artefact_sha256"] == saved.sha256 and row.calibrator["reason"]["en"]
        assert ratings_service.rating_result(row, book) == single.result, "the page shows the calibrated texts"
    assert sum(1 for r in rows if r.calibrator["adjustment"] != 0) >= 10, "the calibrator moved some scores"
    assert recheck_ratings(_db.session, book).problems == []
    entry = _db.session.execute(select(AuditEntry).where(AuditEntry.action == "ratings.batch")).scalar_one()
    assert entry.after["calibrator"] == "cal-test"
    assert fallbacks() == 0


def test_rate_all_with_a_tampered_calibrator_is_rules_only_with_one_fallback_entry(cal_app, root, book):
    from .test_rerate import T, random_registry

    ruleset = book.for_date(T)
    saved = install_calibrator(root, ruleset)
    saved.manifest.write_text(saved.manifest.read_text(encoding="utf-8") + " ", encoding="utf-8")
    random_registry(_db.session, ruleset, 20)
    report = rerate_all(_db.engine, ruleset, T, "tests")
    assert report.calibrator is None
    for row in batch_rows(report.batch_id):
        plain = rules_only(row, book)
        assert row.calibrator is None and (row.score, row.grade) == (plain.score, plain.grade)
    assert fallbacks() == 1 and calibrator_fallback()["id"] == "cal-test"


def test_rate_all_told_to_use_no_calibrator_is_rules_only_though_one_is_active(cal_app, root, book):
    from .test_rerate import T, random_registry

    ruleset = book.for_date(T)
    install_calibrator(root, ruleset)
    random_registry(_db.session, ruleset, 10)
    report = rerate_all(_db.engine, ruleset, T, "tests", calibrator=None)
    assert report.calibrator is None
    assert all(row.calibrator is None for row in batch_rows(report.batch_id))


def test_the_rating_page_and_the_api_show_the_calibrator_and_its_reason(cal_app, root, book):
    from wharf_credit.services.tokens import create_token

    install_calibrator(root, book.for_date(dt.date.today()))
    company = make_company(_db.session)
    row = make_rating(_db.session, make_wharf(_db.session, company), levels=LOW)
    reason = row.calibrator["reason"]
    assert reason["en"].startswith("estimated 12-month risk") and "典型风险" in reason["zh_CN"]
    client = cal_app.test_client()
    login(client, make_user(_db.session, "inspector"), PASSWORD)
    for lang in ("zh_CN", "en"):
        page = client.get(f"/ratings/{row.id}?lang={lang}").get_data(as_text=True)
        assert f'<span class="calibrator-reason">{reason[lang]}</span>' in page
    user = make_user(_db.session, "permit_officer")
    _, token = create_token(_db.session, user.username, "tests")
    _db.session.commit()
    body = client.get(f"/api/v1/wharves/{row.wharf_id}/rating?lang=en",
                      headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body["calibrator"] == {"id": "cal-test", "probability": row.calibrator["probability"],
                                  "reference_probability": row.calibrator["reference_probability"],
                                  "adjustment": row.calibrator["adjustment"], "reason": reason["en"]}
