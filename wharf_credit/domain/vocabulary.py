"""The words every part of a rule set shares: the five grade codes, the two languages, a text in both languages
(`I18n`) and a route of the permit or penalty desk (`Route`). A module of its own so that the rule-set model and the
supervision procedures both use them without importing each other."""
from __future__ import annotations

from dataclasses import dataclass

GRADE_CODES: tuple[str, ...] = ("AA", "A", "B", "C", "D")
LANGS: tuple[str, ...] = ("zh_CN", "en")


@dataclass(frozen=True)
class I18n:
    zh_CN: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh_CN

    def as_dict(self) -> dict[str, str]:
        return {"zh_CN": self.zh_CN, "en": self.en}


@dataclass(frozen=True)
class Route:
    code: str
    text: I18n
    basis: I18n
