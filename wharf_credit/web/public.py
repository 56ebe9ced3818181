"""Public pages (no login): the home page showing the active rule set."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from ..domain import DomainError
from ..domain.model import WHARF_TYPES
from ..rules import rule_store

bp = Blueprint("public", __name__)


def ui_lang() -> str:
    lang = request.args.get("lang", "")
    if lang in ("zh_CN", "en"):
        return lang
    return "en" if request.accept_languages.best_match(["zh", "en"], default="zh") == "en" else "zh_CN"


@bp.get("/")
def index():
    lang = ui_lang()
    try:
        ruleset = rule_store().book.for_date(dt.date.today())
        error = None
    except DomainError as exc:
        ruleset, error = None, str(exc)
    return render_template("public/index.html", ruleset=ruleset, error=error, lang=lang, wharf_types=WHARF_TYPES)


@bp.get("/healthz")
def health():
    return {"status": "ok"}
