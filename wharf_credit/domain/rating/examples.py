"""A rule set's worked examples (rules/<version>/examples/) run through the engine: the problems of those that do
not give what they expect, and what no example exercises."""
from __future__ import annotations

from typing import Any

from ..errors import FactsError, Problem
from ..rules.model import RuleSet
from .engine import rate
from .facts import parse_facts


def check_ruleset_examples(ruleset: RuleSet) -> list[Problem]:
    """Rate every example; a problem for each that does not produce what it expects."""
    problems: list[Problem] = []
    for ex in ruleset.examples:
        try:
            facts = parse_facts({**ex.facts, "as_of": ex.as_of.isoformat()}, ruleset)
        except FactsError as exc:
            for p in exc.problems:
                problems.append(Problem(str(ex.src), f"example {ex.name!r}: facts.{p.where}: {p.message}"))
            continue
        rating = rate(facts, ruleset, ex.as_of)
        for message in compare_expectation(rating, ex.expect):
            problems.append(Problem(str(ex.src), f"example {ex.name!r} fails: {message}"))
    return problems


def compare_expectation(rating: Any, expect: dict[str, Any]) -> list[str]:
    out = []
    if "grade" in expect and rating.grade != expect["grade"]:
        out.append(f"expected grade {expect['grade']}, got {rating.grade} (score {rating.score:.2f})")
    if "score" in expect:
        want = expect["score"]
        if isinstance(want, dict):
            approx, tol = float(want.get("approx", 0)), float(want.get("tol", 0.01))
        else:
            approx, tol = float(want), 0.005
        if abs(rating.score - approx) > tol:
            out.append(f"expected score {approx:g} ± {tol:g}, got {rating.score:.2f}")
    for key, fired in (("vetoes", rating.vetoes), ("caps", rating.caps), ("downgrades", rating.downgrades)):
        if key in expect and sorted(expect[key] or []) != sorted(r.id for r in fired):
            out.append(f"expected {key} {sorted(expect[key] or [])}, got {sorted(r.id for r in fired)}")
    for comp, want in (expect.get("components") or {}).items():
        got = rating.components.get(comp)
        if got is None or abs(got - float(want)) > 0.01:
            out.append(f"expected component {comp} {want}, got {got}")
    return out


def uncovered(ruleset: RuleSet) -> dict[str, list[str]]:
    """Indicators given a value by no example, rules fired by no example, grades produced by no example."""
    indicators = {i.id for i in ruleset.indicators}
    rules = {r.id for r in ruleset.rules}
    grades = {g.code for g in ruleset.grades}
    for ex in ruleset.examples:
        facts = parse_facts({**ex.facts, "as_of": ex.as_of.isoformat()}, ruleset)
        indicators -= set(facts.indicators)
        rating = rate(facts, ruleset)
        rules -= {r.id for r in rating.vetoes + rating.caps + rating.downgrades}
        grades.discard(rating.grade)
    order = {i.id: n for n, i in enumerate(ruleset.indicators)}
    return {
        "indicators": sorted(indicators, key=order.__getitem__),
        "rules": sorted(rules),
        "grades": [g.code for g in ruleset.grades if g.code in grades],
    }
