"""`flask export ratings`: the latest rating of every wharf as CSV or XLSX (README.md, Command line)."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from ..factories import make_company, make_rating, make_wharf


def test_export_ratings_writes_the_latest_rating_of_every_wharf(session, runner, tmp_path):
    wharf = make_wharf(session, make_company(session, name="丙港务"))
    make_rating(session, wharf, status="published")
    newest = make_rating(session, wharf, levels={"G-MGT-01": 0})
    other = make_wharf(session)
    make_rating(session, other, status="provisional")
    out = runner.invoke(args=["export", "ratings"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    assert len(rows) == 2
    mine = next(r for r in rows if r["company"] == "丙港务")
    assert int(mine["rating_id"]) == newest.id and mine["status"] == "provisional"
    published = runner.invoke(args=["export", "ratings", "--published"])
    assert len(list(csv.DictReader(io.StringIO(published.stdout.lstrip("\ufeff"))))) == 1
    target = tmp_path / "ratings.xlsx"
    assert runner.invoke(args=["export", "ratings", "--format", "xlsx", "--output", str(target)]).exit_code == 0
    assert load_workbook(target).active.max_row == 3
    assert runner.invoke(args=["export", "ratings", "--format", "xlsx"]).exit_code == 1
