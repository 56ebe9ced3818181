"""The green-wharf score on its own: its exact numerator and denominator, the indicators still below level 5 (the
gaps the reasons and the next-grade path are built from) and the mandatory items (控制项) below their minimum, by id."""
from __future__ import annotations

from wharf_credit.domain import load_rulebook
from wharf_credit.domain.rating.green import score_green

from ..builders import AS_OF, clean_facts_dict, facts, value_for_level

RULESET = load_rulebook("rules").for_date(AS_OF)


def test_a_wharf_at_level_5_everywhere_scores_100_with_no_gap():
    result = score_green(facts(RULESET), RULESET)
    weights = [w for _, w, _ in RULESET.scoring_plan["bulk"]]
    assert (result.num, result.den) == (5 * sum(weights), 5 * sum(weights))
    assert result.score == 100.0 and result.gaps == () and result.mandatory_unmet == ()


def test_levels_below_5_are_gaps_and_a_mandatory_item_below_its_minimum_is_named():
    plan = RULESET.scoring_plan["bulk"]
    mandatory = next(ind for ind, _, m in plan if m)
    optional = next(ind for ind, _, m in plan if not m)
    data = clean_facts_dict(RULESET)
    data["indicators"][mandatory.id] = value_for_level(mandatory, RULESET.mandatory_min_level - 1)
    data["indicators"][optional.id] = value_for_level(optional, 4)
    result = score_green(facts(RULESET, data), RULESET)
    assert [g.indicator.id for g in result.gaps] == [ind.id for ind, _, _ in plan if ind in (mandatory, optional)]
    assert result.mandatory_unmet == (mandatory.id,)
    w = dict((ind.id, weight) for ind, weight, _ in plan)
    total = sum(w.values())
    assert result.num == 5 * total - (5 - RULESET.mandatory_min_level + 1) * w[mandatory.id] - w[optional.id]
    assert result.score == 100 * result.num / result.den
