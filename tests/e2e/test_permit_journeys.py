"""Real-browser permit desk journeys, in Chinese: a permit officer looks companies up (a D and an AA company get
different permit routes), records a permit decision, and files a penalty case (suggestion, then decision, then the
list). The companies are the journeys' own (LiveData.permit), so the order of the journeys does not matter."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import login

pytestmark = pytest.mark.e2e


def sign_in_as_permit_officer(page: Page, live_server) -> None:
    login(page, "permit", live_server.password)
    expect(page.locator(".user-nav .who")).to_contain_text("许可科")


def open_company(page: Page, company: dict) -> None:
    """From the navigation: the look-up, a search by name, the company's standing page."""
    page.locator("nav.main-nav").get_by_role("link", name="许可与处罚").click()
    expect(page.locator("h1")).to_have_text("企业信用查询")
    page.fill("#q", company["name"])
    page.get_by_role("button", name="搜索", exact=True).click()
    rows = page.locator("table.companies tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".grade-badge")).to_have_text(company["grade"])
    rows.first.get_by_role("link", name=company["name"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/permits/companies/{company['id']}$"))
    expect(page.locator("h1")).to_contain_text(company["name"])


def test_a_permit_officer_sees_different_routes_for_a_d_and_an_aa_company(page: Page, live_server):
    aa, d = live_server.permit["aa"], live_server.permit["d"]
    assert aa["route"] != d["route"]
    sign_in_as_permit_officer(page, live_server)

    open_company(page, d)
    expect(page.locator(".standing-summary .grade-badge")).to_have_text("D")
    expect(page.locator(".measures .permit-route .route-text")).to_have_text(d["route"])
    expect(page.locator(".measures .permit-route .basis")).to_contain_text("依据：")
    expect(page.locator("table.routes tr.route-suspended").first).to_be_visible()
    expect(page.locator(".fired-rules li.rule").first).to_be_visible()  # the veto that made it D
    expect(page.locator(".basis-rating a")).to_have_attribute("href", re.compile(r"/ratings/\d+$"))

    open_company(page, aa)
    expect(page.locator(".standing-summary .grade-badge")).to_have_text("AA")
    expect(page.locator(".measures .permit-route .route-text")).to_have_text(aa["route"])
    expect(page.locator("table.routes tr.route-suspended")).to_have_count(0)
    expect(page.locator(".fired-rules .empty")).to_have_text("无否决项或等级上限。")
    expect(page.locator(".warning-box")).to_have_count(0)


def test_a_permit_officer_records_a_permit_decision(page: Page, live_server):
    aa = live_server.permit["aa"]
    sign_in_as_permit_officer(page, live_server)
    open_company(page, aa)
    page.get_by_role("link", name="许可申请核查").click()
    expect(page.locator("h1")).to_contain_text("许可核查")

    page.locator("#application_type").select_option(label="港口经营许可（延续）")
    page.fill("#reference", "DQ-E2E-0001")
    page.get_by_role("button", name="查看办理方式").click()
    expect(page.locator(".advice h2")).to_contain_text("AA")
    expect(page.locator(".advice .route-text")).not_to_be_empty()
    expect(page.locator(".advice .basis")).to_contain_text("依据：")

    page.locator("#decision").select_option(label="准予许可")
    page.fill("#notes", "材料齐全，容缺受理")
    page.get_by_role("button", name="记录决定").click()
    expect(page).to_have_url(re.compile(rf"/permits/decisions\?company={aa['id']}$"))
    expect(page.locator("p.flash.info")).to_contain_text(f"已记录对 {aa['name']} 的决定：准予许可")
    row = page.locator("table.decisions tbody tr").filter(has_text="DQ-E2E-0001")
    expect(row).to_have_count(1)
    expect(row.locator(".grade-badge")).to_have_text("AA")
    expect(row).to_contain_text("港口经营许可（延续）")
    expect(page.locator("p.exports a.export-xlsx")).to_have_attribute("href", re.compile(r"format=xlsx"))


def test_a_permit_officer_files_a_penalty_case_from_the_suggestion_to_the_list(page: Page, live_server):
    company = live_server.permit["penalty"]
    sign_in_as_permit_officer(page, live_server)
    open_company(page, company)
    page.get_by_role("link", name="立案处罚").click()
    expect(page).to_have_url(re.compile(rf"/penalties/new\?wharf={company['wharf_id']}$"))
    expect(page.locator("#wharf_id")).to_have_value(str(company["wharf_id"]))

    page.locator("#violation_id").select_option("P-DUST-01")
    for circumstance in ("初次违法", "危害后果轻微", "及时改正"):
        page.get_by_label(circumstance, exact=True).check()
    page.get_by_role("button", name="查看建议裁量").click()
    suggestion = page.locator("section.suggestion")
    expect(suggestion).to_be_visible()
    expect(suggestion.locator(".exempt")).to_contain_text("首违不罚")
    expect(suggestion.locator("ul.reasons li").first).to_contain_text("AA")
    expect(page.locator("#final_measure")).to_have_value("none")
    expect(page.get_by_label("初次违法", exact=True)).to_be_checked()  # the entries are kept

    page.locator("#final_measure").select_option(label="警告")
    page.fill("#notes", "责令改正并予以警告")
    page.get_by_role("button", name="记录决定").click()
    expect(page).to_have_url(re.compile(rf"/penalties/\?company={company['id']}$"))
    expect(page.locator("p.flash.info")).to_contain_text("安全评价行为")
    row = page.locator("table.penalties tbody tr").filter(has_text="P-DUST-01")
    expect(row).to_have_count(1)
    expect(row.locator(".measure-warning")).to_have_text("警告")
    expect(row).to_contain_text(company["wharf"])
    expect(row.get_by_role("link", name="已记录")).to_be_visible()


def test_the_wharf_of_a_new_penalty_case_is_found_by_typing_part_of_its_name(page: Page, live_server):
    company = live_server.permit["penalty"]
    sign_in_as_permit_officer(page, live_server)
    page.goto(f"{live_server.url}/penalties/new")
    select = page.locator("#wharf_id")
    everything = select.locator("option").count()
    assert everything > 20, "the demo registry fills the list"
    page.get_by_label("查找码头（企业、名称或编号）").fill(f"{company['wharf']} {company['name'][2:]}")
    expect(select.locator("option")).to_have_count(2)  # the blank choice and the one wharf
    expect(page.locator(".select-filter-count")).to_have_text("1 个码头符合")
    select.select_option(str(company["wharf_id"]))
    page.get_by_label("查找码头（企业、名称或编号）").fill("")
    expect(select.locator("option")).to_have_count(everything)
    expect(select).to_have_value(str(company["wharf_id"]))  # clearing the search keeps the choice
