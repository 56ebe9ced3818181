"""The two languages of wharf_credit and the one rule that decides which one a request is answered in.

Pages (web/labels.ui_lang) pass all three inputs; the API passes only its `?lang=` (it remembers nothing and
answers in Chinese unless asked otherwise)."""
from __future__ import annotations

from .domain.vocabulary import LANGS

DEFAULT = "zh_CN"


def pick(asked: str | None, remembered: str | None = None, browser: str | None = None) -> str:
    """`asked` (?lang=) when it names a language, else `remembered` (an earlier ?lang=), else English when the
    browser prefers it (`browser`: "en" or "zh"), else Chinese."""
    for choice in (asked, remembered):
        if choice in LANGS:
            return choice
    return "en" if browser == "en" else DEFAULT
