"""Real-browser inspector journeys: the registry, the generated assessment form, safety events; Chinese unless a
journey switches. Each journey writes to its own wharf (LiveData.bulk_wharves / event_wharf), so the order of the
journeys does not matter."""
from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import login

pytestmark = pytest.mark.e2e

GRADE = re.compile(r"^(AA|A|B|C|D)$")
SCORE = re.compile(r"^\d+\.\d\d$")
# What the journeys enter: level and yes/no selects get these; numbers the middle of their range.
LEVEL, BOOL = "4", "yes"


def tiny_png(path: Path) -> Path:
    """A valid 1x1 PNG (the server checks the file's first bytes, not its name)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x30\x80\xc0"))
                     + chunk(b"IEND", b""))
    return path


def indicators_on(page: Page) -> list[dict]:
    """The generated form's indicators: id, the value control's kind, its min/max, whether mandatory."""
    return page.locator("div.indicator").evaluate_all("""els => els.map(e => {
        const v = e.querySelector('[name^="v_"]');
        return {id: e.id.slice(4), select: v.tagName === 'SELECT', min: v.min, max: v.max,
                options: v.tagName === 'SELECT' ? [...v.options].map(o => o.value) : [],
                mandatory: !!e.querySelector('.mandatory')};
    })""")


def fill_assessment(page: Page) -> tuple[dict[str, str], str]:
    """Set every indicator but one (a non-mandatory one, left unassessed); the entered values and the blank id."""
    indicators = indicators_on(page)
    assert len(indicators) > 5 and any(i["select"] for i in indicators) and any(not i["select"] for i in indicators)
    blank = [i for i in indicators if not i["mandatory"]][-1]["id"]
    entered = {}
    for ind in indicators:
        if ind["id"] == blank:
            continue
        control = page.locator(f"[name='v_{ind['id']}']")
        if ind["select"]:
            value = BOOL if BOOL in ind["options"] else LEVEL
            control.select_option(value)
        else:
            low, high = float(ind["min"] or 0), float(ind["max"] or 100)
            value = f"{(low + high) / 2:g}"
            control.fill(value)
        entered[ind["id"]] = value
    return entered, blank


def open_bulk_wharf(page: Page, wharf: dict, type_label: str, search: str) -> None:
    """On the registry: filter to bulk wharves, search the wharf's name, open its wharf page."""
    page.locator("#type").select_option(label=type_label)
    page.fill("#q", wharf["name"])
    page.get_by_role("button", name=search, exact=True).click()
    expect(page).to_have_url(re.compile(r"/wharves\?.*type=bulk"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text(wharf["code"])
    expect(rows.first.locator("td").nth(2)).to_have_text(type_label)
    rows.first.get_by_role("link", name=wharf["name"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/wharves/{wharf['id']}$"))
    expect(page.locator("h1")).to_contain_text(wharf["name"])


def test_an_inspector_files_an_assessment_with_a_photo_and_sees_the_rating(page: Page, live_server, tmp_path):
    wharf = live_server.bulk_wharves[0]
    login(page, "inspector", live_server.password)
    expect(page).to_have_url(re.compile(r"/wharves$"))
    expect(page.locator("h1")).to_have_text("码头")

    # The type filter alone lists only bulk wharves.
    page.locator("#type").select_option(label="散货")
    page.get_by_role("button", name="搜索", exact=True).click()
    type_cells = page.locator("main table tbody tr td:nth-child(3)")
    expect(type_cells.first).to_have_text("散货")
    assert set(type_cells.all_inner_texts()) == {"散货"}
    expect(page.locator("#type")).to_have_value("bulk")
    open_bulk_wharf(page, wharf, "散货", "搜索")
    assessments = page.locator("table.assessments tbody tr")
    before = assessments.count()

    page.get_by_role("link", name="新增评估", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/wharves/{wharf['id']}/assessments/new$"))
    expect(page.locator("h1")).to_contain_text("新增评估")
    expect(page.locator("h1 small")).to_contain_text("散货")
    entered, blank = fill_assessment(page)

    # Evidence note and photo for the first indicator.
    first = next(iter(entered))
    box = page.locator(f"#ind-{first}")
    box.locator("details.evidence summary").click()
    box.locator(f"[name='e_{first}']").fill("堆场已全封闭，现场核查")
    box.locator(f"[name='p_{first}']").set_input_files(tiny_png(tmp_path / "yard.png"))
    page.fill("#notes", "e2e 现场评估")
    page.get_by_role("button", name="提交并评价").click()

    expect(page).to_have_url(re.compile(r"/ratings/\d+$"))
    expect(page.locator("h1")).to_contain_text(wharf["name"])
    badge = page.locator(".rating-summary .grade-box .grade-badge")
    expect(badge).to_have_text(GRADE)
    expect(page.locator(".rating-summary dd.score strong")).to_have_text(SCORE)
    expect(page.locator("p.flash.info")).to_have_text(f"评估已保存，该码头当前等级为 {badge.inner_text()}。")

    # Back on the wharf page: the new assessment is listed first, in force, with the values entered.
    page.get_by_role("link", name="码头档案").click()
    expect(page).to_have_url(re.compile(rf"/wharves/{wharf['id']}$"))
    expect(assessments).to_have_count(before + 1)
    expect(page.locator(".rating-summary .grade-badge")).to_have_text(badge.inner_text())
    newest = assessments.first
    expect(newest).to_contain_text("有效")
    newest.get_by_role("link", name="查看").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    values = page.locator("table.assessment-values tbody tr")
    expect(values).to_have_count(len(entered))
    expect(page.locator("table.assessment-values")).not_to_contain_text(blank)
    row = values.filter(has_text=first)
    expect(row).to_contain_text("堆场已全封闭，现场核查")
    photo = row.get_by_role("link", name="查看照片")
    response = page.request.get(photo.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    expect(page.locator("dl.facts")).to_contain_text("e2e 现场评估")


def test_an_inspector_records_an_on_site_inspection(page: Page, live_server):
    wharf = live_server.event_wharf
    login(page, "inspector", live_server.password)
    expect(page).to_have_url(re.compile(r"/wharves$"))
    page.goto(f"/wharves/{wharf['id']}")
    page.get_by_role("link", name="记录安全事件", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/wharves/{wharf['id']}/events/new$"))
    expect(page.locator("h1")).to_contain_text("记录安全事件")

    page.locator("#kind").select_option(label="检查")
    page.get_by_label("现场检查").check()
    page.fill("#findings", "3")
    page.fill("#note", "e2e 汛期前现场检查")
    page.get_by_role("button", name="保存事件").click()

    expect(page).to_have_url(re.compile(rf"/wharves/{wharf['id']}$"))
    expect(page.locator("p.flash.info")).to_have_text(re.compile(r"^已记录安全事件"))
    row = page.locator("table.events tbody tr").filter(has_text="e2e 汛期前现场检查")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("检查")
    expect(row.locator("td").nth(2)).to_have_text("现场检查：是；发现问题数：3")


def test_an_out_of_range_number_is_refused_with_the_other_values_kept(page: Page, live_server):
    wharf = live_server.bulk_wharves[1]
    login(page, "inspector", live_server.password)
    page.goto(f"/wharves/{wharf['id']}")
    assessments = page.locator("table.assessments tbody tr")
    before = assessments.count()
    page.get_by_role("link", name="新增评估", exact=True).click()
    entered, _blank = fill_assessment(page)

    # A number above its maximum. The form is `novalidate`, and the max attribute is removed as well, so the
    # browser sends it whatever it checks: the server must refuse it.
    numbers = [i for i in indicators_on(page) if not i["select"] and i["max"]]
    bad = numbers[0]
    control = page.locator(f"[name='v_{bad['id']}']")
    control.evaluate("el => el.removeAttribute('max')")
    too_big = f"{float(bad['max']) * 10 + 1:g}"
    control.fill(too_big)
    page.fill("#notes", "不应保存")
    page.get_by_role("button", name="提交并评价").click()

    expect(page).to_have_url(re.compile(rf"/wharves/{wharf['id']}/assessments/new$"))
    expect(page.locator("p.flash.error")).to_have_text("请更正下方标出的字段。")
    box = page.locator(f"#ind-{bad['id']}")
    expect(box).to_have_class(re.compile(r"\bhas-error\b"))
    expect(box.locator(".error")).to_have_text(f"请输入 {float(bad['min']):g} 至 {float(bad['max']):g} 之间的数值。")
    expect(page.locator("div.indicator.has-error")).to_have_count(1)
    # The refused value and all the others come back as entered.
    expect(control).to_have_value(too_big)
    for ident, value in entered.items():
        if ident != bad["id"]:
            expect(page.locator(f"[name='v_{ident}']")).to_have_value(re.compile(rf"^{re.escape(value)}(\.0)?$"))
    expect(page.locator("#notes")).to_have_value("不应保存")

    # Nothing was stored.
    page.goto(f"/wharves/{wharf['id']}")
    expect(assessments).to_have_count(before)
    expect(page.locator("main")).not_to_contain_text("不应保存")


def test_an_inspector_files_an_assessment_in_english(page: Page, live_server):
    wharf = live_server.bulk_wharves[2]
    login(page, "inspector", live_server.password)
    expect(page).to_have_url(re.compile(r"/wharves$"))
    page.goto("/wharves?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Wharves")
    expect(page.locator("label[for=type]")).to_have_text("Wharf type")
    open_bulk_wharf(page, wharf, "Bulk cargo", "Search")
    expect(page.locator("section h2").filter(has_text="Assessments")).to_be_visible()

    page.get_by_role("link", name="New assessment", exact=True).click()
    expect(page.locator("h1")).to_contain_text("New assessment")
    expect(page.locator("h1 small")).to_contain_text("Bulk cargo")
    expect(page.locator("fieldset.category legend").first).to_have_text(re.compile(r"[A-Za-z]"))
    fill_assessment(page)
    page.get_by_role("button", name="Submit and rate").click()

    expect(page).to_have_url(re.compile(r"/ratings/\d+$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(wharf["name"])
    badge = page.locator(".rating-summary .grade-box .grade-badge")
    expect(badge).to_have_text(GRADE)
    expect(page.locator(".rating-summary dt").first).to_have_text("Score")
    expect(page.locator("p.flash.info")).to_have_text(f"Assessment saved. The wharf is now rated {badge.inner_text()}.")
