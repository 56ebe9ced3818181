"""Re-rate the registry: `rate --all` beside the raw-I/O floor and the naive per-wharf ORM path, in one run.

    python bench/rerate.py [--wharves 100000] [--naive 2000] [--database-url URL | --postgres]

Seeds a fresh database (default: SQLite in a temp folder; --database-url postgresql+psycopg://... for a server;
--postgres starts a throwaway local cluster with initdb/pg_ctl, as the test suite does, and deletes it after)
with N wharves, 30 indicator values each (one assessment) and ~10 safety events each, deterministically. Then:
 (a) floor: the same rows read with the plain DB-API driver and the same number of result rows inserted, no scoring;
 (b) `rate --all`: services.rerate.rerate_all (Core chunks, numpy batch path, executemany, one transaction);
 (a') for the record, not a target: (b)'s own result rows (about 1.7 kB of stored facts each) written again by the
     plain driver, the cost of writing what (b) must write;
 (c) naive: ORM load + rate() + ORM save per wharf on a --naive subset, scaled to N;
 (d) with --calibrator: (b) again with a learned calibrator applied (the tree rung trained on 30,000 simulated
     wharf-years, as `make run` trains the demo's), beside (b).
Prints wharves/s and the ratios. Targets (docs/performance.md, Targets): (b) <= 2.0 x (a)'s time; (b) >= 20 x faster than (c).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from tests.strategies import random_facts  # noqa: E402
from wharf_credit import create_app  # noqa: E402
from wharf_credit.domain import parse_facts, rate  # noqa: E402
from wharf_credit.domain.uscc import with_check_digit  # noqa: E402
from wharf_credit.extensions import db  # noqa: E402
from wharf_credit.models import (  # noqa: E402
    Assessment, AssessmentValue, Company, RatingRow, SafetyEventRow, Wharf,
)
from wharf_credit.rules import rule_store  # noqa: E402
from wharf_credit.services.facts import facts_for  # noqa: E402
from wharf_credit.services.ratings import rating_row  # noqa: E402
from wharf_credit.services.rerate import rerate_all  # noqa: E402

AS_OF = dt.date(2026, 11, 24)


def seed(n: int, ruleset, seed: int = 2026) -> None:
    """N wharves with a full assessment and ~10 events each, written with Core executemany."""
    rng = random.Random(seed)
    conn = db.session.connection()
    companies = max(n // 3, 1)
    conn.execute(insert(Company.__table__), [
        {"name": f"企业{i}", "uscc": with_check_digit(f"91330521MA{i:07d}"), "permit_no": "",
         "permit_valid_until": AS_OF + dt.timedelta(days=rng.randint(-100, 900)), "serious_dishonesty_list": False,
         "permit_fraud": False, "filings_complete": rng.random() < 0.9, "contact_name": "", "contact_phone": "",
         "address": "", "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1)}
        for i in range(1, companies + 1)])
    step = 5000
    for start in range(0, n, step):
        wharves, assessments, values, events = [], [], [], []
        for i in range(start + 1, min(start + step, n) + 1):
            data = random_facts(rng, ruleset, AS_OF)
            wtype = data["wharf"]["type"]
            wharves.append({"id": i, "company_id": (i - 1) % companies + 1, "name": f"码头{i}", "code": f"W{i:07d}",
                            "type": wtype, "waterway": "", "berths": 2, "capacity_kt": 500.0, "max_dwt": None,
                            "year_built": 2005, "location": "",
                            "operating_since": dt.date(2005 + i % 15, 1 + i % 12, 1),
                            "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1)})
            assessments.append({"id": i, "wharf_id": i, "assessed_on": AS_OF - dt.timedelta(days=i % 300),
                                "ruleset_version": ruleset.version, "ruleset_sha256": ruleset.sha256, "notes": "",
                                "created_at": dt.datetime(2026, 1, 1)})
            for ind in ruleset.by_type[wtype]:  # every applicable indicator assessed
                value = data["indicators"].get(ind.id, 0 if ind.kind == "level" else False if ind.kind == "bool"
                                               else ind.breakpoints[0])
                values.append({"assessment_id": i, "indicator_id": ind.id, "value": value, "evidence": ""})
            evs = data["safety_events"] or []
            while len(evs) < 10:
                evs.append({"kind": "inspection", "date": (AS_OF - dt.timedelta(days=rng.randint(0, 1000))).isoformat(),
                            "onsite": True, "findings": rng.randint(0, 4)})
            for ev in evs:
                events.append({"wharf_id": i, "kind": ev["kind"], "date": dt.date.fromisoformat(ev["date"]),
                               "data": {k: v for k, v in ev.items() if k not in ("kind", "date", "status")},
                               "status": ev.get("status", "active"), "note": "", "created_at": dt.datetime(2026, 1, 1)})
        conn.execute(insert(Wharf.__table__), wharves)
        conn.execute(insert(Assessment.__table__), assessments)
        conn.execute(insert(AssessmentValue.__table__), values)
        conn.execute(insert(SafetyEventRow.__table__), events)
    db.session.commit()


def floor(n: int) -> float:
    """Read what `rate --all` reads and insert as many result rows, with the plain driver: no ORM, no scoring."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("CREATE TEMPORARY TABLE floor_out (wharf_id INTEGER, as_of DATE, score FLOAT, grade VARCHAR(2),"
                    " components TEXT, result TEXT, inputs TEXT)")
        t0 = time.perf_counter()
        cur.execute("SELECT w.id, w.type, w.operating_since, c.uscc, c.permit_valid_until FROM wharves w "
                    "JOIN companies c ON c.id = w.company_id ORDER BY w.id")
        wharves = cur.fetchall()
        cur.execute("SELECT a.wharf_id, v.indicator_id, v.value FROM assessment_values v "
                    "JOIN assessments a ON a.id = v.assessment_id ORDER BY v.id")
        values = cur.fetchall()
        cur.execute("SELECT wharf_id, kind, date, data, status FROM safety_events ORDER BY wharf_id, date, id")
        events = cur.fetchall()
        rows = [(w[0], AS_OF.isoformat(), 80.0, "A", '{"green": 80.0}', "{}", "{}") for w in wharves]
        marker = "%s" if db.engine.dialect.name == "postgresql" else "?"
        cur.executemany(f"INSERT INTO floor_out VALUES ({', '.join([marker] * 7)})", rows)
        raw.commit()
        took = time.perf_counter() - t0
        assert len(wharves) == n and values and events
        return took
    finally:
        raw.close()


