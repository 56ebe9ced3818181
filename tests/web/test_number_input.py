"""Numbers typed into forms: infinity, "nan", numbers too large to store and integers beyond the database's range are
refused at the field with a message, nothing is written, and the audit chain stays verifiable (hardening item 1)."""
import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from wharf_credit.models import Assessment, PenaltyCase, SafetyEventRow, Wharf
from wharf_credit.services import audit

from ..builders import value_for_level
from ..factories import login, make_company, make_event, make_rating, make_user, make_wharf, page_text

NON_FINITE = ["inf", "-inf", "Infinity", "nan", "NaN", "1e400", "-1e999"]
TOO_BIG_INTEGERS = ["9223372036854775808", "2147483648", "1" + "0" * 40, "99999999999999999999999"]
DAY = (dt.date.today() - dt.timedelta(days=3)).isoformat()


def count(session, model) -> int:
    session.expire_all()
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def post(client, url, data):
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)
    return client.post(url, data=data)


def field_error(html: str, field: str) -> str:
    """The error text shown under `field` (empty when none)."""
    match = re.search(rf'<div class="field has-error">\s*<label for="{re.escape(field)}">.*?</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(0)) if match else ""


@pytest.fixture
def inspector(client, session):
    login(client, make_user(session, "inspector"))


def assert_chain_clean(session):
    assert audit.verify_chain(session).problems == []


@pytest.mark.parametrize("raw", NON_FINITE)
def test_a_wharf_with_a_non_finite_capacity_is_refused_at_the_field(client, session, inspector, raw):
    company = make_company(session)
    response = post(client, "/wharves/new", {"company_id": str(company.id), "name": "无穷码头", "code": "DQ-INF",
                                             "type": "bulk", "capacity_kt": raw})
    assert response.status_code == 400
    assert "不接受" in field_error(response.get_data(as_text=True), "capacity_kt")
    assert count(session, Wharf) == 0
    assert_chain_clean(session)


@pytest.mark.parametrize("field,raw", [("max_dwt", big) for big in TOO_BIG_INTEGERS] +
                         [("berths", "1001"), ("berths", "-1"), ("capacity_kt", "1e7"), ("year_built", "1e3")])
def test_a_wharf_with_a_number_out_of_range_is_refused_at_the_field(client, session, inspector, field, raw):
    company = make_company(session)
    response = post(client, "/wharves/new", {"company_id": str(company.id), "name": "大码头", "code": "DQ-BIG",
                                             "type": "bulk", field: raw})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field).strip()
    assert count(session, Wharf) == 0


def test_editing_a_wharf_to_infinity_leaves_it_and_the_audit_chain_untouched(client, session, inspector):
    wharf = make_wharf(session, capacity_kt=120.5)
    data = {"company_id": str(wharf.company_id), "name": wharf.name, "code": wharf.code, "type": wharf.type,
            "capacity_kt": "1e400"}
    assert post(client, f"/wharves/{wharf.id}/edit", data).status_code == 400
    session.expire_all()
    assert session.get(Wharf, wharf.id).capacity_kt == 120.5
    assert_chain_clean(session)


@pytest.mark.parametrize("kind,field,raw", [
    ("accident", "loss_cny", "inf"), ("accident", "loss_cny", "nan"), ("accident", "deaths", TOO_BIG_INTEGERS[0]),
    ("accident", "injuries", "10001"), ("penalty", "amount_cny", "1e400"), ("penalty", "amount_cny", "1e13"),
    ("inspection", "findings", TOO_BIG_INTEGERS[2]),
])
def test_an_event_with_a_non_finite_or_huge_number_is_refused(client, session, inspector, kind, field, raw):
    wharf = make_wharf(session)
    data = {"kind": kind, "date": DAY, "accident_severity": "general", "measure": "fine", "category": "safety",
            "onsite": "y", field: raw}
    response = post(client, f"/wharves/{wharf.id}/events/new", data)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field).strip()
    assert count(session, SafetyEventRow) == 0
    assert_chain_clean(session)


@pytest.mark.parametrize("raw", ["inf", "nan", "1e400"])
def test_an_assessment_with_a_non_finite_measured_value_is_refused(client, session, inspector, book, raw):
    ruleset = book.for_date(dt.date.today())
    wharf = make_wharf(session, type="bulk")
    data = {"assessed_on": dt.date.today().isoformat()}
    for ind in ruleset.by_type["bulk"]:
        value = value_for_level(ind, 5)
        data[f"v_{ind.id}"] = ("yes" if value else "no") if ind.kind == "bool" else str(value)
    measured = next(i for i in ruleset.by_type["bulk"] if i.kind == "number")
    data[f"v_{measured.id}"] = raw
    response = post(client, f"/wharves/{wharf.id}/assessments/new", data)
    assert response.status_code == 400
    block = re.search(rf'<div class="indicator field has-error" id="ind-{measured.id}">.*?</details>',
                      response.get_data(as_text=True), re.S)
    assert block and "不接受" in block.group(0)
    assert count(session, Assessment) == 0
    assert_chain_clean(session)


@pytest.mark.parametrize("raw", ["inf", "nan", "1e400", "1e13"])
def test_a_penalty_decision_with_a_non_finite_or_huge_fine_is_refused(client, session, book, raw):
    company = make_company(session)
    wharf = make_wharf(session, company, type="bulk", operating_since=dt.date(2010, 1, 1))
    make_event(session, wharf, "inspection", dt.date.today() - dt.timedelta(days=40), onsite=True, findings=0)
    make_rating(session, wharf, status="published", book=book, assess=True)
    login(client, make_user(session, "permit_officer"))
    response = post(client, "/penalties/new", {
        "wharf_id": str(wharf.id), "violation_id": "P-DUST-01", "circumstances": [], "occurred_on": DAY,
        "action": "decide", "final_measure": "fine", "final_amount_cny": raw})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "final_amount_cny").strip()
    assert count(session, PenaltyCase) == 0
    assert_chain_clean(session)


def test_full_width_digits_are_read_as_the_number_they_show(client, session, inspector):
    company = make_company(session)
    response = post(client, "/wharves/new", {"company_id": str(company.id), "name": "全角码头", "code": "DQ-FW",
                                             "type": "bulk", "berths": "３", "capacity_kt": "１２０.５"})
    assert response.status_code == 302
    wharf = session.execute(select(Wharf)).scalar_one()
    assert (wharf.berths, wharf.capacity_kt) == (3, 120.5)
    assert "１２０" not in page_text(client, f"/wharves/{wharf.id}")


@pytest.mark.parametrize("raw", ["2026-02-30", "2026-13-01", "31.12.2025", "tomorrow"])
def test_an_impossible_date_is_named_as_such_not_as_missing(client, session, inspector, raw):
    wharf = make_wharf(session)
    response = post(client, f"/wharves/{wharf.id}/events/new", {"kind": "inspection", "date": raw, "onsite": "y"})
    assert response.status_code == 400
    message = field_error(response.get_data(as_text=True), "date")
    assert "不是日历上存在的日期" in message and raw in message and "必填" not in message
    assert count(session, SafetyEventRow) == 0


def test_a_missing_date_is_still_required(client, session, inspector):
    wharf = make_wharf(session)
    response = post(client, f"/wharves/{wharf.id}/events/new", {"kind": "inspection", "date": "", "onsite": "y"})
    assert response.status_code == 400 and field_error(response.get_data(as_text=True), "date").strip()
