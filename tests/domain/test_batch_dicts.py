"""The fast path from facts dicts either declines or gives exactly the columns of parse_facts + from_facts."""
from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wharf_credit.domain import FactsError, load_rulebook, parse_facts
from wharf_credit.domain.rating.batch import BatchInput, rate_batch
from wharf_credit.domain.rating.batch_dicts import from_fact_dicts

from ..builders import AS_OF
from ..strategies import facts_dict, random_facts

BOOK = load_rulebook("rules")
RS = BOOK.for_date(AS_OF)
ODD_VALUES = (None, "x", "", -1, 0, 1, 1.5, 7, True, False, [], {}, float("nan"), float("inf"), 10**9, "major",
              "fine", "county", 2)
DATE_KEYS = ("as_of", "date", "operating_since", "permit_valid_until", "safety_evaluation_valid_until",
             "dg_annex_valid_until", "deadline", "rectified_on")
# Values at the edges of what each kind of field accepts
ODD_DATES = ((AS_OF + dt.timedelta(days=1)).isoformat(), "2030-01-01", "2026-13-01", "2026-1-1", "20261124", "2000-01-01",
             "1990-06-30", AS_OF.isoformat(), None, 20261124)
ODD_INDICATOR_VALUES = (-1, 6, 5.0, 0.5, -0.01, 1e9, float("nan"), True, "3", None, 100, 100.01)


def assert_same_columns(fast: BatchInput, slow: BatchInput) -> None:
    for name in ("wharf_type", "operating_since", "year_built", "permit_valid_until",
                 "safety_evaluation_valid_until", "dg_annex_valid_until", "serious_dishonesty_list", "permit_fraud",
                 "filings_complete"):
        a, b = getattr(fast, name), getattr(slow, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    assert fast.indicators.keys() == slow.indicators.keys()
    for wtype, (rows, matrix, ids) in slow.indicators.items():
        f_rows, f_matrix, f_ids = fast.indicators[wtype]
        assert f_ids == ids and np.array_equal(f_rows, rows), wtype
        assert np.array_equal(f_matrix, matrix, equal_nan=True), wtype
    fe, se = fast.events, slow.events
    for name in ("row", "kind", "day", "deadline", "rectified_on"):
        assert np.array_equal(getattr(fe, name), getattr(se, name)), name
    assert fe.cols.keys() == se.cols.keys()
    for name, col in se.cols.items():
        assert fe.cols[name].dtype == col.dtype and np.array_equal(fe.cols[name], col), name


def slow_columns(datas: list[dict[str, Any]], rs=RS) -> BatchInput | None:
    try:
        return BatchInput.from_facts([parse_facts(d, rs) for d in datas], rs)
    except FactsError:
        return None


def paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key/index path into a facts dict."""
    out = []
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for key, value in items:
        out.append((*prefix, key))
        out.extend(paths(value, (*prefix, key)))
    return out


@st.composite
def broken_facts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid facts dict with one thing changed: a value replaced by an odd one, a key dropped or an unknown key."""
    data = copy.deepcopy(draw(facts_dict(RS)))
    every = paths(data)
    focus = draw(st.sampled_from(("any", "dates", "indicators", "events")))  # so rare fields get their turn
    chosen = [p for p in every if focus == "any" or (focus == "dates" and p[-1] in DATE_KEYS)
              or p[0] in (focus, "safety_" + focus)]
    path = draw(st.sampled_from(chosen or every))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(("replace", "replace", "drop", "add")))
    if action == "replace":
        key = path[-1]
        pool = (ODD_DATES if key in DATE_KEYS else ODD_INDICATOR_VALUES if path[0] == "indicators"
                else ODD_VALUES)
        parent[key] = draw(st.sampled_from(pool))
    elif action == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent["unexpected"] = 1
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(facts_dict(RS), min_size=1, max_size=20))
def test_valid_facts_take_the_fast_path_and_give_the_same_columns(datas):
    fast = from_fact_dicts(datas, RS)
    assert fast is not None, "the fast path declined valid facts"
    assert_same_columns(fast, slow_columns(datas))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(broken_facts())
def test_broken_facts_are_declined_or_give_the_same_columns(data):
    fast = from_fact_dicts([data], RS)
    slow = slow_columns([data])
    if slow is None:
        assert fast is None, f"the fast path accepted facts parse_facts refuses: {data}"
    elif fast is not None:
        assert_same_columns(fast, slow)


