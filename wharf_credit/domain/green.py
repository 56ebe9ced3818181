"""Green-wharf guide score: indicator levels 0-5, weighted per wharf type, renormalised over what applies."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .facts import WharfFacts
from .model import Indicator, RuleSet


@dataclass(frozen=True)
class IndicatorScore:
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
    items: tuple[IndicatorScore, ...]
    mandatory_unmet: tuple[str, ...]


def score_green(facts: WharfFacts, ruleset: RuleSet) -> GreenResult:
    """Score the indicators that apply to the wharf's type. An absent indicator counts as level 0."""
    wtype = facts.wharf.type
    values = facts.indicators
    min_level = ruleset.mandatory_min_level
    items = []
    unmet = []
    num = den = 0
    for ind in ruleset.by_type[wtype]:
        value = values.get(ind.id)
        level = 0 if value is None else ind.level_of(value)
        w = ind.weights_h[wtype]
        num += level * w
        den += 5 * w
        items.append(IndicatorScore(ind, value, level, w))
        if wtype in ind.mandatory_for and level < min_level:
            unmet.append(ind.id)
    # Integer numerator and denominator: one correctly rounded division, identical in numpy.
    score = (100 * num) / den if den else 0.0
    return GreenResult(score, num, den, tuple(items), tuple(unmet))
