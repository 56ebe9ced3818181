import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import escape

from wharf_credit.models import RatingRow

from ..factories import login, make_company, make_event, make_rating, make_user, make_wharf, page_text

SVG = "{http://www.w3.org/2000/svg}"
DATES = (dt.date(2026, 3, 1), dt.date(2026, 7, 1), dt.date(2026, 11, 1))


def svg(page: str, css_class: str) -> ET.Element:
    match = re.search(rf'<svg[^>]*class="chart-svg {css_class}".*?</svg>', page, re.S)
    assert match, f"no {css_class} chart"
    return ET.fromstring(match.group(0))


@pytest.fixture
def rated(session):
    """A bulk wharf with three ratings: clean, one weak indicator, then a fatal accident (veto -> D)."""
    company = make_company(session, name="德清测试港务公司")
    wharf = make_wharf(session, company, name="乾元测试码头")
    make_event(session, wharf, "inspection", dt.date(2026, 2, 1), onsite=True, findings=0)
    first = make_rating(session, wharf, DATES[0], status="final")
    second = make_rating(session, wharf, DATES[1], levels={"G-DUST-01": 1}, status="published")
    make_event(session, wharf, "accident", dt.date(2026, 8, 1), severity="general", deaths=1, injuries=0)
    make_event(session, wharf, "inspection", dt.date(2026, 9, 1), onsite=True, findings=0)
    last = make_rating(session, wharf, DATES[2], levels={"G-DUST-01": 1, "G-WATER-01": 2})
    return company, wharf, [first, second, last]


@pytest.fixture
def inspector(client, session):
    user = make_user(session, "inspector")
    login(client, user)
    return user


def test_the_rating_page_shows_grade_score_status_and_components(client, rated, inspector):
    _, wharf, ratings = rated
    last = ratings[-1]
    page = page_text(client, f"/ratings/{last.id}")
    assert last.grade == "D"
    assert 'class="grade-badge grade-d large"' in page
    assert f"{last.score:.2f}" in page and wharf.name in page
    assert "待公示" in page and "本评价结果为待公示结果" in page  # provisional, with a warning
    components = svg(page, "component-bars")
    assert len([r for r in components.iter(SVG + "rect") if r.get("class") == "chart-bar"]) == 3


def test_reasons_measures_and_fired_vetoes_are_shown_in_chinese_and_english(client, rated, inspector):
    last = rated[2][-1]
    zh, en = last.result["zh_CN"], last.result["en"]
    page_zh = page_text(client, f"/ratings/{last.id}")
    page_en = page_text(client, f"/ratings/{last.id}?lang=en")
    for texts, page in ((zh, page_zh), (en, page_en)):
        for reason in texts["reasons"]:
            assert str(escape(reason["text"])) in page
        measures = texts["measures"]
        for part in (measures["permit_route"]["text"], measures["permit_route"]["basis"],
                     measures["penalty_discretion"]["text"], measures["penalty_discretion"]["basis"],
                     measures["routine_checks"], measures["incentives"]):
            assert str(escape(part)) in page
        assert [v["id"] for v in texts["vetoes"]] == ["V-ACCIDENT-12M"]
        veto_text = str(escape(texts["vetoes"][0]["text"]))
        assert veto_text in page and "V-ACCIDENT-12M" in page
        assert page.index(veto_text) < page.index('<code class="rule-id">V-ACCIDENT-12M</code>')  # the title first
    assert "主要失分原因" in page_zh and "Largest point losses" in page_en
    assert zh["reasons"][0]["text"] not in page_en


def test_the_next_grade_path_lists_blockers_and_fixes(client, rated, inspector):
    second = rated[2][1]
    path = second.result["en"]["next_grade"]
    page = page_text(client, f"/ratings/{second.id}?lang=en")
    assert "Path to the next grade" in page
    for fix in path["fixes"]:
        assert str(escape(fix["text"])) in page
    assert path["blockers"], "the second rating is capped: something blocks the next grade"
    for blocker in path["blockers"]:
        text, rule_id = str(escape(blocker["text"])), f'<code class="rule-id">{blocker["id"]}</code>'
        assert f"{text} {rule_id}" in page  # the title first, the id after it


