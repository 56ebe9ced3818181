"""parse_facts validates a facts object against the rule set and lists every problem with its JSON path."""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from wharf_credit.domain import FactsError, Problem, parse_facts, rate

from ..builders import AS_OF, clean_facts_dict, days_ago, facts, with_events


def problems_of(data, ruleset) -> list[Problem]:
    with pytest.raises(FactsError) as info:
        parse_facts(data, ruleset)
    assert info.value.problems, "a FactsError must list at least one problem"
    return info.value.problems


def by_path(problems: list[Problem]) -> dict[str, str]:
    return {p.where: p.message for p in problems}


def changed(ruleset, wharf_type: str = "bulk", **indicators):
    data = clean_facts_dict(ruleset, wharf_type)
    data["indicators"].update(indicators)
    return data


def test_clean_facts_parse_into_the_wharf_they_describe(ruleset):
    parsed = facts(ruleset)
    assert parsed.wharf.type == "bulk"
    assert parsed.as_of == AS_OF
    assert parsed.wharf.operating_since == dt.date(2009, 5, 1)


def test_every_problem_is_listed_at_once_with_its_json_path(ruleset):
    data = changed(ruleset, **{"G-DUST-01": 6, "G-DUST-04": 1})
    data["wharf"]["berths"] = "three"
    data["safety_events"].append({"kind": "earthquake", "date": days_ago(3)})
    paths = by_path(problems_of(data, ruleset))
    assert set(paths) == {"wharf.berths", "indicators.G-DUST-01", "indicators.G-DUST-04", "safety_events[1].kind"}
    assert "'three'" in paths["wharf.berths"]
    assert "got 6" in paths["indicators.G-DUST-01"]


def test_an_unknown_wharf_type_is_named_with_the_allowed_ones(ruleset):
    data = clean_facts_dict(ruleset)
    data["wharf"]["type"] = "ferry"
    message = by_path(problems_of(data, ruleset))["wharf.type"]
    assert "unknown value 'ferry'" in message
    assert "sand_gravel" in message and "dangerous_goods" in message


def test_an_unknown_wharf_type_does_not_hide_indicator_problems(ruleset):
    data = changed(ruleset, **{"G-DUST-01": 6})
    data["wharf"]["type"] = "ferry"
    assert {"wharf.type", "indicators.G-DUST-01"} <= set(by_path(problems_of(data, ruleset)))


def test_a_missing_wharf_type_is_required(ruleset):
    data = clean_facts_dict(ruleset)
    del data["wharf"]["type"]
    assert "wharf.type" in by_path(problems_of(data, ruleset))


def test_an_unknown_indicator_id_is_named(ruleset):
    problems = problems_of(changed(ruleset, **{"G-NOPE-01": 3}), ruleset)
    assert by_path(problems) == {"indicators.G-NOPE-01": f"unknown indicator (rule set {ruleset.version})"}


def test_an_indicator_of_another_wharf_type_is_rejected(ruleset):
    # G-VOC-01 (VOC recovery) applies to dangerous-goods wharves only
    message = by_path(problems_of(changed(ruleset, **{"G-VOC-01": 3}), ruleset))["indicators.G-VOC-01"]
    assert "does not apply to wharf type bulk" in message


def test_shore_power_does_not_apply_to_dangerous_goods_wharves(ruleset):
    data = changed(ruleset, "dangerous_goods", **{"G-SHORE-01": 5})
    message = by_path(problems_of(data, ruleset))["indicators.G-SHORE-01"]
    assert "does not apply to wharf type dangerous_goods" in message


@pytest.mark.parametrize("value", [6, -1, 2.5, True, "3"])
def test_a_level_outside_0_to_5_or_not_an_integer_is_rejected(ruleset, value):
    message = by_path(problems_of(changed(ruleset, **{"G-DUST-01": value}), ruleset))["indicators.G-DUST-01"]
    assert "expected level 0-5" in message


@pytest.mark.parametrize("value", [0, 5])
def test_levels_at_the_ends_of_the_range_are_accepted(ruleset, value):
    parse_facts(changed(ruleset, **{"G-DUST-01": value}), ruleset)


@pytest.mark.parametrize("value", [1, 0, "true"])
def test_a_bool_indicator_given_something_else_is_rejected(ruleset, value):
    message = by_path(problems_of(changed(ruleset, **{"G-DUST-04": value}), ruleset))["indicators.G-DUST-04"]
    assert "expected true or false" in message


def test_a_number_indicator_outside_its_min_max_is_rejected(ruleset):
    message = by_path(problems_of(changed(ruleset, **{"G-DUST-05": 11}), ruleset))["indicators.G-DUST-05"]
    assert "expected a number 0.0-10.0" in message and "got 11" in message


def test_a_number_indicator_given_a_string_is_rejected(ruleset):
    message = by_path(problems_of(changed(ruleset, **{"G-DUST-05": "0.1"}), ruleset))["indicators.G-DUST-05"]
    assert "expected a number" in message and "'0.1'" in message


def test_an_event_after_as_of_is_rejected(ruleset):
    data = with_events(clean_facts_dict(ruleset),
                       {"kind": "inspection", "date": days_ago(-3), "onsite": True, "findings": 0})
    message = by_path(problems_of(data, ruleset))["safety_events[1].date"]
    assert "is after as_of 2026-11-24" in message and days_ago(-3) in message


def test_an_event_on_as_of_itself_is_accepted(ruleset):
    data = with_events(clean_facts_dict(ruleset),
                       {"kind": "inspection", "date": days_ago(0), "onsite": True, "findings": 0})
    assert [e.date for e in parse_facts(data, ruleset).safety_events][-1] == AS_OF


