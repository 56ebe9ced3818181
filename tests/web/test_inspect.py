import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from wharf_credit.models import Assessment, AssessmentValue, AuditEntry, Company, RatingRow, SafetyEventRow, Wharf

from ..builders import value_for_level
from ..factories import login, make_company, make_user, make_wharf, page_text, uscc

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def count(session, model) -> int:
    session.expire_all()
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def inspector(client, session, role="inspector"):
    user = make_user(session, role)
    login(client, user)
    return user


def post(client, url, data, **kw):
    """POST with a fresh request context state (see factories.page_text)."""
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)
    return client.post(url, data=data, **kw)


def company_data(**kw):
    data = {"name": "新市港务有限公司", "uscc": uscc(), "permit_no": "浙德港经(2024)001号",
            "permit_valid_until": "2028-06-30", "safety_evaluation_valid_until": "2027-12-31",
            "dg_annex_valid_until": "", "filings_complete": "y", "contact_name": "王工", "contact_phone": "0572-1234567",
            "address": "德清县新市镇"}
    data.update(kw)
    return data


def full_values(ruleset, wharf_type, level=5):
    return {i.id: value_for_level(i, level) for i in ruleset.by_type[wharf_type]}


def form_data(ruleset, wharf_type, values, **kw):
    """The assessment form's fields for `values` (indicator id -> raw value)."""
    data = {"assessed_on": dt.date.today().isoformat(), "notes": "现场检查"}
    for ind in ruleset.by_type[wharf_type]:
        if ind.id in values:
            v = values[ind.id]
            data[f"v_{ind.id}"] = ("yes" if v else "no") if ind.kind == "bool" else str(v)
    data.update(kw)
    return data


@pytest.fixture
def today_rules(book):
    return book.for_date(dt.date.today())


# --- companies ----------------------------------------------------------------------------------------------------

def test_an_inspector_registers_a_company_and_sees_its_page(client, session):
    inspector(client, session)
    assert "统一社会信用代码" in page_text(client, "/companies/new")
    data = company_data()
    response = post(client, "/companies/new", data)
    assert response.status_code == 302
    company = session.execute(select(Company)).scalar_one()
    assert response.headers["Location"] == f"/companies/{company.id}"
    assert company.uscc == data["uscc"] and company.permit_valid_until == dt.date(2028, 6, 30)
    assert company.filings_complete is True and company.serious_dishonesty_list is False
    page = page_text(client, f"/companies/{company.id}")
    assert "新市港务有限公司" in page and data["uscc"] in page and "浙德港经(2024)001号" in page
    assert "company.created" in session.execute(select(AuditEntry.action)).scalars().all()


def test_a_bad_uscc_re_renders_with_a_message_and_stores_nothing(client, session):
    inspector(client, session)
    good = uscc()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    response = post(client, "/companies/new", company_data(uscc=wrong))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"校验位错误：最后一位应为 {good[17]}" in page
    assert "新市港务有限公司" in page  # entered values kept
    response = post(client, "/companies/new?lang=en", company_data(uscc="12345"))
    assert response.status_code == 400 and "Must be 18 characters, got 5." in response.get_data(as_text=True)
    assert count(session, Company) == 0


def test_a_duplicate_uscc_is_refused_at_the_field(client, session):
    existing = make_company(session)
    inspector(client, session)
    response = post(client, "/companies/new", company_data(uscc=existing.uscc))
    assert response.status_code == 400
    assert "该统一社会信用代码的企业已登记" in response.get_data(as_text=True)
    assert count(session, Company) == 1


def test_an_inspector_edits_a_company(client, session):
    company = make_company(session, name="旧名称港务")
    inspector(client, session)
    page = page_text(client, f"/companies/{company.id}/edit")
    assert "旧名称港务" in page and company.uscc in page
    response = post(client, f"/companies/{company.id}/edit",
                    company_data(name="新名称港务", uscc=company.uscc, serious_dishonesty_list="y"))
    assert response.status_code == 302
    session.expire_all()
    company = session.get(Company, company.id)
    assert company.name == "新名称港务" and company.serious_dishonesty_list is True
    assert "company.updated" in session.execute(select(AuditEntry.action)).scalars().all()


