"""Chinese pages are Chinese throughout (issue 25, item 3): every page each role reaches from its menu, in zh_CN,
carries no English words outside a short allow-list, takes Chinese punctuation, and writes days in the Chinese form;
English pages write days in the English form. One crawl per role and language checks all of it. Codes, identifiers, hashes and the API contract are set in
<code> or marked translate="no" (the HTML attribute for text not to be translated) and are not counted; the test
world's user data is Chinese, but usernames are ASCII by design."""
from __future__ import annotations

import re
from html import unescape

import pytest

from .conftest import client_for
from .test_authz_matrix import ROLES
from .test_menus import reachable

# Words a Chinese page may carry: the language switch, product and algorithm names, units.
ALLOWED = {"English", "Excel", "sha256", "SHA-256", "deqing-green-wharf", "tests", "kWh", "mg/m3",
           "Brier", "Platt", "sigmoid",  # the names of a score and of methods, as Chinese texts write them
           "supersedes_id"}  # a field of the API, named in the API documentation's text
NOT_TEXT = re.compile(r'(?is)<(script|style|svg|pre|code|kbd|samp)\b.*?</\1>|<(\w+)\b[^>]*\btranslate="no"[^>]*>.*?</\2>')
ENGLISH = re.compile(r"[a-z]{3,}")


def visible_words(html: str) -> list[str]:
    """The runs of ASCII letters, digits and code punctuation in the page's text (Chinese text splits them)."""
    text = unescape(re.sub(r"(?s)<[^>]+>", " ", NOT_TEXT.sub(" ", html)))
    return [w.strip(".,;:-/") for w in re.findall(r"[A-Za-z0-9_./:@+-]+", text)]


# A Chinese character (or closing bracket) followed by an ASCII colon, semicolon or comma: Chinese text takes ：；，
ASCII_PUNCTUATION_AFTER_CHINESE = re.compile(r"[\u3400-\u9fff）》」](?:[:;]|,(?=\s*[\u3400-\u9fff]))")
# Days are data only in <code>, translate="no", input values and links; in the text they read 2026年3月4日 / Mar 4, 2026.
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def crawl(app, world, role: str, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(url -> HTML of every page the role reaches from its menu in `lang`, the world's usernames)."""
    _, users = world
    client = client_for(app, users, role)
    client.get(f"/?lang={lang}")
    start = client.get("/login").headers.get("Location", "/") if role != "anonymous" else "/"
    pages: dict[str, str] = {}
    reachable(app, client, start, pages=pages)
    assert len(pages) >= (4 if role == "anonymous" else 10)
    return pages, users


def text_of(html: str) -> str:
    return unescape(re.sub(r"(?s)<[^>]+>", "", NOT_TEXT.sub(" ", html)))


def iso_days(pages: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for url, html in pages.items():
        for day in ISO_DAY.findall(unescape(re.sub(r"(?s)<[^>]+>", " ", NOT_TEXT.sub(" ", html)))):
            found.setdefault(day, url)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_chinese_pages_are_chinese_in_words_punctuation_and_days(app, world, role):
    pages, users = crawl(app, world, role, "zh_CN")
    allowed = ALLOWED | set(users.values())
    english: dict[str, str] = {}
    punctuation: dict[str, str] = {}
    for url, html in pages.items():
        for word in visible_words(html):
            if ENGLISH.search(word) and word not in allowed:
                english.setdefault(word, url)
        text = text_of(html)
        for hit in ASCII_PUNCTUATION_AFTER_CHINESE.finditer(text):
            punctuation.setdefault(text[max(0, hit.start() - 12):hit.end() + 12].replace("\n", " "), url)
    assert not english, f"{role}: English on Chinese pages: {english}"
    assert not punctuation, f"{role}: ASCII punctuation in Chinese text: {punctuation}"
    assert not iso_days(pages), f"{role}: ISO days in the text of Chinese pages: {iso_days(pages)}"


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_write_days_in_the_english_form(app, world, role):
    pages, _ = crawl(app, world, role, "en")
    assert not iso_days(pages), f"{role}: ISO days in the text of English pages: {iso_days(pages)}"