def test_the_full_trace_is_behind_a_details_toggle_with_rule_ids_and_sources(client, rated, inspector):
    last = rated[2][-1]
    page = page_text(client, f"/ratings/{last.id}?lang=en")
    details = re.search(r'<details class="trace">(.*?)</details>', page, re.S)
    assert details, "trace in a <details class=trace> element"
    body = details.group(1)
    assert "<summary>" in body and "Details" in body
    assert body.count("<tr class=\"step-") == len(last.result["trace"])
    assert "G-DUST-01" in body and "2026.1/green.yaml:" in body and "V-ACCIDENT-12M" in body
    assert 'class="step-veto fired"' in body
    assert "safety.veto_accidents_12m = 1" in body


def test_the_history_chart_has_one_point_per_past_rating_and_grade_bands(client, rated, inspector):
    _, _, ratings = rated
    page = page_text(client, f"/ratings/{ratings[1].id}")
    chart = svg(page, "history-chart")
    points = [c for c in chart.iter(SVG + "circle") if c.get("class") == "point"]
    assert len(points) == len(ratings) == 3
    assert len([g for g in chart.iter(SVG + "g") if g.get("class") == "band"]) == 5
    assert chart.get("role") == "img" and chart.find(SVG + "title") is not None
    # an older rating says a newer one exists and links every other rating
    assert "该码头已有更新的评价结果" in page
    for r in ratings:
        if r.id != ratings[1].id:
            assert f'href="/ratings/{r.id}"' in page


def test_rule_set_version_short_hash_audit_history_and_print_button(client, rated, inspector):
    last = rated[2][-1]
    page = page_text(client, f"/ratings/{last.id}?lang=en")
    assert "2026.1" in page and last.ruleset_sha256[:12] in page
    assert 'data-action="rating.created">Rating made' in page and "Audit history" in page
    zh = page_text(client, f"/ratings/{last.id}?lang=zh_CN")
    assert "评价结果已生成" in zh and ">rating.created<" not in zh
    assert re.search(r"<button[^>]*data-print", page)
    assert "None: the score comes from the rules alone." in page
    assert "style=" not in page and "<script>" not in page  # CSP: no inline styles or scripts


def test_calibrator_details_are_shown_when_present(client, session, rated, inspector):
    last = rated[2][-1]
    last.calibrator = {"id": "cal-2026-01", "probability": 0.12, "reference_probability": 0.08, "adjustment": -1.5}
    session.commit()
    page = page_text(client, f"/ratings/{last.id}?lang=en")
    assert "cal-2026-01" in page and "12.0%" in page and "-1.50" in page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("p_model, p_ref", [(0.0349, 0.0161), (0.0105, 0.0095), (0.2, 0.02)])
def test_the_calibrators_sentence_names_the_probabilities_printed_beside_it(client, session, rated, inspector,
                                                                           lang, p_model, p_ref):
    from wharf_credit.calibration.adjust import reason_text

    last = rated[2][-1]
    reason = reason_text(p_model, p_ref)
    last.calibrator = {"id": "cal-x", "probability": p_model, "reference_probability": p_ref, "adjustment": -1.72,
                       "reason": {"zh_CN": reason.zh_CN, "en": reason.en}}
    session.commit()
    page = client.get(f"/ratings/{last.id}?lang={lang}").get_data(as_text=True)
    beside = re.search(r"<dd><code>cal-x</code>(.*?)<br>", page, re.S).group(1)
    sentence = re.search(r'<span class="calibrator-reason">(.*?)</span>', page).group(1)
    printed = re.findall(r"\d+(?:\.\d+)?%", beside)
    assert len(printed) == 2 and re.findall(r"\d+(?:\.\d+)?%", sentence) == printed


def test_a_rating_older_than_the_validity_period_carries_a_warning(client, session, rated, inspector):
    _, wharf, ratings = rated
    fresh = make_rating(session, wharf, dt.date.today())
    assert "due for reassessment" not in page_text(client, f"/ratings/{fresh.id}?lang=en")
    old = ratings[0]
    old.as_of = dt.date.today() - dt.timedelta(days=500)
    session.commit()
    page = page_text(client, f"/ratings/{old.id}?lang=en")
    assert "older than the 12 months" in page and "due for reassessment" in page


@pytest.mark.parametrize("role", ["inspector", "permit_officer", "reviewer", "admin"])
def test_every_staff_role_may_open_any_rating(client, session, rated, role):
    login(client, make_user(session, role))
    assert client.get(f"/ratings/{rated[2][0].id}").status_code == 200


