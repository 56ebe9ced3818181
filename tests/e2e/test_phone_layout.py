"""Every page each role can reach, at a phone's width (390 px), in Chinese and in English: the document never scrolls
sideways (issue 25, item 1). Tables may scroll inside their own box, charts too; the page itself may not.

Pages are found the way a user finds them: from where the role lands, following links (one page per kind of URL,
ids and query strings aside), in a real Chromium."""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
USERS = {"anonymous": None, "inspector": "inspector", "permit_officer": "permit", "reviewer": "reviewer",
         "company": "company", "admin": "admin"}
SKIP = re.compile(r"^/(static|api/v1/(?!docs))|/logout$|/attachment$|/photos?/|\.(png|jpe?g|pdf|csv|xlsx|json)$")
# The widest elements sticking out of the viewport, to say what overflows.
OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && r.width > 0) {
      let inScroller = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') &&
            p.getBoundingClientRect().right <= limit + 1) { inScroller = true; break; }
      }
      if (!inScroller) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: limit, culprits: out.slice(0, 4)};
}"""


def shape(path: str) -> str:
    """/wharves/12/assessments/new -> /wharves/N/assessments/new: one visit per kind of page."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def signed_in(browser: Browser, live_server, role: str) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, device_scale_factor=1,
                                  timezone_id="Asia/Shanghai", color_scheme="light", reduced_motion="reduce",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    if USERS[role]:
        page.goto("/login")
        page.fill("#username", USERS[role])
        page.fill("#password", live_server.password)
        page.click("#sign-in")
        page.wait_for_load_state()
    return page


def crawl(page: Page, limit: int = 80) -> list[str]:
    """One URL per kind of page reachable by links from where the page is now, in the order found."""
    start = urlsplit(page.url).path if page.url.startswith("http") else "/"
    queue, kinds, order = [start], set(), []
    while queue and len(order) < limit:
        path = queue.pop(0)
        if shape(path) in kinds:
            continue
        response = page.goto(path)
        if response is None or response.status != 200 or "html" not in (response.headers.get("content-type") or ""):
            continue
        kinds.add(shape(path))
        order.append(path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(parts.path):
                continue
            if shape(parts.path) not in kinds:
                queue.append(parts.path)
    return order


_crawled: dict[str, list[str]] = {}


def pages_of(page: Page, role: str) -> list[str]:
    """The role's pages, crawled once per test session (the accessibility test reuses them)."""
    if role not in _crawled:
        _crawled[role] = crawl(page)
    return _crawled[role]


@pytest.mark.parametrize("role", list(USERS))
def test_no_page_scrolls_sideways_on_a_phone_in_either_language(browser: Browser, live_server, role):
    page = signed_in(browser, live_server, role)
    paths = pages_of(page, role)
    assert len(paths) >= (3 if role == "anonymous" else 6), paths
    problems = []
    for lang in ("zh_CN", "en"):
        page.goto(f"/?lang={lang}")
        for path in paths:
            page.goto(path)
            if os.environ.get("WHARF_CREDIT_PHONE_SCREENSHOTS"):  # to look at them: instance/screenshots/phone/
                (SCREENSHOTS / "phone").mkdir(parents=True, exist_ok=True)
                name = re.sub(r"[^a-z0-9]+", "-", f"{role}-{lang}-{path}".lower()).strip("-")
                page.screenshot(path=str(SCREENSHOTS / "phone" / f"{name}.png"), full_page=True)
            found = page.evaluate(OVERFLOW)
            if found["scroll"] > found["width"]:
                problems.append(f"{lang} {path}: {found['scroll']} px wide > {found['width']}; {found['culprits']}")
    page.context.close()
    assert not problems, f"{role}, {len(paths)} pages:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ["inspector", "company", "admin"])
def test_the_menu_folds_behind_a_button_on_a_phone_and_opens_in_one_column(browser: Browser, live_server, role):
    page = signed_in(browser, live_server, role)
    page.goto("/?lang=zh_CN")
    toggle = page.locator(".nav-toggle")
    links = page.locator(".main-nav a")
    assert toggle.is_visible() and not links.first.is_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 80  # one row: the name and the button
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-menu-closed-{role}.png"))
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert links.count() >= 3
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"] and box["height"] < 40, (links.nth(i).inner_text(), box)
    page.screenshot(path=str(SCREENSHOTS / f"phone-menu-open-{role}.png"))
    links.nth(1).click()  # a link in the open menu leads somewhere
    page.wait_for_load_state()
    assert page.url.rstrip("/") != f"{live_server.url}"
    page.context.close()


def test_on_a_wide_screen_the_menu_is_a_row_with_no_button(browser: Browser, live_server):
    page = signed_in(browser, live_server, "admin")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?lang=en")
    assert not page.locator(".nav-toggle").is_visible()
    tops = {round(page.locator(".main-nav a").nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1  # side by side
    page.context.close()


LONG_WORD = "x" * 4000  # a pasted hash, a URL without spaces, a name typed without a break


@pytest.mark.parametrize("path", ["/penalties/", "/permits/decisions", "/wharves/", "/review/ratings"])
def test_a_4000_character_word_wraps_instead_of_widening_the_page(browser: Browser, live_server, path):
    page = signed_in(browser, live_server, "admin")
    page.goto(f"{path}?lang=en")
    filled = page.evaluate("""(word) => {
      let n = 0;
      for (const sel of ['main h1', 'main p', 'main td', 'main dd', 'main li']) {
        const el = document.querySelector(sel);
        if (el) { el.append(' ' + word); n += 1; }
      }
      return n;
    }""", LONG_WORD)
    assert filled >= 2
    found = page.evaluate(OVERFLOW)
    page.context.close()
    assert found["scroll"] <= found["width"], found


def test_a_textarea_counts_characters_and_never_cuts_a_long_paste(browser: Browser, live_server):
    page = signed_in(browser, live_server, "permit_officer")
    company = live_server.permit["aa"]
    page.goto(f"/permits/companies/{company['id']}/check?application_type=renewal&lang=zh_CN")
    notes = page.locator("#notes")
    assert notes.get_attribute("maxlength") is None
    counter = page.locator("#notes-count")
    assert counter.inner_text() == "已输入 0 字，上限 4000 字"
    notes.fill("材" * 4001)  # as a paste: one input event
    assert len(notes.input_value()) == 4001, "nothing is cut"
    assert counter.inner_text() == "已输入 4001 字，上限 4000 字"
    assert "over" in (counter.get_attribute("class") or "")
    page.context.close()
