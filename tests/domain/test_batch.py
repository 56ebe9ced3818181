"""The vectorised path equals rate() exactly: scores, grades, components and fired rules, bit for bit."""
from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wharf_credit.domain import load_rulebook, parse_facts, rate
from wharf_credit.domain.rating.batch import BatchInput, rate_batch

from ..builders import AS_OF, clean_facts_dict
from ..strategies import facts_dict, random_facts

BOOK = load_rulebook("rules")
RS = BOOK.for_date(AS_OF)


def single(f, rs, as_of):
    r = rate(f, rs, as_of)
    return {"score": r.score, "grade": r.grade, "base_grade": r.base_grade, "components": r.components,
            "vetoes": [v.id for v in r.vetoes], "caps": [c.id for c in r.caps],
            "downgrades": [d.id for d in r.downgrades], "calibrator": None}


def assert_batch_equals_single(items, rs, as_of):
    result = rate_batch(BatchInput.from_facts(items, rs), rs, as_of)
    assert len(result) == len(items)
    for i, f in enumerate(items):
        assert result.row(i) == single(f, rs, as_of), f"row {i}: {f}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(facts_dict(RS), min_size=1, max_size=25))
def test_batch_equals_single_on_random_wharves(datas):
    assert_batch_equals_single([parse_facts(d, RS) for d in datas], RS, AS_OF)


def test_batch_equals_single_on_every_example_of_every_rule_set():
    for version in BOOK.versions():
        rs = BOOK.version(version)
        by_day: dict[dt.date, list] = {}
        for ex in rs.examples:
            by_day.setdefault(ex.as_of, []).append(parse_facts({**ex.facts, "as_of": ex.as_of.isoformat()}, rs))
        for day, items in by_day.items():
            assert_batch_equals_single(items, rs, day)


def test_batch_equals_single_on_three_hundred_seeded_wharves():
    rng = random.Random(2026)
    datas = [random_facts(rng, RS) for _ in range(300)]
    assert_batch_equals_single([parse_facts(d, RS) for d in datas], RS, AS_OF)


def test_batch_equals_single_on_another_day_under_the_older_rule_set():
    rs = BOOK.for_date(dt.date(2025, 6, 30))
    assert rs.version != RS.version
    rng = random.Random(7)
    day = dt.date(2025, 6, 30)
    assert_batch_equals_single([parse_facts(random_facts(rng, rs, day), rs) for _ in range(200)], rs, day)


def test_an_empty_batch_gives_an_empty_result():
    result = rate_batch(BatchInput.from_facts([], RS), RS, AS_OF)
    assert len(result) == 0 and result.grade_codes() == []


def test_rows_built_column_wise_equal_row_by_row():
    rng = random.Random(11)
    datas = [random_facts(rng, RS) for _ in range(300)]
    result = rate_batch(BatchInput.from_facts([parse_facts(d, RS) for d in datas], RS), RS, AS_OF)
    assert any(r["vetoes"] or r["caps"] or r["downgrades"] for r in result.rows())
    assert result.rows() == [result.row(i) for i in range(len(result))]


def test_grade_codes_are_the_grades_of_the_rows_in_order():
    rng = random.Random(7)
    items = [parse_facts(random_facts(rng, RS), RS) for _ in range(60)]
    result = rate_batch(BatchInput.from_facts(items, RS), RS, AS_OF)
    assert result.grade_codes() == [result.row(i)["grade"] for i in range(len(result))]
    assert len(set(result.grade_codes())) >= 3  # the sample spreads over grades


def test_a_batch_built_without_events_has_empty_event_columns_and_rates_like_one_with_none():
    data = clean_facts_dict(RS)
    data["safety_events"] = []
    full = BatchInput.from_facts([parse_facts(data, RS)], RS)
    bare = BatchInput(**{name: getattr(full, name) for name in (
        "wharf_type", "operating_since", "year_built", "permit_valid_until", "safety_evaluation_valid_until",
        "dg_annex_valid_until", "serious_dishonesty_list", "permit_fraud", "filings_complete", "indicators")})
    assert len(bare.events) == 0 and bare.events.cols.keys() == full.events.cols.keys()
    assert rate_batch(bare, RS, AS_OF).row(0) == rate_batch(full, RS, AS_OF).row(0)
