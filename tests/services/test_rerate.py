"""Re-rating the whole registry: equal to per-wharf rate(), all or nothing (an exception or a kill -9 mid-write
leaves the old ratings as they were), and the next run succeeds. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wharf_credit.domain import parse_facts, rate
from wharf_credit.models import Assessment, AssessmentValue, AuditEntry, RatingRow, SafetyEventRow
from wharf_credit.services.audit import verify_chain
from wharf_credit.services.facts import facts_for
from wharf_credit.services.ratings import rating_result
from wharf_credit.services.rerate import rerate_all

from ..factories import make_company, make_wharf
from ..strategies import random_facts

T = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parents[2]


def random_registry(session, ruleset, n: int, seed: int = 7):
    """n wharves with random assessments and events (from the generator the domain tests use)."""
    rng = random.Random(seed)
    companies = [make_company(session) for _ in range(max(n // 5, 1))]
    for i in range(n):
        data = random_facts(rng, ruleset, T)
        w = data["wharf"]
        company = companies[i % len(companies)]
        c = data["company"]
        for key in ("permit_valid_until", "safety_evaluation_valid_until", "dg_annex_valid_until"):
            setattr(company, key, dt.date.fromisoformat(c[key]) if c.get(key) else None)
        company.serious_dishonesty_list = c["serious_dishonesty_list"] and i % len(companies) == i
        wharf = make_wharf(session, company, type=w["type"], year_built=w.get("year_built"),
                           operating_since=dt.date.fromisoformat(w["operating_since"])
                           if w.get("operating_since") else None)
        if data["indicators"]:
            a = Assessment(wharf_id=wharf.id, assessed_on=T - dt.timedelta(days=rng.randint(0, 300)),
                           ruleset_version=ruleset.version, ruleset_sha256=ruleset.sha256)
            a.values = [AssessmentValue(indicator_id=k, value=v) for k, v in data["indicators"].items()]
            session.add(a)
        for ev in data["safety_events"]:
            fields = {k: v for k, v in ev.items() if k not in ("kind", "date", "status")}
            session.add(SafetyEventRow(wharf_id=wharf.id, kind=ev["kind"], date=dt.date.fromisoformat(ev["date"]),
                                       data=fields, status=ev.get("status", "active")))
    session.commit()


def test_the_batch_equals_per_wharf_rate_on_a_few_hundred_random_wharves(session, db, ruleset, book):
    random_registry(session, ruleset, 240)
    report = rerate_all(db.engine, ruleset, T, "tests", chunk=64)
    assert report.wharves == 240 and sum(report.grades.values()) == 240
    rows = session.execute(select(RatingRow).where(RatingRow.batch_id == report.batch_id)).scalars().all()
    assert len(rows) == 240
    for row in rows:
        facts = facts_for(session, row.wharf, T)
        assert row.inputs == facts, row.wharf_id  # the batch reader builds the per-wharf reader's facts exactly
        single = rate(parse_facts(facts, ruleset), ruleset)
        assert (row.score, row.grade, row.base_grade, row.components) == \
            (single.score, single.grade, single.base_grade, dict(single.components)), row.wharf_id
        assert row.result["vetoes"] == [v.id for v in single.vetoes]
        assert row.result["caps"] == [c.id for c in single.caps]
    assert len({r.grade for r in rows}) >= 3, "the sample covers several grades"


def test_a_batch_rating_shows_the_same_texts_as_a_single_rating(session, db, ruleset, book):
    random_registry(session, ruleset, 5)
    rerate_all(db.engine, ruleset, T, "tests")
    row = session.execute(select(RatingRow)).scalars().first()
    single = rate(parse_facts(row.inputs, ruleset), ruleset)
    texts = rating_result(row, book)
    assert texts["en"]["reasons"] == single.to_dict("en")["reasons"]
    assert texts["trace"] == single.to_dict("zh_CN")["trace"]


def test_an_exception_mid_write_leaves_the_old_ratings_and_the_next_run_succeeds(session, db, ruleset):
    random_registry(session, ruleset, 30)
    first = rerate_all(db.engine, ruleset, T, "tests", chunk=10)
    before = session.execute(select(func.count()).select_from(RatingRow)).scalar_one()
    audit_before = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()

    def explode(n: int) -> None:
        if n == 1:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        rerate_all(db.engine, ruleset, T, "tests", chunk=10, after_chunk=explode)
    session.expire_all()
    assert session.execute(select(func.count()).select_from(RatingRow)).scalar_one() == before == 30
    assert session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == audit_before
    again = rerate_all(db.engine, ruleset, T, "tests", chunk=10)
    assert again.wharves == 30 and again.batch_id != first.batch_id
    assert verify_chain(session).problems == []


def test_a_run_killed_with_sigkill_mid_write_leaves_the_old_ratings(session, db, ruleset, app, tmp_path):
    random_registry(session, ruleset, 40)
    rerate_all(db.engine, ruleset, T, "tests", chunk=10)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    marker = tmp_path / "written-two-chunks"
    script = textwrap.dedent(f"""
        import datetime as dt, time, sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.conftest import make_app
        from wharf_credit.extensions import db
        from wharf_credit.rules import rule_store
        from wharf_credit.services.rerate import rerate_all
        app = make_app({url!r})
        def hang(n):
            if n == 1:
                open({str(marker)!r}, "w").close()
                time.sleep(60)   # killed here, two chunks written inside the open transaction
        with app.app_context():
            rs = rule_store().book.version({ruleset.version!r})
            rerate_all(db.engine, rs, dt.date({T.year}, {T.month}, {T.day}), "tests", chunk=10, after_chunk=hang)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**os.environ})
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "the child never reached the middle of its write"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    db.session.remove()
    db.engine.dispose()
    assert db.session.execute(select(func.count()).select_from(RatingRow)).scalar_one() == 40
    assert rerate_all(db.engine, ruleset, T, "tests", chunk=10).wharves == 40


def test_the_cli_rates_all_and_refuses_a_rule_set_out_of_its_window(session, db, ruleset, runner):
    random_registry(session, ruleset, 12)
    out = runner.invoke(args=["rate", "--all", "--as-of", T.isoformat()])
    assert out.exit_code == 0, out.output
    assert "12 wharves rated with deqing-green-wharf 2026.1" in out.output
    bad = runner.invoke(args=["rate", "--all", "--as-of", T.isoformat(), "--ruleset", "2025.1"])
    assert bad.exit_code == 1 and "not in force" in bad.stderr
    assert runner.invoke(args=["rate", "--all", "--ruleset", "1999.9"]).exit_code == 1
    assert runner.invoke(args=["rate", "--all", "--as-of", "yesterday"]).exit_code == 1


def test_an_indicator_the_rule_set_no_longer_rates_does_not_stop_the_batch(session, db, ruleset):
    random_registry(session, ruleset, 6)
    value = session.query(AssessmentValue).first()
    session.add(AssessmentValue(assessment_id=value.assessment_id, indicator_id="G-RETIRED-01", value=3))
    session.commit()
    report = rerate_all(db.engine, ruleset, T, "tests")
    assert report.wharves == 6
    rows = session.execute(select(RatingRow).where(RatingRow.batch_id == report.batch_id)).scalars().all()
    assert len(rows) == 6 and not any("G-RETIRED-01" in r.inputs["indicators"] for r in rows)
