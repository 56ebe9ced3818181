"""The reviewer's desk and the company's side of it: publication in a batch (with a confirmation step), objections
filed, upheld or corrected, credit repair refused too early and approved later, bad input re-rendered."""
from __future__ import annotations

import datetime as dt
import io
import os
import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from wharf_credit.models import Objection, RatingRow, RepairRequest, SafetyEventRow
from wharf_credit import clock

from ..factories import login, make_company, make_event, make_rating, make_user, make_wharf, page_text

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(client, url, data, **kw):
    """POST with a fresh request context state (see factories.page_text)."""
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)
    return client.post(url, data=data, **kw)


def sign_in(client, user):
    client.post("/logout")
    login(client, user)
    return user


def rated(session, company=None, status="provisional", as_of=TODAY, **kw):
    wharf = make_wharf(session, company or make_company(session))
    make_event(session, wharf, "inspection", as_of - dt.timedelta(days=30), onsite=True, findings=0)
    row = make_rating(session, wharf, as_of, status=status, assess=True, **kw)
    if status == "published":
        row.published_at = dt.datetime.now()
        row.objection_until = TODAY + dt.timedelta(days=14)
        session.commit()
    return wharf, row


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def reviewer(session):
    return make_user(session, "reviewer")


# --- publication --------------------------------------------------------------------------------------------------

def test_publishing_a_batch_asks_for_confirmation_first_and_reports_what_was_skipped(client, session, reviewer):
    wharf_a, older = rated(session, as_of=TODAY - dt.timedelta(days=60))
    newest = make_rating(session, wharf_a, TODAY, levels={"G-DUST-01": 1})
    _, other = rated(session)
    _, done = rated(session, status="final")
    sign_in(client, reviewer)
    page = page_text(client, "/review/ratings")
    assert f'value="{newest.id}"' in page and f'value="{other.id}"' in page
    assert f'value="{older.id}"' not in page and f'value="{done.id}"' not in page  # not the latest, not provisional
    assert "data-confirm" in page
    filtered = page_text(client, f"/review/ratings?grade={newest.grade}&type=bulk")
    assert f'value="{newest.id}"' in filtered

    ids = [newest.id, other.id, older.id]
    response = post(client, "/review/ratings/publish", {"rating_id": ids})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "确认发布" in page and 'name="confirm" value="yes"' in page
    assert session.execute(select(RatingRow.status).where(RatingRow.id.in_(ids))).scalars().all() == \
        ["provisional"] * 3, "nothing is published before the confirmation"

    response = post(client, "/review/ratings/publish", {"rating_id": ids, "confirm": "yes"})
    assert response.status_code == 302
    session.expire_all()
    assert (newest.status, other.status, older.status) == ("published", "published", "provisional")
    assert newest.objection_until == TODAY + dt.timedelta(days=14)
    page = page_text(client, "/review/ratings")
    assert "已发布 2 项评价结果" in page
    assert f"评价结果 {older.id} 未发布" in page and "该码头已有更新的评价结果" in page


def test_publishing_nothing_selected_says_so_and_a_non_reviewer_may_not(client, session, reviewer):
    sign_in(client, reviewer)
    assert post(client, "/review/ratings/publish", {}).status_code == 302
    assert "请至少选择一项要发布的评价结果" in page_text(client, "/review/ratings")
    sign_in(client, make_user(session, "inspector"))
    _, row = rated(session)
    assert post(client, "/review/ratings/publish", {"rating_id": row.id, "confirm": "yes"}).status_code == 403
    session.expire_all()
    assert row.status == "provisional"


def test_finalise_makes_expired_published_ratings_final(client, session, reviewer):
    _, expired = rated(session, status="published")
    expired.objection_until = TODAY - dt.timedelta(days=1)
    _, running = rated(session, status="published")
    session.commit()
    sign_in(client, reviewer)
    assert post(client, "/review/ratings/finalise", {}).status_code == 302
    session.expire_all()
    assert (expired.status, running.status) == ("final", "published")
    assert "1 项评价结果已转为正式结果" in page_text(client, "/review/ratings")


# --- objections ---------------------------------------------------------------------------------------------------

