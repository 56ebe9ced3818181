"""The permit desk: company look-up and standing, permit checks and decisions, penalty cases with the suggested
discretion, and the CSV/XLSX exports of both lists."""
import csv
import datetime as dt
import re
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from wharf_credit.models import PenaltyCase, PermitDecision, SafetyEventRow

from ..factories import PASSWORD, login, make_company, make_event, make_rating, make_user, make_wharf, page_text

TODAY = dt.date.today()
EXEMPTION = ["first_offence", "minor_harm", "corrected_promptly"]


def count(session, model) -> int:
    session.expire_all()
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def post(client, url, data, **kw):
    """POST with a fresh request context state (see factories.page_text)."""
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)
    return client.post(url, data=data, **kw)


def get(client, url, **kw):
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)
    return client.get(url, **kw)


def rated(session, book, dishonest=False, status="published", name=None, as_of=TODAY):
    """A company with one bulk wharf rated AA (or D: on the serious-dishonesty list)."""
    company = make_company(session, serious_dishonesty_list=dishonest, **({"name": name} if name else {}))
    wharf = make_wharf(session, company, type="bulk", operating_since=dt.date(2010, 1, 1))
    make_event(session, wharf, "inspection", as_of - dt.timedelta(days=40), onsite=True, findings=0)
    row = make_rating(session, wharf, as_of=as_of, status=status, book=book, assess=True)
    return company, wharf, row


@pytest.fixture
def officer(client, session):
    user = make_user(session, "permit_officer")
    login(client, user)
    return user


@pytest.fixture
def pair(session, book):
    good = rated(session, book, name="优良港务有限公司")
    bad = rated(session, book, dishonest=True, name="失信港务有限公司")
    assert (good[2].grade, bad[2].grade) == ("AA", "D")
    return good, bad


# --- look-up and standing -----------------------------------------------------------------------------------------

def test_the_look_up_finds_companies_by_name_and_code_with_their_grade(client, session, officer, pair):
    (good, _, _), (bad, _, _) = pair
    page = page_text(client, "/permits/?q=优良")
    assert good.name in page and bad.name not in page and "grade-aa" in page
    page = page_text(client, f"/permits/?q={bad.uscc}")
    assert bad.name in page and good.name not in page and "grade-d" in page
    assert "未找到" in page_text(client, "/permits/?q=nothing-like-this")


def test_every_match_of_a_broad_look_up_can_be_paged_to(client, session, officer):
    for i in range(55):
        make_company(session, name=f"德清翻页港务{i:02d}有限公司")
    session.commit()
    first = page_text(client, "/permits/?q=翻页")
    assert "德清翻页港务00有限公司" in first and "共 55 条" in first
    last = page_text(client, "/permits/?q=翻页&page=3")
    assert "德清翻页港务54有限公司" in last and "德清翻页港务00有限公司" not in last


def test_the_standing_of_an_aa_and_a_d_company_shows_different_routes(client, session, officer, pair, book):
    (good, _, good_row), (bad, _, bad_row) = pair
    measures = book.for_date(TODAY).measures
    aa = page_text(client, f"/permits/companies/{good.id}")
    d = page_text(client, f"/permits/companies/{bad.id}")
    assert measures["AA"].permit_route.text.zh_CN in aa and measures["AA"].permit_route.basis.zh_CN in aa
    assert measures["D"].permit_route.text.zh_CN in d and measures["D"].permit_route.text.zh_CN not in aa
    assert measures["D"].penalty_discretion.text.zh_CN in d and measures["D"].incentives.zh_CN in d
    assert f"/ratings/{good_row.id}" in aa and f"/ratings/{bad_row.id}" in d
    assert "fast_track" in aa and "route-suspended" in d  # the change-of-scope route per application type
    assert "warning-box" not in aa
    english = page_text(client, f"/permits/companies/{bad.id}?lang=en")
    assert measures["D"].permit_route.text.en in english and "Vetoes and caps in force" in english


def test_warnings_are_shown_as_sentences(client, session, officer, book):
    company, wharf, _ = rated(session, book, as_of=TODAY - dt.timedelta(days=800))
    make_rating(session, wharf, as_of=TODAY, status="provisional", book=book)
    make_wharf(session, company)
    page = page_text(client, f"/permits/companies/{company.id}?lang=en")
    assert "still provisional" in page and "older than" in page and "no published rating" in page
    never = make_company(session)
    page = page_text(client, f"/permits/companies/{never.id}?lang=en")
    assert "never had a rating published" in page and "treated as grade A" in page
    assert page.count('class="warning-box') == 1


# --- permit check and decision ------------------------------------------------------------------------------------

