"""From component scores to a grade: weighted total, rounding, thresholds, then downgrades and caps (last)."""
from __future__ import annotations

import math
from typing import Any, NamedTuple

from ..rules.model import GradeRule, RuleSet


def round2(x: float) -> float:
    """Round half up to 2 decimals with operations numpy repeats exactly (Python's round() differs from numpy's)."""
    return math.floor(x * 100 + 0.5) / 100


def total_score(ruleset: RuleSet, green: float, safety: float, basic: float, bonus: float) -> float:
    """Weighted total plus bonus, clamped to 0-100, unrounded. Batch repeats these operations in this order."""
    c = ruleset.components
    raw = c["green"] * green + c["safety"] * safety + c["basic"] * basic + bonus
    return min(max(raw, 0.0), 100.0)


class RuleOutcome(NamedTuple):
    rule: GradeRule
    fired: bool


def evaluate_rules(ruleset: RuleSet, facts: dict[str, Any]) -> list[RuleOutcome]:
    return [RuleOutcome(r, bool(r.when.test(facts))) for r in ruleset.rules]


def rule_inputs(rule: GradeRule, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a rule's condition read, for the trace."""
    return {k: facts[k] for k in rule.when.fact_names}


def apply_rules(ruleset: RuleSet, grade_index: int, outcomes: list[RuleOutcome]) -> int:
    """Downgrades first, then caps (a veto caps at D). Caps come last so nothing can lift them."""
    worst = len(ruleset.grades) - 1
    steps = sum(o.rule.steps for o in outcomes if o.fired and o.rule.kind == "downgrade")
    idx = min(grade_index + steps, worst)
    for o in outcomes:
        if o.fired and o.rule.cap is not None:
            idx = max(idx, ruleset.grade_index[o.rule.cap])
    return idx