def test_company_a_files_an_objection_with_a_document_and_company_b_s_rating_is_not_found(app, client, session):
    company_a = make_company(session)
    _, mine = rated(session, company_a, status="published")
    _, theirs = rated(session, status="published")
    user = sign_in(client, make_user(session, "company", company=company_a))
    page = page_text(client, f"/ratings/{mine.id}")
    assert f'href="/portal/ratings/{mine.id}/objection"' in page and "异议期至" in page
    assert "提交异议" in page_text(client, f"/portal/ratings/{mine.id}/objection")
    response = post(client, f"/portal/ratings/{mine.id}/objection",
                    {"reason": "扬尘指标数据有误", "attachment": (io.BytesIO(PDF), "../证明.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/requests")
    objection = session.execute(select(Objection)).scalar_one()
    assert (objection.rating_id, objection.company_id, objection.filed_by) == (mine.id, company_a.id, user.id)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", objection.attachment)
    with open(os.path.join(app.config["UPLOAD_FOLDER"], objection.attachment), "rb") as f:
        assert f.read() == PDF
    assert client.get(f"/review/objections/{objection.id}/attachment").data == PDF  # its own document
    page = page_text(client, "/portal/requests")
    assert "扬尘指标数据有误" in page and "等待审核" in page
    page = page_text(client, f"/ratings/{mine.id}")
    assert "异议处理中" in page and f'href="/portal/ratings/{mine.id}/objection"' not in page

    assert page_text(client, f"/portal/ratings/{theirs.id}/objection", 404)
    response = post(client, f"/portal/ratings/{theirs.id}/objection", {"reason": "x"})
    assert response.status_code == 404 and count(session, Objection) == 1
    # A second objection while the first is open: refused, nothing stored.
    response = post(client, f"/portal/ratings/{mine.id}/objection", {"reason": "again"})
    assert response.status_code == 400 and "对该评价结果的异议正在处理中" in response.get_data(as_text=True)
    assert count(session, Objection) == 1


@pytest.mark.parametrize("data, message", [
    ({"reason": "  "}, "请填写异议理由"),
    ({"reason": "理由", "attachment": (io.BytesIO(b"just text"), "a.pdf")}, "仅接受 PDF、JPEG 或 PNG 文件"),
    ({"reason": "理由", "attachment": (io.BytesIO(PDF + b"\0" * 2000), "big.pdf")}, "文件超过"),
])
def test_a_bad_objection_is_shown_again_with_a_message_and_nothing_is_stored(app, client, session, data, message):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    company = make_company(session)
    _, mine = rated(session, company, status="published")
    sign_in(client, make_user(session, "company", company=company))
    response = post(client, f"/portal/ratings/{mine.id}/objection", data, content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert count(session, Objection) == 0
    folder = app.config["UPLOAD_FOLDER"]
    assert not os.path.isdir(folder) or os.listdir(folder) == []


def test_a_provisional_or_closed_rating_cannot_be_objected_to(client, session):
    company = make_company(session)
    _, draft = rated(session, company)
    _, closed = rated(session, company, status="published")
    closed.objection_until = TODAY - dt.timedelta(days=1)
    session.commit()
    sign_in(client, make_user(session, "company", company=company))
    assert "只能对公示中的评价结果提出异议" in page_text(client, f"/portal/ratings/{draft.id}/objection")
    response = post(client, f"/portal/ratings/{closed.id}/objection", {"reason": "晚了"})
    assert response.status_code == 400 and "异议期已结束" in response.get_data(as_text=True)
    assert count(session, Objection) == 0


def file_objection(client, session, company):
    _, rating = rated(session, company, status="published")
    sign_in(client, make_user(session, "company", company=company))
    assert post(client, f"/portal/ratings/{rating.id}/objection", {"reason": "数据有误"}).status_code == 302
    return rating, session.execute(select(Objection)).scalar_one()


def test_an_objection_upheld_shows_the_reviewer_s_reasons_to_the_company(client, session, reviewer):
    company = make_company(session)
    rating, objection = file_objection(client, session, company)
    owner = session.execute(select(Objection.filed_by)).scalar_one()
    sign_in(client, reviewer)
    page = page_text(client, "/review/objections?status=open")
    assert company.name in page and f'href="/review/objections/{objection.id}"' in page
    page = page_text(client, f"/review/objections/{objection.id}")
    assert "数据有误" in page and f'href="/ratings/{rating.id}"' in page
    assert f'href="/wharves/{rating.wharf_id}"' in page and "请先在码头档案中更正事实" in page
    # No reasons: shown again, still open.
    response = post(client, f"/review/objections/{objection.id}", {"outcome": "upheld", "reason": " "})
    assert response.status_code == 400 and "请填写决定理由" in response.get_data(as_text=True)
    response = post(client, f"/review/objections/{objection.id}", {"reason": "核查无误"})
    assert response.status_code == 400 and "请选择维持或予以更正" in response.get_data(as_text=True)
    session.expire_all()
    assert objection.status == "open"
    ratings_before = count(session, RatingRow)
    response = post(client, f"/review/objections/{objection.id}", {"outcome": "upheld", "reason": "现场复核，数据无误"})
    assert response.status_code == 302
    session.expire_all()
    assert (objection.status, objection.decision_reason) == ("upheld", "现场复核，数据无误")
    assert count(session, RatingRow) == ratings_before
    assert "维持原评价结果" in page_text(client, f"/review/objections/{objection.id}")
    response = post(client, f"/review/objections/{objection.id}", {"outcome": "corrected", "reason": "again"})
    assert response.status_code == 400 and "该申请已作出决定" in response.get_data(as_text=True)

    from wharf_credit.models import User

    sign_in(client, session.get(User, owner))
    page = page_text(client, "/portal/requests")
    assert "现场复核，数据无误" in page and "维持原结果" in page
    page = page_text(client, f"/ratings/{rating.id}")
    assert "现场复核，数据无误" in page and "异议处理中" not in page


def test_an_objection_corrected_rates_the_wharf_again_and_publishes_the_new_rating(client, session, reviewer):
    company = make_company(session)
    rating, objection = file_objection(client, session, company)
    owner = objection.filed_by
    sign_in(client, reviewer)
    response = post(client, f"/review/objections/{objection.id}", {"outcome": "corrected", "reason": "已更正评估数据"})
    assert response.status_code == 302
    session.expire_all()
    new = session.get(RatingRow, objection.corrected_rating_id)
    assert objection.status == "corrected" and new.id != rating.id and new.wharf_id == rating.wharf_id
    assert new.status == "published" and new.objection_until == TODAY + dt.timedelta(days=14)
    assert "码头已重新评价" in page_text(client, f"/review/objections/{objection.id}")

    from wharf_credit.models import User

    sign_in(client, session.get(User, owner))
    page = page_text(client, "/portal/requests")
    assert "已更正评估数据" in page and f'href="/ratings/{new.id}"' in page
    page = page_text(client, f"/ratings/{new.id}")
    assert "公示中" in page and "异议期至" in page


# --- credit repair ------------------------------------------------------------------------------------------------

def danger(session, company, days_ago=30):
    wharf, rating = rated(session, company, status="published")
    event = make_event(session, wharf, "hidden_danger", TODAY - dt.timedelta(days=days_ago), severity="general",
                       deadline=(TODAY - dt.timedelta(days=days_ago - 20)).isoformat(),
                       rectified_on=(TODAY - dt.timedelta(days=days_ago - 10)).isoformat())
    return wharf, event


def test_a_repair_asked_too_early_is_refused_with_the_reason_and_approved_later(client, session, reviewer,
                                                                                monkeypatch):
    company = make_company(session)
    wharf, event = danger(session, company)
    other_wharf, other_event = danger(session, make_company(session))
    owner = sign_in(client, make_user(session, "company", company=company))
    page = page_text(client, "/portal/events")
    assert f'id="event-{event.id}"' in page and f'id="event-{other_event.id}"' not in page
    assert "最短公示期3个月未满" in page and "起可申请" in page
    response = post(client, f"/portal/events/{event.id}/repair", {"reason": "隐患已整改"})
    assert response.status_code == 400 and "最短公示期3个月未满" in response.get_data(as_text=True)
    assert count(session, RepairRequest) == 0
    assert page_text(client, f"/portal/events/{other_event.id}/repair", 404)

    later = TODAY + dt.timedelta(days=100)
    clock.pin(later)
    assert f'href="/portal/events/{event.id}/repair"' in page_text(client, "/portal/events")
    response = post(client, f"/portal/events/{event.id}/repair", {"reason": " "})
    assert response.status_code == 400 and "请说明已采取的整改措施" in response.get_data(as_text=True)
    assert count(session, RepairRequest) == 0
    response = post(client, f"/portal/events/{event.id}/repair", {"reason": "隐患已整改并复查"})
    assert response.status_code == 302
    req = session.execute(select(RepairRequest)).scalar_one()
    assert "申请处理中" in page_text(client, "/portal/events")

    sign_in(client, reviewer)
    page = page_text(client, "/review/repairs")
    assert f'href="/review/repairs/{req.id}"' in page
    page = page_text(client, f"/review/repairs/{req.id}")
    assert "隐患已整改并复查" in page and "符合信用修复条件" in page
    response = post(client, f"/review/repairs/{req.id}", {"decision": "approve", "reason": ""})
    assert response.status_code == 400
    ratings_before = count(session, RatingRow)
    response = post(client, f"/review/repairs/{req.id}", {"decision": "approve", "reason": "整改到位，准予修复"})
    assert response.status_code == 302
    session.expire_all()
    assert req.status == "approved" and event.status == "repaired"
    assert count(session, RatingRow) == ratings_before + 1, "the wharf is rated again"

    sign_in(client, owner)
    page = page_text(client, "/portal/requests")
    assert "整改到位，准予修复" in page and "准予修复" in page
    latest = session.execute(select(RatingRow).where(RatingRow.wharf_id == wharf.id)
                             .order_by(RatingRow.id.desc())).scalars().first()
    assert str(escape("整改到位，准予修复")) in page_text(client, f"/ratings/{latest.id}")


def test_a_refused_repair_shows_the_reasons_to_the_company(client, session, reviewer):
    company = make_company(session)
    _, event = danger(session, company, days_ago=120)
    owner = sign_in(client, make_user(session, "company", company=company))
    assert post(client, f"/portal/events/{event.id}/repair", {"reason": "已整改"}).status_code == 302
    req = session.execute(select(RepairRequest)).scalar_one()
    sign_in(client, reviewer)
    response = post(client, f"/review/repairs/{req.id}", {"decision": "maybe", "reason": "x"})
    assert response.status_code == 400 and "请选择批准或不予批准" in response.get_data(as_text=True)
    response = post(client, f"/review/repairs/{req.id}", {"decision": "refuse", "reason": "整改材料不全"})
    assert response.status_code == 302
    session.expire_all()
    assert req.status == "refused" and session.get(SafetyEventRow, event.id).status == "active"
    sign_in(client, owner)
    page = page_text(client, "/portal/requests")
    assert "整改材料不全" in page and "不予修复" in page


def test_review_pages_are_for_reviewers_and_admins_only(client, session):
    company = make_company(session)
    sign_in(client, make_user(session, "company", company=company))
    assert client.get("/review/ratings").status_code == 403
    sign_in(client, make_user(session, "inspector"))
    assert client.get("/review/objections").status_code == 403
    sign_in(client, make_user(session, "admin"))
    assert page_text(client, "/review/repairs")
    assert page_text(client, "/review/objections/999", 404)


def test_a_correction_without_a_rule_set_in_force_is_refused_and_stores_nothing(client, session, reviewer,
                                                                                monkeypatch):
    rating, objection = file_objection(client, session, make_company(session))
    sign_in(client, reviewer)
    ratings_before = count(session, RatingRow)
    clock.pin(dt.date(2000, 1, 1))
    response = post(client, f"/review/objections/{objection.id}", {"outcome": "corrected", "reason": "更正"})
    assert response.status_code == 400 and "今日无生效的评价规则" in response.get_data(as_text=True)
    session.expire_all()
    assert objection.status == "open" and count(session, RatingRow) == ratings_before
