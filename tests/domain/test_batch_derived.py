"""The batch's derived facts equal derive_base's, key for key, value for value and type for type — including facts no
shipped rule reads yet (a rule set may start reading them, and the trace shows them), on the days where a count or a
flag changes."""
from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wharf_credit.domain import load_rulebook, parse_facts
from wharf_credit.domain.calendar import months_before
from wharf_credit.domain.rating.batch import BatchInput, _derived
from wharf_credit.domain.rating.derived import derive_base

from ..builders import AS_OF, clean_facts_dict
from ..strategies import facts_dict

RS = load_rulebook("rules").for_date(AS_OF)
C12 = months_before(AS_OF, 12)
C36 = months_before(AS_OF, 36)


def day(d: dt.date, offset: int = 0) -> str:
    return (d + dt.timedelta(days=offset)).isoformat()


def as_python(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def assert_derived_equal(datas: list[dict[str, Any]], as_of: dt.date = AS_OF) -> None:
    items = [parse_facts(d, RS) for d in datas]
    columns = _derived(BatchInput.from_facts(items, RS), RS, as_of, len(items))
    for i, f in enumerate(items):
        single = derive_base(f, RS)
        batch = {key: as_python(col[i]) for key, col in columns.items()}
        assert batch.keys() == single.keys()
        for key, expected in single.items():
            assert batch[key] == expected, f"row {i}, {key}: batch {batch[key]!r}, single {expected!r}"
            assert type(batch[key]) is type(expected), f"row {i}, {key}: {type(batch[key])} vs {type(expected)}"


def wharf(**company: Any) -> dict[str, Any]:
    data = clean_facts_dict(RS)
    data["company"].update(company)
    data["safety_events"] = []
    return data


def with_events(*events: dict[str, Any], **wharf_changes: Any) -> dict[str, Any]:
    data = wharf()
    data["wharf"].update(wharf_changes)
    data["safety_events"] = list(events)
    return data


def accident(date: str, deaths: int = 0, responsible: bool = True, severity: str = "general") -> dict[str, Any]:
    return {"kind": "accident", "date": date, "severity": severity, "deaths": deaths, "injuries": 0, "loss_cny": 0,
            "responsible": responsible}


def penalty(date: str, measure: str = "fine", amount: float = 5000) -> dict[str, Any]:
    return {"kind": "penalty", "date": date, "measure": measure, "amount_cny": amount, "category": "safety"}


def test_company_dates_on_each_side_of_the_as_of_date_and_of_90_days_ahead():
    rows = [wharf(permit_valid_until=day(AS_OF, d), safety_evaluation_valid_until=day(AS_OF, d),
                  dg_annex_valid_until=day(AS_OF, d)) for d in (-1, 0, 1, 89, 90)]
    rows.append(wharf(permit_valid_until=None, safety_evaluation_valid_until=None, dg_annex_valid_until=None))
    assert_derived_equal(rows)
    flags = [derive_base(parse_facts(r, RS), RS) for r in rows]
    assert [f["company.permit_valid"] for f in flags] == [False, True, True, True, True, False]
    assert [f["company.permit_expiring_90d"] for f in flags] == [False, True, True, True, False, False]
    assert [f["company.safety_evaluation_overdue"] for f in flags] == [True, False, False, False, False, False]
    assert [f["company.dg_annex_expired"] for f in flags] == [True, False, False, False, False, False]


def test_the_wharfs_age_and_months_of_operation_at_their_edges():
    rows = []
    for year in (None, 1800, AS_OF.year - 1, AS_OF.year, AS_OF.year + 1):
        data = wharf()
        data["wharf"]["year_built"] = year
        rows.append(data)
    for since in (None, day(AS_OF), day(months_before(AS_OF, 1)), day(months_before(AS_OF, 1), 1),
                  "2025-11-24", "2025-11-25", "2024-01-31"):
        data = wharf()
        data["wharf"]["operating_since"] = since
        rows.append(data)
    assert_derived_equal(rows)
    ages = [derive_base(parse_facts(r, RS), RS)["wharf.age_years"] for r in rows[:5]]
    assert ages == [0, AS_OF.year - 1800, 1, 0, 0]


def test_events_on_the_first_and_last_day_of_the_12_and_36_month_windows():
    rows = []
    for d in (C12, C36):
        for offset in (-1, 0, 1):
            rows.append(with_events(accident(day(d, offset), deaths=1, severity="major"),
                                    accident(day(d, offset), deaths=2, severity="extraordinary"),
                                    accident(day(d, offset), responsible=False, severity="major"),
                                    penalty(day(d, offset)), penalty(day(d, offset), "warning", 0),
                                    penalty(day(d, offset), "suspension", 0),
                                    {"kind": "inspection", "date": day(d, offset), "onsite": True, "findings": 1},
                                    {"kind": "inspection", "date": day(d, offset), "onsite": False, "findings": 0},
                                    {"kind": "obstruction", "date": day(d, offset)},
                                    {"kind": "pledge_broken", "date": day(d, offset)}))
    assert_derived_equal(rows)
    counts = [derive_base(parse_facts(r, RS), RS) for r in rows]
    # C12 itself is outside the 12 months (the window is (C12, as_of]); C36 likewise for the 13–36 months
    assert [c["safety.responsible_accidents_12m"] for c in counts[:3]] == [0, 0, 2]
    assert [c["safety.fatal_accidents_12m"] for c in counts[:3]] == [0, 0, 2]
    assert [c["penalties.fines_12m"] for c in counts[:3]] == [0, 0, 1]
    assert [c["penalties.amount_12m"] for c in counts[:3]] == [0.0, 0.0, 5000.0]
    assert [c["inspections.onsite_12m"] for c in counts[:3]] == [0, 0, 1]
    assert counts[2]["penalties.count_12m"] == 2  # a fine and a suspension; a warning is below a fine


def test_hidden_dangers_open_overdue_and_major_on_their_deadline_day():
    def danger(deadline_offset: int | None, severity: str = "major", rectified: str | None = None) -> dict[str, Any]:
        ev: dict[str, Any] = {"kind": "hidden_danger", "date": day(AS_OF, -100), "severity": severity}
        if deadline_offset is not None:
            ev["deadline"] = day(AS_OF, deadline_offset)
        if rectified is not None:
            ev["rectified_on"] = rectified
        return ev

    rows = [with_events(danger(-1)), with_events(danger(0)), with_events(danger(-1, "general")),
            with_events(danger(None)), with_events(danger(-5, rectified=day(AS_OF, -5))),
            with_events(danger(-5, rectified=day(AS_OF, -4))),
            with_events({**danger(-1), "status": "repaired"})]
    assert_derived_equal(rows)
    counts = [derive_base(parse_facts(r, RS), RS) for r in rows]
    assert [c["hidden_danger.overdue"] for c in counts] == [1, 0, 1, 0, 0, 1, 0]
    assert [c["hidden_danger.major_overdue"] for c in counts] == [1, 0, 0, 0, 0, 1, 0]
    assert [c["hidden_danger.open"] for c in counts] == [1, 1, 1, 1, 0, 0, 0]


def test_fines_add_up_in_event_order_and_a_repaired_penalty_counts_nothing():
    rows = [with_events(penalty(day(AS_OF, -10), amount=0.1), penalty(day(AS_OF, -20), amount=0.2),
                        penalty(day(AS_OF, -30), amount=1234.5)),
            with_events({**penalty(day(AS_OF, -10), amount=9000), "status": "repaired"})]
    assert_derived_equal(rows)
    assert derive_base(parse_facts(rows[1], RS), RS)["penalties.amount_12m"] == 0.0


def test_a_batch_without_any_event_gives_counts_as_integers_and_the_amount_as_a_float():
    assert_derived_equal([wharf(), wharf(permit_valid_until=None)])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(facts_dict(RS), min_size=1, max_size=12))
def test_the_batch_derives_the_same_facts_as_derive_base_on_random_wharves(datas):
    assert_derived_equal(datas)
