import datetime as dt

from markupsafe import escape

from wharf_credit.extensions import db
from wharf_credit.models import Company, RatingRow
from wharf_credit.services.ratings import rating_result

from ..factories import (count_queries, login, make_company, make_event, make_rating, make_user, make_wharf,
                         page_text)


def rated_wharf(session, company, name, as_of=dt.date(2026, 10, 1), **kw):
    wharf = make_wharf(session, company, name=name)
    make_event(session, wharf, "inspection", as_of - dt.timedelta(days=30), onsite=True, findings=0)
    return wharf, make_rating(session, wharf, as_of, **kw)


def company_user(client, session, company):
    user = make_user(session, "company", company=company)
    login(client, user)
    return user


def test_the_portal_lists_only_the_company_s_wharves_with_grade_score_and_status(client, session):
    mine = make_company(session, name="本公司港务")
    wharf, rating = rated_wharf(session, mine, "本公司一号码头", levels={"G-DUST-01": 1}, status="published")
    unrated = make_wharf(session, mine, name="本公司新码头")
    rated_wharf(session, make_company(session), "别家码头")
    company_user(client, session, mine)
    page = page_text(client, "/portal/")
    assert "本公司一号码头" in page and "本公司新码头" in page and "别家码头" not in page
    assert f"{rating.score:.2f}" in page and f"grade-{rating.grade.lower()}" in page and "公示中" in page
    assert f'href="/ratings/{rating.id}"' in page and f'href="/portal/wharves/{unrated.id}"' in page
    assert "尚未评价" in page
    assert "企业信用等级" in page


def test_the_portal_says_what_to_fix_first(client, session):
    mine = make_company(session)
    weak = ("G-DUST-01", "G-WATER-01", "G-WASTE-01", "G-SHORE-01", "G-MGT-03", "G-DUST-05")
    _, rating = rated_wharf(session, mine, "整改码头", levels=dict.fromkeys(weak, 1))
    company_user(client, session, mine)
    path = rating.result["zh_CN"]["next_grade"]
    assert path["blockers"] and path["fixes"]
    page = page_text(client, "/portal/")
    assert str(escape(path["blockers"][0]["text"])) in page  # a restriction to remove comes first
    assert str(escape(path["fixes"][0]["text"])) in page
    page_en = page_text(client, "/portal/?lang=en")
    assert "What to fix first" in page_en
    assert str(escape(rating.result["en"]["next_grade"]["blockers"][0]["text"])) in page_en


def test_a_wharf_with_the_best_grade_has_nothing_to_fix(client, session):
    mine = make_company(session)
    _, rating = rated_wharf(session, mine, "标杆码头")
    assert rating.grade == "AA"
    company_user(client, session, mine)
    assert "已是最高等级" in page_text(client, "/portal/")


def test_the_portal_has_an_empty_state_without_wharves(client, session):
    company_user(client, session, make_company(session))
    assert "贵企业尚未登记码头" in page_text(client, "/portal/")


def test_the_wharf_page_lists_every_rating_with_a_link_and_a_history_chart(client, session):
    mine = make_company(session)
    wharf, first = rated_wharf(session, mine, "历史码头", as_of=dt.date(2026, 3, 1), status="final")
    second = make_rating(session, wharf, dt.date(2026, 9, 1), levels={"G-DUST-01": 2})
    company_user(client, session, mine)
    page = page_text(client, f"/portal/wharves/{wharf.id}")
    assert f'href="/ratings/{first.id}"' in page and f'href="/ratings/{second.id}"' in page
    assert page.count('class="point"') == 2
    assert "历次评价结果" in page


def test_ratings_replaced_before_publication_are_folded_under_what_applied_and_applies(client, session):
    import re

    mine = make_company(session)
    wharf, applied = rated_wharf(session, mine, "折叠码头", as_of=dt.date(2026, 3, 1), status="final")
    replaced = [make_rating(session, wharf, dt.date(2026, 9, 1), levels={"G-DUST-01": level}) for level in (1, 2, 3)]
    latest = make_rating(session, wharf, dt.date(2026, 9, 1), levels={"G-DUST-01": 4})
    company_user(client, session, mine)
    page = page_text(client, f"/portal/wharves/{wharf.id}")
    main, _, folded = page.partition('<details class="superseded-ratings">')
    main_rows = re.findall(r'href="/ratings/(\d+)"', main.split('<table class="history-table">')[1])
    assert main_rows == [str(latest.id), str(applied.id)], "the latest first, then what applied"
    assert "最新" in main.split('<table class="history-table">')[1]
    assert "公示前被取代的待定评价结果：3 条" in folded
    assert sorted(re.findall(r'href="/ratings/(\d+)"', folded.split("</details>")[0])) == \
        sorted(str(r.id) for r in replaced)
    assert page.count('class="point"') == 2, "the chart shows what applied and applies"
    rating_page = page_text(client, f"/ratings/{replaced[0].id}")
    assert '<details class="superseded-ratings" open>' in rating_page, "a replaced rating's own page unfolds it"
    assert "公示前已被取代" in rating_page


def test_the_wharf_page_of_an_unrated_wharf_says_so(client, session):
    mine = make_company(session)
    wharf = make_wharf(session, mine)
    company_user(client, session, mine)
    assert "该码头尚未评价" in page_text(client, f"/portal/wharves/{wharf.id}")


def test_another_company_s_wharf_is_not_found_and_staff_may_not_use_the_portal(client, session):
    other, _ = rated_wharf(session, make_company(session), "别家码头")
    company_user(client, session, make_company(session))
    assert client.get(f"/portal/wharves/{other.id}").status_code == 404
    assert client.get("/portal/wharves/999999").status_code == 404
    client.post("/logout")
    login(client, make_user(session, "inspector"))
    assert client.get("/portal/").status_code == 403
    assert client.get(f"/portal/wharves/{other.id}").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/portal/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_portal_does_not_query_once_per_wharf(client, session):
    mine = make_company(session)
    for n in range(2):
        rated_wharf(session, mine, f"甲{n}码头")
    company_user(client, session, mine)
    company_id = mine.id
    session.expunge_all()  # the test's session is the app's: start each count from an empty identity map
    with count_queries(db.engine) as few:
        page_text(client, "/portal/")
    mine = session.get(Company, company_id)
    for n in range(6):
        rated_wharf(session, mine, f"乙{n}码头")
    make_wharf(session, mine, name="未评码头")
    session.expunge_all()
    with count_queries(db.engine) as many:
        page = page_text(client, "/portal/")
    assert page.count('class="wharf-row"') == 9
    assert many.count == few.count, many.statements


def test_after_a_batch_re_rating_the_portal_still_says_what_to_fix_first(client, session, db):
    from wharf_credit.rules import rule_store
    from wharf_credit.services.rerate import rerate_all

    mine = make_company(session)
    weak = ("G-DUST-01", "G-WATER-01", "G-WASTE-01")
    rated_wharf(session, mine, "整改码头", as_of=dt.date.today(), levels=dict.fromkeys(weak, 1))
    report = rerate_all(db.engine, rule_store().book.for_date(dt.date.today()), dt.date.today(), "tests")
    batch = session.query(RatingRow).filter_by(batch_id=report.batch_id).one()
    assert "zh_CN" not in batch.result
    fixes = rating_result(batch, rule_store().book)["zh_CN"]["next_grade"]["fixes"]
    company_user(client, session, mine)
    page = page_text(client, "/portal/")
    assert fixes and str(escape(fixes[0]["text"])) in page
