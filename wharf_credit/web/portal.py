"""The port company's portal: its own wharves, their current grades and what to fix first."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from ..domain.model import GRADE_CODES
from ..extensions import db
from ..models import RatingRow, Wharf
from ..services.dashboard import company_wharves
from ..services.ratings import rating_history
from .access import load_owned_or_404, role_required
from .ratings import history_chart, ruleset_of

bp = Blueprint("portal", __name__, url_prefix="/portal")
FIRST_FIXES = 3


@bp.get("/")
@role_required("company")
def index():
    rows = company_wharves(db.session, current_user.company_id)
    lang = _lang()
    wharves = [{"wharf": w, "rating": r, "todo": fix_first(r, lang)} for w, r in rows]
    grades = [r.grade for _, r in rows if r is not None]
    company_grade = max(grades, key=GRADE_CODES.index) if grades else None  # the worst-rated wharf sets it
    return render_template("portal/index.html", wharves=wharves, company=current_user.company,
                           company_grade=company_grade)


@bp.get("/wharves/<int:wharf_id>")
@role_required("company")
def wharf(wharf_id: int):
    wharf: Wharf = load_owned_or_404(Wharf, wharf_id)
    history = rating_history(db.session, wharf.id)
    latest = max(history, key=lambda r: (r.as_of, r.id)) if history else None
    chart = history_chart(history, ruleset_of(latest)) if latest else None
    return render_template("portal/wharf.html", wharf=wharf, history=history, latest=latest, chart=chart,
                           todo=fix_first(latest, _lang(), limit=5))


def fix_first(rating: RatingRow | None, lang: str, limit: int = FIRST_FIXES) -> list[dict[str, Any]]:
    """What stands between the wharf and its next grade: restrictions to remove first, then the cheapest fixes."""
    if rating is None:
        return []
    result = rating.result or {}
    next_grade = (result.get(lang) or result.get("zh_CN") or {}).get("next_grade") or {}
    items = [{"kind": "blocker", "id": b.get("id", ""), "text": b.get("text", ""), "points": None}
             for b in next_grade.get("blockers") or []]
    items += [{"kind": "fix", "id": f.get("indicator", ""), "text": f.get("text", ""), "points": f.get("points")}
              for f in next_grade.get("fixes") or []]
    return items[:limit]


def _lang() -> str:
    from . import select_locale

    return "en" if select_locale() == "en" else "zh_CN"
