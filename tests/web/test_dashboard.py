import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from flask import url_for

from wharf_credit.extensions import db
from wharf_credit.services.dashboard import grades_over_time, recent_quarters

from ..factories import (count_queries, login, make_bare_assessment, make_company, make_event, make_rating,
                         make_user, make_wharf, page_text)

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date.today()


def svg(page: str, css_class: str) -> ET.Element:
    match = re.search(rf'<svg[^>]*class="chart-svg {css_class}".*?</svg>', page, re.S)
    assert match, f"no {css_class} chart"
    return ET.fromstring(match.group(0))


def wharf_href(app, wharf_id: int) -> str:
    """The registry's wharf page (inspect.wharf); the latest rating while that page does not exist yet."""
    with app.test_request_context():
        if "inspect.wharf" in app.view_functions:
            return url_for("inspect.wharf", wharf_id=wharf_id)
        return url_for("ratings.latest", wharf_id=wharf_id)


def rated(session, name, wharf_type="bulk", company=None, as_of=None, **kw):
    as_of = as_of or TODAY
    wharf = make_wharf(session, company, name=name, type=wharf_type)
    make_event(session, wharf, "inspection", as_of - dt.timedelta(days=20), onsite=True, findings=0)
    return wharf, make_rating(session, wharf, as_of, **kw)


@pytest.fixture
def staff(client, session):
    user = make_user(session, "permit_officer")
    login(client, user)
    return user


def test_the_dashboard_shows_grade_counts_and_the_distribution_by_wharf_type(client, session, staff):
    rated(session, "甲散货码头")  # AA
    rated(session, "乙散货码头", levels={"G-DUST-01": 1})  # A (mandatory item unmet)
    rated(session, "丙集装箱码头", "container")  # AA
    make_wharf(session, name="未评码头", type="passenger")
    page = page_text(client, "/dashboard/?lang=en")
    counts = dict(re.findall(r'class="count count-(\w+)">.*?<strong>(\d+)</strong>', page, re.S))
    assert counts == {"aa": "2", "a": "1", "b": "0", "c": "0", "d": "0", "unrated": "1"}
    by_type = svg(page, "stacked-bars")
    rows = [g for g in by_type.iter(SVG + "g") if g.get("class") == "row"]
    assert len(rows) == 2  # bulk and container: types with a rated wharf
    segments = [r for r in by_type.iter(SVG + "rect") if r.get("class") == "segment"]
    assert len(segments) == 3 and "Bulk cargo" in "".join(by_type.itertext())
    bars = svg(page, "bar-chart")
    assert len([r for r in bars.iter(SVG + "rect") if r.get("class") == "chart-bar"]) == 5
    assert "Passenger" in page  # the table lists types with only unrated wharves too


def test_only_the_latest_rating_of_each_wharf_counts(client, session, staff):
    wharf, _ = rated(session, "变化码头", as_of=dt.date(2026, 2, 1), levels={"G-DUST-01": 1})
    make_rating(session, wharf, TODAY)
    page = page_text(client, "/dashboard/?lang=en")
    counts = dict(re.findall(r'class="count count-(\w+)">.*?<strong>(\d+)</strong>', page, re.S))
    assert counts["aa"] == "1" and counts["a"] == "0"


def test_the_reassessment_list_has_old_and_never_assessed_wharves_not_recent_ones(app, client, session, staff):
    old = make_wharf(session, name="两年前评估码头")
    make_bare_assessment(session, old, TODAY - dt.timedelta(days=730))
    recent = make_wharf(session, name="上月评估码头")
    make_bare_assessment(session, recent, TODAY - dt.timedelta(days=30))
    corrected = make_wharf(session, name="复评码头")
    make_bare_assessment(session, corrected, TODAY - dt.timedelta(days=800))
    make_bare_assessment(session, corrected, TODAY - dt.timedelta(days=10))
    never = make_wharf(session, name="从未评估码头")
    page = page_text(client, "/dashboard/")
    due = re.search(r'<table class="due-list">.*?</table>', page, re.S).group(0)
    assert "两年前评估码头" in due and "从未评估码头" in due
    assert "上月评估码头" not in due and "复评码头" not in due
    assert f'href="{wharf_href(app, old.id)}"' in due and f'href="{wharf_href(app, never.id)}"' in due
    assert due.index("从未评估码头") < due.index("两年前评估码头")  # never assessed first
    assert "需要重新评估的码头" in page