@pytest.mark.parametrize("change", [
    lambda d: d["wharf"].update(type="ferry"),
    lambda d: d["wharf"].update(operating_since=(AS_OF + dt.timedelta(days=1)).isoformat()),
    lambda d: d["company"].update(uscc=None),
    lambda d: d["safety_events"].append({"kind": "standardisation", "date": "2026-01-05", "level": 1.0}),
    lambda d: d["safety_events"].append({"kind": "inspection", "date": "2026-01-05", "id": None}),
    lambda d: d["safety_events"].append({"kind": "inspection", "date": "2026-12-31"}),
    lambda d: d["safety_events"].append({"kind": "hidden_danger", "date": "2026-01-05", "severity": "major",
                                         "rectified_on": "2026-01-04"}),
    lambda d: d["indicators"].update({"NO-SUCH-ID": 3}),
    lambda d: d.update(as_of="24/11/2026"),
])
def test_facts_the_validating_path_refuses_are_declined(change):
    data = random_facts(random.Random(1), RS)
    data["company"] = {}
    change(data)
    assert slow_columns([data]) is None
    assert from_fact_dicts([data], RS) is None


def test_a_seeded_registry_rates_the_same_through_either_path():
    rng = random.Random(2026)
    datas = [random_facts(rng, RS) for _ in range(400)]
    fast = from_fact_dicts(datas, RS)
    assert fast is not None
    a, b = rate_batch(fast, RS, AS_OF), rate_batch(slow_columns(datas), RS, AS_OF)
    assert [a.row(i) for i in range(len(a))] == [b.row(i) for i in range(len(b))]


def test_an_empty_batch_has_empty_columns():
    fast = from_fact_dicts([], RS)
    assert fast is not None and len(fast) == 0
    assert_same_columns(fast, BatchInput.from_facts([], RS))


def _indicator(kind: str, bounded: bool = False):
    return next(i for i in RS.by_type["bulk"] if (i.kind == kind if kind != "number" else
                                                   i.kind not in ("level", "bool") and (i.value_min is not None
                                                                                       or not bounded)))


def _event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "date": "2026-06-01", **fields}


ACCIDENT = dict(severity="general", deaths=0, injuries=0, loss_cny=0, responsible=True)
EVERY_KEY = {"id": "E-1", "status": "active", "note": "checked"}
ONE_ODD_THING = {
    # events: required choices, defaults, types, and an event with every key its kind allows
    "accident without severity": _event("accident", deaths=0),
    "accident with an unknown severity": _event("accident", **{**ACCIDENT, "severity": "catastrophic"}),
    "accident with every key": _event("accident", **ACCIDENT, **EVERY_KEY),
    "hidden danger without severity": _event("hidden_danger"),
    "hidden danger with every key": _event("hidden_danger", severity="major", deadline="2026-07-01",
                                           rectified_on="2026-06-20", **EVERY_KEY),
    "penalty without measure, no amount": _event("penalty", amount_cny=0),
    "penalty without measure, half a yuan": _event("penalty", amount_cny=0.5),
    "penalty without measure, one yuan": _event("penalty", amount_cny=1),
    "penalty without measure or category": _event("penalty", amount_cny=20000),
    "penalty with an unknown measure": _event("penalty", measure="reprimand", amount_cny=0),
    "standardisation level 4": _event("standardisation", level=4),
    "standardisation level as text": _event("standardisation", level="1"),
    "standardisation level true": _event("standardisation", level=True),
    "commendation without level": _event("commendation"),
    "commendation at an unknown level": _event("commendation", level="township"),
    "note that is not text": _event("obstruction", note=5),
    "note that is null": _event("obstruction", note=None),
    "id that is not text": _event("obstruction", id=7),
}


@pytest.mark.parametrize("event", ONE_ODD_THING.values(), ids=ONE_ODD_THING.keys())
def test_one_odd_event_is_declined_exactly_when_parse_facts_refuses_it_and_read_alike_otherwise(event):
    data = random_facts(random.Random(3), RS)
    data["safety_events"] = [event]
    slow = slow_columns([data])
    fast = from_fact_dicts([data], RS)
    if slow is None:
        assert fast is None, "the fast path accepted an event parse_facts refuses"
    else:
        assert fast is not None, "the fast path declined an event parse_facts accepts"
        assert_same_columns(fast, slow)


@pytest.mark.parametrize("kind, value", [
    ("level", 5), ("level", 6), ("level", -1), ("level", 5.0), ("bool", True), ("bool", 1),
    ("number", float("nan")), ("number", float("inf")), ("number", "3"), ("number", True), ("number", 0),
])
def test_one_odd_indicator_value_is_declined_exactly_when_parse_facts_refuses_it(kind, value):
    data = random_facts(random.Random(4), RS)
    data["wharf"]["type"] = "bulk"
    ind = _indicator(kind, bounded=True)
    data["indicators"] = {ind.id: value}
    slow = slow_columns([data])
    fast = from_fact_dicts([data], RS)
    assert (fast is None) == (slow is None), f"{ind.id} = {value!r}: fast {fast is not None}, slow {slow is not None}"
    if slow is not None:
        assert_same_columns(fast, slow)
