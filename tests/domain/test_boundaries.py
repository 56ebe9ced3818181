"""Boundary days of the rating domain, pinned: a rule set's first and last day in force (its window is
[effective_from, ends_on)), and a hidden danger's rectification deadline (not overdue on the deadline day itself,
overdue the day after), on the single and the batch path alike; and the bounds of a score: 0 and 100, and a
calibrator's shift of at most one grade."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from wharf_credit.domain import NoRuleSetForDate, load_rulebook, rate
from wharf_credit.domain.rating.batch import BatchInput, rate_batch
from wharf_credit.domain.rating.engine import CalibratorAdjustment, calibrate
from wharf_credit.domain.rating.grading import total_score
from wharf_credit.domain.vocabulary import I18n

from ..builders import AS_OF, FixedShift, clean_facts_dict, days_ago, facts, value_for_level, with_events

BOOK = load_rulebook("rules")
DAY = dt.timedelta(days=1)
OVERDUE_VETO = "V-MAJOR-HAZARD-OVERDUE"


def test_each_rule_set_is_in_force_from_its_first_day_and_its_successor_from_the_day_after_its_last():
    versions = [BOOK.version(v) for v in BOOK.versions()]
    first = versions[0]
    with pytest.raises(NoRuleSetForDate):
        BOOK.for_date(first.effective_from - DAY)
    assert BOOK.for_date(first.effective_from).version == first.version
    for older, newer in zip(versions, versions[1:], strict=False):
        assert older.ends_on == newer.effective_from, (older.version, newer.version)  # the first day out of force
        assert BOOK.for_date(older.ends_on - DAY).version == older.version
        assert BOOK.for_date(newer.effective_from).version == newer.version
    assert BOOK.for_date(dt.date(2026, 12, 31)).version == "2026.1"
    assert BOOK.for_date(dt.date(2027, 1, 1)).version == "2026.2"


def hidden_danger(deadline: dt.date, rectified_on: dt.date | None = None) -> dict:
    event = {"kind": "hidden_danger", "severity": "major", "date": (deadline - dt.timedelta(days=60)).isoformat(),
             "deadline": deadline.isoformat()}
    if rectified_on is not None:
        event["rectified_on"] = rectified_on.isoformat()
    return event


def outcome(event: dict, as_of: dt.date) -> tuple[str, list[str], str, list[str]]:
    """(grade, vetoes) of the single path and of the batch path, for a clean bulk wharf with `event`, on `as_of`."""
    ruleset = BOOK.for_date(as_of)
    parsed = facts(ruleset, with_events(clean_facts_dict(ruleset, "bulk", as_of), event))
    single = rate(parsed, ruleset, as_of)
    batch = rate_batch(BatchInput.from_facts([parsed], ruleset), ruleset, as_of).row(0)
    return single.grade, [v.id for v in single.vetoes], batch["grade"], batch["vetoes"]


def test_an_unrectified_major_hidden_danger_is_not_overdue_on_its_deadline_and_is_the_day_after():
    deadline = AS_OF - dt.timedelta(days=10)
    grade, vetoes, batch_grade, batch_vetoes = outcome(hidden_danger(deadline), deadline)
    assert OVERDUE_VETO not in vetoes and OVERDUE_VETO not in batch_vetoes and grade == batch_grade != "D"
    grade, vetoes, batch_grade, batch_vetoes = outcome(hidden_danger(deadline), deadline + DAY)
    assert vetoes == batch_vetoes == [OVERDUE_VETO] and grade == batch_grade == "D"


def test_a_major_hidden_danger_rectified_on_its_deadline_is_never_overdue_and_a_day_late_always_is():
    deadline = AS_OF - dt.timedelta(days=10)
    on_time = outcome(hidden_danger(deadline, rectified_on=deadline), AS_OF)
    assert OVERDUE_VETO not in on_time[1] and OVERDUE_VETO not in on_time[3]
    late = outcome(hidden_danger(deadline, rectified_on=deadline + DAY), AS_OF)
    assert OVERDUE_VETO in late[1] and OVERDUE_VETO in late[3] and late[0] == late[2] == "D"


def test_a_vetoed_or_capped_grade_brings_the_measures_of_the_grade_given_not_of_the_score():
    ruleset = BOOK.for_date(AS_OF)
    vetoed = rate(facts(ruleset, with_events(clean_facts_dict(ruleset), hidden_danger(AS_OF - dt.timedelta(days=5)))),
                  ruleset, AS_OF)
    assert (vetoed.base_grade, vetoed.grade) == ("A", "D")  # the score alone gives A: the veto gives D
    assert vetoed.measures == ruleset.measures["D"] and vetoed.measures.permit_route.code == "restricted"
    young = clean_facts_dict(ruleset, "container")
    young["wharf"]["operating_since"] = (AS_OF - dt.timedelta(days=200)).isoformat()
    capped = rate(facts(ruleset, young), ruleset, AS_OF)
    assert (capped.base_grade, capped.grade) == ("AA", "A")
    assert capped.measures == ruleset.measures["A"] and capped.measures.inspection_rate == 0.03


def test_reasons_are_the_largest_losses_first_ties_by_id_cut_at_the_policy_s_count():
    ruleset = BOOK.for_date(AS_OF)
    data = clean_facts_dict(ruleset, "bulk")
    by_id = {i.id: i for i in ruleset.by_type["bulk"]}
    # at level 4: G-DUST-01 loses 0.62; G-WATER-01, G-WASTE-01, G-SHORE-01 and G-MGT-03 0.49 each (the rule set
    # lists them in that order, the reverse of their ids); G-DUST-02 0.37
    for ident in ("G-DUST-01", "G-WATER-01", "G-WASTE-01", "G-SHORE-01", "G-MGT-03", "G-DUST-02"):
        data["indicators"][ident] = value_for_level(by_id[ident], 4)
    rating = rate(facts(ruleset, data), ruleset, AS_OF)
    assert ruleset.policy.reasons == 4
    assert [(r.id, r.points_lost) for r in rating.reasons] == [
        ("G-DUST-01", 0.62), ("G-MGT-03", 0.49), ("G-SHORE-01", 0.49), ("G-WASTE-01", 0.49)]


def test_each_kind_of_reason_is_written_in_both_languages_with_the_points_lost():
    ruleset = BOOK.for_date(AS_OF)
    data = clean_facts_dict(ruleset, "bulk")
    by_id = {i.id: i for i in ruleset.by_type["bulk"]}
    data["indicators"]["G-DUST-01"] = value_for_level(by_id["G-DUST-01"], 4)
    data["company"]["filings_complete"] = False
    data = with_events(data, {"kind": "penalty", "date": days_ago(20), "measure": "warning", "category": "safety"})
    rating = rate(facts(ruleset, data), ruleset, AS_OF)
    texts = {r.kind: (r.points_lost, r.text.zh_CN, r.text.en) for r in rating.reasons}
    assert texts.keys() == {"indicator", "event", "basic"}
    lost, zh, en = texts["event"]
    assert (zh, en) == (f"{days_ago(20)} 警告，扣{lost:.2f}分", f"{days_ago(20)} Warning: {lost:.2f} points lost")
    lost, zh, en = texts["basic"]
    assert zh.endswith(f"，扣{lost:.2f}分") and en.endswith(f": {lost:.2f} points lost")
    lost, zh, en = texts["indicator"]
    assert f"{lost:.2f}" in zh and f"{lost:.2f}" in en


def test_a_wharf_with_nothing_right_scores_exactly_0_on_both_paths_and_the_total_is_clamped_to_0_100():
    """No indicator assessed (green 0), six fatal accidents and six overdue major hidden dangers (safety 0), a lapsed
    permit, safety evaluation and dangerous-goods annex and incomplete filings (basic 0): the total is 0, not below it
    and not a floor of 1."""
    ruleset = BOOK.for_date(AS_OF)
    data = clean_facts_dict(ruleset, "dangerous_goods")
    data["indicators"] = {}
    data["company"] = {"uscc": "91330521MA2B3C4D5E", "permit_valid_until": days_ago(10), "filings_complete": False,
                       "safety_evaluation_valid_until": days_ago(30), "dg_annex_valid_until": days_ago(5)}
    data["safety_events"] = (
        [{"kind": "accident", "severity": "major", "date": days_ago(30 + i), "deaths": 3, "injuries": 10,
          "loss_cny": 1e7} for i in range(6)]
        + [{"kind": "hidden_danger", "severity": "major", "date": days_ago(100 + i), "deadline": days_ago(50)}
           for i in range(6)])
    parsed = facts(ruleset, data)
    single = rate(parsed, ruleset, AS_OF)
    batch = rate_batch(BatchInput.from_facts([parsed], ruleset), ruleset, AS_OF).row(0)
    zero = {"green": 0.0, "safety": 0.0, "basic": 0.0}
    assert (single.score, single.components, single.grade) == (0.0, zero, "D")
    assert (batch["score"], batch["components"], batch["grade"]) == (0.0, zero, "D")
    assert total_score(ruleset, 0.0, 0.0, 0.0, -5.0) == 0.0
    assert total_score(ruleset, 0.0, 0.0, 0.0, 0.5) == 0.5
    assert total_score(ruleset, 100.0, 100.0, 100.0, 5.0) == 100.0
    assert total_score(ruleset, 100.0, 100.0, 100.0, -0.5) == 99.5



@pytest.mark.parametrize(("score", "rule_grade", "proposed", "expected"), [
    (88.0, "A", 3.0, 91.0),  # one grade up, inside the allowed grade: kept
    (78.0, "B", 3.0, 81.0),  # up into the next grade, exactly the allowed one: kept
    (75.0, "B", 20.0, 80.0),  # two grades up: stops at the bottom of the grade above (A)
    (75.0, "B", -20.0, 69.99),  # two grades down: stops at the top of the grade below (C)
    (85.0, "A", 30.0, 100.0),  # never above 100
    (10.0, "D", -30.0, 0.0),  # never below 0
])
def test_a_calibrators_shift_moves_a_score_at_most_one_grade_and_within_0_100(score, rule_grade, proposed, expected):
    ruleset = BOOK.for_date(AS_OF)
    generous = replace(ruleset, policy=replace(ruleset.policy, calibrator_max_points=30.0))
    adjustment, new = calibrate(FixedShift(proposed), generous, score, 80.0, 80.0, 80.0, rule_grade)
    assert (new, adjustment.points) == (expected, round(expected - score, 2))
    bounded, _ = calibrate(FixedShift(proposed), ruleset, score, 80.0, 80.0, 80.0, rule_grade)
    assert abs(bounded.points) <= ruleset.policy.calibrator_max_points == 3


def test_a_stored_adjustment_without_a_reason_reads_back_with_empty_sentences():
    stored = {"id": "cal-1", "probability": 0.2, "reference_probability": 0.25, "adjustment": -1.5}
    adjustment = CalibratorAdjustment.from_stored(stored)
    assert adjustment == CalibratorAdjustment("cal-1", 0.2, 0.25, -1.5, I18n("", ""))
    assert CalibratorAdjustment.from_stored({**stored, "reason": {"en": "lower"}}).reason == I18n("", "lower")
    assert CalibratorAdjustment.from_stored({**stored, "reason": {"zh_CN": "下调"}}).reason == I18n("下调", "")


def test_an_indicator_maps_a_raw_value_to_its_level_by_kind():
    ruleset = BOOK.for_date(AS_OF)
    by_kind = {}
    for ind in ruleset.indicators:
        by_kind.setdefault(ind.kind, ind)
    assert by_kind["level"].level_of(3) == 3 and by_kind["level"].level_of(0) == 0
    assert by_kind["bool"].level_of(True) == 5 and by_kind["bool"].level_of(False) == 0


def rule_id(ruleset, suffix: str) -> str:
    """A rule's id in whichever naming its rule set uses (DN-… before 2026.3, DOWN-… from it)."""
    return next(r.id for r in ruleset.rules if r.id.endswith(suffix))