def test_saving_a_company_form_unchanged_says_so_and_writes_no_audit_entry(client, session):
    company = make_company(session, name="旧名称港务")
    inspector(client, session)
    data = company_data(name="新名称港务", uscc=company.uscc)
    assert post(client, f"/companies/{company.id}/edit", data).status_code == 302
    again = post(client, f"/companies/{company.id}/edit", data)
    assert again.status_code == 302
    assert "未作任何修改" in page_text(client, again.headers["Location"])
    actions = session.execute(select(AuditEntry.action)).scalars().all()
    assert actions.count("company.updated") == 1


def test_the_company_page_lists_its_wharves_and_the_lists_link_to_the_pages(client, session):
    company = make_company(session, name="列表港务")
    wharf = make_wharf(session, company, name="列表码头")
    inspector(client, session)
    page = page_text(client, f"/companies/{company.id}")
    assert f'href="/wharves/{wharf.id}"' in page and "列表码头" in page
    assert f'href="/wharves/new?company_id={company.id}"' in page
    companies = page_text(client, "/companies")
    assert f'href="/companies/{company.id}"' in companies and 'href="/companies/new"' in companies
    wharves = page_text(client, "/wharves")
    assert f'href="/wharves/{wharf.id}"' in wharves and 'href="/wharves/new"' in wharves


# --- wharves ------------------------------------------------------------------------------------------------------

def test_an_inspector_registers_and_edits_a_wharf(client, session):
    company = make_company(session)
    inspector(client, session)
    page = page_text(client, f"/wharves/new?company_id={company.id}")
    assert f'<option selected value="{company.id}">' in page
    data = {"company_id": str(company.id), "name": "新市一号码头", "code": "DQ-001", "type": "dangerous_goods",
            "waterway": "京杭运河", "berths": "3", "capacity_kt": "120.5", "year_built": "2012",
            "operating_since": "2012-06-01", "location": "新市镇"}
    response = post(client, "/wharves/new", data)
    assert response.status_code == 302
    wharf = session.execute(select(Wharf)).scalar_one()
    assert response.headers["Location"] == f"/wharves/{wharf.id}"
    assert (wharf.type, wharf.berths, wharf.capacity_kt, wharf.max_dwt) == ("dangerous_goods", 3, 120.5, None)
    page = page_text(client, f"/wharves/{wharf.id}")
    assert "新市一号码头" in page and "危险货物" in page and "尚未评价" in page
    assert f'href="/wharves/{wharf.id}/assessments/new"' in page and f'href="/wharves/{wharf.id}/events/new"' in page
    response = post(client, f"/wharves/{wharf.id}/edit", {**data, "name": "新市二号码头", "berths": "4"})
    assert response.status_code == 302
    session.expire_all()
    assert (session.get(Wharf, wharf.id).name, session.get(Wharf, wharf.id).berths) == ("新市二号码头", 4)


def test_a_duplicate_wharf_code_and_a_bad_number_re_render(client, session):
    existing = make_wharf(session, code="DQ-009")
    inspector(client, session)
    base = {"company_id": str(existing.company_id), "name": "重复码头", "type": "bulk"}
    response = post(client, "/wharves/new", {**base, "code": "DQ-009"})
    assert response.status_code == 400 and "该编号的码头已登记" in response.get_data(as_text=True)
    response = post(client, "/wharves/new", {**base, "code": "DQ-010", "year_built": "1800"})
    assert response.status_code == 400
    assert count(session, Wharf) == 1


# --- assessments --------------------------------------------------------------------------------------------------