def test_an_unknown_event_kind_is_rejected(ruleset):
    data = with_events(clean_facts_dict(ruleset), {"kind": "earthquake", "date": days_ago(3)})
    message = by_path(problems_of(data, ruleset))["safety_events[1].kind"]
    assert "unknown value 'earthquake'" in message and "hidden_danger" in message


def test_an_unknown_accident_severity_is_rejected(ruleset):
    data = with_events(clean_facts_dict(ruleset),
                       {"kind": "accident", "severity": "huge", "date": days_ago(3), "deaths": 0})
    message = by_path(problems_of(data, ruleset))["safety_events[1].severity"]
    assert "unknown value 'huge'" in message and "extraordinary" in message


def test_a_hidden_danger_cannot_have_an_accident_severity(ruleset):
    data = with_events(clean_facts_dict(ruleset), {"kind": "hidden_danger", "severity": "extraordinary",
                                                   "date": days_ago(3), "deadline": days_ago(-30)})
    assert "safety_events[1].severity" in by_path(problems_of(data, ruleset))


@pytest.mark.parametrize("bad", ["2026-02-30", "yesterday", "24/11/2026"])
def test_a_bad_event_date_string_is_rejected(ruleset, bad):
    data = with_events(clean_facts_dict(ruleset), {"kind": "inspection", "date": bad, "onsite": True, "findings": 0})
    assert by_path(problems_of(data, ruleset))["safety_events[1].date"] == f"expected a date YYYY-MM-DD, got '{bad}'"


@pytest.mark.parametrize(("path", "setter"), [
    ("as_of", lambda d: d.update(as_of="2026-13-01")),
    ("company.permit_valid_until", lambda d: d["company"].update(permit_valid_until="soon")),
])
def test_a_bad_date_elsewhere_is_named_by_its_path(ruleset, path, setter):
    data = copy.deepcopy(clean_facts_dict(ruleset))
    setter(data)
    assert "expected a date YYYY-MM-DD" in by_path(problems_of(data, ruleset))[path]


def test_an_unknown_top_level_field_is_rejected(ruleset):
    data = clean_facts_dict(ruleset)
    data["surprise"] = 1
    assert by_path(problems_of(data, ruleset)) == {"surprise": "unknown field"}


def test_facts_that_are_not_an_object_are_rejected(ruleset):
    problems = problems_of([clean_facts_dict(ruleset)], ruleset)
    assert "must be a JSON object" in problems[0].message


def test_an_absent_indicator_counts_as_level_0_and_is_named_not_assessed(ruleset):
    data = clean_facts_dict(ruleset)
    del data["indicators"]["G-DUST-02"]
    parsed = parse_facts(data, ruleset)
    assert "G-DUST-02" not in parsed.indicators
    out = rate(parsed, ruleset).to_dict("en")

    indicators = ruleset.by_type["bulk"]
    weight = next(i for i in indicators if i.id == "G-DUST-02").weights_h["bulk"]
    total = sum(i.weights_h["bulk"] for i in indicators)
    green_points = round(100 * (total - weight) / total, 2)
    assert out["components"]["green"] == pytest.approx(green_points, abs=0.01)
    assert out["score"] < 100

    reason = next(r for r in out["reasons"] if r["id"] == "G-DUST-02")
    assert "not assessed" in reason["text"]
    assert "level 0" in reason["text"]
    assert reason["points_lost"] == pytest.approx(100 * ruleset.components["green"] * weight / total, abs=0.01)


def test_an_indicator_assessed_at_level_0_is_not_called_not_assessed(ruleset):
    out = rate(parse_facts(changed(ruleset, **{"G-DUST-02": 0}), ruleset), ruleset).to_dict("en")
    reason = next(r for r in out["reasons"] if r["id"] == "G-DUST-02")
    assert "not assessed" not in reason["text"]


EVERY_KIND = [
    {"kind": "accident", "date": days_ago(40), "id": "ACC-1", "severity": "large", "deaths": 1, "injuries": 2,
     "loss_cny": 120000.5, "responsible": False, "note": "碰撞"},
    {"kind": "hidden_danger", "date": days_ago(90), "severity": "major", "deadline": days_ago(30),
     "rectified_on": days_ago(31)},
    {"kind": "penalty", "date": days_ago(200), "status": "repaired", "measure": "fine", "amount_cny": 20000.0,
     "category": "pollution"},
    {"kind": "standardisation", "date": days_ago(300), "level": 2},
    {"kind": "commendation", "date": days_ago(100), "status": "dismissed", "level": "city"},
    {"kind": "inspection", "date": days_ago(10), "onsite": True, "findings": 3},
    {"kind": "obstruction", "date": days_ago(5)},
    {"kind": "pledge_broken", "date": days_ago(6)},
]


@pytest.mark.parametrize("event", EVERY_KIND, ids=[e["kind"] for e in EVERY_KIND])
def test_an_event_is_written_back_in_the_facts_shape_it_was_read_from(ruleset, event):
    data = clean_facts_dict(ruleset)
    data["safety_events"] = [event]
    (parsed,) = parse_facts(data, ruleset).safety_events
    written = parsed.as_dict()
    assert written == event
    assert list(written)[:2] == ["kind", "date"]


def test_facts_written_back_parse_into_the_same_facts(ruleset):
    data = clean_facts_dict(ruleset)
    data["safety_events"] = EVERY_KIND
    parsed = parse_facts(data, ruleset)
    assert parse_facts(parsed.as_dict(), ruleset) == parsed
