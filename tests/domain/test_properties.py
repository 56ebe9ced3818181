"""Scoring invariants over any valid facts (hypothesis): bounds, monotonicity, recency, caps last, determinism."""
from __future__ import annotations

import copy
import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wharf_credit.domain import GRADE_CODES, load_rulebook, parse_facts, rate

from ..builders import AS_OF, FixedShift
from ..strategies import ADVERSE_KINDS, FAULT_KINDS, event, facts_dict

RULES = load_rulebook("rules")
RS = RULES.for_date(AS_OF)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rated(data):
    return rate(parse_facts(data, RS), RS)


@SETTINGS
@given(facts_dict(RS))
def test_scores_and_components_stay_within_0_and_100_and_the_grade_is_one_of_five(data):
    r = rated(data)
    assert 0 <= r.score <= 100
    assert all(0 <= v <= 100 for v in r.components.values())
    assert r.grade in GRADE_CODES and r.base_grade in GRADE_CODES


@SETTINGS
@given(facts_dict(RS))
def test_a_fired_veto_means_d_and_a_fired_cap_is_never_exceeded(data):
    r = rated(data)
    order = list(GRADE_CODES)
    if r.vetoes:
        assert r.grade == "D"
    for cap in r.caps:
        assert order.index(r.grade) >= order.index(cap.cap)
    assert order.index(r.grade) >= order.index(r.base_grade), "downgrades and caps only ever lower the grade"


@SETTINGS
@given(facts_dict(RS), st.data())
def test_worsening_any_indicator_never_improves_the_score_or_the_grade(data, draw):
    ind = draw.draw(st.sampled_from(RS.by_type[data["wharf"]["type"]]))
    worse = copy.deepcopy(data)
    if ind.kind == "level":
        worse["indicators"][ind.id] = draw.draw(st.integers(0, data["indicators"].get(ind.id, 0)))
    elif ind.kind == "bool":
        worse["indicators"][ind.id] = False
    else:
        worse["indicators"].pop(ind.id, None)  # not assessed is the worst a number can be
    original, worsened = rated(data), rated(worse)
    assert worsened.score <= original.score
    assert GRADE_CODES.index(worsened.grade) >= GRADE_CODES.index(original.grade)


@SETTINGS
@given(facts_dict(RS, max_events=6), st.data())
def test_an_adverse_event_that_is_older_never_hurts_more_than_the_same_event_newer(data, draw):
    adverse = [i for i, e in enumerate(data["safety_events"]) if e["kind"] in ADVERSE_KINDS]
    if not adverse:
        return
    i = draw.draw(st.sampled_from(adverse))
    older = copy.deepcopy(data)
    ev = older["safety_events"][i]
    day = dt.date.fromisoformat(ev["date"]) - dt.timedelta(days=draw.draw(st.integers(1, 900)))
    ev["date"] = day.isoformat()  # deadline and rectification stay where they were, so "overdue" cannot change
    before, after = rated(data), rated(older)
    assert after.components["safety"] >= before.components["safety"]
    assert after.score >= before.score
    if ev["kind"] != "inspection":  # an inspection is evidence, not a fault: ageing out of 12 months may cap
        assert GRADE_CODES.index(after.grade) <= GRADE_CODES.index(before.grade)


@SETTINGS
@given(facts_dict(RS), event(kinds=FAULT_KINDS))
def test_adding_an_adverse_event_never_improves_the_score_or_the_grade(data, new_event):
    more = copy.deepcopy(data)
    more["safety_events"].append(new_event)
    before, after = rated(data), rated(more)
    assert after.components["safety"] <= before.components["safety"]
    assert after.score <= before.score
    assert GRADE_CODES.index(after.grade) >= GRADE_CODES.index(before.grade)


@SETTINGS
@given(facts_dict(RS))
def test_rating_is_deterministic_down_to_the_json(data):
    assert rated(data).to_dict("en") == rated(copy.deepcopy(data)).to_dict("en")



@SETTINGS
@given(facts_dict(RS), st.floats(-40, 40, allow_nan=False))
def test_a_calibrator_moves_the_score_at_most_its_bound_and_one_grade_and_never_lifts_a_cap(data, points):
    facts = parse_facts(data, RS)
    plain = rate(facts, RS)
    adjusted = rate(facts, RS, calibrator=FixedShift(points))
    bound = RS.policy.calibrator_max_points
    assert abs(adjusted.calibrator.points) <= bound + 1e-9
    assert abs(adjusted.score - plain.score) <= bound + 0.01
    assert abs(GRADE_CODES.index(adjusted.base_grade) - GRADE_CODES.index(plain.base_grade)) <= 1
    order = list(GRADE_CODES)
    for cap in adjusted.caps:
        assert order.index(adjusted.grade) >= order.index(cap.cap)
    if plain.vetoes:
        assert adjusted.grade == "D"


def test_without_a_calibrator_the_trace_says_so_and_the_rating_is_rules_only(ruleset):
    from ..builders import facts
    r = rate(facts(ruleset), ruleset)
    assert r.calibrator is None
    assert {"step": "calibrator", "id": None} in r.trace


def test_the_rule_set_hash_is_the_same_on_every_load():
    assert load_rulebook("rules").for_date(AS_OF).sha256 == RS.sha256


@SETTINGS
@given(facts_dict(RS))
def test_the_path_to_the_next_grade_is_the_fewest_levels_of_the_cheapest_indicators(data):
    """Each fix but the last takes its indicator to level 5 (the cheaper ones are used up first); the last takes
    just enough levels; together they reach the threshold exactly when the path says it is reachable."""
    r = rated(data)
    nxt = r.next_grade
    assume(nxt is not None and nxt.fixes)  # the best grade has no path; a capped one may need no points
    remaining = nxt.points_needed
    for i, fix in enumerate(nxt.fixes):
        levels = fix.to_level - fix.from_level
        assert fix.from_level < fix.to_level <= 5, f"fix {i} goes from {fix.from_level} to {fix.to_level}"
        per_level = fix.points / levels
        if i < len(nxt.fixes) - 1:
            assert fix.to_level == 5, f"fix {i} stops at {fix.to_level} before the last"
        elif fix.to_level < 5:
            # one level fewer would not have reached the threshold (gains are rounded to 0.01)
            assert (levels - 1) * per_level < remaining + 0.01 * levels
        remaining -= fix.points
    reached = remaining <= 0.01 * len(nxt.fixes)
    assert reached == nxt.reachable_by_fixes or len(nxt.fixes) == 5
