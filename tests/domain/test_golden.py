"""Golden cases (the worked examples of the project's domain notes): whole ratings whose outcome a bureau officer could check by hand."""
import pytest

from wharf_credit.domain import rate
from wharf_credit.domain.rules.model import WHARF_TYPES

from ..builders import clean_facts_dict, days_ago, facts, with_events


@pytest.mark.parametrize("wharf_type", WHARF_TYPES)
def test_a_clean_wharf_of_every_type_rates_aa_with_full_marks(ruleset, wharf_type):
    rating = rate(facts(ruleset, clean_facts_dict(ruleset, wharf_type)), ruleset)
    assert (rating.grade, rating.score) == ("AA", 100.0)
    assert rating.components == {"green": 100.0, "safety": 100.0, "basic": 100.0}
    assert rating.vetoes == rating.caps == rating.downgrades == ()
    assert rating.next_grade is None


def test_a_clean_dangerous_goods_wharf_is_not_marked_down_for_shore_power(ruleset):
    data = clean_facts_dict(ruleset, "dangerous_goods")
    assert "G-SHORE-01" not in data["indicators"]
    rating = rate(facts(ruleset, data), ruleset)
    assert rating.grade == "AA"
    assert all(step.get("rule") != "G-SHORE-01" for step in rating.trace)


def test_a_sand_gravel_wharf_with_a_fatal_accident_is_vetoed_to_d(ruleset):
    data = with_events(clean_facts_dict(ruleset, "sand_gravel"),
                       {"kind": "accident", "severity": "general", "date": days_ago(40), "deaths": 1})
    rating = rate(facts(ruleset, data), ruleset)
    assert rating.grade == "D"
    assert [v.id for v in rating.vetoes] == ["V-ACCIDENT-12M"]
    assert rating.score > 60, "the score alone would not give D: the veto does"


def test_an_overdue_major_hidden_danger_is_vetoed_to_d(ruleset):
    data = with_events(clean_facts_dict(ruleset), {"kind": "hidden_danger", "severity": "major",
                                                   "date": days_ago(90), "deadline": days_ago(30)})
    rating = rate(facts(ruleset, data), ruleset)
    assert rating.grade == "D" and "V-MAJOR-HAZARD-OVERDUE" in [v.id for v in rating.vetoes]


def test_a_new_wharf_is_capped_at_a_for_too_little_history(ruleset):
    data = clean_facts_dict(ruleset, "container")
    data["wharf"]["operating_since"] = days_ago(200)
    rating = rate(facts(ruleset, data), ruleset)
    assert rating.base_grade == "AA" and rating.grade == "A"
    assert [c.id for c in rating.caps] == ["C-SHORT-HISTORY"]


def test_an_unassessed_indicator_counts_as_level_zero_and_is_named_in_the_reasons(ruleset):
    data = clean_facts_dict(ruleset, "bulk")
    del data["indicators"]["G-MGT-03"]
    rating = rate(facts(ruleset, data), ruleset)
    reason = rating.reasons[0]
    assert reason.id == "G-MGT-03" and "未评估" in reason.text.zh_CN and "not assessed" in reason.text.en
    assert "C-MANDATORY-GREEN" in [c.id for c in rating.caps]