RESULT_COLUMNS = ("wharf_id", "assessment_id", "as_of", "score", "grade", "base_grade", "components", "result",
                  "inputs", "ruleset_id", "ruleset_version", "ruleset_sha256", "calibrator", "status", "created_at")
JSON_COLUMNS = {"components", "result", "inputs", "calibrator"}


def write_floor(batch_id: str) -> float:
    """(b)'s stored rows inserted again with the plain driver (JSON as the text (b) wrote): the time of writing
    rows of that size, without building them."""
    postgres = db.engine.dialect.name == "postgresql"
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        marker = "%s" if postgres else "?"
        cur.execute(f"SELECT {', '.join(f'CAST({c} AS TEXT)' if c in JSON_COLUMNS else c for c in RESULT_COLUMNS)}"
                    f" FROM ratings WHERE batch_id = {marker}", (batch_id,))
        rows = [(*r, "floor-copy") for r in cur.fetchall()]
        raw.commit()
        cast = "::jsonb" if postgres else ""
        values = ", ".join(marker + (cast if c in JSON_COLUMNS else "") for c in RESULT_COLUMNS)
        t0 = time.perf_counter()
        cur.executemany(f"INSERT INTO ratings ({', '.join(RESULT_COLUMNS)}, batch_id) VALUES ({values}, {marker})",
                        rows)
        raw.commit()
        took = time.perf_counter() - t0
        cur.execute("DELETE FROM ratings WHERE batch_id = 'floor-copy'")
        raw.commit()
        return took
    finally:
        raw.close()