def test_a_company_user_sees_its_own_rating_and_nothing_of_another_company(client, session, rated):
    company, wharf, ratings = rated
    other = make_wharf(session, make_company(session), name="别家码头")
    make_event(session, other, "inspection", dt.date(2026, 2, 1), onsite=True, findings=0)
    foreign = make_rating(session, other, DATES[0])
    login(client, make_user(session, "company", company=company))
    page = page_text(client, f"/ratings/{ratings[-1].id}")
    assert wharf.name in page and f'href="/portal/wharves/{wharf.id}"' in page
    assert client.get(f"/ratings/{foreign.id}").status_code == 404
    assert client.get(f"/wharves/{other.id}/rating").status_code == 404
    assert client.get("/ratings/999999").status_code == 404
    latest = client.get(f"/wharves/{wharf.id}/rating")
    assert latest.status_code == 302 and latest.headers["Location"].endswith(f"/ratings/{ratings[-1].id}")


def test_anonymous_visitors_are_sent_to_sign_in(client, rated):
    for url in (f"/ratings/{rated[2][0].id}", f"/wharves/{rated[1].id}/rating"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_latest_rating_of_a_wharf_redirects_and_an_unrated_wharf_says_so(client, session, rated, inspector):
    _, wharf, ratings = rated
    response = client.get(f"/wharves/{wharf.id}/rating")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/ratings/{ratings[-1].id}")
    unrated = make_wharf(session, name="新建码头")
    assert "该码头尚未评价" in page_text(client, f"/wharves/{unrated.id}/rating")
    assert client.get("/wharves/999999/rating").status_code == 404


def test_a_rating_stored_without_texts_or_trace_still_renders(client, session, inspector):
    wharf = make_wharf(session)
    row = RatingRow(wharf_id=wharf.id, as_of=dt.date(2026, 5, 1), score=71.5, grade="B", base_grade="B",
                    components={}, result={}, inputs={}, ruleset_id="x", ruleset_version="2019.9",
                    ruleset_sha256="f" * 64, status="final")
    session.add(row)
    session.commit()
    page = page_text(client, f"/ratings/{row.id}?lang=en")
    assert "71.50" in page and "No trace is stored with this rating." in page


def test_a_batch_rating_page_shows_its_reasons_and_trace_written_from_its_inputs(client, session, db, inspector):
    from wharf_credit.domain import parse_facts, rate
    from wharf_credit.rules import rule_store
    from wharf_credit.services.rerate import rerate_all

    wharf = make_wharf(session, make_company(session))
    make_rating(session, wharf, levels={"G-DUST-01": 1, "G-WATER-01": 2})
    ruleset = rule_store().book.for_date(dt.date.today())
    report = rerate_all(db.engine, ruleset, dt.date.today(), "tests")
    row = session.query(RatingRow).filter_by(batch_id=report.batch_id).one()
    assert "zh_CN" not in row.result, "a batch rating stores only its outcome"
    single = rate(parse_facts(row.inputs, ruleset), ruleset).to_dict("en")
    page = page_text(client, f"/ratings/{row.id}?lang=en")
    assert single["reasons"] and all(str(escape(r["text"])) in page for r in single["reasons"])
    assert "No trace is stored with this rating." not in page
    assert page.count('<tr class="step-') == len(single["trace"])
    assert 'data-action="ratings.batch"' in page, "the batch's audit entry is in the rating's history"


def test_times_are_shown_in_the_bureaus_time_zone_with_the_zone_named(app, client, session, rated, inspector):
    from wharf_credit.models import AuditEntry

    last = rated[2][-1]
    entry = session.query(AuditEntry).filter_by(object_type="rating", object_id=str(last.id)).first()
    entry.at = dt.datetime(2026, 3, 4, 12, 0, 0)  # stored in UTC: 20:00 in Deqing
    session.commit()  # (the hash no longer matches: this test only reads the page)
    assert "2026年3月4日 20:00 中国标准时间" in page_text(client, f"/ratings/{last.id}?lang=zh_CN")
    assert "Mar 4, 2026 20:00 China Standard Time" in page_text(client, f"/ratings/{last.id}?lang=en")
    entry.at = dt.datetime(2026, 3, 4, 20, 30, 0)  # past midnight in Deqing: the day is the bureau's day
    session.commit()
    assert "2026年3月5日 04:30 中国标准时间" in page_text(client, f"/ratings/{last.id}?lang=zh_CN")


def test_the_time_zone_is_a_setting(tmp_path):
    from ..conftest import make_app

    assert make_app(f"sqlite:///{tmp_path / 'tz.sqlite'}", TIMEZONE="UTC").config["BABEL_DEFAULT_TIMEZONE"] == "UTC"