def test_the_assessment_form_shows_exactly_the_indicators_of_the_wharf_type_by_category(client, session, today_rules):
    wharf = make_wharf(session, type="dangerous_goods")
    inspector(client, session)
    page = page_text(client, f"/wharves/{wharf.id}/assessments/new")
    shown = re.findall(r'<select id="v_([A-Z0-9-]+)"|<input [^>]*id="v_([A-Z0-9-]+)"', page)
    shown = [a or b for a, b in shown]
    expected = [i.id for i in today_rules.by_type["dangerous_goods"]]
    assert sorted(shown) == sorted(expected) and len(shown) == len(set(shown))
    assert "G-SHORE-01" not in page
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    used = [c for c in today_rules.categories if any(i.category == c.id for i in today_rules.by_type["dangerous_goods"])]
    assert legends == [c.name.zh_CN for c in used]
    number = next(i for i in today_rules.by_type["dangerous_goods"] if i.kind == "number")
    assert re.search(rf'id="v_{number.id}"[^>]*max="{number.value_max:g}"|max="{number.value_max:g}"[^>]*id="v_{number.id}"',
                     page.replace(".0\"", "\""))
    assert all(i.basis in page for i in today_rules.by_type["dangerous_goods"])
    page_en = page_text(client, f"/wharves/{wharf.id}/assessments/new?lang=en")
    assert used[0].name.en in page_en and "Not assessed" in page_en
    bulk = make_wharf(session, type="bulk")
    page = page_text(client, f"/wharves/{bulk.id}/assessments/new?lang=zh_CN")
    assert 'id="v_G-SHORE-01"' in page
    guided = next(i for i in today_rules.by_type["bulk"] if i.guide)
    assert guided.guide.zh_CN in page