def naive(sample: int) -> float:
    book = rule_store().book
    ruleset = book.for_date(AS_OF)
    t0 = time.perf_counter()
    for wharf in db.session.query(Wharf).order_by(Wharf.id).limit(sample):
        inputs = facts_for(db.session, wharf, AS_OF)
        rating = rate(parse_facts(inputs, ruleset), ruleset)
        db.session.add(rating_row(wharf.id, rating, inputs, None))
    db.session.rollback()  # measured, not kept
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wharves", type=int, default=100_000)
    ap.add_argument("--naive", type=int, default=2000)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--postgres", action="store_true", help="run on a throwaway local PostgreSQL cluster")
    ap.add_argument("--calibrator", action="store_true", help="also time rate --all with a calibrator applied")
    args = ap.parse_args()
    if args.postgres:
        from tests.pg import postgres_cluster

        with postgres_cluster() as url:
            run(args, url)
    else:
        run(args, args.database_url)


def run(args: argparse.Namespace, url: str | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="wharf-rerate-"))
    url = url or f"sqlite:///{work / 'bench.sqlite'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        ruleset = rule_store().book.for_date(AS_OF)
        t0 = time.perf_counter()
        seed(args.wharves, ruleset)
        events = db.session.execute(text("SELECT count(*) FROM safety_events")).scalar_one()
        values = db.session.execute(text("SELECT count(*) FROM assessment_values")).scalar_one()
        print(f"{db.engine.dialect.name}: seeded {args.wharves:,} wharves, {values:,} indicator values, "
              f"{events:,} events in {time.perf_counter() - t0:.1f} s")
        n = args.wharves
        a = floor(n)
        t0 = time.perf_counter()
        report = rerate_all(db.engine, ruleset, AS_OF, "bench", chunk=5000)
        b = time.perf_counter() - t0
        assert report.wharves == n
        stored = db.session.execute(text("SELECT count(*) FROM ratings")).scalar_one()
        assert stored == n, stored
        w = write_floor(report.batch_id)
        c = naive(min(args.naive, n)) * n / min(args.naive, n)
        print(f"(a) raw-I/O floor          {n / a:10,.0f} wharves/s   {a:7.2f} s")
        print(f"(a') writing (b)'s rows    {n / w:10,.0f} wharves/s   {w:7.2f} s   (for the record: the size of what "
              f"(b) writes; the floor writes {n:,} small rows)")
        print(f"(b) rate --all             {n / b:10,.0f} wharves/s   {b:7.2f} s   {b / a:5.2f} x floor's time "
              f"(target <= 2.0: {'met' if b / a <= 2.0 else 'NOT met'})")
        print(f"(c) naive ORM per wharf    {n / c:10,.0f} wharves/s   {c:7.2f} s (scaled from {args.naive:,})   "
              f"(b) is {c / b:5.1f} x faster (target >= 20: {'met' if c / b >= 20 else 'NOT met'})")
        print(f"grades: {report.grades}")
        if args.calibrator:
            calibrated(n, ruleset, b)


def calibrated(n: int, ruleset, rules_only: float) -> None:
    from wharf_credit.calibration import ScoreCalibrator, simulate, train

    calibrator = ScoreCalibrator(train(simulate(30_000, seed=0)), "bench-demo-size")
    t0 = time.perf_counter()
    report = rerate_all(db.engine, ruleset, AS_OF, "bench", chunk=5000, calibrator=calibrator)
    d = time.perf_counter() - t0
    assert report.calibrator == calibrator.id and report.wharves == n
    stored = db.session.execute(select(RatingRow.calibrator).where(RatingRow.batch_id == report.batch_id)).scalars()
    carried = sum(1 for c in stored if c and c.get("id") == calibrator.id)
    assert carried == n, carried
    print(f"(d) rate --all, calibrated {n / d:10,.0f} wharves/s   {d:7.2f} s   {d / rules_only:5.2f} x (b)'s time "
          f"({calibrator.model.kind} calibrator; grades {report.grades})")


if __name__ == "__main__":
    main()