def test_an_as_of_given_to_rate_wins_over_the_facts_own():
    """The permit lapses between the facts' as_of and the day the rating is made for."""
    ruleset = BOOK.for_date(AS_OF)
    data = clean_facts_dict(ruleset)
    data["as_of"] = (AS_OF - dt.timedelta(days=30)).isoformat()
    data["company"]["permit_valid_until"] = days_ago(10)
    parsed = facts(ruleset, data)
    lapsed = rule_id(ruleset, "PERMIT-LAPSED")
    on_their_day = rate(parsed, ruleset)
    today = rate(parsed, ruleset, AS_OF)
    assert lapsed not in [d.id for d in on_their_day.downgrades]
    assert lapsed in [d.id for d in today.downgrades]
    assert today.as_of == AS_OF and on_their_day.as_of == AS_OF - dt.timedelta(days=30)


def test_a_capped_wharf_whose_score_already_reaches_the_next_grade_is_offered_blockers_not_fixes():
    ruleset = BOOK.for_date(AS_OF)
    data = with_events(clean_facts_dict(ruleset), {"kind": "pledge_broken", "date": days_ago(40)})
    data["indicators"]["G-DUST-01"] = 0  # a gap a fix could close, were points what the wharf lacked
    rating = rate(facts(ruleset, data), ruleset, AS_OF)
    assert rating.grade == "C" and rating.score >= ruleset.grades[ruleset.grade_index["B"]].min_score
    nxt = rating.next_grade
    assert (nxt.grade, nxt.points_needed, nxt.fixes) == ("B", 0.0, ())
    assert [b.id for b in nxt.blockers] == [rule_id(ruleset, "PLEDGE-BROKEN")] and nxt.reachable_by_fixes


def test_two_alike_events_on_one_day_are_two_reasons_of_equal_weight():
    ruleset = BOOK.for_date(AS_OF)
    warning = {"kind": "penalty", "date": days_ago(20), "measure": "warning", "category": "safety"}
    rating = rate(facts(ruleset, with_events(clean_facts_dict(ruleset), warning, dict(warning))), ruleset, AS_OF)
    events = [r for r in rating.reasons if r.kind == "event"]
    assert [r.id for r in events] == [f"penalty@{days_ago(20)}"] * 2
    assert events[0].points_lost == events[1].points_lost > 0
