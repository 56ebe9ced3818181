import datetime as dt

from wharf_credit.models import RatingRow

from ..factories import make_company, make_wharf


def add_rating(session, wharf, grade, status, days_ago=10):
    row = RatingRow(wharf_id=wharf.id, as_of=dt.date.today() - dt.timedelta(days=days_ago), score=85.0, grade=grade,
                    base_grade=grade, components={}, result={}, inputs={}, ruleset_id="x", ruleset_version="2026.1",
                    ruleset_sha256="0" * 64, status=status)
    session.add(row)
    session.commit()
    return row


def test_the_public_list_shows_published_grades_only(client, session):
    company = make_company(session, name="公开港务公司")
    shown = make_wharf(session, company, name="公示码头")
    hidden = make_wharf(session, company, name="待定码头")
    add_rating(session, shown, "A", "published")
    add_rating(session, hidden, "D", "provisional")
    page = client.get("/grades").get_data(as_text=True)
    assert "公示码头" in page and "待定码头" not in page
    assert "85.0" not in page, "the public list shows grades, not scores"


def test_the_public_list_shows_the_latest_published_rating_of_each_wharf(client, session):
    wharf = make_wharf(session, name="更新码头")
    add_rating(session, wharf, "B", "final", days_ago=400)
    add_rating(session, wharf, "AA", "published", days_ago=5)
    add_rating(session, wharf, "D", "provisional", days_ago=1)
    page = client.get("/grades?lang=en").get_data(as_text=True)
    assert page.count("更新码头") == 1 and ">AA<" in page


def test_the_public_list_is_searchable_and_says_so_when_nothing_matches(client, session):
    wharf = make_wharf(session, make_company(session, name="乾元砂石公司"), name="乾元码头")
    add_rating(session, wharf, "A", "published")
    assert "乾元码头" in client.get("/grades?q=乾元").get_data(as_text=True)
    assert "没有符合条件的公示等级" in client.get("/grades?q=不存在").get_data(as_text=True)


def test_junk_filters_and_pages_do_not_break_the_list(client):
    assert client.get("/grades?type=nonsense&grade=Z&page=-3").status_code == 200
    assert client.get("/grades?page=abc").status_code == 200


def test_the_language_switch_is_remembered(client):
    client.get("/?lang=en")
    assert "Published grades" in client.get("/").get_data(as_text=True)
    client.get("/?lang=zh_CN")
    assert "信用等级公示" in client.get("/").get_data(as_text=True)
    assert client.get("/?lang=zh-CN").status_code == 200


def test_the_published_list_exports_as_csv_and_xlsx_with_the_same_filter_and_columns(client, session):
    import io

    from openpyxl import load_workbook

    from ..factories import make_company, make_rating, make_wharf
    aa = make_wharf(session, make_company(session, name="甲港务"), type="bulk")
    make_rating(session, aa, status="published")
    hidden = make_wharf(session, make_company(session, name="乙港务"), type="container")
    make_rating(session, hidden, status="provisional")
    csv_resp = client.get("/grades?format=csv&type=bulk")
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    assert csv_resp.headers["Content-Type"] == "text/csv; charset=utf-8", "the charset is named once"
    lines = csv_resp.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "甲港务" in lines[1] and len(lines[0].split(",")) == 5
    assert "乙港务" not in csv_resp.get_data(as_text=True), "provisional ratings are never published"
    xlsx = client.get("/grades?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 2 and sheet.cell(row=2, column=1).value == "甲港务"
