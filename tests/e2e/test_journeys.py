"""Real-browser journeys through the running app, in Chinese (the browser's locale) unless a journey switches."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def login(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    expect(page.locator("h1")).to_have_text("登录")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")


def test_a_visitor_searches_the_published_grades_and_switches_to_english(page: Page, live_server):
    page.goto("/grades")
    expect(page.locator("h1")).to_have_text("信用等级公示")
    page.fill("#q", live_server.public_company)
    page.get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/grades\?.*q="))
    rows = page.locator("table.published tbody tr")
    expect(rows).to_have_count(len(live_server.public_rows))
    for name, grade in live_server.public_rows.items():
        row = rows.filter(has_text=name)
        expect(row.locator("td").first).to_have_text(live_server.public_company)
        expect(row.locator(".grade-badge")).to_have_text(grade)
    # Its wharf whose ratings are all provisional is not published, so not listed.
    expect(page.locator("table.published")).not_to_contain_text(live_server.unpublished_wharf)

    page.locator(".user-nav a.lang", has_text="English").click()
    expect(page).to_have_url(re.compile(r"/grades\?.*q=.*lang=en"))  # the search survives the switch
    expect(page.locator("h1")).to_have_text("Published grades")
    expect(page.locator("table.published tbody tr")).to_have_count(len(live_server.public_rows))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("table.published thead th").first).to_have_text("Company")
    expect(page.locator("label[for=q]")).to_have_text("Company or wharf")


def test_a_company_user_sees_its_wharf_rating_and_not_another_company_s(page: Page, live_server):
    own = live_server.own_wharf
    login(page, "company", live_server.password)
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.locator("h1")).to_have_text(live_server.company_name)
    expect(page.locator("nav.main-nav")).to_contain_text("我的码头")

    page.get_by_role("link", name=own["name"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/portal/wharves/{own['id']}$"))
    expect(page.locator("h1")).to_contain_text(own["name"])
    expect(page.locator(".grade-box .grade-badge")).to_have_text(own["grade"])
    expect(page.get_by_role("heading", name="优先整改事项")).to_be_visible()
    expect(page.locator("ul.todo li").first).to_contain_text(own["fix"])

    page.get_by_role("link", name="查看评价结果").click()
    expect(page).to_have_url(re.compile(rf"/ratings/{own['rating_id']}$"))
    expect(page.locator(".rating-summary .grade-badge")).to_have_text(own["grade"])
    expect(page.locator("section.reasons h2")).to_have_text("主要失分原因")
    expect(page.locator("section.reasons li").first).to_contain_text(own["reason"])
    trace_table = page.locator("details.trace table.trace-table")
    expect(trace_table).to_be_hidden()
    page.get_by_text("详情：计算的每一步").click()
    expect(page.locator("details.trace")).to_have_attribute("open", "")
    expect(trace_table).to_be_visible()
    expect(trace_table.locator("tbody tr").first).to_be_visible()

    response = page.goto(f"/portal/wharves/{live_server.other_wharf_id}")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    expect(page.locator("main")).to_contain_text("您访问的页面或记录不存在，或您无权查看。")


def test_an_inspector_searches_the_registry_and_opens_a_rating(page: Page, live_server):
    wharf = live_server.registry_wharf
    login(page, "inspector", live_server.password)
    expect(page).to_have_url(re.compile(r"/wharves$"))
    expect(page.locator("h1")).to_have_text("码头")
    page.fill("#q", wharf["code"])
    page.get_by_role("button", name="搜索").click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text(wharf["code"])
    expect(rows.first.locator("td").nth(1)).to_have_text(wharf["name"])
    expect(rows.first.locator("td").nth(3)).to_have_text(wharf["company"])

    # The wharf's latest rating by its URL (test_inspector_journey.py goes through the wharf page).
    page.goto(f"/wharves/{wharf['id']}/rating")
    expect(page).to_have_url(re.compile(r"/ratings/\d+$"))
    expect(page.locator("h1")).to_contain_text(wharf["name"])
    expect(page.locator(".rating-page .rating-head p.muted")).to_contain_text(wharf["company"])
    expect(page.locator(".rating-summary .grade-badge")).to_have_text(re.compile(r"^(AA|A|B|C|D)$"))
    expect(page.locator("section.history h2")).to_have_text("历次评价结果")


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(page: Page, live_server):
    login(page, "inspector", "not-the-password")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("h1")).to_have_text("登录")
    expect(page.locator(".field.has-error .error")).to_have_text("用户名或密码错误。")
    expect(page.locator("p.flash.error")).to_be_visible()
    expect(page.locator(".user-nav")).not_to_contain_text("退出")


def test_the_rating_page_prints_without_the_navigation(page: Page, live_server):
    own = live_server.own_wharf
    login(page, "company", live_server.password)
    expect(page).to_have_url(re.compile(r"/portal/$"))
    page.goto(f"/ratings/{own['rating_id']}")
    header, nav = page.locator("header.site-header"), page.locator("nav.main-nav")
    print_button = page.get_by_role("button", name="打印")
    expect(nav).to_be_visible()
    expect(print_button).to_be_visible()

    page.emulate_media(media="print")
    expect(header).to_be_hidden()
    expect(nav).to_be_hidden()
    expect(print_button).to_be_hidden()
    expect(page.locator("footer.site-footer")).to_be_hidden()
    expect(page.locator("details.trace")).to_be_hidden()
    expect(page.locator("h1")).to_contain_text(own["name"])
    expect(page.locator(".rating-summary .grade-badge")).to_have_text(own["grade"])
