"""Plain-data builders for facts (no app, no DB): start from a model wharf and change one thing."""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from wharf_credit.domain import RuleSet, WharfFacts, parse_facts
from wharf_credit.domain.rating.engine import CalibratorAdjustment
from wharf_credit.domain.rules.model import Indicator
from wharf_credit.domain.vocabulary import I18n

AS_OF = dt.date(2026, 11, 24)


def best_value(ind: Indicator) -> Any:
    """The raw value that reaches level 5."""
    if ind.kind == "level":
        return 5
    if ind.kind == "bool":
        return True
    return ind.breakpoints[0] if ind.better == "lower" else ind.breakpoints[-1]


def value_for_level(ind: Indicator, level: int) -> Any:
    """A raw value that maps to exactly `level`."""
    if ind.kind == "level":
        return level
    if ind.kind == "bool":
        return level >= 3
    bps = ind.breakpoints
    if ind.better == "lower":
        if level == 0:
            return bps[-1] + 1
        return bps[5 - level]
    if level == 0:
        return bps[0] - 1 if (ind.value_min is None or bps[0] - 1 >= ind.value_min) else ind.value_min
    return bps[level - 1]


def days_ago(n: int, as_of: dt.date = AS_OF) -> str:
    return (as_of - dt.timedelta(days=n)).isoformat()


def clean_facts_dict(ruleset: RuleSet, wharf_type: str = "bulk", as_of: dt.date = AS_OF) -> dict[str, Any]:
    """A long-operating wharf with every applicable indicator at level 5, a valid permit and a clean on-site
    inspection 2 months ago: rates AA under the default rules."""
    return {
        "as_of": as_of.isoformat(),
        "wharf": {"type": wharf_type, "berths": 3, "capacity_kt": 1200, "year_built": 2009,
                  "operating_since": "2009-05-01"},
        "company": {"uscc": "91330521MA2B3C4D5E", "permit_valid_until": (as_of + dt.timedelta(days=800)).isoformat()},
        "indicators": {i.id: best_value(i) for i in ruleset.by_type[wharf_type]},
        "safety_events": [{"kind": "inspection", "date": days_ago(60, as_of), "onsite": True, "findings": 0}],
    }


def facts(ruleset: RuleSet, base: dict[str, Any] | None = None, **changes: Any) -> WharfFacts:
    data = copy.deepcopy(base) if base is not None else clean_facts_dict(ruleset)
    data.update(changes)
    return parse_facts(data, ruleset)


def with_events(data: dict[str, Any], *events: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["safety_events"] = out.get("safety_events", []) + list(events)
    return out


class FixedShift:
    """A calibrator that always proposes the same shift: the engine bounds whatever a calibrator proposes, and its
    handling (bounds, trace, document) does not depend on how the shift was learned."""

    id = "fixed-shift"

    def __init__(self, points: float):
        self.points = points

    def adjust(self, score: float, components: dict[str, float], ruleset: RuleSet) -> CalibratorAdjustment:
        return CalibratorAdjustment(self.id, 0.04, 0.05, self.points,
                                    I18n(f"固定调整 {self.points:+g} 分", f"fixed shift of {self.points:+g} points"))
