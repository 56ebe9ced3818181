"""What a candidate rule set would do before it goes live (`flask rules diff`): replay it over every wharf with the
batch path beside the rule set in force, and report the 5x5 grade-migration matrix, the wharves whose permit route
or inspection rate would change, the current examples the candidate now fails, and the score-distribution shift.
Both sides are rules-only: the diff shows what the rules change, not an active calibrator's bounded shift."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..domain import FactsError, RuleBook, RuleSet, parse_facts, rate
from ..domain.rating.batch import BatchInput, rate_batch
from ..domain.rating.examples import check_ruleset_examples, compare_expectation
from ..models import Company, Wharf
from .facts import read_facts


@dataclass
class Change:
    wharf_id: int
    code: str
    name: str
    company: str
    grade_from: str
    grade_to: str
    score_from: float
    score_to: float
    route_from: str
    route_to: str
    rate_from: float
    rate_to: float


@dataclass
class DiffReport:
    current: RuleSet
    candidate: RuleSet
    as_of: dt.date
    grades: list[str]
    matrix: list[list[int]]  # matrix[i][j]: wharves at current grade i that the candidate puts at grade j
    changes: list[Change] = field(default_factory=list)  # permit route or inspection rate differs
    failing_examples: list[str] = field(default_factory=list)  # the rule set in force's, under the candidate
    own_failures: list[str] = field(default_factory=list)  # the candidate's own examples that fail
    dropped_values: int = 0  # stored indicator values the candidate no longer knows for that wharf type
    scores_from: np.ndarray = field(default_factory=lambda: np.zeros(0))
    scores_to: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def wharves(self) -> int:
        return int(sum(map(sum, self.matrix)))

    @property
    def moved(self) -> int:
        return self.wharves - sum(self.matrix[i][i] for i in range(len(self.grades)))

    def shift(self) -> dict[str, float]:
        if not len(self.scores_from):
            return {}
        d = self.scores_to - self.scores_from
        return {"mean_from": float(self.scores_from.mean()), "mean_to": float(self.scores_to.mean()),
                "mean_change": float(d.mean()), "p10_change": float(np.percentile(d, 10)),
                "p90_change": float(np.percentile(d, 90)), "up": int((d > 0).sum()), "down": int((d < 0).sum())}

    def histogram(self, bins: int = 10) -> list[tuple[str, int, int]]:
        edges = np.linspace(0, 100, bins + 1)
        a, _ = np.histogram(self.scores_from, edges)
        b, _ = np.histogram(self.scores_to, edges)
        return [(f"{edges[i]:.0f}-{edges[i + 1]:.0f}", int(a[i]), int(b[i])) for i in range(bins)]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["wharf_id", "code", "name", "company", "grade_from", "grade_to", "score_from", "score_to",
                         "permit_route_from", "permit_route_to", "inspection_rate_from", "inspection_rate_to"])
        for c in self.changes:
            writer.writerow([c.wharf_id, c.code, _safe(c.name), _safe(c.company), c.grade_from, c.grade_to,
                             c.score_from, c.score_to, c.route_from, c.route_to, c.rate_from, c.rate_to])
        return out.getvalue()


def _safe(text: str) -> str:
    """No spreadsheet formulas from data."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _for_candidate(facts: dict[str, Any], candidate: RuleSet) -> tuple[dict[str, Any], int]:
    """Keep only the indicator values the candidate rates for this wharf type (it may drop or rename some)."""
    known = {i.id for i in candidate.by_type.get(facts["wharf"]["type"], ())}
    kept = {k: v for k, v in facts["indicators"].items() if k in known}
    return {**facts, "indicators": kept}, len(facts["indicators"]) - len(kept)


def report_json(report: DiffReport) -> dict[str, Any]:
    """The report as JSON (what a background what-if stores): its rule sets by version and hash."""
    return {"current": {"version": report.current.version, "sha256": report.current.sha256},
            "candidate": {"version": report.candidate.version, "sha256": report.candidate.sha256},
            "as_of": report.as_of.isoformat(), "grades": report.grades, "matrix": report.matrix,
            "changes": [vars(c) for c in report.changes], "failing_examples": report.failing_examples,
            "own_failures": report.own_failures, "dropped_values": report.dropped_values,
            "scores_from": report.scores_from.tolist(), "scores_to": report.scores_to.tolist()}


