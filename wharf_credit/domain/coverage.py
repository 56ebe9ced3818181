"""Example coverage: which indicators, vetoes/caps/downgrades and grades no example of a rule set exercises."""
from __future__ import annotations

from .facts import parse_facts
from .model import RuleSet
from .rating import rate


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