def test_submitting_an_assessment_stores_it_rates_and_redirects_to_the_rating(client, session, today_rules):
    wharf = make_wharf(session, type="bulk")
    inspector(client, session)
    values = full_values(today_rules, "bulk")
    values.pop("G-MGT-04")  # left blank: not assessed
    data = form_data(today_rules, "bulk", values, **{"e_G-DUST-01": "喷淋设施运行正常"})
    response = post(client, f"/wharves/{wharf.id}/assessments/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assessment = session.execute(select(Assessment)).scalar_one()
    rating = session.execute(select(RatingRow)).scalar_one()
    assert response.headers["Location"] == f"/ratings/{rating.id}"
    assert rating.assessment_id == assessment.id and assessment.ruleset_version == today_rules.version
    stored = {v.indicator_id: v.value for v in assessment.values}
    assert stored == values and "G-MGT-04" not in stored
    assert next(v.evidence for v in assessment.values if v.indicator_id == "G-DUST-01") == "喷淋设施运行正常"
    assert assessment.notes == "现场检查"
    page = page_text(client, f"/wharves/{wharf.id}")
    assert f'href="/assessments/{assessment.id}"' in page and f'href="/ratings/{rating.id}"' in page
    view = page_text(client, f"/assessments/{assessment.id}")
    assert "喷淋设施运行正常" in view and "G-DUST-01" in view and f'href="/ratings/{rating.id}"' in view


def test_an_invalid_value_re_renders_with_the_message_and_stores_nothing(client, session, today_rules):
    wharf = make_wharf(session, type="bulk")
    inspector(client, session)
    values = full_values(today_rules, "bulk")
    values["G-DUST-05"] = 99  # mg/m3, allowed 0-10
    response = post(client, f"/wharves/{wharf.id}/assessments/new", form_data(today_rules, "bulk", values))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field = re.search(r'<div class="indicator field has-error" id="ind-G-DUST-05">(.*?)</details>', page, re.S)
    assert field and "请输入 0 至 10 之间的数值" in field.group(1)
    assert 'value="99' in field.group(1)  # entered value kept
    assert 'class="indicator field has-error"' not in page.replace(field.group(0), "")
    response = post(client, f"/wharves/{wharf.id}/assessments/new",
                    form_data(today_rules, "bulk", full_values(today_rules, "bulk"), **{"v_G-DUST-01": "7"}))
    assert response.status_code == 400
    assert re.search(r'class="indicator field has-error" id="ind-G-DUST-01"', response.get_data(as_text=True))
    assert count(session, Assessment) == 0 and count(session, AssessmentValue) == 0 and count(session, RatingRow) == 0


def test_an_impossible_date_and_an_out_of_range_value_are_both_reported_in_one_round(client, session, today_rules):
    wharf = make_wharf(session, type="bulk")
    inspector(client, session)
    values = full_values(today_rules, "bulk")
    values["G-DUST-05"] = 99  # allowed 0-10
    response = post(client, f"/wharves/{wharf.id}/assessments/new",
                    form_data(today_rules, "bulk", values, assessed_on="2026-02-30"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'class="indicator field has-error" id="ind-G-DUST-05"', page), "the range error, at once"
    assert "2026-02-30 不是日历上存在的日期" in page, "and the date error"
    assert count(session, Assessment) == 0


def test_a_future_assessment_date_is_refused(client, session, today_rules):
    wharf = make_wharf(session)
    inspector(client, session)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = post(client, f"/wharves/{wharf.id}/assessments/new",
                    form_data(today_rules, "bulk", full_values(today_rules, "bulk"), assessed_on=tomorrow))
    assert response.status_code == 400 and "日期不能晚于今天" in response.get_data(as_text=True)
    assert count(session, Assessment) == 0


def test_a_photo_is_stored_under_a_random_name_and_served_to_staff_only(app, client, session, today_rules):
    wharf = make_wharf(session)
    inspector(client, session)
    data = form_data(today_rules, "bulk", full_values(today_rules, "bulk"))
    data["p_G-DUST-01"] = (io.BytesIO(PNG), "../../etc/passwd.png")
    response = post(client, f"/wharves/{wharf.id}/assessments/new", data, content_type="multipart/form-data")
    assert response.status_code == 302
    value = session.execute(select(AssessmentValue).where(AssessmentValue.indicator_id == "G-DUST-01")).scalar_one()
    assert re.fullmatch(r"[0-9a-f]{32}\.png", value.photo)
    folder = app.config["UPLOAD_FOLDER"]
    with open(f"{folder}/{value.photo}", "rb") as f:
        assert f.read() == PNG
    assert f'href="/photos/{value.photo}"' in page_text(client, f"/assessments/{value.assessment_id}")
    response = client.get(f"/photos/{value.photo}")
    assert response.status_code == 200 and response.data == PNG and response.mimetype == "image/png"
    assert client.get("/photos/..%2Fwharf_credit.sqlite").status_code == 404
    assert client.get("/photos/passwd").status_code == 404
    owner = make_user(session, "company", company=wharf.company)
    client.post("/logout")
    login(client, owner)
    assert page_text(client, f"/photos/{value.photo}", 403)


@pytest.mark.parametrize("upload, message", [
    ((b"just some text, not a picture", "photo.png"), "只接受 JPEG 或 PNG 格式的照片"),
    ((PNG + b"\x00" * 2000, "big.png"), "照片超过"),
])
def test_a_photo_that_is_not_a_small_jpeg_or_png_is_refused(app, client, session, today_rules, upload, message):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    wharf = make_wharf(session)
    inspector(client, session)
    data = form_data(today_rules, "bulk", full_values(today_rules, "bulk"))
    data["p_G-DUST-01"] = (io.BytesIO(upload[0]), upload[1])
    response = post(client, f"/wharves/{wharf.id}/assessments/new", data, content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert count(session, Assessment) == 0
    import os

    assert not os.path.isdir(app.config["UPLOAD_FOLDER"]) or os.listdir(app.config["UPLOAD_FOLDER"]) == []


def test_a_jpeg_photo_is_accepted(app, client, session, today_rules):
    wharf = make_wharf(session)
    inspector(client, session)
    data = form_data(today_rules, "bulk", full_values(today_rules, "bulk"))
    data["p_G-WATER-01"] = (io.BytesIO(JPEG), "x.jpeg")
    response = post(client, f"/wharves/{wharf.id}/assessments/new", data, content_type="multipart/form-data")
    assert response.status_code == 302
    value = session.execute(select(AssessmentValue).where(AssessmentValue.indicator_id == "G-WATER-01")).scalar_one()
    assert value.photo.endswith(".jpg")


def test_a_correction_supersedes_the_assessment_it_corrects(client, session, today_rules):
    wharf = make_wharf(session)
    inspector(client, session)
    values = full_values(today_rules, "bulk")
    assert post(client, f"/wharves/{wharf.id}/assessments/new", form_data(today_rules, "bulk", values)).status_code == 302
    first = session.execute(select(Assessment)).scalar_one()
    page = page_text(client, f"/wharves/{wharf.id}/assessments/new?corrects={first.id}")
    assert f'value="{first.id}"' in page and "将显示为已被更正" in page
    assert re.search(r'<option selected value="5">', page)
    values["G-DUST-01"] = 2
    response = post(client, f"/wharves/{wharf.id}/assessments/new",
                    form_data(today_rules, "bulk", values, supersedes_id=str(first.id)))
    assert response.status_code == 302
    second = session.execute(select(Assessment).where(Assessment.id != first.id)).scalar_one()
    assert second.supersedes_id == first.id
    page = page_text(client, f"/wharves/{wharf.id}")
    assert page.count('class="superseded"') == 1 and "已被更正" in page
    assert "已被更正" in page_text(client, f"/assessments/{first.id}")
    other = make_wharf(session)
    assert page_text(client, f"/wharves/{other.id}/assessments/new?corrects={first.id}", 404)


# --- safety events ------------------------------------------------------------------------------------------------

def test_recording_an_event_stores_it_and_rates_the_wharf_again(client, session):
    wharf = make_wharf(session)
    inspector(client, session)
    assert "隐患等级" in page_text(client, f"/wharves/{wharf.id}/events/new")
    day = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    response = post(client, f"/wharves/{wharf.id}/events/new",
                    {"kind": "hidden_danger", "date": day, "danger_severity": "major",
                     "deadline": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
                     "accident_severity": "large", "deaths": "3", "note": "堆场消防通道堵塞"})
    assert response.status_code == 302 and response.headers["Location"] == f"/wharves/{wharf.id}"
    event = session.execute(select(SafetyEventRow)).scalar_one()
    assert event.kind == "hidden_danger" and event.date.isoformat() == day
    assert event.data["severity"] == "major" and "deaths" not in event.data  # other kinds' fields ignored
    assert event.note == "堆场消防通道堵塞"
    assert count(session, RatingRow) == 1
    page = page_text(client, f"/wharves/{wharf.id}")
    assert "已记录安全事件" in page and "隐患" in page and "堆场消防通道堵塞" in page and "重大" in page


def test_event_kinds_store_their_own_fields(client, session):
    wharf = make_wharf(session)
    inspector(client, session)
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    cases = [
        ({"kind": "accident", "accident_severity": "general", "deaths": "0", "injuries": "1", "responsible": "no"},
         {"severity": "general", "deaths": 0, "injuries": 1, "responsible": False}),
        ({"kind": "penalty", "measure": "fine", "amount_cny": "20000", "category": "pollution"},
         {"measure": "fine", "amount_cny": 20000, "category": "pollution"}),
        ({"kind": "inspection", "onsite": "y", "findings": "2"}, {"onsite": True, "findings": 2}),
        ({"kind": "standardisation", "std_level": "2"}, {"level": 2}),
        ({"kind": "commendation", "commendation_level": "city"}, {"level": "city"}),
    ]
    for data, stored in cases:
        response = post(client, f"/wharves/{wharf.id}/events/new", {**data, "date": day})
        assert response.status_code == 302, (data, response.get_data(as_text=True))
        row = session.execute(select(SafetyEventRow).order_by(SafetyEventRow.id.desc()).limit(1)).scalar_one()
        assert row.kind == data["kind"] and {k: row.data[k] for k in stored} == stored


def test_an_event_missing_its_class_or_in_the_future_is_refused_at_the_field(client, session):
    wharf = make_wharf(session)
    inspector(client, session)
    response = post(client, f"/wharves/{wharf.id}/events/new",
                    {"kind": "accident", "date": dt.date.today().isoformat()})
    assert response.status_code == 400
    field = re.search(r'<div class="field has-error">\s*<label for="accident_severity">.*?</div>',
                      response.get_data(as_text=True), re.S)
    assert field and "此类事件必须填写" in field.group(0)
    response = post(client, f"/wharves/{wharf.id}/events/new",
                    {"kind": "inspection", "date": (dt.date.today() + dt.timedelta(days=2)).isoformat()})
    assert response.status_code == 400 and "日期不能晚于今天" in response.get_data(as_text=True)
    assert count(session, SafetyEventRow) == 0 and count(session, RatingRow) == 0


# --- who may do what ----------------------------------------------------------------------------------------------

def routes(session):
    wharf = make_wharf(session)
    assessment = Assessment(wharf_id=wharf.id, assessed_on=dt.date.today(), ruleset_version="2026.1",
                            ruleset_sha256="0" * 64)
    session.add(assessment)
    session.commit()
    company = wharf.company_id
    reads = ["/companies", "/wharves", f"/companies/{company}", f"/wharves/{wharf.id}",
             f"/assessments/{assessment.id}", f"/photos/{'a' * 32}.png"]
    writes = ["/companies/new", f"/companies/{company}/edit", "/wharves/new", f"/wharves/{wharf.id}/edit",
              f"/wharves/{wharf.id}/assessments/new", f"/wharves/{wharf.id}/events/new"]
    return wharf, reads, writes


def test_anonymous_visitors_are_sent_to_sign_in_on_every_inspector_route(client, session):
    _, reads, writes = routes(session)
    for url in reads + writes:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    for url in writes:
        response = client.post(url, data={"name": "x"})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert count(session, Company) == 1


def test_a_company_user_gets_403_on_every_inspector_route(client, session):
    wharf, reads, writes = routes(session)
    login(client, make_user(session, "company", company=wharf.company))
    for url in reads + writes:
        assert page_text(client, url, 403), url
    for url in writes:
        assert post(client, url, company_data()).status_code == 403, url
    assert count(session, Company) == 1 and count(session, SafetyEventRow) == 0


def test_a_permit_officer_can_read_but_not_write(client, session):
    wharf, reads, writes = routes(session)
    login(client, make_user(session, "permit_officer"))
    for url in reads[:-1]:
        page = page_text(client, url)
        assert "/new" not in re.sub(r'href="/(?:companies|wharves)"', "", page) or url in ("/companies", "/wharves"), url
    assert 'href="/companies/new"' not in page_text(client, "/companies")
    assert f'href="/wharves/{wharf.id}/assessments/new"' not in page_text(client, f"/wharves/{wharf.id}")
    for url in writes:
        assert page_text(client, url, 403), url
        assert post(client, url, company_data()).status_code == 403, url
    assert count(session, Company) == 1 and count(session, SafetyEventRow) == 0


def test_an_admin_may_write(client, session):
    inspector(client, session, role="admin")
    assert post(client, "/companies/new", company_data()).status_code == 302


def test_an_assessment_with_nothing_assessed_is_refused_and_stores_nothing(client, session, today_rules):
    from wharf_credit.models import Assessment
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session)
    login(client, inspector)
    page = client.get(f"/wharves/{wharf.id}/assessments/new")
    token_free = {"assessed_on": dt.date.today().isoformat()}
    resp = client.post(f"/wharves/{wharf.id}/assessments/new", data=token_free)
    assert resp.status_code == 400 and page.status_code == 200
    assert "至少评价一项指标" in resp.get_data(as_text=True)
    assert session.query(Assessment).count() == 0


def test_an_assessment_dated_in_another_rule_set_s_window_is_refused_at_the_date(client, session, today_rules):
    from wharf_credit.models import Assessment
    from wharf_credit.rules import rule_store
    from wharf_credit.web.forms import value_field_name

    wharf = make_wharf(session)
    login(client, make_user(session, "inspector"))
    indicator = rule_store().book.for_date(dt.date.today()).by_type[wharf.type][0]
    older_rules_day = rule_store().book.version("2025.1").effective_from
    resp = client.post(f"/wharves/{wharf.id}/assessments/new",
                       data={"assessed_on": older_rules_day.isoformat(), value_field_name(indicator): "3"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "该日期适用另一版评价规则，请使用该版规则的评估表提交。" in page
    assert session.query(Assessment).count() == 0


def test_a_basis_kept_only_in_chinese_is_labelled_as_the_original_on_english_pages(client, session, today_rules):
    wharf = make_wharf(session, type="bulk")
    inspector(client, session)
    indicator = next(i for i in today_rules.by_type["bulk"] if i.basis and re.search(r"[\u4e00-\u9fff]", i.basis))
    page_en = page_text(client, f"/wharves/{wharf.id}/assessments/new?lang=en")
    assert (f'<span lang="zh-CN">{indicator.basis}</span> <small class="original-note">(original text in Chinese)'
            in page_en)
    page_zh = page_text(client, f"/wharves/{wharf.id}/assessments/new?lang=zh_CN")
    assert indicator.basis in page_zh and "original-note" not in page_zh
