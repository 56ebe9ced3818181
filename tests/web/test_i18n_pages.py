"""Error page headings in the page's language, and the language switch keeping the query string."""
from __future__ import annotations

import re
from html import unescape

import pytest

from ..factories import login, make_company, make_user, make_wharf
from .test_public import add_rating


def lang_links(page: str) -> dict[str, str]:
    """lang attribute -> href of the two language switch links."""
    return {lang: unescape(href) for href, lang in
            re.findall(r'<a href="([^"]*)" class="lang[^"]*" lang="([^"]+)">', page)}


@pytest.mark.parametrize(("url", "code", "zh", "en"), [
    ("/no-such-page", 404, "404 未找到", "404 Not Found"),
    ("/logout", 405, "405 不允许的请求方式", "405 Method Not Allowed"),
])
def test_the_error_heading_is_in_the_page_language(client, url, code, zh, en):
    sep = "&" if "?" in url else "?"
    page_zh = client.get(f"{url}{sep}lang=zh_CN")
    page_en = client.get(f"{url}{sep}lang=en")
    assert page_zh.status_code == page_en.status_code == code
    html_zh, html_en = page_zh.get_data(as_text=True), page_en.get_data(as_text=True)
    assert f"<h1>{zh}</h1>" in html_zh and "Not Found" not in html_zh and "Not Allowed" not in html_zh
    assert f"<h1>{en}</h1>" in html_en
    assert f"<title>{zh} ·" in html_zh


def test_a_forbidden_page_has_a_chinese_heading(client, session):
    login(client, make_user(session, "company", company=make_company(session)))
    page = client.get("/dashboard/?lang=zh_CN")
    assert page.status_code == 403
    assert "<h1>403 无权访问</h1>" in page.get_data(as_text=True)


def test_every_status_heading_is_translated(app):
    from flask_babel import force_locale

    from wharf_credit.web.errors import STATUS_NAMES, status_name

    assert set(STATUS_NAMES) == {400, 401, 403, 404, 405, 413, 429, 500}
    with app.test_request_context("/"):
        with force_locale("en"):
            english = {code: status_name(code) for code in STATUS_NAMES}
        with force_locale("zh_CN"):
            for code in STATUS_NAMES:
                assert re.search(r"[\u4e00-\u9fff]", status_name(code)), f"{code} {english[code]}: no Chinese name"


def test_the_language_switch_keeps_the_query_string_and_replaces_only_lang(client):
    page = client.get("/grades?q=乾元&type=bulk&lang=en&grade=A").get_data(as_text=True)
    links = lang_links(page)
    assert links["zh-CN"] == "/grades?q=%E4%B9%BE%E5%85%83&type=bulk&grade=A&lang=zh_CN"
    assert links["en"] == "/grades?q=%E4%B9%BE%E5%85%83&type=bulk&grade=A&lang=en"
    assert "&amp;type=bulk" in page  # escaped in the HTML attribute


def test_the_language_switch_keeps_repeated_arguments_and_works_without_a_query(client):
    assert lang_links(client.get("/").get_data(as_text=True)) == {"zh-CN": "/?lang=zh_CN", "en": "/?lang=en"}
    links = lang_links(client.get("/grades?q=a&q=b").get_data(as_text=True))
    assert links["en"] == "/grades?q=a&q=b&lang=en"


def test_following_the_switch_keeps_the_search_and_changes_the_language(client, session):
    add_rating(session, make_wharf(session, make_company(session, name="乾元港务"), name="乾元码头"), "A", "published")
    add_rating(session, make_wharf(session, name="新市码头"), "B", "published")
    page = client.get("/grades?q=乾元&lang=zh_CN").get_data(as_text=True)
    switched = client.get(lang_links(page)["en"]).get_data(as_text=True)
    assert 'lang="en"' in switched and "乾元码头" in switched and "新市码头" not in switched