def report_from_json(data: dict[str, Any], current: RuleSet, candidate: RuleSet) -> DiffReport | None:
    """The stored report again, when it was made with exactly these two rule sets (else None: it is stale)."""
    if (data["current"]["sha256"], data["candidate"]["sha256"]) != (current.sha256, candidate.sha256):
        return None
    return DiffReport(current, candidate, dt.date.fromisoformat(data["as_of"]), list(data["grades"]),
                      [list(row) for row in data["matrix"]], [Change(**c) for c in data["changes"]],
                      list(data["failing_examples"]), list(data["own_failures"]), int(data["dropped_values"]),
                      np.asarray(data["scores_from"], dtype=float), np.asarray(data["scores_to"], dtype=float))


def diff(engine: Engine, book: RuleBook, candidate: RuleSet, as_of: dt.date, chunk: int = 2000,
         progress: Callable[[int, int], None] | None = None) -> DiffReport:
    """The what-if report; `progress(done, total)` after each chunk of wharves."""
    current = book.for_date(as_of)
    grades = [g.code for g in current.grades]
    index = {g: i for i, g in enumerate(grades)}
    report = DiffReport(current, candidate, as_of, grades, [[0] * len(grades) for _ in grades])
    scores_from, scores_to = [], []
    names: dict[int, tuple[str, str, str]] = {}
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(Wharf.__table__)).scalar_one()
        for part in read_facts(conn, as_of, chunk):
            old = rate_batch(BatchInput.from_facts([parse_facts(f, current) for f in part.facts], current),
                             current, as_of)
            adapted = [_for_candidate(f, candidate) for f in part.facts]
            report.dropped_values += sum(n for _, n in adapted)
            new = rate_batch(BatchInput.from_facts([parse_facts(f, candidate) for f, _ in adapted], candidate),
                             candidate, as_of)
            old_codes, new_codes = old.grade_codes(), new.grade_codes()
            scores_from.extend(old.score.tolist())
            scores_to.extend(new.score.tolist())
            pending = []
            for i, wharf_id in enumerate(part.wharf_ids):
                g0, g1 = old_codes[i], new_codes[i]
                report.matrix[index[g0]][index[g1]] += 1
                m0, m1 = current.measures[g0], candidate.measures[g1]
                if m0.permit_route.code != m1.permit_route.code or m0.inspection_rate != m1.inspection_rate:
                    pending.append(Change(wharf_id, "", "", "", g0, g1, float(old.score[i]), float(new.score[i]),
                                          m0.permit_route.code, m1.permit_route.code, m0.inspection_rate,
                                          m1.inspection_rate))
            if pending:
                ids = [c.wharf_id for c in pending]
                for wid, code, name, company in conn.execute(
                        select(Wharf.id, Wharf.code, Wharf.name, Company.name).join(Company)
                        .where(Wharf.id.in_(ids))):
                    names[wid] = (code, name, company)
                for c in pending:
                    c.code, c.name, c.company = names.get(c.wharf_id, ("", "", ""))
                report.changes.extend(pending)
            if progress:
                progress(len(scores_from), total)
    report.scores_from, report.scores_to = np.asarray(scores_from), np.asarray(scores_to)
    report.failing_examples = failing_examples(current, candidate)
    report.own_failures = [f"{p.where}: {p.message}" for p in check_ruleset_examples(candidate)]
    return report


def failing_examples(current: RuleSet, candidate: RuleSet) -> list[str]:
    """The rule set in force's worked examples that the candidate rates differently from what they expect."""
    out = []
    for ex in current.examples:
        facts, _ = _for_candidate({**ex.facts, "as_of": ex.as_of.isoformat(), "indicators": ex.facts.get(
            "indicators", {})}, candidate)
        try:
            rating = rate(parse_facts(facts, candidate), candidate, ex.as_of)
        except FactsError as exc:
            out.append(f"{ex.src.file}: {ex.name}: {exc.problems[0].where}: {exc.problems[0].message}")
            continue
        problems = compare_expectation(rating, ex.expect)
        if problems:
            out.append(f"{ex.src.file}: {ex.name}: {'; '.join(problems)}")
    return out
