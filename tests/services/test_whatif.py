"""What-if before activation: a candidate rule set replayed over the registry beside the one in force."""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from wharf_credit.domain import load_ruleset
from wharf_credit.models import Assessment, AssessmentValue, RatingRow
from wharf_credit.services.whatif import diff

from ..builders import value_for_level
from ..factories import make_company, make_event, make_wharf
from .test_rerate import T, random_registry

RULES = Path(__file__).resolve().parents[2] / "rules" / "2026.1"


def clean_wharves(session, ruleset, n: int) -> None:
    """n wharves at the top of the guide with a clean record: AA (score 90+) under the rules in force."""
    company = make_company(session, permit_valid_until=T + dt.timedelta(days=700))
    for i in range(n):
        wharf = make_wharf(session, company, type="bulk", operating_since=dt.date(2012, 1, 1))
        a = Assessment(wharf_id=wharf.id, assessed_on=T - dt.timedelta(days=30), ruleset_version=ruleset.version,
                       ruleset_sha256=ruleset.sha256)
        a.values = [AssessmentValue(indicator_id=ind.id, value=value_for_level(ind, 5 if i % 2 else 4))
                    for ind in ruleset.by_type["bulk"]]
        session.add(a)
        make_event(session, wharf, "inspection", T - dt.timedelta(days=40), onsite=True, findings=0)
    session.commit()


def candidate(tmp_path, *edits: tuple[str, str, str], check_examples: bool = False):
    folder = tmp_path / "2026.1"
    shutil.copytree(RULES, folder)
    for file, old, new in edits:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, load_ruleset(folder, check_examples=check_examples)


def test_an_identical_candidate_moves_nobody_and_the_matrix_adds_up(session, db, ruleset, book, tmp_path):
    random_registry(session, ruleset, 80)
    _, same = candidate(tmp_path)
    report = diff(db.engine, book, same, T, chunk=25)
    assert report.wharves == 80 == sum(sum(row) for row in report.matrix)
    assert report.moved == 0 and report.changes == [] and report.failing_examples == []
    assert report.shift()["mean_change"] == 0


def test_a_stricter_aa_threshold_moves_wharves_down_and_fails_examples(session, db, ruleset, book, tmp_path):
    random_registry(session, ruleset, 100)
    clean_wharves(session, ruleset, 20)
    _, strict = candidate(tmp_path, ("ruleset.yaml", "{code: AA, min_score: 90,", "{code: AA, min_score: 97,"))
    report = diff(db.engine, book, strict, T, chunk=50)
    aa, a = report.grades.index("AA"), report.grades.index("A")
    assert report.wharves == 120 == sum(map(sum, report.matrix))
    assert all(report.matrix[i][j] == 0 for i in range(5) for j in range(5) if i != j and (i, j) != (aa, a))
    assert report.moved == report.matrix[aa][a] > 0
    assert {(c.grade_from, c.grade_to) for c in report.changes} == {("AA", "A")}
    assert all(c.route_from == "fast_track" and c.route_to == "pledge" for c in report.changes)
    assert any("bulk_level4_aa" in line for line in report.failing_examples)
    rows = list(csv.reader(io.StringIO(report.csv())))
    assert rows[0][0] == "wharf_id" and len(rows) == len(report.changes) + 1
    assert session.query(RatingRow).count() == 0, "a what-if stores nothing"


def test_a_changed_inspection_rate_lists_every_b_wharf(session, db, ruleset, book, tmp_path):
    random_registry(session, ruleset, 60)
    _, more = candidate(tmp_path, ("measures.yaml", "    inspection_rate: 0.10", "    inspection_rate: 0.20"))
    report = diff(db.engine, book, more, T)
    b = report.grades.index("B")
    assert report.moved == 0
    assert len(report.changes) == report.matrix[b][b]
    assert all(c.rate_from == 0.10 and c.rate_to == 0.20 for c in report.changes)


def test_the_cli_prints_the_matrix_and_writes_the_csv(session, db, ruleset, runner, tmp_path):
    random_registry(session, ruleset, 20)
    folder, _ = candidate(tmp_path, ("ruleset.yaml", "{code: AA, min_score: 90,", "{code: AA, min_score: 97,"))
    out_csv = tmp_path / "changes.csv"
    res = runner.invoke(args=["rules", "diff", str(folder), "--as-of", T.isoformat(), "--csv", str(out_csv)])
    assert res.exit_code == 0, res.output
    assert "grade migration" in res.output and "20 wharves" in res.output
    assert out_csv.read_text(encoding="utf-8-sig").startswith("wharf_id,")
    broken = tmp_path / "broken" / "2026.1"
    shutil.copytree(RULES, broken)
    (broken / "ruleset.yaml").write_text("id: [", encoding="utf-8")
    res = runner.invoke(args=["rules", "diff", str(broken)])
    assert res.exit_code == 1 and "ruleset.yaml:" in res.stderr


@pytest.mark.parametrize("day", [dt.date(2025, 6, 30)])
def test_a_diff_on_a_past_day_compares_with_the_rule_set_then_in_force(session, db, ruleset, book, tmp_path, day):
    random_registry(session, ruleset, 10)
    _, same = candidate(tmp_path)
    report = diff(db.engine, book, same, day)
    assert report.current.version == "2025.1" and report.wharves == 10
