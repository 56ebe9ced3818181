"""What a grade does: permit routes, penalty discretion, inspection draws, objection windows, credit repair —
all read from the rule set's tables (measures.yaml), checked here with plain data and fixed dates."""
from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest

from wharf_credit.domain.rating.events import SafetyEvent
from wharf_credit.domain.supervision.draws import draw_inspections, parse_period
from wharf_credit.domain.supervision.penalties import discretion_advice
from wharf_credit.domain.supervision.permits import permit_advice
from wharf_credit.domain.supervision.publication import company_grade, objection_deadline, objection_open
from wharf_credit.domain.supervision.repair import repair_check

D = dt.date


@pytest.fixture
def proc(ruleset):
    return ruleset.procedures


def discretion(ruleset, grade, violation, *circumstances):
    code = ruleset.measures[grade].penalty_discretion.code
    return discretion_advice(ruleset.procedures, code, grade, violation, circumstances)


# -- permits ---------------------------------------------------------------------------------------------------------

def test_an_aa_company_gets_the_fast_track_and_a_d_company_is_suspended_for_a_scope_change(proc):
    assert permit_advice(proc, "change_scope", "AA").route_code == "fast_track"
    d = permit_advice(proc, "change_scope", "D")
    assert d.route_code == "suspended" and d.grade == "D" and d.application == proc.application("change_scope")
    assert "暂停" in d.route.text.zh_CN and d.route.basis.en


@pytest.mark.parametrize("application", ["new_operation", "renewal", "change_scope", "dangerous_goods",
                                         "facility_change"])
def test_routes_never_get_lighter_as_the_grade_worsens(proc, application):
    order = list(proc.routes)  # file order: lightest route first
    codes = [permit_advice(proc, application, g).route_code for g in ("AA", "A", "B", "C", "D")]
    assert [order.index(c) for c in codes] == sorted(order.index(c) for c in codes)


def test_an_unknown_application_type_is_a_key_error(proc):
    with pytest.raises(KeyError):
        permit_advice(proc, "fishing_licence", "AA")


# -- penalties -------------------------------------------------------------------------------------------------------

def test_a_minor_first_offence_corrected_promptly_is_not_penalised_for_a_good_grade(ruleset):
    advice = discretion(ruleset, "AA", "P-DUST-01", "first_offence", "minor_harm", "corrected_promptly")
    assert advice.exempt and advice.band.id == "exempt" and (advice.fine_low, advice.fine_high) == (0, 0)


def test_the_same_offence_by_a_d_company_gets_the_top_of_the_range(ruleset):
    advice = discretion(ruleset, "D", "P-DUST-01", "first_offence", "minor_harm", "corrected_promptly")
    assert not advice.exempt
    assert advice.band.id == "upper", "top, one band lighter for prompt correction"
    assert advice.fine_high == 100_000
    assert any("不适用首违不罚" in r.zh_CN for r in advice.reasons)


def test_a_violation_off_the_exemption_list_is_penalised_even_for_aa(ruleset):
    advice = discretion(ruleset, "AA", "P-SAFETY-01", "first_offence", "minor_harm", "corrected_promptly")
    assert not advice.exempt and advice.band.id == "lower"
    assert (advice.fine_low, advice.fine_high) == (20_000, 20_000 + 24_000)


def test_aggravating_circumstances_move_the_band_up_and_block_the_exemption(ruleset):
    advice = discretion(ruleset, "B", "P-WASTE-01", "first_offence", "minor_harm", "corrected_promptly",
                        "refused_rectification")
    assert not advice.exempt
    assert advice.band.id == "middle", "middle, -1 for correction, +1 for refusal"
    assert discretion(ruleset, "B", "P-WASTE-01", "repeated", "refused_rectification").band.id == "top"


def test_bands_are_clamped_to_the_penalty_bands(ruleset):
    assert discretion(ruleset, "AA", "P-OPER-01", "corrected_promptly").band.id == "lower"
    assert discretion(ruleset, "D", "P-OPER-01", "repeated").band.id == "top"


def test_suggested_fines_stay_inside_the_legal_range_for_every_grade_and_violation(ruleset):
    for v in ruleset.procedures.violations:
        for grade in ("AA", "A", "B", "C", "D"):
            a = discretion(ruleset, grade, v.id, "repeated")
            assert v.fine_min <= a.fine_low <= a.fine_high <= v.fine_max


def test_adjacent_bands_meet_at_the_same_yuan_for_every_violation(ruleset):
    """A band's fine range starts where the lighter band's ends (90,000 x 0.7 is 62,999.999… in floating point)."""
    proc = ruleset.procedures
    for v in proc.violations:
        span = v.fine_max - v.fine_min
        ranges = [(v.fine_min + round(span * b.low), v.fine_min + round(span * b.high)) for b in proc.bands[1:]]
        advised = {}
        for grade in ("AA", "A", "B", "C", "D"):
            for given in ((), ("corrected_promptly",), ("repeated",), ("repeated", "refused_rectification")):
                a = discretion(ruleset, grade, v.id, *given)
                if not a.exempt:
                    advised[a.band.id] = (a.fine_low, a.fine_high)
        assert set(advised.values()) <= set(ranges), v.id
        for (_, high), (low, _) in pairwise(ranges):
            assert high == low, v.id


def test_an_unknown_circumstance_is_refused(ruleset):
    with pytest.raises(KeyError):
        discretion(ruleset, "A", "P-DUST-01", "sunny_day")