def test_a_check_shows_the_route_and_the_decision_is_stored_with_grade_and_rule_set(client, session, officer, pair,
                                                                                     book):
    (good, _, row), (bad, _, _) = pair
    routes = book.for_date(TODAY).procedures.routes
    page = page_text(client, f"/permits/companies/{bad.id}/check?application_type=change_scope")
    assert routes["suspended"].text.zh_CN in page and routes["suspended"].basis.zh_CN in page
    response = post(client, f"/permits/companies/{good.id}/check",
                    {"application_type": "renewal", "reference": "DQ-2026-117", "action": "check"})
    assert response.status_code == 200
    assert routes["fast_track"].text.zh_CN in response.get_data(as_text=True)
    assert count(session, PermitDecision) == 0
    response = post(client, f"/permits/companies/{good.id}/check",
                    {"application_type": "renewal", "reference": "DQ-2026-117", "decision": "approved",
                     "notes": "材料齐全", "action": "decide"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/permits/decisions?company={good.id}"
    decision = session.execute(select(PermitDecision)).scalar_one()
    assert (decision.grade, decision.route_code, decision.rating_id, decision.decision, decision.reference) == \
        ("AA", "fast_track", row.id, "approved", "DQ-2026-117")
    assert decision.ruleset_version == book.for_date(TODAY).version and len(decision.ruleset_sha256) == 64
    assert decision.officer_id == officer.id
    page = page_text(client, f"/permits/decisions?company={good.id}")
    assert "已记录对" in page and "DQ-2026-117" in page and "准予许可" in page


def test_a_bad_decision_re_renders_with_field_messages_and_stores_nothing(client, session, officer, pair):
    (good, _, _), _ = pair
    response = post(client, f"/permits/companies/{good.id}/check",
                    {"application_type": "renewal", "decision": "maybe", "action": "decide"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "has-error" in page and 'selected value="renewal"' in page
    response = post(client, f"/permits/companies/{good.id}/check",
                    {"application_type": "fishing", "decision": "approved", "action": "decide"})
    assert response.status_code == 400
    assert count(session, PermitDecision) == 0


def test_too_long_notes_are_refused_with_a_message_and_kept_never_cut(client, session, officer, pair):
    (good, _, _), _ = pair
    page = page_text(client, f"/permits/companies/{good.id}/check?application_type=renewal")
    area = re.search(r"<textarea[^>]*>", page).group(0)
    assert 'data-maxlength="4000"' in area and " maxlength=" not in area, "the browser must not cut a paste"
    notes = "材" * 4001
    response = post(client, f"/permits/companies/{good.id}/check",
                    {"application_type": "renewal", "reference": "DQ-1", "decision": "approved",
                     "notes": notes, "action": "decide"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert notes in page, "what was typed is kept"
    assert re.search(r'<div class="field has-error">\s*<label for="notes".*?4000', page, re.S), page[-3000:]
    assert count(session, PermitDecision) == 0


# --- penalties ----------------------------------------------------------------------------------------------------

def suggest_data(wharf, violation="P-DUST-01", circumstances=EXEMPTION, **kw):
    data = {"wharf_id": str(wharf.id), "violation_id": violation, "circumstances": list(circumstances),
            "occurred_on": (TODAY - dt.timedelta(days=3)).isoformat(), "action": "suggest"}
    data.update(kw)
    return data


def test_the_suggestion_exempts_an_aa_first_offence_and_not_a_d_one(client, session, officer, pair):
    (_, good_wharf, _), (_, bad_wharf, _) = pair
    assert "<select" in page_text(client, "/penalties/new")  # no wharf given: choose one
    assert f'selected value="{good_wharf.id}"' in page_text(client, f"/penalties/new?wharf={good_wharf.id}")
    lenient = post(client, "/penalties/new", suggest_data(good_wharf))
    assert lenient.status_code == 200
    text = lenient.get_data(as_text=True)
    assert "首违不罚" in text and "适用：不予处罚（首违不罚）" in text
    heavy = post(client, "/penalties/new", suggest_data(bad_wharf)).get_data(as_text=True)
    assert "首违不罚" in heavy  # the reason says why it does not apply...
    assert "不适用首违不罚" in heavy and "不予处罚（首违不罚）" not in heavy
    assert count(session, PenaltyCase) == 0


def test_circumstances_that_exclude_each_other_are_refused_at_their_field_and_nothing_is_stored(tmp_path,
                                                                                                 database_server):
    """Under a rule set whose circumstances exclude each other (2026.2, here brought forward to start today)."""
    import shutil
    from types import SimpleNamespace

    from wharf_credit.extensions import db as _db

    from ..conftest import RULES_DIR, database_app

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    header = rules / "2026.2" / "ruleset.yaml"
    header.write_text(header.read_text(encoding="utf-8").replace("effective_from: 2027-01-01",
                                                                 f"effective_from: {TODAY.isoformat()}"),
                      encoding="utf-8")
    with database_app(database_server or f"sqlite:///{tmp_path / 'excl.sqlite'}", RULES_DIR=str(rules),
                      UPLOAD_FOLDER=str(tmp_path / "up")) as app:
        with app.app_context():
            from wharf_credit.rules import rule_store

            assert rule_store().book.for_date(TODAY).version == "2026.2"
            company, wharf, _ = rated(_db.session, rule_store().book)
            officer = SimpleNamespace(username=make_user(_db.session, "permit_officer").username)
            wharf_id = wharf.id
        client = app.test_client()
        login(client, officer, PASSWORD)
        response = client.post("/penalties/new", data=suggest_data(SimpleWharf(wharf_id), "P-DUST-01",
                                                                   ["first_offence", "repeated"]))
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        field = re.search(r'<div class="field checkboxes has-error">(.*?)</div>', page, re.S)
        assert field and "以下情形不能同时适用：初次违法与多次违法" in field.group(1)
        with app.app_context():
            assert _db.session.query(PenaltyCase).count() == 0


class SimpleWharf:
    def __init__(self, ident: int):
        self.id = ident


def test_deciding_stores_a_case_and_a_penalty_event(client, session, officer, pair):
    (good, good_wharf, _), _ = pair
    response = post(client, "/penalties/new", suggest_data(good_wharf, "P-WASTE-01", ["repeated"], action="decide",
                                                           final_measure="fine", final_amount_cny="30000",
                                                           notes="现场查实"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/penalties/?company={good.id}"
    case = session.execute(select(PenaltyCase)).scalar_one()
    event = session.get(SafetyEventRow, case.event_id)
    assert (case.final_measure, case.final_amount_cny, case.grade, case.suggested_band) == ("fine", 30000, "AA",
                                                                                             "middle")
    assert (event.kind, event.wharf_id, event.data["measure"]) == ("penalty", good_wharf.id, "fine")
    page = page_text(client, f"/penalties/?company={good.id}")
    assert "安全评价行为" in page or "安全事件" in page
    assert "P-WASTE-01" in page and "罚款" in page


def test_a_fine_outside_the_range_re_renders_and_stores_nothing(client, session, officer, pair):
    (_, wharf, _), _ = pair
    response = post(client, "/penalties/new", suggest_data(wharf, "P-DUST-01", [], action="decide",
                                                           final_measure="fine", final_amount_cny="5"))
    assert response.status_code == 400
    assert "10,000" in response.get_data(as_text=True)
    response = post(client, "/penalties/new", suggest_data(wharf, "", action="decide", final_measure="fine"))
    assert response.status_code == 400
    assert count(session, PenaltyCase) == 0 and count(session, SafetyEventRow) == 2  # the inspections only


# --- exports ------------------------------------------------------------------------------------------------------

def test_exports_hold_the_filtered_rows_with_headers_in_the_ui_language(client, session, officer, pair, book):
    from wharf_credit.services.permits import record_permit_decision

    (good, _, _), (bad, _, _) = pair
    record_permit_decision(session, book, good.id, "renewal", "approved", officer, TODAY, reference="=HYPERLINK()")
    record_permit_decision(session, book, bad.id, "renewal", "rejected", officer, TODAY, reference="R-2")
    response = get(client, "/permits/decisions?decision=approved&format=csv&lang=zh_CN")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["决定日期", "企业", "统一社会信用代码"]
    assert len(rows) == 2 and rows[1][1] == good.name and rows[1][4] == "'=HYPERLINK()"
    response = get(client, "/permits/decisions?grade=D&format=xlsx&lang=en")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:2] == ("Decided on", "Company") and len(values) == 2 and values[1][1] == bad.name
    page = page_text(client, "/permits/decisions?grade=D")
    assert "format=xlsx" in page and "grade=D" in page


def test_the_penalty_export(client, session, officer, pair, book):
    from wharf_credit.services.penalties import record_penalty_case

    (good, good_wharf, _), (bad, bad_wharf, _) = pair
    record_penalty_case(session, book, good_wharf.id, "P-DUST-01", EXEMPTION, TODAY, "none", 0, officer, TODAY)
    record_penalty_case(session, book, bad_wharf.id, "P-DUST-01", [], TODAY, "warning", 0, officer, TODAY)
    response = get(client, "/penalties/?measure=warning&format=xlsx&lang=zh_CN")
    values = list(load_workbook(io.BytesIO(response.data)).active.values)
    assert values[0][:3] == ("决定日期", "企业", "码头") and len(values) == 2 and values[1][1] == bad.name
    response = get(client, f"/penalties/?company={good.id}&format=csv&lang=en")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Decided on" and len(rows) == 2 and rows[1][1] == good.name


def test_a_company_user_gets_403_and_an_inspector_reads_but_does_not_decide(client, session, pair):
    (good, wharf, _), _ = pair
    login(client, make_user(session, "company", company=good))
    for url in ("/permits/", f"/permits/companies/{good.id}", f"/permits/companies/{good.id}/check",
                "/permits/decisions", "/penalties/", f"/penalties/new?wharf={wharf.id}", "/permits/decisions?format=csv"):
        assert get(client, url).status_code == 403, url
    other = client.application.test_client()
    post(other, "/login", {"username": make_user(session, "inspector").username, "password": PASSWORD})
    assert get(other, f"/permits/companies/{good.id}").status_code == 200
    assert get(other, f"/permits/companies/{good.id}/check").status_code == 403
    assert post(other, "/penalties/new", suggest_data(wharf)).status_code == 403
