"""`flask inspections draw`, `flask ratings publish|finalise`: thin wrappers over the services; user mistakes are one
line on stderr with exit 1 (2 for usage), never a traceback."""
from __future__ import annotations

import datetime as dt

import pytest

from wharf_credit.models import InspectionDraw, RatingRow

from ..factories import make_company, make_event, make_rating, make_user, make_wharf


def invoke(runner, *args: str):
    result = runner.invoke(args=list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def rated(session, book, status="published", dishonest=False, as_of=None):
    company = make_company(session, serious_dishonesty_list=dishonest)
    wharf = make_wharf(session, company, operating_since=dt.date(2010, 1, 1))
    make_event(session, wharf, "inspection", dt.date.today() - dt.timedelta(days=30), onsite=True, findings=0)
    return wharf, make_rating(session, wharf, as_of=as_of, status=status, book=book)


@pytest.fixture
def world(session, book):
    inspector = make_user(session, "inspector")
    good = [rated(session, book) for _ in range(3)]
    bad = [rated(session, book, dishonest=True) for _ in range(2)]
    return inspector, good, bad


def test_draw_prints_method_rates_counts_and_the_list(runner, session, world):
    inspector, good, bad = world
    result = invoke(runner, "inspections", "draw", "--period", "2026Q4", "--seed", "bureau-1")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "2026Q4" in out and "'bureau-1'" in out
    assert 'sha256("bureau-1|2026Q4|<grade>")' in out
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line[:2].strip() in ("AA", "A", "D")
             and not line.startswith("  ")}
    assert lines["AA"][1:] == ["1%", "3", "1"]
    assert lines["D"][1:] == ["100%", "2", "2"]
    for wharf, _ in bad:
        assert f"  {wharf.code}  {wharf.name}  D  {inspector.username}" in out
    assert "drawn: 3 wharves" in out
    assert result.stderr == ""
    assert session.query(InspectionDraw).count() == 1


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "Q4-2026", "--seed", "x"), "expected a quarter like 2026Q4"),
    (("--period", "2026Q4", "--seed", "  "), "a seed is required"),
])
def test_draw_refuses_bad_input_with_one_line(runner, session, world, args, message):
    result = invoke(runner, "inspections", "draw", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert session.query(InspectionDraw).count() == 0


def test_a_period_is_drawn_once(runner, session, world):
    assert invoke(runner, "inspections", "draw", "--period", "2026Q4", "--seed", "a").exit_code == 0
    result = invoke(runner, "inspections", "draw", "--period", "2026Q4", "--seed", "b")
    assert result.exit_code == 1 and result.stderr == "error: 2026Q4 has already been drawn\n"


def test_draw_requires_its_options(runner):
    result = invoke(runner, "inspections", "draw", "--period", "2026Q4")
    assert result.exit_code == 2 and "--seed" in result.stderr


def test_publish_all_provisional_publishes_only_the_latest_of_each_wharf(runner, session, book):
    wharf, old = rated(session, book, status="provisional", as_of=dt.date.today() - dt.timedelta(days=20))
    new = make_rating(session, wharf, book=book)
    _, other = rated(session, book, status="provisional")
    _, done = rated(session, book, status="final")
    result = invoke(runner, "ratings", "publish", "--all-provisional")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "published 2 ratings, skipped 0\n"
    session.expire_all()
    statuses = {r.id: r.status for r in session.query(RatingRow)}
    assert statuses == {old.id: "provisional", new.id: "published", other.id: "published", done.id: "final"}
    assert session.get(RatingRow, new.id).objection_until > dt.date.today()


def test_publish_by_id_reports_what_it_skipped(runner, session, book):
    _, row = rated(session, book, status="provisional")
    _, final = rated(session, book, status="final")
    result = invoke(runner, "ratings", "publish", "--id", str(row.id), "--id", str(final.id), "--id", "99999")
    assert result.exit_code == 0
    assert result.stdout == "published 1 ratings, skipped 2\n"
    assert f"skipped rating {final.id}: already final" in result.stderr
    assert "skipped rating 99999: not found" in result.stderr
    again = invoke(runner, "ratings", "publish", "--id", str(row.id))
    assert again.exit_code == 1 and "already published" in again.stderr


@pytest.mark.parametrize("args", [(), ("--all-provisional", "--id", "1"), ("--id", "x")])
def test_publish_needs_exactly_one_way_to_choose(runner, args):
    result = invoke(runner, "ratings", "publish", *args)
    assert result.exit_code == 2


def test_finalise_makes_ratings_final_after_their_window(runner, session, book):
    _, expired = rated(session, book, status="published")
    _, running = rated(session, book, status="published")
    expired.objection_until = dt.date.today() - dt.timedelta(days=1)
    running.objection_until = dt.date.today() + dt.timedelta(days=3)
    session.commit()
    result = invoke(runner, "ratings", "finalise")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"finalised 1 ratings as of {dt.date.today().isoformat()}; 1 still published\n"
    session.expire_all()
    assert session.get(RatingRow, expired.id).status == "final"
    assert session.get(RatingRow, running.id).status == "published"


def test_seed_demo_publishes_files_decides_draws_and_names_an_aa_and_a_d_company(runner, session):
    from wharf_credit.models import Objection, PenaltyCase, PermitDecision, RepairRequest
    from wharf_credit.rules import rule_store
    from wharf_credit.services.audit import verify_chain
    from wharf_credit.services.standing import company_standing

    result = invoke(runner, "seed-demo", "--wharves", "30", "--password", "demo-pass-x")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    statuses = [r.status for r in session.query(RatingRow)]
    provisional = statuses.count("provisional")
    assert 0 < provisional <= 6 and statuses.count("published") >= 24  # ~10 % of the 30 latest left provisional
    assert sorted(o.status for o in session.query(Objection)) == ["open", "upheld"]
    assert session.query(PermitDecision).count() == 3 and session.query(PenaltyCase).count() == 2
    assert [r.status for r in session.query(RepairRequest)] == ["open"]
    draw = session.query(InspectionDraw).one()
    today = dt.date.today()
    assert (draw.seed, draw.period) == ("demo", f"{today.year}Q{(today.month - 1) // 3 + 1}") and draw.items
    book = rule_store().book
    from wharf_credit.models import Company

    for grade in ("AA", "D"):
        line = next(line for line in out.splitlines() if line.strip().startswith(f"{grade} company"))
        name, uscc = line.split(": ", 1)[1].rsplit(" (", 1)
        company = session.query(Company).filter_by(uscc=uscc.rstrip(")")).one()
        assert company.name == name and company_standing(session, book, company, today).grade == grade
    assert verify_chain(session).problems == []
    again = invoke(runner, "seed-demo", "--wharves", "30")
    assert again.exit_code == 0 and "nothing seeded" in again.stdout
    assert session.query(InspectionDraw).count() == 1 and session.query(Objection).count() == 2