def test_circumstances_that_exclude_each_other_are_refused_together_from_2026_2_on(ruleset):
    from ..conftest import RULES_DIR
    from wharf_credit.domain import load_ruleset
    from wharf_credit.domain.supervision.penalties import ContradictoryCircumstances

    newer = load_ruleset(RULES_DIR / "2026.2")
    for a, b in (("first_offence", "repeated"), ("refused_rectification", "corrected_promptly")):
        with pytest.raises(ContradictoryCircumstances) as info:
            discretion(newer, "A", "P-DUST-01", a, b)
        assert {info.value.first.id, info.value.second.id} == {a, b}
    assert discretion(newer, "A", "P-DUST-01", "repeated", "refused_rectification").fine_high > 0
    assert discretion(ruleset, "A", "P-DUST-01", "first_offence", "repeated"), "2026.1 is left as it was"


# -- draws -----------------------------------------------------------------------------------------------------------

def wharves(per_grade: int):
    out, i = [], 0
    for g in ("AA", "A", "B", "C", "D", None):
        for _ in range(per_grade):
            i += 1
            out.append((i, g))
    return out


def test_each_grade_is_drawn_at_its_rate_and_every_d_wharf_is_drawn(ruleset):
    rates = {g: m.inspection_rate for g, m in ruleset.measures.items()}
    result = draw_inspections(rates, wharves(100), "2026Q4", "seed-1", ruleset.procedures.unrated_grade)
    assert {g: len(ids) for g, ids in result.selected.items()} == {"AA": 1, "A": 6, "B": 10, "C": 50, "D": 100}
    assert result.population["A"] == 200, "unrated wharves are drawn with A"


def test_the_draw_is_reproducible_from_the_seed_and_changes_with_it(ruleset):
    rates = {g: m.inspection_rate for g, m in ruleset.measures.items()}
    pool = wharves(40)
    first = draw_inspections(rates, pool, "2026Q4", "abc", "A")
    assert first == draw_inspections(rates, list(reversed(pool)), "2026Q4", "abc", "A")
    assert first.selected != draw_inspections(rates, pool, "2026Q4", "abd", "A").selected
    assert first.selected != draw_inspections(rates, pool, "2027Q1", "abc", "A").selected


def test_a_quarter_is_parsed_and_nonsense_is_refused():
    assert parse_period("2026Q4") == (D(2026, 10, 1), D(2027, 1, 1))
    assert parse_period("2026Q1") == (D(2026, 1, 1), D(2026, 4, 1))
    for bad in ("2026Q5", "26Q1", "2026-Q4", ""):
        with pytest.raises(ValueError):
            parse_period(bad)


# -- objections ------------------------------------------------------------------------------------------------------

def test_the_objection_window_is_open_for_its_days_and_closes_after(proc):
    published = D(2026, 11, 2)
    assert objection_deadline(proc, published) == D(2026, 11, 16)
    assert objection_open(proc, published, D(2026, 11, 16))
    assert objection_open(proc, published, published)  # from the day of publication itself
    assert not objection_open(proc, published, D(2026, 11, 17))
    assert not objection_open(proc, published, D(2026, 11, 1))


# -- credit repair ---------------------------------------------------------------------------------------------------

def penalty(day, category="pollution", status="active"):
    return SafetyEvent(kind="penalty", date=day, measure="fine", amount_cny=20000, category=category, status=status)


def test_a_fulfilled_penalty_is_repairable_after_three_months_and_not_before(proc):
    ev = penalty(D(2026, 3, 10))
    early = repair_check(proc, ev, [], D(2026, 6, 9), fulfilled=True)
    assert not early.eligible and early.earliest == D(2026, 6, 10)
    assert repair_check(proc, ev, [], D(2026, 6, 10), fulfilled=True).eligible


def test_a_safety_penalty_needs_a_year_and_a_fulfilled_decision(proc):
    ev = penalty(D(2025, 11, 1), category="safety")
    assert not repair_check(proc, ev, [], D(2026, 10, 31), fulfilled=True).eligible
    unfulfilled = repair_check(proc, ev, [], D(2026, 11, 1), fulfilled=False)
    assert not unfulfilled.eligible and any("履行" in r.zh_CN for r in unfulfilled.reasons)
    assert repair_check(proc, ev, [], D(2026, 11, 1), fulfilled=True).eligible


def test_a_repeat_of_the_same_kind_blocks_repair(proc):
    ev = penalty(D(2025, 1, 10))
    again = penalty(D(2025, 9, 1))
    other_category = penalty(D(2025, 9, 1), category="safety")
    assert not repair_check(proc, ev, [again], D(2026, 1, 1), fulfilled=True).eligible
    assert repair_check(proc, ev, [other_category], D(2026, 1, 1), fulfilled=True).eligible


def test_a_hidden_danger_must_be_rectified_and_an_accident_cannot_be_repaired(proc):
    open_hd = SafetyEvent(kind="hidden_danger", date=D(2025, 1, 1), severity="general")
    assert not repair_check(proc, open_hd, [], D(2026, 1, 1), fulfilled=False).eligible
    fixed = SafetyEvent(kind="hidden_danger", date=D(2025, 1, 1), severity="general", rectified_on=D(2025, 2, 1))
    assert repair_check(proc, fixed, [], D(2026, 1, 1), fulfilled=False).eligible
    accident = SafetyEvent(kind="accident", date=D(2020, 1, 1), severity="general")
    check = repair_check(proc, accident, [], D(2026, 1, 1), fulfilled=True)
    assert not check.eligible and check.rule is None


def test_a_repaired_event_cannot_be_repaired_twice(proc):
    assert not repair_check(proc, penalty(D(2024, 1, 1), status="repaired"), [], D(2026, 1, 1), True).eligible


def test_a_company_takes_the_grade_of_its_worst_wharf():
    assert company_grade(["AA", "B", "A"]) == "B"
    assert company_grade([]) is None
