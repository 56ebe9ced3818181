"""Chinese pages are Chinese throughout (issue 25, item 3): every page each role reaches from its menu, in zh_CN,
carries no English words outside a short allow-list. Codes, identifiers, hashes and the API contract are set in
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


@pytest.mark.parametrize("role", ROLES)
def test_chinese_pages_carry_no_english_words(app, world, role):
    _, users = world
    client = client_for(app, users, role)
    client.get("/?lang=zh_CN")
    start = client.get("/login").headers.get("Location", "/") if role != "anonymous" else "/"
    pages: dict[str, str] = {}
    reachable(app, client, start, pages=pages)
    assert len(pages) >= (4 if role == "anonymous" else 10)
    allowed = ALLOWED | set(users.values())
    found = {}
    for url, html in pages.items():
        for word in visible_words(html):
            if ENGLISH.search(word) and word not in allowed:
                found.setdefault(word, url)
    assert not found, f"{role}: English on Chinese pages: {found}"


# A Chinese character (or closing bracket) followed by an ASCII colon, semicolon or comma: Chinese text takes ：；，
ASCII_PUNCTUATION_AFTER_CHINESE = re.compile(r"[\u3400-\u9fff）》」](?:[:;]|,(?=\s*[\u3400-\u9fff]))")


@pytest.mark.parametrize("role", ROLES)
def test_chinese_text_takes_chinese_punctuation(app, world, role):
    _, users = world
    client = client_for(app, users, role)
    client.get("/?lang=zh_CN")
    start = client.get("/login").headers.get("Location", "/") if role != "anonymous" else "/"
    pages: dict[str, str] = {}
    reachable(app, client, start, pages=pages)
    found = {}
    for url, html in pages.items():
        text = unescape(re.sub(r"(?s)<[^>]+>", "", NOT_TEXT.sub(" ", html)))
        for hit in ASCII_PUNCTUATION_AFTER_CHINESE.finditer(text):
            found.setdefault(text[max(0, hit.start() - 12):hit.end() + 12].replace("\n", " "), url)
    assert not found, f"{role}: ASCII punctuation in Chinese text: {found}"


ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_days_are_written_in_one_format_per_language(app, world, role, lang):
    """Dates read 2026年3月4日 on Chinese pages and Mar 4, 2026 on English ones; ISO days stay only where they are
    data (<code>, translate="no", form inputs' values, links)."""
    _, users = world
    client = client_for(app, users, role)
    client.get(f"/?lang={lang}")
    start = client.get("/login").headers.get("Location", "/") if role != "anonymous" else "/"
    pages: dict[str, str] = {}
    reachable(app, client, start, pages=pages)
    found = {}
    for url, html in pages.items():
        text = unescape(re.sub(r"(?s)<[^>]+>", " ", NOT_TEXT.sub(" ", html)))
        for day in ISO_DAY.findall(text):
            found.setdefault(day, url)
    assert not found, f"{role} ({lang}): ISO days in the text: {found}"
