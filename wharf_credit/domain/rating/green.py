"""Green-wharf guide score: indicator levels 0-5, weighted per wharf type, renormalised over what applies."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from .facts import WharfFacts
from ..rules.model import Indicator, RuleSet


class IndicatorScore(NamedTuple):  # a tuple: built 30 times per rating
    indicator: Indicator
    value: Any  # None when not assessed
    level: int
    weight_h: int

    @property
    def assessed(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class GreenResult:
    score: float
    num: int  # sum of level x weight (hundredths)
    den: int  # sum of 5 x weight (hundredths)
    gaps: tuple[IndicatorScore, ...]  # indicators below level 5, in file order (reasons, next-grade path)
    mandatory_unmet: tuple[str, ...]
    plan: tuple[tuple[Indicator, int, bool], ...] = field(repr=False, compare=False, default=())
    values: tuple[Any, ...] = field(repr=False, compare=False, default=())
    levels: tuple[int, ...] = field(repr=False, compare=False, default=())

    @cached_property
    def items(self) -> tuple[IndicatorScore, ...]:
        """Every applicable indicator with its value and level (for the trace)."""
        return tuple(IndicatorScore(ind, v, lv, w) for (ind, w, _), v, lv in zip(self.plan, self.values, self.levels,
                                                                                  strict=True))


def score_green(facts: WharfFacts, ruleset: RuleSet) -> GreenResult:
    """Score the indicators that apply to the wharf's type. An absent indicator counts as level 0."""
    get = facts.indicators.get
    min_level = ruleset.mandatory_min_level
    plan = ruleset.scoring_plan[facts.wharf.type]
    values = []
    levels = []
    gaps = []
    unmet = []
    num = den = 0
    for ind, w, mandatory in plan:
        value = get(ind.id)
        if value is None:
            level = 0
        elif ind.kind == "level":
            level = value
        else:
            level = ind.level_of(value)
        values.append(value)
        levels.append(level)
        num += level * w
        den += 5 * w
        if level < 5:
            gaps.append(IndicatorScore(ind, value, level, w))
            if mandatory and level < min_level:
                unmet.append(ind.id)
    # Integer numerator and denominator: one correctly rounded division, identical in numpy.
    score = (100 * num) / den if den else 0.0
    return GreenResult(score, num, den, tuple(gaps), tuple(unmet), plan, tuple(values), tuple(levels))