def test_each_due_wharf_shows_the_day_it_became_due_the_days_since_and_when_it_was_flagged(client, session, staff):
    from wharf_credit.domain.calendar import first_day_out_of_date
    from wharf_credit.queue import duties

    old = make_wharf(session, name="两年前评估码头")
    make_bare_assessment(session, old, TODAY - dt.timedelta(days=730))
    session.commit()
    since = first_day_out_of_date(TODAY - dt.timedelta(days=730), 12)
    row = re.search(r"<tr><td>[^<]*</td><td><a[^>]*>两年前评估码头</a>.*?</tr>", page_text(client, "/dashboard/?lang=en"),
                    re.S).group(0)
    assert f'<td class="num days-overdue">{(TODAY - since).days}</td>' in row and "flagged" not in row
    duties.run("reassessment", "cli")
    row = re.search(r"<tr><td>[^<]*</td><td><a[^>]*>两年前评估码头</a>.*?</tr>", page_text(client, "/dashboard/?lang=en"),
                    re.S).group(0)
    assert "flagged " in row and f'<td class="num days-overdue">{(TODAY - since).days}</td>' in row


def test_the_reassessment_list_is_paginated(app, client, session, staff):
    app.config["PER_PAGE"] = 2
    for n in range(5):
        make_wharf(session, name=f"待评码头{n}", code=f"DUE-{n}")
    first = page_text(client, "/dashboard/?lang=en")
    assert "Page 1 of 3 (5 in all)" in first and "待评码头0" in first and "待评码头2" not in first
    third = page_text(client, "/dashboard/?lang=en&page=3")
    assert "待评码头4" in third and "待评码头0" not in third
    assert "待评码头" not in page_text(client, "/dashboard/?lang=en&page=99")  # past the end: empty, not 404
    assert "待评码头0" in page_text(client, "/dashboard/?page=abc")


def test_grade_shares_over_time_come_from_the_rating_in_force_at_each_quarter_end(client, session, staff):
    periods = recent_quarters(dt.date(2026, 11, 24), 12)
    assert (periods[0].year, periods[0].quarter, periods[-1].end) == (2024, 1, dt.date(2026, 11, 24))
    assert periods[-2].end == dt.date(2026, 9, 30) and len({p.end for p in periods}) == 12
    wharf, _ = rated(session, "季度码头", as_of=dt.date(2026, 2, 1), levels={"G-DUST-01": 1})  # A from Feb
    make_rating(session, wharf, dt.date(2026, 8, 1))  # AA from August
    rated(session, "另一码头", as_of=dt.date(2026, 5, 1))  # AA from May
    shares = grades_over_time(session, periods)
    assert shares[dt.date(2025, 12, 31)] == {}
    assert shares[dt.date(2026, 3, 31)] == {"A": 1}
    assert shares[dt.date(2026, 6, 30)] == {"A": 1, "AA": 1}
    assert shares[dt.date(2026, 9, 30)] == {"AA": 2}
    page = page_text(client, "/dashboard/?lang=en")
    chart = svg(page, "share-chart")
    series = [g for g in chart.iter(SVG + "g") if (g.get("class") or "").startswith("series")]
    assert len(series) == 5  # one line per grade
    assert "2026 Q1" in "".join(chart.itertext())


def test_an_empty_registry_shows_empty_charts_and_no_due_wharf(client, staff):
    page = page_text(client, "/dashboard/?lang=en")
    assert page.count("No data") >= 3 and "No wharf is due for reassessment." in page
    assert "暂无数据" in page_text(client, "/dashboard/?lang=zh_CN")


def test_only_staff_may_open_the_dashboard(client, session):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, make_user(session, "company", company=make_company(session)))
    assert client.get("/dashboard/").status_code == 403


@pytest.mark.parametrize("role", ["inspector", "reviewer", "admin"])
def test_every_staff_role_may_open_the_dashboard(client, session, role):
    login(client, make_user(session, role))
    assert client.get("/dashboard/").status_code == 200


def test_the_dashboard_does_not_query_once_per_wharf(client, session, staff):
    def add(n, prefix):
        for i in range(n):
            wharf, _ = rated(session, f"{prefix}{i}", ("bulk", "container", "roro")[i % 3], assess=bool(i % 2))
            if i % 3 == 0:
                make_bare_assessment(session, wharf, TODAY - dt.timedelta(days=900))

    add(3, "甲")
    session.expunge_all()  # the test's session is the app's: start each count from an empty identity map
    with count_queries(db.engine) as few:
        page_text(client, "/dashboard/")
    add(12, "乙")
    session.expunge_all()
    with count_queries(db.engine) as many:
        page = page_text(client, "/dashboard/")
    assert page.count("<tr><td>T-") >= 5  # the due list is filled
    assert many.count == few.count, many.statements
