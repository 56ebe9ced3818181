"""Real-browser journeys of objections: one upheld (the company files it, the reviewer upholds it with reasons, the
company reads them) and one corrected (the reviewer decides "corrected", the company sees the new rating)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import login

pytestmark = pytest.mark.e2e


def sign_out(page: Page) -> None:
    page.locator(".user-nav").get_by_role("button", name="退出").click()
    expect(page.locator(".user-nav")).to_contain_text("登录")


def test_an_objection_upheld_with_reasons_the_company_reads(page: Page, live_server):
    wharf = live_server.objection_wharf
    reason = "扬尘在线监测数据在评估期间因设备检修中断，请核实。"
    decision = "经现场复核，监测记录完整，评估数据无误，维持原评价结果。"
    login(page, "company", live_server.password)
    expect(page).to_have_url(re.compile(r"/portal/$"))
    page.goto(f"/ratings/{wharf['rating_id']}")
    expect(page.locator(".rating-summary")).to_contain_text("异议期至")
    page.get_by_role("link", name="对评价结果提出异议").click()
    expect(page).to_have_url(re.compile(rf"/portal/ratings/{wharf['rating_id']}/objection$"))
    page.fill("#reason", reason)
    page.get_by_role("button", name="提交异议").click()
    expect(page).to_have_url(re.compile(r"/portal/requests$"))
    expect(page.locator("p.flash.info")).to_contain_text("异议已提交")
    row = page.locator("section.my-objections tr.objection-row", has_text=wharf["name"])
    expect(row).to_contain_text(reason)
    expect(row).to_contain_text("待处理")
    page.goto(f"/ratings/{wharf['rating_id']}")
    expect(page.locator(".under-objection")).to_have_text("异议处理中")
    sign_out(page)

    login(page, "reviewer", live_server.password)
    page.locator("nav.main-nav").get_by_role("link", name="审核").click()
    expect(page).to_have_url(re.compile(r"/review/ratings$"))
    page.locator("nav.sub-nav").get_by_role("link", name="异议").click()
    open_row = page.locator("table.review-objections tr.objection-row", has_text=wharf["name"]).filter(
        has_text="待处理")
    open_row.get_by_role("link", name="查看").click()
    expect(page).to_have_url(re.compile(r"/review/objections/\d+$"))
    expect(page.locator("dl.objection-facts")).to_contain_text(reason)
    expect(page.locator("section.decide")).to_contain_text("请先在码头档案中更正事实")
    page.get_by_role("button", name="保存决定").click()  # no decision, no reasons: refused, shown again
    expect(page.locator(".decision-form .error").first).to_be_visible()
    page.get_by_label("维持：原评价结果不变").check()
    page.fill("#reason", decision)
    page.get_by_role("button", name="保存决定").click()
    expect(page.locator("p.flash.info")).to_contain_text("维持原评价结果")
    expect(page.locator("section.decision .decision-reason")).to_have_text(decision)
    sign_out(page)

    login(page, "company", live_server.password)
    page.locator("nav.main-nav").get_by_role("link", name="我的申请").click()
    row = page.locator("section.my-objections tr.objection-row", has_text=reason)
    expect(row.locator(".request-status")).to_have_text("维持原结果")
    expect(row.locator(".decision-reason")).to_have_text(decision)
    page.goto(f"/ratings/{wharf['rating_id']}")
    expect(page.locator(".under-objection")).to_have_count(0)
    expect(page.locator("section.objections-history")).to_contain_text(decision)


def test_an_objection_corrected_gives_the_company_a_new_published_rating(page: Page, live_server):
    case = live_server.correction
    decision = "核实后更正安全评价行为记录，按现有事实重新评价。"
    login(page, "reviewer", live_server.password)
    page.goto(f"/review/objections/{case['objection_id']}")
    expect(page.locator("h1")).to_contain_text(live_server.company_name)
    expect(page.locator("section.decide").get_by_role("link", name="打开码头档案")).to_have_attribute(
        "href", f"/wharves/{case['id']}")
    page.get_by_label("予以更正：按当前事实重新评价并发布新的评价结果").check()
    page.fill("#reason", decision)
    page.get_by_role("button", name="保存决定").click()
    expect(page.locator("p.flash.info")).to_contain_text("码头已重新评价")
    new_link = page.locator("section.decision a", has=page.locator(".grade-badge"))
    href = new_link.get_attribute("href")
    assert href and re.fullmatch(r"/ratings/\d+", href) and href != f"/ratings/{case['rating_id']}"
    sign_out(page)

    login(page, "company", live_server.password)
    page.goto("/portal/requests")
    row = page.locator("section.my-objections tr.objection-row", has_text=decision)
    expect(row.locator(".request-status")).to_have_text("已更正")
    row.locator("a.new-rating").click()
    expect(page).to_have_url(re.compile(rf"{href}$"))
    expect(page.locator("h1")).to_contain_text(case["name"])
    expect(page.locator(".rating-summary .status")).to_have_text("公示中")
    expect(page.locator(".rating-summary")).to_contain_text("异议期至")
    expect(page.locator("section.objections-history")).to_contain_text(decision)


def test_a_reviewer_selects_every_rating_on_the_page_at_once_and_sees_them_all_to_confirm(page: Page, live_server):
    login(page, "reviewer", live_server.password)
    page.goto(f"{live_server.url}/review/ratings")
    boxes = page.locator("table.review-ratings tbody input[name=rating_id]")
    shown = boxes.count()
    assert shown > 1, "the demo leaves several provisional ratings"
    select_all = page.get_by_label("选择本页全部评价结果")
    select_all.check()
    for i in range(shown):
        expect(boxes.nth(i)).to_be_checked()
    boxes.first.uncheck()
    assert select_all.evaluate("el => el.indeterminate && !el.checked"), "some, not all: half-ticked"
    boxes.first.check()
    expect(select_all).to_be_checked()
    page.locator("#publish").click()  # the confirmation page: nothing is published before confirming
    expect(page.locator("table.publish-confirm tbody tr")).to_have_count(shown)
    expect(page.locator("#confirm-publish")).to_contain_text(str(shown))
